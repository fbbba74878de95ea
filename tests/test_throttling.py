"""Throttling keeps no identity beyond a short window: wrong access codes and failed
sign-ins from one client are refused at once over the limit (429, Retry-After), never
slowed down by sleeping in the worker."""

import time

import pytest
from django.core.cache import cache

from relaudit import throttle
from surveys.models import Response


@pytest.fixture(autouse=True)
def nothing_sleeps(monkeypatch):
    """A sleeping worker stalls every other visitor: the throttle must never sleep."""

    def refuse(seconds):
        raise AssertionError(f"slept {seconds} s in a request")

    monkeypatch.setattr(time, "sleep", refuse)


def test_guessing_access_codes_is_refused_at_once_over_the_limit(client, survey):
    for attempt in range(throttle.ACCESS_CODES.per_address):
        assert client.post("/", {"code": f"WRONG{attempt:03d}"}).status_code == 400
    refused = client.post("/", {"code": survey.access_code})
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= throttle.ACCESS_CODES.window


def test_another_client_is_not_affected(client, survey):
    for attempt in range(throttle.ACCESS_CODES.per_address):
        client.post("/", {"code": f"WRONG{attempt:03d}"})
    other = client.post("/", {"code": survey.access_code}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_keys_are_hashed_and_expire_within_the_hour(client, survey, reviewer):
    client.post("/", {"code": "WRONG"})
    client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"})
    keys = list(cache._cache.keys())  # the in-process cache of the tests
    # One for the code's address; the sign-in's address and its account.
    assert len(keys) == 3 and not any("127.0.0.1" in key or "reviewer" in key for key in keys)
    expiries = [cache._expire_info[key] for key in keys]
    assert all(expiry <= time.time() + 3600 for expiry in expiries)


def test_failed_sign_ins_are_refused_for_a_while(client, reviewer):
    for _ in range(throttle.SIGN_IN.per_account):
        client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "reviewer", "password": "pw-reviewer"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) > 0


def test_with_the_cache_down_nobody_is_refused(monkeypatch, submit, survey):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(throttle, "cache", Down())
    assert submit(survey, {"RV-INT-CUL": "2"}).status_code == 302
    assert Response.objects.count() == 1
