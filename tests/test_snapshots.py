"""The deadline snapshot is what the review team saw; late responses update only "latest"."""

from datetime import timedelta

from django.utils import timezone

from scoring.models import ProgrammeSnapshot
from scoring.services import surveys_close_due


def test_late_responses_update_latest_and_leave_the_deadline_snapshot_frozen(
    settings, make_survey, respond, submit
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    survey = make_survey("Plymouth", opens_in=-14, closes_in=-1, late_days=5)
    respond(survey, {"RV-INT-CUL": 5})
    respond(survey, {"RV-INT-CUL": 3})
    surveys_close_due()
    deadline = survey.snapshots.get(kind="deadline")

    assert submit(survey, {"RV-INT-CUL": 1, "comment": "Late but here."}).status_code == 302
    surveys_close_due(now=timezone.now() + timedelta(minutes=5))  # a beat after the burst

    latest = survey.snapshots.get(kind="latest").summary
    assert latest["counts"] == {"responses": 3, "with_comment": 1, "late": 1}
    assert latest["statements"]["RV-INT-CUL"]["distribution"] == [0, 1, 0, 1, 0, 1]
    frozen = survey.snapshots.get(kind="deadline")
    assert (frozen.computed_at, frozen.summary) == (deadline.computed_at, deadline.summary)
    assert frozen.summary["counts"] == {"responses": 2, "with_comment": 0, "late": 0}
    programme = {p.kind: p.summary["counts"]["responses"] for p in ProgrammeSnapshot.objects.all()}
    assert programme == {"deadline": 2, "latest": 3}


def test_responses_marked_late_before_closing_are_left_out_of_the_deadline_snapshot(
    settings, make_survey, respond
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    survey = make_survey("Wiltshire", opens_in=-14, closes_in=-1, late_days=5)
    respond(survey, {"RV-INT-CUL": 5})
    respond(survey, {"RV-INT-CUL": 0}, late=True)  # arrived before the beat ran
    surveys_close_due()
    assert survey.snapshots.get(kind="deadline").summary["counts"]["responses"] == 1
    assert survey.snapshots.get(kind="latest").summary["counts"] == {
        "responses": 2, "with_comment": 0, "late": 1,
    }  # fmt: skip
