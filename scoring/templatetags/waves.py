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


@register.simple_tag
def change_cells(cells) -> SafeString:
    """A heatmap row's cells of change, one <td> each: the page draws thousands of them,
    so they are formatted here in one pass rather than by a template per cell. Every part
    is the page's own vocabulary (classes, signed figures, tags), never text anyone typed."""
    return mark_safe("".join(_change_cell(cell) for cell in cells))  # noqa: S308


def _change_cell(cell) -> str:
    text = "hidden" if cell.status == "hidden" else cell.text
    marker = cell.marker
    if marker:
        text += (
            f'<span class="relaudit-diff__marker" aria-hidden="true">{marker}</span>'
            f'<span class="govuk-visually-hidden"> clearly {cell.tag}</span>'
        )
    return f'<td class="govuk-table__cell {cell.css}">{text}</td>'
