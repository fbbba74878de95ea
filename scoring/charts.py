"""Charts as inline SVG, drawn on the server as plain strings (a report draws hundreds of
them: string building keeps a 200-area page fast). Colours are SVG presentation attributes,
not classes, so that they print, and survive WeasyPrint's SVG renderer, as on screen; no
chart carries information by colour alone (every bar has its numbers in text beside it or
in its label, and a data table near it)."""

from __future__ import annotations

from html import escape

from .reader import FAVOURABLE_FROM, option_shares

# Scores 0 (worst) to 5 (best): reds for the unfavourable side, greens for the favourable,
# the darkest at the ends. Adjacent colours differ in lightness too.
SCORE_COLOURS = ("#942514", "#d4351c", "#f4a58e", "#a8d5b5", "#3d8b4f", "#00703c")
BAR_COLOUR = "#1d70b8"
INK = "#0b0c0c"


def attr(text) -> str:
    return escape(str(text), quote=True)


def diverging_bar(scores, caption: str = "") -> str:
    """Answers by score as one bar split at the centre between scores 2 and 3: the
    unfavourable share (scores 0-2) runs left of the line, the favourable (3-5) right, each
    side up to 100%. Its label reads out every share."""
    shares = option_shares(scores)
    if not shares:
        return ""
    favourable = sum(shares[FAVOURABLE_FROM:])
    text = "; ".join(f"score {score} {share:.0f}%" for score, share in enumerate(shares))
    label = f"{caption}: " if caption else ""
    label += f"{favourable:.0f}% favourable (scores 3 to 5); {text}"
    rects = []
    x = 100.0
    for score in range(FAVOURABLE_FROM - 1, -1, -1):  # 2, 1, 0 leftwards from the centre
        x -= shares[score]
        if shares[score]:
            rects.append((x, shares[score], score))
    x = 100.0
    for score in range(FAVOURABLE_FROM, len(shares)):  # 3, 4, 5 rightwards
        if shares[score]:
            rects.append((x, shares[score], score))
        x += shares[score]
    body = "".join(
        f'<rect x="{left:.2f}" y="1" width="{width:.2f}" height="10" '
        f'fill="{SCORE_COLOURS[score]}"></rect>'
        for left, width, score in rects
    )
    return (
        '<svg class="relaudit-bar" viewBox="0 0 200 12" preserveAspectRatio="none" '
        f'role="img" aria-label="{attr(label)}" focusable="false">'
        '<rect x="0" y="0" width="200" height="12" fill="#ffffff"></rect>'
        f'{body}<line x1="100" y1="0" x2="100" y2="12" stroke="{INK}" stroke-width="1.5" '
        'vector-effect="non-scaling-stroke"></line></svg>'
    )


def swatch(colour: str) -> str:
    return (
        '<svg class="relaudit-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
        f'<rect width="10" height="10" fill="{colour}"></rect></svg>'
    )


def score_legend() -> str:
    """The key to the bars: each score's colour, in words, from the centre outwards."""
    words = {0: "0 (worst)", 5: "5 (best)"}
    items = "".join(
        f"<li>{swatch(SCORE_COLOURS[score])}score {words.get(score, score)}</li>"
        for score in range(len(SCORE_COLOURS))
    )
    return (
        '<ul class="relaudit-legend" aria-label="Colours in the bars: scores from 0, the worst, '
        f'to 5, the best">{items}</ul>'
    )


def mean_bar(mean, scale_max: int = 5) -> str:
    """A mean score as a bar from 0 to 5 (decorative: the number is beside it)."""
    if mean is None:
        return ""
    return (
        '<svg class="relaudit-meanbar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">'
        f'<rect x="0" y="1" width="{100 * mean / scale_max:.2f}" height="8" '
        f'fill="{BAR_COLOUR}"></rect></svg>'
    )


def count_bar(count: int, peak: int) -> str:
    """A count as a bar against the largest of its chart (decorative: numbers beside)."""
    width = 100 * count / peak if peak else 0
    return (
        '<svg class="relaudit-meanbar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">'
        f'<rect x="0" y="1" width="{width:.2f}" height="8" fill="{BAR_COLOUR}"></rect></svg>'
    )


def bar_panel(caption: str, rows: list[tuple[str, float | None]], scale_max: int = 5) -> str:
    """A small bar chart as a table: one row per label, its bar (0 to scale_max) and its
    figure. Labels and figures are text: the chart needs no colour to be read."""
    body = "".join(
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(name)}</th>'
        f'<td class="govuk-table__cell relaudit-panel__bar">{mean_bar(value, scale_max)}</td>'
        f'<td class="govuk-table__cell relaudit-num">{"–" if value is None else f"{value:.2f}"}'
        "</td></tr>"
        for name, value in rows
    )
    return (
        '<table class="govuk-table relaudit-panel"><caption class="govuk-table__caption '
        f'govuk-table__caption--s">{escape(caption)}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Group</th>'
        '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">'
        "Mean as a bar</span></th>"
        '<th scope="col" class="govuk-table__header relaudit-num">Mean</th></tr></thead>'
        f'<tbody class="govuk-table__body">{body}</tbody></table>'
    )


def day_columns(by_day: dict, days: list) -> str:
    """Responses per day as columns over the given days, the busiest day full height
    (decorative: the figures are in text beside it). One path: a chart per area of 200."""
    if not days:
        return ""
    peak = max(by_day.values(), default=0) or 1
    width = 100 / len(days)
    bar = max(width - 0.2, 0.1)
    path = "".join(
        f"M{i * width:.2f} 20v-{20 * by_day[d] / peak:.2f}h{bar:.2f}v{20 * by_day[d] / peak:.2f}z"
        for i, d in enumerate(days)
        if by_day.get(d)
    )
    return (
        '<svg class="relaudit-days" viewBox="0 0 100 20" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><line x1="0" y1="19.9" x2="100" y2="19.9" '
        f'stroke="{INK}" stroke-width="1" vector-effect="non-scaling-stroke"></line>'
        f'<path d="{path}" fill="{BAR_COLOUR}"></path></svg>'
    )
