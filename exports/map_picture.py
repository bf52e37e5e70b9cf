"""The journey map as a picture (SVG, PNG) for exports: stages, streams and themes, with a heat overlay of the
comments per stage, or (the `-votes` formats) of the votes per stage."""
from __future__ import annotations

from collections import Counter

from exports.registry import ExportInput
from journey_maps.render import render
from workshop.domain import methods


def comments_per_stage(data: ExportInput) -> dict[str, int]:
    """Visible comments on each stage and on the themes at it (a theme at two stages counts at both)."""
    counts: Counter[str] = Counter()
    for comment in data.state.visible_comments():
        if comment.target_kind == 'stage':
            counts[comment.target_id] += 1
        elif comment.target_kind == 'theme' and (theme := data.workshop.theme(comment.target_id)):
            counts.update(theme.stages)
    return dict(counts)


def votes_per_stage(data: ExportInput) -> dict[str, int]:
    """People who voted for an idea (any dot, a place in their ranking, or a rating), counted at each stage the
    idea changes, over every round. Withdrawn people are already out of the ballots."""
    counts: Counter[str] = Counter()
    for number in data.state.rounds:
        for ballot in data.state.ballots(number):
            chosen = methods.get(data.state.rounds[number].method).chose(ballot)
            for improvement_id in chosen - ballot.abstain:
                if improvement := data.workshop.improvement(improvement_id):
                    counts.update(improvement.stages)
    return dict(counts)


COMMENTS = {'counts_label': 'comments', 'counts_legend': 'comments on the stage and its themes'}
VOTES = {'counts_label': 'people', 'counts_legend': 'people who chose an idea that changes this stage'}


def write_svg(data: ExportInput) -> bytes:
    return render(data.workshop, 'svg', counts=comments_per_stage(data), **COMMENTS)


def write_svg_votes(data: ExportInput) -> bytes:
    return render(data.workshop, 'svg', counts=votes_per_stage(data), **VOTES)


def write_png(data: ExportInput) -> bytes:
    return render(data.workshop, 'png', counts=comments_per_stage(data), **COMMENTS)


def write_png_votes(data: ExportInput) -> bytes:
    return render(data.workshop, 'png', counts=votes_per_stage(data), **VOTES)
