"""What people said: for an area (its reviewers, leads) and across the programme (leads),
the best and worst statements by default and any statement on demand; and the themes across
the programme, with the VCSE view."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..coding_comments import area_summary, ready_areas
from ..coding_frame import frame_build
from ..reader import summary_read
from ..said_scope import scope_build
from ..selectors import programme_snapshot
from ..tallies import LATEST
from ..themes_summary import theme_rows, vcse_rows
from ..what_people_said import said_context
from .access import area_view, lead_view, requested_kind


@require_GET
@area_view()
def area_said(request, area, access):
    kind = requested_kind(request)
    summary = area_summary(area=area, kind=kind)
    if summary is None:
        raise Http404("No results computed yet")
    frame = frame_build(programme=area.programme)
    context = said_context(
        scope=scope_build(areas=[area]),
        frame=frame,
        summary=summary,
        requested=request.GET.get("statement", ""),
    )
    context.update(area=area, programme=area.programme, kind=kind)
    return render(request, "scoring/coding/what_people_said.html", context)


@require_GET
@lead_view
def programme_said(request, programme):
    snapshot = programme_snapshot(programme=programme, kind=LATEST)
    summary = snapshot and summary_read(snapshot.summary_json)
    frame = frame_build(programme=programme)
    context = said_context(
        scope=scope_build(areas=ready_areas(programme=programme)),
        frame=frame,
        summary=summary,
        requested=request.GET.get("statement", ""),
    )
    context.update(area=None, programme=programme, kind=LATEST)
    return render(request, "scoring/coding/what_people_said.html", context)


@require_GET
@lead_view
def programme_themes(request, programme):
    frame = frame_build(programme=programme)
    scope = scope_build(areas=ready_areas(programme=programme))
    vcse = request.GET.get("compare") == "vcse"
    return render(
        request,
        "scoring/coding/themes_summary.html",
        {
            "programme": programme,
            "frame": frame,
            "scope": scope,
            "vcse": vcse,
            "rows": vcse_rows(scope=scope, frame=frame)
            if vcse
            else theme_rows(scope=scope, frame=frame),
        },
    )
