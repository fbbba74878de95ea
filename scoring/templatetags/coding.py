"""The report's "What people said" section, for one {% include %} in each report: it reads
the coding of the area (or of the programme's ready areas) itself."""

from django import template
from django.urls import reverse

from ..coding_frame import frame_build
from ..coding_selectors import programmes_coded
from ..said_scope import programme_scope_build, scope_build
from ..what_people_said import said_context

register = template.Library()


@register.inclusion_tag("scoring/coding/_report_section.html", takes_context=True)
def what_people_said_section(context):
    area = context.get("area")
    programme = area.programme if area else context.get("programme")
    summary = context.get("summary")
    if programme is None or summary is None:
        return {"statements_said": []}
    scope = (
        scope_build(areas=[area], latest=summary)
        if area
        else programme_scope_build(programme=programme)
    )
    said = said_context(
        scope=scope, frame=frame_build(programme=programme), summary=summary, requested=""
    )
    link = (
        reverse("area_said", args=[programme.slug, area.slug])
        if area
        else reverse("programme_said", args=[programme.slug])
    )
    return {
        **said,
        "area": area,
        "programme": programme,
        "link": link,
        "pdf": context.get("pdf"),
        "compact": True,
        "min_group_size": context.get("min_group_size"),
    }


@register.simple_tag(takes_context=True)
def coded_programmes(context):
    """Programmes whose comments the signed-in person codes as an analyst."""
    request = context.get("request")
    return list(programmes_coded(user=request.user)) if request else []
