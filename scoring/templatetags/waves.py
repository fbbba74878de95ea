from django import template
from django.utils.safestring import SafeString, mark_safe

from ..wave_charts import change_intervals, small_multiple

register = template.Library()


@register.simple_tag
def change_chart(changes, labels) -> SafeString:
    # Built from numbers and escaped labels only (scoring.charts.attr).
    return mark_safe(change_intervals(changes, labels))  # noqa: S308


@register.simple_tag
def small_multiple_chart(points) -> SafeString:
    return mark_safe(small_multiple(points))  # noqa: S308
