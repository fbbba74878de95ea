"""Throttling of guesses (access codes, sign-ins, password resets) that keeps no identity
and never holds a worker: an attempt over the limit is refused at once (429 with
Retry-After), nothing ever sleeps.

Every attempt is counted BEFORE it is checked, atomically (an INCR in Redis, an upsert in
the database), and refused when the count passes the limit; one that turns out right is
given back. So however many guesses arrive at once, at most the limit of them are checked.
Counters are per client address (relaudit.clientaddress: only trusted proxies' forwarding
is believed) and, for sign-ins, per account too, so guessing one password from many
addresses is limited as well.

Keys are an HMAC of the address or account name under a secret that changes every day,
with the window's number: nothing in the cache or the database names anyone, and
yesterday's keys cannot be linked to today's. Windows are fixed (a quarter of an hour, an
hour), so Retry-After is the time left in the current one.

If the cache is down, counting goes on in the database (relaudit.models.ThrottleCount):
a Redis outage is not an open door. The warning that it is down is logged at most once a
minute per process.

Respondents' submissions are never throttled here: a valid questionnaire is always stored
(ballot stuffing is detected afterwards, surveys.stuffing).

Not django-ratelimit: it keys its counters by an unsalted hash of the address, which anyone
who can read the cache reverses by hashing every IPv4 address.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.utils import timezone

from .clientaddress import client_address
from .models import ThrottleCount

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    scope: str
    per_address: int  # attempts a window from one client address
    window: int  # seconds, at most an hour
    per_account: int | None = None  # attempts a window on one account, from anywhere


# The arithmetic behind these numbers is in README, "Security and faults".
ACCESS_CODES = Rule("code", per_address=100, window=15 * 60)
SIGN_IN = Rule("signin", per_address=50, per_account=10, window=15 * 60)
PASSWORD_RESET = Rule("reset", per_address=20, window=60 * 60)


@dataclass
class Attempt:
    """One counted attempt. `retry_after` is 0 if it may go ahead, else the seconds until
    the window in which it was refused ends."""

    retry_after: int
    _counted: list[tuple[str, bool]] = field(default_factory=list)  # (key, in the database)

    @property
    def refused(self) -> bool:
        return self.retry_after > 0

    def succeeded(self) -> None:
        """The attempt was right (a valid code, a good password): it does not count."""
        for key, in_database in self._counted:
            _count_down(key, in_database)


def throttle_attempt(request, rule: Rule, *, account: str = "") -> Attempt:
    """Count an attempt against the client's address (and the account, when the rule
    limits accounts and one is named), then say whether it is over a limit."""
    now = time.time()
    window = int(now // rule.window)
    limits = [(_key(rule, "address", client_address(request), window), rule.per_address)]
    if rule.per_account is not None and account:
        limits.append((_key(rule, "account", account.casefold(), window), rule.per_account))
    attempt = Attempt(retry_after=0)
    for key, limit in limits:
        count, in_database = _count_up(key, rule.window)
        attempt._counted.append((key, in_database))
        if count > limit:
            attempt.retry_after = max(1, math.ceil((window + 1) * rule.window - now))
    return attempt


def _key(rule: Rule, kind: str, value: str, window: int) -> str:
    day = timezone.now().date().isoformat()
    secret = hmac.new(settings.SECRET_KEY.encode(), f"throttle:{day}".encode(), hashlib.sha256)
    message = f"{rule.scope}:{kind}:{value}".encode()
    digest = hmac.new(secret.digest(), message, hashlib.sha256).hexdigest()
    return f"throttle:{digest[:40]}:{window}"


def _count_up(key: str, seconds: int) -> tuple[int, bool]:
    """The count after this attempt (the key lives `seconds`), and whether the database
    holds it."""
    try:
        if cache.add(key, 1, timeout=seconds):
            return 1, False
        try:
            return cache.incr(key), False
        except ValueError:  # expired between the two: this one starts the count again
            cache.add(key, 1, timeout=seconds)
            return 1, False
    except Exception:  # noqa: BLE001  (Redis down: count in the database instead)
        _warn_cache_down()
        return _database_count_up(key, seconds), True


def _count_down(key: str, in_database: bool) -> None:
    if in_database:
        ThrottleCount.objects.filter(bucket=key, count__gt=0).update(count=F("count") - 1)
        return
    with contextlib.suppress(Exception):  # gone or down: nothing to give back
        cache.decr(key)


def _database_count_up(key: str, seconds: int) -> int:
    """One atomic upsert: parallel attempts each get their own count."""
    now = timezone.now()
    table = connection.ops.quote_name(ThrottleCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [now])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (bucket, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, now + timedelta(seconds=seconds)],
        )
        return cursor.fetchone()[0]


_warned_at = -math.inf
_warning_lock = threading.Lock()
WARNING_INTERVAL = 60  # seconds


def _warn_cache_down() -> None:
    """At most once a minute per process: a line per attempt would time-stamp each one."""
    global _warned_at
    with _warning_lock:
        if time.monotonic() - _warned_at < WARNING_INTERVAL:
            return
        _warned_at = time.monotonic()
    logger.warning("Throttle cache unavailable: counting in the database meanwhile")
