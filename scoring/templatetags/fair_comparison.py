"""Figures of the fair comparison pages: differences signed with a true minus sign, intervals,
p-values, and lists of groups in words."""

from django import template

register = template.Library()
MINUS = "\u2212"


@register.filter
def figure(value) -> str:
    """Two decimals, or a dash where there is no figure."""
    return "–" if value is None else f"{value:.2f}"


@register.filter
def difference(value) -> str:
    """A signed difference: "+0.12", "−0.12" (a minus sign, not a hyphen)."""
    if value is None:
        return "–"
    return f"{value:+.2f}".replace("-", MINUS)


@register.filter
def interval(comparison) -> str:
    """A comparison's 95% interval, "−0.52 to −0.16", or a dash where untested."""
    if comparison is None or comparison.ci_low is None:
        return "–"
    return f"{difference(comparison.ci_low)} to {difference(comparison.ci_high)}"


@register.filter
def p_value(value) -> str:
    if value is None:
        return "not tested"
    return "below 0.001" if value < 0.001 else f"{value:.3f}"


@register.filter
def percent(value) -> str:
    return f"{100 * value:.0f}%"


@register.filter
def in_words(names) -> str:
    """ "a", "a and b", "a, b and c"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
