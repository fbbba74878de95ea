"""Figures and charts for the results pages: numbers to two decimals, and charts as inline
SVG drawn on the server (attributes, no inline style), each with a text alternative."""

from datetime import date

from django import template
from django.utils.html import format_html, format_html_join

from ..reader import FRAMEWORK_LABELS, group_label, option_shares, part_label
from ..report import band

register = template.Library()


@register.filter
def dp2(value) -> str:
    """A figure as reviewers read it: two decimals, or a dash where there is none."""
    if value is None or value == "":
        return "–"
    return f"{value:.2f}"


@register.filter
def signed(value) -> str:
    if value is None:
        return "–"
    return f"{value:+.2f}"


@register.filter
def label(key: str) -> str:
    return part_label(key)


@register.simple_tag
def group_name(question: str, key: str) -> str:
    return group_label(question, key)


@register.filter
def heat(value) -> str:
    level = band(value)
    return "" if level is None else f"relaudit-heat--{level}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def distribution_bar(distribution, scale, caption: str = ""):
    """The six options (labelled by `scale`) as one stacked bar; its label reads out every
    share."""
    shares = option_shares(distribution)
    if not shares:
        return ""
    text = "; ".join(f"{name} {share:.0f}%" for name, share in zip(scale, shares, strict=True))
    x, rects = 0.0, []
    for position, share in enumerate(shares):
        if share:
            rects.append((f"{x:.3f}", f"{share:.3f}", position))
        x += share
    return format_html(
        '<svg class="relaudit-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'role="img" aria-label="{}{}" focusable="false">{}</svg>',
        f"{caption}: " if caption else "",
        text,
        format_html_join(
            "",
            '<rect x="{}" y="0" width="{}" height="10" class="relaudit-option--{}"></rect>',
            rects,
        ),
    )


@register.simple_tag
def mean_bar(mean, scale_max: int = 5):
    """A mean score as a bar from 0 to 5 (decorative: the number is beside it)."""
    if mean is None:
        return ""
    return format_html(
        '<svg class="relaudit-meanbar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false"><rect x="0" y="1" width="{}" height="8">'
        "</rect></svg>",
        f"{100 * mean / scale_max:.2f}",
    )


@register.simple_tag
def day_columns(by_day: dict, days: list):
    """Responses per day as columns over the programme's days (decorative: a table has the
    figures)."""
    if not days:
        return ""
    peak = max(by_day.values(), default=0) or 1
    width = 100 / len(days)
    rects = [
        (
            f"{i * width:.3f}",
            f"{20 - 20 * by_day[d] / peak:.3f}",
            f"{max(width - 0.2, 0.1):.3f}",
            f"{20 * by_day[d] / peak:.3f}",
        )  # fmt: skip
        for i, d in enumerate(days)
        if by_day.get(d)
    ]
    return format_html(
        '<svg class="relaudit-days" viewBox="0 0 100 20" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false">{}</svg>',
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}"></rect>', rects),
    )


@register.filter
def shares(distribution) -> list[float]:
    """Each option's share in percent, for a data table beside a bar."""
    return option_shares(distribution)


@register.filter
def percent(value) -> str:
    """A proportion (0.23) as a percentage ("23%")."""
    return "–" if value is None else f"{100 * value:.0f}%"


@register.filter
def pct(value) -> str:
    return "–" if value is None else f"{value:.0f}%"


@register.filter
def extremes_of(summary, part: str):
    """(highest, lowest) key of a summary's attribute, dimension or domain means."""
    return summary.extremes(getattr(summary, part))


@register.filter
def rankings(summary):
    """(framework label, best, worst) for each framework."""
    return [(FRAMEWORK_LABELS[f], summary.best[f], summary.worst[f]) for f in summary.best]


@register.filter
def first_and_last(by_day: dict) -> str:
    """ "3 Jan to 17 Jan" for the days responses came in."""
    if not by_day:
        return ""
    days = sorted(by_day)
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return f"{first.day} {first:%b} to {last.day} {last:%b %Y}"
