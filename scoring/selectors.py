"""Who may see what, and which snapshot to read: every results page and export asks here.

Roles: an area's reviewers (Area.reviewers), a programme's leads (Programme.leads), and
admins (superusers). Before an area's deadline nobody sees its scores or comments; leads and
admins see how many responses it has so far. After the deadline (once its results are
computed) its reviewers, the programme's leads and admins see everything of the area. The
programme report, the response-level export and moderation are for leads and admins.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.db.models import Case, JSONField, Q, QuerySet, Value, When
from django.db.models.fields.json import KT, KeyTransform
from django.utils import timezone

from surveys.models import Area, Programme, Survey
from surveys.selectors import Participation, surveys_participation

from .exports import SeriesWave
from .models import ProgrammePublication, ProgrammeSnapshot, SurveySnapshot
from .tallies import DEADLINE, LATEST, SNAPSHOT_KINDS


class AreaAccess(enum.Enum):
    NONE = "none"  # not this user's area: 403
    WAITING = "waiting"  # the user's area, before its results are ready: dates only
    COUNT = "count"  # a lead or admin before the results are ready: dates and count so far
    FULL = "full"  # results ready and the user may read them


def programmes_led(*, user) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(leads=user)


def is_lead(*, user, programme: Programme) -> bool:
    return user.is_authenticated and (
        user.is_superuser or programme.leads.filter(pk=user.pk).exists()
    )


def areas_visible(*, user) -> QuerySet[Area]:
    """Areas the user reviews or whose programme they lead (all of them for an admin)."""
    areas = Area.objects.select_related("programme", "survey")
    if not user.is_authenticated:
        return areas.none()
    if user.is_superuser:
        return areas
    return areas.filter(Q(reviewers=user) | Q(programme__leads=user)).distinct()


def area_access(*, user, area: Area, now: datetime | None = None) -> AreaAccess:
    now = now or timezone.now()
    lead = is_lead(user=user, programme=area.programme)
    if not lead and not (user.is_authenticated and area.reviewers.filter(pk=user.pk).exists()):
        return AreaAccess.NONE
    survey = getattr(area, "survey", None)
    if survey is not None and survey.results_ready(now):
        return AreaAccess.FULL
    return AreaAccess.COUNT if lead else AreaAccess.WAITING


def snapshot_kind(*, requested: str | None) -> str | None:
    """The snapshot a request asks for (`?snapshot=`), latest by default; None if unknown."""
    kind = requested or LATEST
    return kind if kind in SNAPSHOT_KINDS else None


def area_snapshot(*, survey: Survey, kind: str) -> SurveySnapshot | None:
    # The tally (every count, unsuppressed) is for computing, never for showing: not loaded.
    return SurveySnapshot.objects.filter(survey=survey, kind=kind).defer("tally").first()


def area_snapshots(*, survey: Survey, kinds: tuple[str, ...]) -> dict[str, SurveySnapshot]:
    """The area's snapshots of these kinds in one query, each with the participation
    stored beside its tally (`participation`: a dict, or None), the tally itself unread
    but for the counts a comparison with the rest of the programme starts from
    (`overall`, and the deadline's `deadline_breakdowns`: scoring.fair_comparison)."""
    return {
        snapshot.kind: snapshot
        for snapshot in SurveySnapshot.objects.filter(survey=survey, kind__in=kinds)
        .defer("tally")
        .annotate(
            participation=KT("tally__participation"),
            overall=KeyTransform("overall", "tally"),
            deadline_breakdowns=Case(
                When(kind=DEADLINE, then=KeyTransform("breakdowns", "tally")),
                default=Value(None, output_field=JSONField()),
                output_field=JSONField(),
            ),
        )
    }


def surveys_participation_read(*, surveys: QuerySet[Survey]) -> dict[int, Participation]:
    """Each survey's participation: as stored when its results were last computed (a closed
    area's, read without counting its responses again), else counted now."""
    stored = {
        survey_id: Participation.from_json(data)
        for survey_id, data in SurveySnapshot.objects.filter(
            survey__in=surveys, kind=LATEST, tally__has_key="participation"
        ).values_list("survey_id", "tally__participation")
    }
    missing = surveys.exclude(pk__in=stored)
    if missing.exists():
        stored.update(surveys_participation(surveys=missing))
    return stored


def programme_snapshot(*, programme: Programme, kind: str) -> ProgrammeSnapshot | None:
    return ProgrammeSnapshot.objects.filter(programme=programme, kind=kind).first()


def programme_publication(*, programme: Programme, kind: str) -> ProgrammePublication | None:
    """When a lead last published the figures area reviewers compare with (its figures,
    moments and breakdowns, for the programme's own computations, not loaded)."""
    return (
        ProgrammePublication.objects.filter(programme=programme, kind=kind)
        .only("programme_id", "kind", "published_at")
        .first()
    )


def prepared_file_allowed(*, user, prepared) -> bool:
    """A prepared file (scoring.prepared_models) is read only by who asked for it, while
    they still pass the rules of its scope: the area's (full access) or the programme's
    (a lead or admin), as the export it holds."""
    if not user.is_authenticated or prepared.requested_by_id != user.pk:
        return False
    if prepared.area is not None:
        return area_access(user=user, area=prepared.area) is AreaAccess.FULL
    return is_lead(user=user, programme=prepared.programme)


def programme_series_wave(*, slug: str) -> SeriesWave | None:
    """The series a programme is a wave of and its wave number, for its exports; None when
    it is not one of a series."""
    found = (
        Programme.objects.filter(slug=slug, series__isnull=False)
        .values_list("series__name", "wave")
        .first()
    )
    return SeriesWave(series=found[0], wave=found[1]) if found else None
