"""One email through a real SMTP server on loopback (aiosmtpd): headers, both parts, and
the link in it opens the survey."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from surveys.invitations import invitations_send
from surveys.outbox import outbox_send
from tests.processes import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_an_invitation_arrives_with_both_parts_and_a_working_link(
    client, survey, contacts, smtp_server
):
    invitations_send(survey=survey)
    assert outbox_send() == (2, 0)
    message = next(m for m in smtp_server.messages if m["To"] == "ann@example.org")
    assert "relational audit" in message["Subject"].lower()
    assert message["From"] and message["Date"] and message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    ann = contacts[0]
    assert ann.link in text and f'href="{ann.link}"' in html
    path = ann.link.removeprefix("http://testserver")
    assert survey.area.name in client.get(path).content.decode()
