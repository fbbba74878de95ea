import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from scoring.models import ProgrammeSnapshot, SurveySnapshot
from scoring.services import surveys_close_due
from surveys.models import Survey


def test_closing_is_idempotent(due_survey, respond):
    respond(due_survey, {"RV-INT-CUL": 3})
    assert [s.pk for s in surveys_close_due()] == [due_survey.pk]
    first = {s.kind: (s.computed_at, s.summary) for s in SurveySnapshot.objects.all()}
    assert set(first) == {"deadline", "latest"}
    assert surveys_close_due() == []
    again = {s.kind: (s.computed_at, s.summary) for s in SurveySnapshot.objects.all()}
    assert again == first
    assert ProgrammeSnapshot.objects.count() == 2


def test_only_surveys_past_their_deadline_are_closed(due_survey, make_survey):
    still_open = make_survey("York")
    surveys_close_due()
    due_survey.refresh_from_db()
    still_open.refresh_from_db()
    assert due_survey.closed_at is not None
    assert still_open.closed_at is None
    assert not still_open.snapshots.exists()


def test_a_survey_that_fell_due_while_workers_were_down_is_closed_on_the_next_run(make_survey):
    survey = make_survey("Hampshire", opens_in=-60, closes_in=-30)  # a month overdue
    closed = surveys_close_due(now=timezone.now())
    assert [s.pk for s in closed] == [survey.pk]


def test_close_due_surveys_command_runs_the_beat_work_once(due_survey):
    out = StringIO()
    call_command("close_due_surveys", stdout=out)
    assert "Closed 1 survey(s): Stockport" in out.getvalue()
    call_command("close_due_surveys", stdout=out)
    assert "Closed 0 survey(s)" in out.getvalue()


def test_survey_close_command_closes_early_and_stops_responses(survey, respond):
    respond(survey, {"RV-INT-CUL": 3})
    out = StringIO()
    call_command("survey_close", "halton", stdout=out)
    survey.refresh_from_db()
    assert "Closed Halton" in out.getvalue()
    assert survey.closed_at is not None
    assert survey.closes_at <= timezone.now()
    assert survey.snapshots.get(kind="deadline").summary["counts"]["responses"] == 1
    assert not survey.accepts_responses(timezone.now() + timedelta(seconds=1))
    call_command("survey_close", "halton", stdout=out)
    assert "already closed" in out.getvalue()


def test_survey_close_names_an_unknown_area(db):
    with pytest.raises(CommandError, match="No area with slug 'nowhere'"):
        call_command("survey_close", "nowhere")


def test_the_programme_summary_covers_every_closed_survey(settings, make_survey, respond):
    settings.RELAUDIT_MIN_GROUP_SIZE = 5
    a = make_survey("Halton", opens_in=-20, closes_in=-2)
    b = make_survey("York", opens_in=-20, closes_in=-1)
    make_survey("Open Area")
    for survey, count in ((a, 4), (b, 7)):
        for _ in range(count):
            respond(survey, {"RV-INT-CUL": 2}, comment="x")
    surveys_close_due()
    summary = ProgrammeSnapshot.objects.get(kind="latest").summary
    assert summary["area"] is None
    # Halton's 4 are below the threshold: listed with its counts, never summed.
    assert summary["counts"] == {"responses": 7, "with_comment": 7, "late": 0}
    counts = ("responses", "with_comment", "late", "sent_to")
    assert {slug: [area[k] for k in counts] for slug, area in summary["areas"].items()} == {
        "halton": [4, 4, 0, 25],
        "york": [7, 7, 0, 25],
    }
    # Areas under the threshold are counted in the programme report, never scored there.
    assert summary["areas"]["halton"]["means"] is None
    assert summary["statements"]["RV-INT-CUL"]["mean"] == 2.0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submission_in_flight_at_the_deadline_is_waited_for(due_survey):
    """Closing skips a survey whose row a submission holds, and closes it on the next run
    with that response in the deadline snapshot (row locks: PostgreSQL, as in CI)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on it)")
    locked, release = threading.Event(), threading.Event()

    def submission_in_flight():
        with transaction.atomic():
            Survey.objects.select_for_update(no_key=True).get(pk=due_survey.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=submission_in_flight)
    thread.start()
    assert locked.wait(10)
    assert surveys_close_due() == []
    release.set()
    thread.join()
    assert [survey.pk for survey in surveys_close_due()] == [due_survey.pk]
