"""With the cache (Redis) down, guesses are still counted, in the database: a Redis outage
is not an open door. The warning that the cache is down is logged at most once a minute."""

import logging

import pytest

from relaudit import throttle
from relaudit.models import ThrottleCount


class Down:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


@pytest.fixture
def cache_down(monkeypatch):
    monkeypatch.setattr(throttle, "cache", Down())
    monkeypatch.setattr(throttle, "_warned_at", float("-inf"))


def test_sign_in_guesses_are_counted_in_the_database(client, reviewer, cache_down):
    limit = throttle.SIGN_IN.per_account
    statuses = [
        client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"}).status_code
        for _ in range(limit + 2)
    ]
    assert statuses == [200] * limit + [429] * 2
    assert ThrottleCount.objects.exists()
    assert not ThrottleCount.objects.filter(bucket__contains="reviewer").exists()


def test_access_code_guesses_are_counted_and_a_right_one_given_back(client, survey, cache_down):
    assert client.post("/", {"code": "WRONG"}).status_code == 400
    assert client.post("/", {"code": survey.access_code}).status_code == 302
    (counter,) = ThrottleCount.objects.all()
    assert counter.count == 1  # the wrong one only


def test_the_cache_down_warning_is_logged_at_most_once_a_minute(client, survey, cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="relaudit.throttle"):
        for _ in range(5):
            client.post("/", {"code": "WRONG"})
    warnings = [r for r in caplog.records if r.name == "relaudit.throttle"]
    assert len(warnings) == 1
