"""Figures and charts for the results pages: numbers to two decimals, charts as inline SVG
drawn on the server (scoring.charts) and the long tables built as strings
(scoring.tables, scoring.programme_tables), each with its text alternative."""

from datetime import date

from django import template
from django.utils.safestring import SafeString, mark_safe

from .. import charts, programme_tables, tables
from ..reader import FRAMEWORK_LABELS, group_label, part_label
from ..report import band, statement_spread

register = template.Library()

# Short names of the socio-technical dimensions, for a matrix on a phone (with a key).
SHORT = {
    "culture": "Cul",
    "vision": "Vis",
    "people": "Peo",
    "process": "Pro",
    "infrastructure": "Inf",
    "technology": "Tec",
}


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


@register.filter
def short(key: str) -> str:
    return SHORT.get(key, part_label(key)[:3])


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


# --- Charts and long tables, built in Python (see scoring.tables for why) ---


def built(html: str) -> SafeString:
    """HTML from scoring.charts and scoring.tables: they escape every text from the data
    (statement wording, group and area names) as they build it, and nothing else varies."""
    return mark_safe(html)  # noqa: S308


@register.simple_tag
def heat_key(band_names):
    items = "".join(
        f'<li><span class="relaudit-heat-key relaudit-heat--{i}"></span>{name}</li>'
        for i, name in enumerate(band_names)
    )
    return built(
        '<ul class="relaudit-legend" aria-label="Colour key (the numbers carry the same '
        f'information)">{items}</ul>'
    )


@register.simple_tag
def score_legend():
    return built(charts.score_legend())


@register.simple_tag
def mean_bar(mean):
    return built(charts.mean_bar(mean))


def kept(summary, key: tuple, build) -> SafeString:
    """HTML built from a Summary alone (and the hashable `key`), once per Summary object:
    scoring.reader keeps a Summary per stored JSON text, which never changes, so a page
    viewed again after its snapshot is unchanged reuses its long tables."""
    memo = summary.__dict__.setdefault("_html", {})
    if key not in memo:
        memo[key] = built(build())
    return memo[key]


@register.simple_tag
def statements_table(summary, rows, comparison=None):
    """`comparison`: the area's against the rest of the programme as last published, whose
    date tells it apart from another publication's."""
    basis = comparison and (comparison.live, comparison.as_at)
    return kept(
        summary,
        ("statements", basis),
        lambda: tables.statements_table(rows, compared=bool(comparison)),
    )


@register.simple_tag
def statement_options(summary, chosen):
    return kept(
        summary, ("options", chosen.code), lambda: tables.statement_options(summary, chosen.code)
    )


@register.simple_tag
def score_shares_table(summary):
    return kept(summary, ("shares",), lambda: tables.score_shares_table(summary.statements))


@register.simple_tag
def breakdown_tables(summary, groups, question_label):
    return kept(
        summary,
        ("breakdowns", question_label),
        lambda: tables.breakdown_tables(summary, groups, question_label),
    )


@register.simple_tag
def group_panels(summary, groups, question_label):
    return kept(
        summary,
        ("panels", question_label),
        lambda: tables.group_panels(summary, groups, question_label),
    )


@register.simple_tag
def statement_by_group(summary, chosen, groups, question_label):
    return kept(
        summary,
        ("by_group", chosen.code, question_label),
        lambda: tables.statement_by_group(chosen, groups, question_label),
    )


@register.simple_tag
def comment_rates(summary, breakdowns):
    return kept(summary, ("comments",), lambda: tables.comment_rates(breakdowns))


@register.simple_tag
def responses_by_area(summary, areas, rates, link):
    return kept(
        summary,
        ("responses", link, tuple(areas.items()), tuple(rates.items())),
        lambda: programme_tables.responses_by_area(summary, areas, rates, link),
    )


@register.simple_tag
def responses_chart(summary, areas):
    return kept(
        summary,
        ("chart", tuple(areas.items())),
        lambda: programme_tables.responses_chart(summary, areas),
    )


@register.simple_tag
def areas_tables(summary, area_rows, names, sort, descending):
    return kept(
        summary,
        ("areas", sort, bool(descending), tuple(names.items())),
        lambda: programme_tables.areas_tables(summary, area_rows, names, sort, descending),
    )


@register.simple_tag
def spread_table(summary):
    return kept(
        summary, ("spread",), lambda: programme_tables.spread_table(statement_spread(summary))
    )


@register.simple_tag
def position_tables(position_effect, statements):
    return built(programme_tables.position_tables(position_effect, statements))
