"""Nothing a respondent submits depends on Redis: with the broker down the response is saved
and the next beat run computes the results."""

import logging
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from scoring.services import surveys_close_due


def test_a_late_response_is_saved_with_the_broker_down_and_computed_on_the_next_beat(
    settings, make_survey, respond, submit, broker_down, django_capture_on_commit_callbacks
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1  # one late response is a step of its own
    survey = make_survey("Liverpool", opens_in=-14, closes_in=-1, late_days=5)
    respond(survey, {"RV-INT-CUL": 5})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = submit(survey, {"RV-INT-CUL": 1})
    assert response.status_code == 302
    assert callbacks == []  # the submission asked nothing of the broker
    assert survey.responses.count() == 2

    later = timezone.now() + timedelta(seconds=settings.RELAUDIT_LATE_DEBOUNCE_SECONDS + 1)
    surveys_close_due(now=later)
    latest = survey.snapshots.get(kind="latest").summary
    assert latest["counts"]["responses"] == 2 and latest["counts"]["late"] == 1


def test_closing_with_the_broker_down_keeps_the_email_and_sends_it_once_later(
    due_survey, respond, reviewer, broker_down, caplog, django_capture_on_commit_callbacks
):
    from surveys.models import OutboundEmail
    from surveys.outbox import outbox_send

    due_survey.area.reviewers.add(reviewer)
    respond(due_survey, {"RV-INT-CUL": 5})
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
    assert due_survey.snapshots.count() == 2
    assert "Could not enqueue surveys.tasks.outbox_send_task" in caplog.text
    assert mail.outbox == []
    assert OutboundEmail.objects.get().status == "queued"  # kept, not lost
    # The broker is back; the beat's flush sends what no task took, once.
    outbox_send()
    outbox_send()
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert OutboundEmail.objects.get().status == "sent"
