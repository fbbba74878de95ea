"""Each guess is counted before it is checked, atomically: however many arrive at once,
no more than the limit are checked (30 parallel sign-in guesses from one address, and on
one account, get at most the limit checked)."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from relaudit import throttle
from relaudit.signin import ThrottledLoginView

GUESSES = 30


@pytest.fixture
def checked(monkeypatch):
    """Counts password checks; each waits until released, so that all the guesses are in
    flight together."""
    calls, release = [], threading.Event()

    def authenticate(request=None, **credentials):
        calls.append(credentials["username"])
        release.wait(timeout=30)
        return None

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", authenticate)
    return calls, release


def guess(statuses):
    request = RequestFactory().post(
        "/accounts/login/", {"username": "reviewer", "password": "guess"}, REMOTE_ADDR="192.0.2.1"
    )
    request._dont_enforce_csrf_checks = True
    request.user = AnonymousUser()
    request.session = {}
    statuses.append(ThrottledLoginView.as_view()(request).status_code)


def test_parallel_guesses_check_at_most_the_limit(checked):
    calls, release = checked
    statuses = []
    threads = [threading.Thread(target=guess, args=(statuses,)) for _ in range(GUESSES)]
    for thread in threads:
        thread.start()
    limit = throttle.SIGN_IN.per_account
    # The guesses over the limit are answered while the others are still being checked.
    deadline = threading.Event()
    for _ in range(300):
        if statuses.count(429) >= GUESSES - limit:
            break
        deadline.wait(0.1)
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(calls) <= limit
    assert statuses.count(429) == GUESSES - len(calls)
