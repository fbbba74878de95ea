"""What every respondent page needs and only an administrator's correction changes (an
instrument's statements and labels, an area's and programme's names): each process reads it
at most once a minute. Shared between requests: read it, never change it."""

import time
from collections.abc import Callable
from typing import TypeVar

KEPT_SECONDS = 60
Kept = TypeVar("Kept")
_kept: dict[tuple, tuple[float, object]] = {}


def kept_for_a_minute(key: tuple, read: Callable[[], Kept]) -> Kept:
    now = time.monotonic()
    read_at, value = _kept.get(key, (None, None))
    if read_at is None or now - read_at > KEPT_SECONDS:
        value = read()
        _kept[key] = (now, value)
    return value


def kept_forget() -> None:
    """Forget everything kept (tests that change wording or roll changes back)."""
    _kept.clear()
