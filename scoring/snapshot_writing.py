"""Writing an area's snapshots, for scoring.services (closing surveys and recomputing their
latest results): which late responses the latest figures take in, the record of that on
the survey, and the stored rows themselves, each with the participation and the recoded
roles its figures count."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max

from surveys.models import Response, Survey
from surveys.selectors import surveys_participation

from .models import SurveySnapshot
from .regrouping import Recodings
from .summary import instrument_meta, summary_build
from .tallies import DEADLINE, LATEST, SurveyTally
from .wave_changes import shown_counts


@dataclass(frozen=True)
class SnapshotItem:
    """One snapshot to store: its figures' tally, the tally its breakdowns come from (the
    deadline's respondents, for both kinds, by role as recoded in `recodings`) and the late
    responses received (kept in the tally for the programme's leads; the area's summary
    counts those in its figures)."""

    survey: Survey
    kind: str
    tally: SurveyTally
    breakdowns: SurveyTally
    late: int
    recodings: Recodings  # the recoded roles the breakdowns count (scoring.regrouping)
    reasons: dict[str, dict[str, str]] | None = None  # groups to hide, where decided here


def latest_step(fresh: SurveyTally, published: SurveyTally) -> SurveyTally:
    """Late responses enter the latest figures in steps of at least the threshold, all of
    them at once: latest minus deadline (or minus the previous step) then describes no
    fewer people than any other group shown. Until a step, the figures stay as published."""
    if fresh.overall.late - published.overall.late >= settings.RELAUDIT_MIN_GROUP_SIZE:
        return fresh
    return published


def late_taken_record(surveys: list[Survey], took_step: set[int]) -> None:
    """Record on each survey row (locked by the caller) which late responses its latest
    results now hold: every one up to the highest id counted, where a step was just taken.
    Comments, the position effect, the row-level export and the participation stored with
    the snapshots read that same set, so call it before snapshots_write."""
    highest = dict(
        Response.objects.counted()
        .filter(survey_id__in=took_step, is_late=True)
        .values_list("survey_id")
        .annotate(Max("pk"))
        .order_by()
    )
    for survey in surveys:
        survey.late_batch_record(through=highest.get(survey.pk))


def snapshots_write(items: list[SnapshotItem], now: datetime) -> None:
    """Store snapshots in bulk. A deadline snapshot is written only where none exists: what
    the review team saw at the deadline is never rewritten. Latest ones are replaced."""
    metas = {}  # by instrument: surveys of a programme share one or two versions
    rows = {DEADLINE: [], LATEST: []}
    # Stored beside the tallies, so that reports read it instead of counting responses, and
    # counted as the figures count (late responses join in groups of at least the
    # threshold): a reviewer watching the reach figure must not see each one arrive.
    surveys = Survey.objects.filter(pk__in={item.survey.pk for item in items})
    participation = {
        kind: surveys_participation(surveys=surveys, with_late=kind == LATEST)
        for kind in {item.kind for item in items}
    }
    for item in items:
        survey, kind, tally = item.survey, item.kind, item.tally
        if survey.instrument_id not in metas:
            metas[survey.instrument_id] = instrument_meta(survey.instrument)
        summary = summary_build(
            tally=tally,
            breakdown_tally=item.breakdowns,
            breakdown_reasons=item.reasons,
            # counts.late: the late responses in these figures, which change only in steps
            # of at least the threshold: how many more are waiting is no one's to watch
            # (the tally keeps it for the programme's leads).
            metas=metas[survey.instrument_id],
            min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            area=survey.area.slug,
            programme=survey.area.programme.slug,
            instrument_version=survey.instrument.version,
            snapshot=kind,
            computed_at=now.isoformat(),
        )
        rows[kind].append(
            SurveySnapshot(
                survey=survey,
                kind=kind,
                computed_at=now,
                tally={
                    **tally.to_json(),
                    # Late responses received, in the figures or not, for the programme report.
                    "late_received": item.late,
                    "participation": participation[kind][survey.pk].to_json(),
                    "roles_recoded": {str(pk): value for pk, value in item.recodings.items()},
                },
                summary_json=json.dumps(summary.to_json()),
                shown_counts={
                    "responses": summary.counts.responses,
                    "statements": shown_counts(summary),
                },
            )
        )
    # One row per INSERT: in a multi-row insert Django sends each column as an array, and
    # psycopg escapes large text array elements with a regex, seconds for 200 summaries.
    SurveySnapshot.objects.bulk_create(rows[DEADLINE], ignore_conflicts=True, batch_size=1)
    SurveySnapshot.objects.bulk_create(
        rows[LATEST],
        batch_size=1,
        update_conflicts=True,
        unique_fields=["survey", "kind"],
        update_fields=["computed_at", "tally", "summary_json", "shown_counts"],
    )
