"""A burst of late responses costs one recomputation, once the burst has gone quiet."""

import uuid
from datetime import timedelta
from unittest import mock

from django.utils import timezone

from scoring import services
from scoring.services import surveys_close_due
from surveys.services import response_submit


def late_response(survey, rating, now):
    response_submit(
        survey=survey,
        submission_key=uuid.uuid4(),
        statement_order=["RV-INT-CUL"],
        ratings={"RV-INT-CUL": rating},
        now=now,
    )


def test_a_burst_of_late_responses_costs_one_recomputation(settings, make_survey, respond):
    settings.RELAUDIT_LATE_DEBOUNCE_SECONDS = 60
    settings.RELAUDIT_MIN_GROUP_SIZE = 5  # the burst of 5 late responses is one step
    survey = make_survey("Sheffield", opens_in=-14, closes_in=-1, late_days=5)
    respond(survey, {"RV-INT-CUL": 5})
    surveys_close_due()
    start = timezone.now()

    with mock.patch.object(services, "tallies_collect", wraps=services.tallies_collect) as computed:
        for second, rating in enumerate((0, 1, 2, 3, 4)):
            late_response(survey, rating, start + timedelta(seconds=second))
        survey.refresh_from_db()
        assert survey.latest_stale_since == start  # marked by the first of the burst
        assert computed.call_count == 0  # the submissions computed nothing

        surveys_close_due(now=start + timedelta(seconds=30))  # a beat inside the window
        assert computed.call_count == 0
        surveys_close_due(now=start + timedelta(seconds=61))  # the burst has gone quiet
        assert computed.call_count == 1
        surveys_close_due(now=start + timedelta(seconds=121))
        assert computed.call_count == 1  # nothing new, nothing recomputed

    latest = survey.snapshots.get(kind="latest").summary
    assert latest["counts"] == {"responses": 6, "with_comment": 0, "late": 5}
    survey.refresh_from_db()
    assert survey.latest_stale_since is None


def test_a_late_response_before_the_survey_closed_is_included_when_it_closes(make_survey, respond):
    survey = make_survey("Cumbria", opens_in=-14, closes_in=-1, late_days=5)
    respond(survey, {"RV-INT-CUL": 5})
    late_response(survey, 1, timezone.now())
    surveys_close_due()
    survey.refresh_from_db()
    assert survey.closed_at is not None
    assert survey.latest_stale_since is None
    # Counted as received; the figures (and the late count reviewers see) wait for a group
    # of at least the threshold (issue 16).
    assert survey.snapshots.get(kind="latest").tally["late_received"] == 1
    assert survey.snapshots.get(kind="latest").summary["counts"]["late"] == 0
    assert survey.snapshots.get(kind="deadline").summary["counts"]["responses"] == 1
