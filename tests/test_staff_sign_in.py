"""Staff sign-in: Argon2 hashes in production, sessions that end after a working day of
inactivity, and a password reset by email that lets a new reviewer set a password."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core import mail

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_hash_passwords_with_argon2():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "relaudit.settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_session_lasts_a_working_day_from_the_last_request(client, reviewer):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.post("/accounts/login/", {"username": "reviewer", "password": "pw-reviewer"})
    response = client.get("/results/")
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60  # renewed by the request


def test_a_reviewer_sets_a_password_from_the_reset_email(
    client, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # sent by the outbox (issue 16)
        response = client.post("/accounts/password-reset/", {"email": "reviewer@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new password 42", "new_password2": "a long new password 42"},
    )
    assert done.status_code == 302
    assert client.login(username="reviewer", password="a long new password 42")


def test_an_unknown_address_is_told_the_same_and_sent_nothing(client, reviewer):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []
