"""Reminders go out the programme's number of days before the deadline, once, with the
responses so far; moving a deadline later tells the contacts the new date."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from surveys.invitations import reminders_queue, survey_deadline_change
from surveys.outbox import outbox_send


def test_the_reminder_schedule(survey, contacts, respond):
    respond(survey, {"RV-INT-CUL": 2})
    deadline = survey.closes_at  # 7 days away; the default is 3 days before
    assert reminders_queue(now=deadline - timedelta(days=4)) == 0
    assert reminders_queue(now=deadline - timedelta(days=3)) == 2
    assert reminders_queue(now=deadline - timedelta(days=2)) == 0  # once per deadline
    assert reminders_queue(now=deadline + timedelta(minutes=1)) == 0  # closed
    outbox_send()
    assert len(mail.outbox) == 2 and "So far 1 person has responded" in mail.outbox[0].body


def test_the_days_are_set_per_programme(survey, contacts):
    survey.area.programme.reminder_days = 5
    survey.area.programme.save()
    assert reminders_queue(now=survey.closes_at - timedelta(days=5)) == 2


def test_extending_the_deadline_tells_the_contacts_the_new_date(survey, contacts):
    later = survey.closes_at + timedelta(days=7)
    assert survey_deadline_change(survey=survey, closes_at=later) == 2
    outbox_send()
    survey.refresh_from_db()
    assert survey.closes_at == later
    from surveys.templatetags.govuk_dates import govuk_datetime

    assert all(govuk_datetime(later) in m.body for m in mail.outbox)
    # A reminder for the new deadline is a new reminder.
    assert reminders_queue(now=later - timedelta(days=3)) == 2
    assert survey_deadline_change(survey=survey, closes_at=later - timedelta(days=1)) == 0


def test_the_admin_change_of_deadline_goes_through_the_service(
    client, admin_user, survey, contacts
):
    client.force_login(admin_user)
    url = f"/admin/surveys/survey/{survey.pk}/change/"
    later = timezone.localtime(survey.closes_at + timedelta(days=3))
    opens = timezone.localtime(survey.opens_at)
    response = client.post(
        url,
        {
            "area": survey.area_id,
            "instrument": survey.instrument_id,
            "opens_at_0": opens.strftime("%Y-%m-%d"), "opens_at_1": opens.strftime("%H:%M:%S"),
            "closes_at_0": later.strftime("%Y-%m-%d"), "closes_at_1": later.strftime("%H:%M:%S"),
            "late_until_0": "", "late_until_1": "", "randomise_order": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    outbox_send()
    assert len(mail.outbox) == 2 and "new deadline" in mail.outbox[0].body
