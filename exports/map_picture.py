"""The journey map as a picture (SVG, PNG) for exports: stages, streams and themes, with comments per stage."""
from __future__ import annotations

from collections import Counter

from exports.registry import ExportInput, register
from journey_maps.render import render


@register('svg', suffix='.svg', media_type='image/svg+xml', label='Journey map picture (SVG)')
def write_svg(data: ExportInput) -> bytes:
    return render(data.workshop, 'svg', counts=comments_per_stage(data))


@register('png', suffix='.png', media_type='image/png', label='Journey map picture (PNG)')
def write_png(data: ExportInput) -> bytes:
    return render(data.workshop, 'png', counts=comments_per_stage(data))


def comments_per_stage(data: ExportInput) -> dict[str, int]:
    """Visible comments on each stage and on the themes at it (a theme at two stages counts at both)."""
    counts: Counter[str] = Counter()
    for comment in data.state.visible_comments():
        if comment.target_kind == 'stage':
            counts[comment.target_id] += 1
        elif comment.target_kind == 'theme' and (theme := data.workshop.theme(comment.target_id)):
            counts.update(theme.stages)
    return dict(counts)
