"""Throttling that keeps no identity: counts per client in the cache, under a key that is
an HMAC of the client's address with a secret that changes every day, expiring within the
hour. Nothing reaches the database or the logs, and yesterday's keys cannot be linked to
today's. If the cache is down, requests pass: a respondent is never refused for that.

Not django-ratelimit: it keys its counters by an unsalted hash of the address (with the
rule and window), which anyone who can read the cache reverses by hashing every IPv4
address; an HMAC under a secret that is never stored cannot be reversed that way.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    scope: str
    slow_after: int  # attempts in the window after which each one is answered slowly
    limit: int  # attempts in the window after which they are refused
    window: int  # seconds (at most an hour)
    delay: float = 1.0  # seconds added to each slowed attempt


ACCESS_CODES = Rule("code", slow_after=5, limit=20, window=15 * 60)
SIGN_IN = Rule("signin", slow_after=3, limit=10, window=15 * 60)


def submissions_rule() -> Rule:
    per_minute = settings.RELAUDIT_SUBMISSIONS_PER_MINUTE
    return Rule("submit", slow_after=per_minute, limit=per_minute, window=60)


def _client(request) -> str:
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()  # the hop our proxy saw
    return request.META.get("REMOTE_ADDR", "")


def _key(request, rule: Rule) -> str:
    day = timezone.now().date().isoformat()
    secret = hmac.new(settings.SECRET_KEY.encode(), f"throttle:{day}".encode(), hashlib.sha256)
    digest = hmac.new(secret.digest(), _client(request).encode(), hashlib.sha256).hexdigest()
    return f"throttle:{rule.scope}:{digest[:40]}"


def _count(request, rule: Rule) -> int:
    try:
        return cache.get(_key(request, rule), 0)
    except Exception:  # noqa: BLE001  (the cache being down must never refuse anyone)
        logger.warning("Throttle cache unavailable: letting the request through")
        return 0


def throttle_refused(request, rule: Rule) -> bool:
    """Whether this client is over the limit; slows the request down when it is close."""
    count = _count(request, rule)
    if count >= rule.limit:
        return True
    if count >= rule.slow_after:
        time.sleep(min(rule.delay * (count - rule.slow_after + 1), 3.0))
    return False


def throttle_hit(request, rule: Rule) -> None:
    """Count one attempt (a wrong code, a failed sign-in, a stored response)."""
    key = _key(request, rule)
    try:
        try:
            cache.incr(key)
        except ValueError:  # the first in this window: the window starts now
            cache.add(key, 1, timeout=rule.window)
    except Exception:  # noqa: BLE001
        logger.warning("Throttle cache unavailable: attempt not counted")
