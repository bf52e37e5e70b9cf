"""The newsletter for participants: "you said, we did" on one or two printed A4 pages, in plain words
(formats `newsletter`, `newsletter-mi` and `newsletter-both`).

Pure: no I/O, no UI. The sentences come from the string catalogue (marked for participants, so their reading level
is measured with everything else participants read); te reo Māori appears only where the catalogue has a sourced
translation, and the rest stays in English, marked as English. It never names anyone, whatever the lead chose: quotes
carry no pseudonym, group figures are not given, and only people who agreed to be quoted are quoted.
"""
from __future__ import annotations

from exports import document, report_data
from exports.document import Block, Bullets, Heading, Note, Para
from exports.registry import ExportInput
from exports.report_data import Report
from exports.you_said import plain_date
from workshop import i18n
from workshop.domain import cycle
from workshop.domain.model import Outcome

QUOTES = 3  # a few of people's own words: enough to be heard, short enough for two pages
TOP = 3
DECIDED = {Outcome.ADOPT: 'news_will_do', Outcome.DEFER: 'news_not_yet', Outcome.REJECT: 'news_will_not'}
# Large, plain print: a newsletter is read by people who may be unwell, older or reading without glasses.
CSS = '''
body { font-size: 13pt; line-height: 1.5; }
p.lead { font-size: 16pt; font-weight: bold; color: #134e4a; } p.small { font-size: 11.5pt; }
h1 { font-size: 22pt; } h2 { font-size: 16pt; margin-top: 6mm; }
ul { padding-left: 6mm; } li { margin-bottom: 1.5mm; }
'''


def newsletter(built: Report, lang: str) -> tuple[str, list[Block]]:
    """The title and blocks in `lang`: 'en', 'mi' (te reo where translated) or 'both' (English, then te reo)."""
    say = _Sayer(lang)
    total = sum(g.participants for g in built.groups)
    groups = [g.label.lower() if g.id != 'prefer_not_to_say' else '' for g in built.groups if g.participants]
    notice = [Note(text=i18n.text('reo_notice', 'en').text)] if lang != 'en' else []
    blocks: list[Block] = [*notice, *say('thank_you', css='lead'), *say('news_intro'),
                           *say('news_took_part', total=total, n=total, groups=_and([g for g in groups if g]))]
    quotes = [c for c in built.comments if c.text.strip()][:QUOTES]
    blocks += [*say.heading('news_you_said'),
               *(say('news_quotes_intro') + [Bullets(items=[f'“{c.text}”' for c in quotes])] if quotes
                 else say('news_no_quotes'))]
    blocks += say.heading('news_you_chose')
    if built.ranked:
        blocks += say('news_chose_intro', n=built.ranked.voters)
        blocks.append(Bullets(items=[f'{r.label}. {r.title}' for r in built.ranked.rows[:TOP]]))
    else:
        blocks += say('news_no_votes')
    blocks += [*say.heading('news_we_did'), *_decisions(built, say)]
    blocks += [*say.heading('news_next'), *say('news_keep_in_touch')]
    if built.workshop.run_by:
        blocks += say('news_from', who=built.workshop.run_by)
    blocks += say('news_privacy', css='small')
    title = f'{say.first("news_title")}: {built.workshop.title}'
    return title, blocks


def _decisions(built: Report, say: _Sayer) -> list[Block]:
    decided = [d for d in built.decisions if d.outcome]
    if not decided:
        return say('news_no_decisions')
    keys = {cycle.OUTCOME_LABELS[o]: key for o, key in DECIDED.items()}
    blocks: list[Block] = []
    for d in decided:
        blocks += say(keys[d.outcome], title=d.title)
        if d.outcome == cycle.OUTCOME_LABELS[Outcome.ADOPT] and d.actions:
            first = d.actions[0]
            blocks += say('news_first_step', step=first.action, date=plain_date(first.due), css='small')
    return blocks


class _Sayer:
    """Catalogue sentences as paragraphs in the newsletter's language(s), each marked with the language it is in."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, *, css: str = '', **params: object) -> list[Block]:
        english = i18n.text(key, 'en', **params)
        reo = i18n.text(key, 'mi', **params)
        if self.lang == 'en' or (self.lang == 'both' and reo.lang != 'mi'):
            return [Para(text=english.text, css=css, lang='' if self.lang == 'en' else 'en')]
        if self.lang == 'mi':
            return [Para(text=reo.text, css=css, lang=reo.lang)]
        return [Para(text=english.text, css=css, lang='en'), Para(text=reo.text, css=css, lang='mi')]

    def heading(self, key: str) -> list[Block]:
        return [Heading(text=self.first(key))]

    def first(self, key: str) -> str:
        reo = i18n.text(key, 'mi')
        english = i18n.text(key, 'en').text
        if self.lang == 'mi':
            return reo.text
        return f'{english} · {reo.text}' if self.lang == 'both' and reo.lang == 'mi' else english


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ', '.join(words[:-1]) + ' and ' + words[-1] if words else ''


def write_en(data: ExportInput) -> bytes:
    return _write(data, 'en')


def write_mi(data: ExportInput) -> bytes:
    return _write(data, 'mi')


def write_both(data: ExportInput) -> bytes:
    return _write(data, 'both')


def _write(data: ExportInput, lang: str) -> bytes:
    title, blocks = newsletter(report_data.build(data), lang)
    return document.to_html(title, blocks, lang='en' if lang == 'both' else lang, css=CSS).encode('utf-8')
