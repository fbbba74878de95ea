"""With the database down, staff pages (sign-in, results, the admin) answer with the same
clear "try again" page as respondents get (503), not a server error."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@pytest.fixture
def signed_in(admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


def test_staff_pages_say_try_again_when_the_database_is_down(signed_in, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    anonymous = Client(raise_request_exception=False)
    with monkeypatch.context() as patch:  # undone before the test database is cleaned up
        patch.setattr(CursorWrapper, "execute", down)
        patch.setattr(CursorWrapper, "executemany", down)
        responses = [
            (url, getattr(client, method)(url, data))
            for client, method, url, data in (
                (anonymous, "post", "/accounts/login/", {"username": "boss", "password": "x"}),
                (signed_in, "get", "/results/", None),
                (signed_in, "get", "/admin/", None),
                (signed_in, "get", "/admin/surveys/programme/", None),
            )
        ]
    for url, response in responses:
        html = response.content.decode()
        assert response.status_code == 503, (url, response.status_code)
        assert "try again in a few minutes" in html and "Traceback" not in html, url
