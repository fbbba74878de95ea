"""Charts of change across waves as inline SVG strings (see scoring.charts): each change with
its 95% interval about zero, and small multiples of a measure's mean across waves. Every
chart sits beside a table holding its numbers, so the SVG is hidden from screen readers."""

from __future__ import annotations

from collections.abc import Sequence

from .charts import INK, attr
from .wave_changes import Change

IMPROVED_COLOUR = "#1d70b8"
DECLINED_COLOUR = "#d4351c"
NEUTRAL_COLOUR = "#505a5f"
LIMIT = 2.0  # the axis runs from -2 to +2 points; intervals beyond are drawn to the edge


def _x(value: float, width: float) -> float:
    value = max(-LIMIT, min(LIMIT, value))
    return (value + LIMIT) / (2 * LIMIT) * width


def change_intervals(changes: Sequence[Change], labels: dict[str, str]) -> str:
    """One row per compared change: its difference as a dot, its interval as a line, about a
    zero line; blue where it clearly improved, red where it clearly declined."""
    rows = [c for c in changes if c.status == "compared" and c.difference is not None]
    if not rows:
        return ""
    label_width, plot, row_height = 200, 300, 22
    height = row_height * len(rows) + 24
    parts = []
    for i, change in enumerate(rows):
        y = 12 + i * row_height + row_height / 2
        colour = {"improved": IMPROVED_COLOUR, "declined": DECLINED_COLOUR}.get(
            change.tag, NEUTRAL_COLOUR
        )
        name = labels.get(change.key, change.key)
        name = name if len(name) <= 30 else name[:29] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{attr(name)}</text>'
        )
        if change.ci_low is not None:
            x1, x2 = (label_width + _x(v, plot) for v in (change.ci_low, change.ci_high))
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"></line>'
            )
        cx = label_width + _x(change.difference, plot)
        parts.append(f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="4" fill="{colour}"></circle>')
    zero = label_width + plot / 2
    axis = "".join(
        f'<text x="{label_width + _x(v, plot):.1f}" y="{height - 2}" text-anchor="middle" '
        f'font-size="11" fill="{INK}">{v:+.0f}</text>'
        for v in (-2, -1, 0, 1, 2)
    )
    return (
        f'<svg class="relaudit-change-chart" viewBox="0 0 {label_width + plot + 10} {height}" '
        'aria-hidden="true" focusable="false" font-family="Arial, sans-serif">'
        f'<line x1="{zero}" y1="6" x2="{zero}" y2="{height - 14}" stroke="{INK}" '
        f'stroke-width="1"></line>{"".join(parts)}{axis}</svg>'
    )


def small_multiple(points: Sequence[tuple[str, float | None]]) -> str:
    """A measure's mean in each wave (0 to 5), joined where both waves are shown."""
    width, height, pad = 160, 70, 14
    step = (width - 2 * pad) / max(1, len(points) - 1)

    def y(mean: float) -> float:
        return height - pad - mean / 5 * (height - 2 * pad)

    shapes, previous = [], None
    for i, (_wave, mean) in enumerate(points):
        x = pad + i * step
        if mean is None:
            previous = None
            shapes.append(
                f'<text x="{x:.1f}" y="{height / 2:.1f}" text-anchor="middle" font-size="10" '
                f'fill="{INK}">hidden</text>'
            )
            continue
        if previous is not None:
            shapes.append(
                f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" '
                f'y2="{y(mean):.1f}" stroke="{IMPROVED_COLOUR}" stroke-width="2"></line>'
            )
        shapes.append(
            f'<circle cx="{x:.1f}" cy="{y(mean):.1f}" r="3" fill="{IMPROVED_COLOUR}"></circle>'
            f'<text x="{x:.1f}" y="{y(mean) - 6:.1f}" text-anchor="middle" font-size="10" '
            f'fill="{INK}">{mean:.2f}</text>'
        )
        previous = (x, y(mean))
    return (
        f'<svg class="relaudit-small-multiple" viewBox="0 0 {width} {height}" '
        'aria-hidden="true" focusable="false" font-family="Arial, sans-serif">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="{INK}" stroke-width="1"></line>{"".join(shapes)}</svg>'
    )
