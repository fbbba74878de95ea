"""Throttling keeps no identity beyond a short window: wrong access codes, failed sign-ins
and rapid submissions from one client slow down, then are refused with a clear message."""

import time

import pytest
from django.core.cache import cache

from relaudit import throttle
from surveys.models import Response


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """The slow-down sleeps; the tests count the sleeps instead of waiting them out."""
    slept = []
    monkeypatch.setattr(throttle.time, "sleep", slept.append)
    return slept


def test_guessing_access_codes_slows_down_then_is_refused(client, survey, no_waiting):
    for attempt in range(throttle.ACCESS_CODES.limit):
        assert client.post("/", {"code": f"WRONG{attempt:03d}"}).status_code == 400
    assert len(no_waiting) == throttle.ACCESS_CODES.limit - throttle.ACCESS_CODES.slow_after
    refused = client.post("/", {"code": survey.access_code})
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()


def test_another_client_is_not_affected(client, survey):
    for attempt in range(throttle.ACCESS_CODES.limit):
        client.post("/", {"code": f"WRONG{attempt:03d}"})
    other = client.post("/", {"code": survey.access_code}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_keys_are_hashed_and_expire_within_the_hour(client, survey, reviewer):
    client.post("/", {"code": "WRONG"})
    client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"})
    keys = list(cache._cache.keys())  # the in-process cache of the tests
    assert len(keys) == 2 and not any("127.0.0.1" in key for key in keys)
    expiries = [cache._expire_info[key] for key in keys]
    assert all(expiry <= time.time() + 3600 for expiry in expiries)


def test_failed_sign_ins_are_refused_for_a_while(client, reviewer):
    for _ in range(throttle.SIGN_IN.limit):
        client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "reviewer", "password": "pw-reviewer"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_one_client_submits_at_most_the_configured_rate(settings, submit, survey):
    settings.RELAUDIT_SUBMISSIONS_PER_MINUTE = 3
    statuses = [submit(survey, {"RV-INT-CUL": "2"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Response.objects.count() == 3


def test_with_the_cache_down_nobody_is_refused(monkeypatch, submit, survey):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(throttle, "cache", Down())
    assert submit(survey, {"RV-INT-CUL": "2"}).status_code == 302
    assert Response.objects.count() == 1
