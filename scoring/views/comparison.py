"""Fair comparison pages: an area against the rest of the programme (its reviewers and the
programme's leads), and, for leads, funnel plots and the heatmap across areas."""

import math

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import funnels, standardisation, statistics, subgroups
from ..across_areas import measure_choices, programme_funnel, programme_heatmap
from ..fair_comparison import area_against_rest, comparison_unavailable
from ..funnel_chart import funnel_chart
from ..selectors import is_lead
from .access import area_view, lead_view, requested_kind, sort_header

DEFAULT_MEASURE = "relational_value"
METHODS = {
    "comparison": statistics.METHOD,
    "standardisation": standardisation.METHOD,
    "subgroups": subgroups.METHOD,
    "funnel": funnels.METHOD,
}


@require_GET
@area_view()
def area_comparison(request, area, access):
    """Reviewers compare with the programme as a lead last published it; leads see it as it
    stands, or as reviewers do with ?basis=published."""
    kind = requested_kind(request)
    lead = is_lead(user=request.user, programme=area.programme)
    live = lead and request.GET.get("basis") != "published"
    comparison = area_against_rest(survey=area.survey, kind=kind, live=live)
    context = {
        "area": area,
        "kind": kind,
        "is_lead": lead,
        "live": live,
        "comparison": comparison,
        "methods": METHODS,
        "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
    }
    if comparison is None:
        context["unavailable"] = comparison_unavailable(survey=area.survey, kind=kind, live=live)
    return render(request, "scoring/comparison/area.html", context)


@require_GET
@lead_view
def funnel_page(request, programme):
    kind = requested_kind(request)
    chosen = request.GET.get("measure", DEFAULT_MEASURE)
    choices = measure_choices(programme=programme)
    known = {key for _group, options in choices for key, _label in options}
    context = {
        "programme": programme,
        "kind": kind,
        "choices": choices,
        "chosen": chosen,
        "methods": METHODS,
        "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
    }
    if chosen not in known:
        # A clear message and the form again; nothing else is shown for a measure unknown.
        context["error"] = "Choose a statement or measure from the list"
        return render(request, "scoring/comparison/funnel.html", context, status=400)
    page = programme_funnel(programme=programme, kind=kind, measure_key=chosen)
    context["page"] = page
    if page and page.funnel:
        context["chart"] = funnel_chart(page.funnel)
        context["points"] = sorted(page.funnel.points, key=lambda p: (-p.mean, p.name))
        context["between"] = [p for p in context["points"] if p.outside_95 and not p.outside_998]
        context["tau"] = math.sqrt(page.funnel.tau2)
        # Spiegelhalter: between-area variance is estimated where I * phi > I - 1.
        areas = len(page.funnel.points)
        context["chance_ratio"] = (areas - 1) / areas
    return render(request, "scoring/comparison/funnel.html", context)


def _sort_header(heatmap, kind: str, key: str) -> dict:
    return sort_header(
        sort=heatmap.sort, descending=heatmap.descending, key=key, query=f"snapshot={kind}&"
    )


@require_GET
@lead_view
def heatmap_page(request, programme):
    kind = requested_kind(request)
    heatmap = programme_heatmap(
        programme=programme,
        kind=kind,
        sort=request.GET.get("sort", "area"),
        descending=request.GET.get("order") == "desc",
    )
    context = {
        "programme": programme,
        "kind": kind,
        "heatmap": heatmap,
        "methods": METHODS,
        "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
    }
    if heatmap:
        context["area_header"] = _sort_header(heatmap, kind, "area")
        context["responses_header"] = _sort_header(heatmap, kind, "responses")
        context["headers"] = [
            (column, _sort_header(heatmap, kind, column.measure.key)) for column in heatmap.columns
        ]
    return render(request, "scoring/comparison/heatmap.html", context)
