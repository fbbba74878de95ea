"""Results for reviewers: signed in, assigned to the area, and only after its deadline."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from surveys.models import Area, Programme

from .models import ProgrammeSnapshot, SurveySnapshot
from .tallies import DEADLINE, LATEST


def reviewable_areas(user):
    areas = Area.objects.select_related("programme", "survey")
    return areas if user.is_superuser else areas.filter(reviewers=user)


def _snapshot_kind(request) -> str:
    kind = request.GET.get("snapshot", LATEST)
    if kind not in (DEADLINE, LATEST):
        raise Http404("snapshot must be deadline or latest")
    return kind


def _download(summary: dict, filename: str) -> JsonResponse:
    response = JsonResponse(summary, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def results_index(request):
    now = timezone.now()
    areas = reviewable_areas(request.user).order_by("programme", "review_order", "name")
    rows = [
        {
            "area": area,
            "survey": area.survey,
            "ready": area.survey.closes_at <= now and area.survey.closed_at is not None,
        }
        for area in areas
        if hasattr(area, "survey")
    ]
    programmes = Programme.objects.filter(areas__in=areas).distinct()
    return render(request, "scoring/results_index.html", {"rows": rows, "programmes": programmes})


@login_required
@require_GET
def area_summary_json(request, programme, area):
    area = get_object_or_404(reviewable_areas(request.user), programme__slug=programme, slug=area)
    survey = area.survey
    if survey.closes_at > timezone.now():
        raise Http404("Results are available after the deadline")
    snapshot = get_object_or_404(SurveySnapshot, survey=survey, kind=_snapshot_kind(request))
    return _download(snapshot.summary, f"{programme}-{area.slug}-{snapshot.kind}.json")


@login_required
@require_GET
def programme_summary_json(request, programme):
    if not reviewable_areas(request.user).filter(programme__slug=programme).exists():
        raise Http404("No such programme among your areas")
    snapshot = get_object_or_404(
        ProgrammeSnapshot, programme__slug=programme, kind=_snapshot_kind(request)
    )
    return _download(snapshot.summary, f"{programme}-{snapshot.kind}.json")
