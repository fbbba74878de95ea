"""Invitations through the outbox: sent once whatever happens, never lost when the broker
or the mail server is down."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from surveys.invitations import invitations_send
from surveys.models import OutboundEmail
from surveys.outbox import MAX_ATTEMPTS, outbox_send


def test_each_contact_gets_their_own_invitation_once(
    survey, contacts, django_capture_on_commit_callbacks
):
    survey.area.programme.organisation_name = "Care Quality Commission"
    survey.area.programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(survey=survey) == 2
        assert invitations_send(survey=survey) == 0  # a second click
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    ann = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    contact = contacts[0]
    assert "Care Quality Commission" in ann.subject
    for text in (ann.body, ann.alternatives[0][0]):
        assert contact.link in text and contact.formatted_access_code in text
        assert "forward" in text.lower() and contact.page_link in text
    assert "6" in ann.body or "pm" in ann.body  # the deadline, GOV.UK style


def test_broker_down_while_sending_delays_and_never_loses(
    survey,
    contacts,
    broker_down,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(survey=survey)
    assert mail.outbox == [] and OutboundEmail.objects.filter(status="queued").count() == 2
    outbox_send()  # the beat's flush, once the broker is back
    outbox_send()
    assert len(mail.outbox) == 2


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends with a mail server error, then works."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.test_invitations_outbox.FlakyBackend"
    return FlakyBackend


def test_a_failing_mail_server_is_retried_and_no_one_gets_two(survey, contacts, flaky):
    flaky.failures = 3
    invitations_send(survey=survey)
    for _ in range(3):
        sent, failed = outbox_send()
        assert (sent, failed) == (0, 1)
    first = OutboundEmail.objects.order_by("pk").first()
    assert (
        first.status == "queued"
        and first.attempts == 3
        and "SMTPServerDisconnected" in first.reason
    )
    assert outbox_send() == (2, 0)
    assert outbox_send() == (0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]


def test_after_enough_attempts_the_email_is_marked_failed_with_its_reason(survey, contacts, flaky):
    flaky.failures = 100
    invitations_send(survey=survey)
    for _ in range(MAX_ATTEMPTS):
        outbox_send()
    email = OutboundEmail.objects.order_by("pk").first()
    assert email.status == "failed" and email.attempts == MAX_ATTEMPTS
    flaky.failures = 0


def test_the_command_and_the_admin_action(client, admin_user, survey, contacts):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("invitations_send", "halton", stdout=out)
    assert "2 invitation(s) queued" in out.getvalue()
    client.force_login(admin_user)
    response = client.post(
        "/admin/surveys/survey/", {"action": "send_invitations", "_selected_action": [survey.pk]}
    )
    assert response.status_code == 302
    assert OutboundEmail.objects.count() == 2  # nothing twice


def test_in_process_a_mail_server_error_never_reaches_the_page_that_queued(
    client, admin_user, survey, contacts, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 100
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/surveys/survey/",
            {"action": "send_invitations", "_selected_action": [survey.pk]},
        )
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(status="queued").count() == 2  # the beat retries
    flaky.failures = 0
