"""Readability of what participants read: Flesch-Kincaid grade and Flesch reading ease (textstat 0.7.4).

    .venv/bin/python -m benchmarks.readability
    .venv/bin/python -m benchmarks.readability --worst 10 --json readability.json

Parts measured: the catalogue strings marked `participant: true` (all of them, and only the full sentences of six
words or more, where the formulas mean most), and from the CAR T-cell template the information shown before consent,
the stage descriptions, the themes' plain words ("What does this mean?"), the ideas' plain words and the content
notes. Placeholders are filled with "3" or "this". Each string counts as a sentence of its own.

A grade of 7 is about what a 12-year-old reads; a reading ease of 60-70 is "plain English", 80+ "easy".
tests/test_readability.py holds the ceilings.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass

import textstat

from workshop import i18n
from workshop.content import load_yaml_file, template_path

TEMPLATE = 'car-t-cell-therapy'


@dataclass(kw_only=True, slots=True)
class Figures:
    part: str
    strings: int
    words: int
    grade: float  # Flesch-Kincaid grade level
    ease: float  # Flesch reading ease


def parts(template: str = TEMPLATE) -> dict[str, dict[str, str]]:
    """Part name → {where: text}: everything a participant reads, by part."""
    catalogue = i18n.participant_texts()
    workshop = load_yaml_file(template_path(template))
    return {
        'catalogue (participant)': catalogue,
        'catalogue sentences (6+ words)': {k: v for k, v in catalogue.items() if len(v.split()) >= 6},
        'information before consent': {'participant_info': workshop.settings.participant_info},
        'stage descriptions': {s.id: s.description for s in workshop.stages if s.description},
        'theme plain words': {t.id: t.plain for t in workshop.themes if t.plain},
        'idea plain words': {i.id: i.plain for i in workshop.improvements if i.plain},
        'content notes': {t.id: t.content_note for t in workshop.themes if t.content_note},
    }


def measure(name: str, texts: dict[str, str]) -> Figures:
    joined = joined_text(texts.values())
    return Figures(part=name, strings=len(texts), words=textstat.lexicon_count(joined), grade=grade(joined),
                   ease=textstat.flesch_reading_ease(joined))


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def joined_text(texts) -> str:
    """Each string a sentence of its own (labels have no full stop; without one they would run together)."""
    return ' '.join(t if t.rstrip()[-1:] in '.?!' else t.rstrip() + '.' for t in (x.strip() for x in texts) if t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--worst', type=int, default=5, help='show this many hardest strings of each part')
    parser.add_argument('--json', help='also write the figures to this file')
    args = parser.parse_args()
    figures = []
    print(f'{"part":34} {"strings":>7} {"words":>6} {"FK grade":>9} {"ease":>6}')
    for name, texts in parts().items():
        figures.append(f := measure(name, texts))
        print(f'{f.part:34} {f.strings:7} {f.words:6} {f.grade:9.1f} {f.ease:6.1f}')
        sentences = [(key, text) for key, text in texts.items() if len(text.split()) >= 6]  # a word alone says little
        hardest = sorted(sentences, key=lambda kv: -grade(joined_text([kv[1]])))[:args.worst]
        for key, text in hardest if len(texts) > 1 else []:
            print(f'    {grade(joined_text([text])):5.1f}  {key}: {text[:90]}')
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as out:
            json.dump([asdict(f) for f in figures], out, indent=2)


if __name__ == '__main__':
    main()
