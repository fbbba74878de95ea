"""The signed-in person's list of areas and programmes."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from surveys.models import Response

from ..selectors import AreaAccess, area_access, areas_visible, programmes_led
from .access import no_store


@login_required
@require_GET
def results_index(request):
    now = timezone.now()
    areas = areas_visible(user=request.user).order_by("programme", "review_order", "name")
    rows = [
        {
            "area": area,
            "survey": area.survey,
            "access": area_access(user=request.user, area=area, now=now),
        }
        for area in areas
        if hasattr(area, "survey")
    ]
    # Response counts, for the people who may see them: leads and admins while a survey is
    # open, to chase participation; once results are ready, everyone who reads them, as
    # the figures count them (late responses in groups), so nobody watching this list
    # sees each late response arrive.
    live = [row["survey"].pk for row in rows if row["access"] is AreaAccess.COUNT]
    ready = [row["survey"].pk for row in rows if row["access"] is AreaAccess.FULL]
    countable = live + ready
    counts = {}
    for responses, pks in (
        (Response.objects.counted(), live),
        (Response.objects.in_results(with_late=True), ready),
    ):
        counts.update(
            responses.filter(survey_id__in=pks)
            .values_list("survey_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    for row in rows:
        row["responses"] = (
            counts.get(row["survey"].pk, 0) if row["survey"].pk in countable else None
        )
    return no_store(
        render(
            request,
            "scoring/results_index.html",
            {
                "rows": rows,
                "programmes": programmes_led(user=request.user),
                "FULL": AreaAccess.FULL,
            },
        )
    )
