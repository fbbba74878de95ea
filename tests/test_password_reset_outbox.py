"""Password reset emails go through the outbox (never sent inside the request), at most
three an hour per account, with links built from SITE_ROOT and never from the request's
Host header; requests are limited per address too."""

import re

from django.core import mail

from relaudit import throttle
from surveys.models import OutboundEmail


def test_the_email_is_queued_not_sent_in_the_request(client, reviewer):
    response = client.post("/accounts/password-reset/", {"email": "reviewer@example.org"})
    assert response.status_code == 302 and mail.outbox == []
    (queued,) = OutboundEmail.objects.all()
    assert queued.status == OutboundEmail.QUEUED and queued.to == "reviewer@example.org"


def test_at_most_three_an_hour_per_account(client, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            response = client.post("/accounts/password-reset/", {"email": "reviewer@example.org"})
            assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3


def test_the_link_comes_from_site_root_not_the_host_header(
    client, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.SITE_ROOT = "https://relaudit.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password-reset/",
            {"email": "reviewer@example.org"},
            HTTP_HOST="127.0.0.1:6666",
        )
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(
        link.startswith("https://relaudit.example.org/accounts/reset/") for link in links
    )
    assert "6666" not in message.body and "6666" not in message.alternatives[0][0]


def test_the_link_is_not_left_readable_in_the_outbox(
    client, reviewer, admin_user, django_capture_on_commit_callbacks
):
    client.post("/accounts/password-reset/", {"email": "reviewer@example.org"})
    queued = OutboundEmail.objects.get()
    client.force_login(admin_user)
    page = client.get(f"/admin/surveys/outboundemail/{queued.pk}/change/").content.decode()
    assert "/accounts/reset/" not in page
    from surveys.outbox import outbox_send

    outbox_send()
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.SENT and "/accounts/reset/" not in queued.body_text


def test_one_address_asking_for_many_resets_is_refused(client, db):
    for n in range(throttle.PASSWORD_RESET.per_address):
        client.post("/accounts/password-reset/", {"email": f"someone{n}@example.org"})
    refused = client.post("/accounts/password-reset/", {"email": "another@example.org"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
