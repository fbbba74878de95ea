"""Ballot stuffing is detected, not refused: every valid questionnaire is stored, however
many come from one address (a trust's staff share one). What looks like stuffing is
flagged with counts on the area's admin page, and an administrator may exclude it from
results with a recorded reason.

Flags, per area (responses already excluded aside):
- identical answers: responses alike in every rating, every "about you" answer and the
  comment, beyond the first of each such group;
- unusual days: a day with at least BUSY_DAY_MINIMUM responses and more than
  BUSY_DAY_FACTOR times the area's median day (only the day of a response is stored,
  never the time, so that is as fine as a rate can be read).
One questionnaire page stores at most one response (its key is unique), so "many
responses from one form" cannot happen.

Only responses no result has taken in may be excluded (Response.objects.not_in_results):
those of an area whose results are not computed yet, and late responses still waiting for
their group. Taking answers out of figures already shown would let anyone compare the
figures before and after and read exactly the answers taken out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db import transaction
from django.utils import timezone

from .models import RATING_CODES, Response, ResponseExclusion, Survey, rating_field

BUSY_DAY_MINIMUM = 20
BUSY_DAY_FACTOR = 4
COPIES = "copies"
PATTERN_FIELDS = [
    *(rating_field(code) for code in RATING_CODES),
    "organisation_type", "primary_role", "primary_role_other", "time_in_system", "comment",
]  # fmt: skip


class ExclusionError(ValueError):
    pass


@dataclass(frozen=True)
class StuffingFlags:
    identical_groups: int  # groups of two or more identical responses
    copies: int  # responses in those groups beyond the first of each
    busy_days: list[tuple[date, int]]  # unusual days and their responses
    median_day: float  # the area's median responses a day
    excludable_copies: int  # copies no result has taken in yet
    excludable_days: dict[date, int]  # responses of each unusual day not yet in results

    @property
    def any(self) -> bool:
        return bool(self.copies or self.busy_days)


def _copies(survey: Survey) -> tuple[int, list[int]]:
    """(groups of identical responses, ids of every copy beyond the first of its group)."""
    first_seen, copies, groups = {}, [], set()
    responses = Response.objects.counted().filter(survey=survey).order_by("pk")
    for pk, *pattern in responses.values_list("pk", *PATTERN_FIELDS).iterator(2000):
        key = tuple(pattern)
        if key in first_seen:
            copies.append(pk)
            groups.add(key)
        else:
            first_seen[key] = pk
    return len(groups), copies


def _busy_days(survey: Survey) -> tuple[list[tuple[date, int]], float]:
    days = Counter(
        Response.objects.counted().filter(survey=survey).values_list("submitted_on", flat=True)
    )
    if not days:
        return [], 0.0
    typical = median(days.values())
    busy = [
        (day, n)
        for day, n in sorted(days.items())
        if n >= BUSY_DAY_MINIMUM and n > BUSY_DAY_FACTOR * typical
    ]
    return busy, typical


def survey_stuffing_flags(*, survey: Survey) -> StuffingFlags:
    groups, copies = _copies(survey)
    busy, typical = _busy_days(survey)
    waiting = Response.objects.not_in_results().filter(survey=survey)
    return StuffingFlags(
        identical_groups=groups,
        copies=len(copies),
        busy_days=busy,
        median_day=typical,
        excludable_copies=waiting.filter(pk__in=copies).count(),
        excludable_days=dict(
            Counter(
                waiting.filter(submitted_on__in=[day for day, _n in busy]).values_list(
                    "submitted_on", flat=True
                )
            )
        ),
    )


def responses_exclude(*, survey: Survey, what: str, reason: str, user, now=None) -> int:
    """Exclude flagged responses that no result has taken in: `what` is COPIES (every copy
    of identical answers, the first of each kept) or an unusual day's ISO date (every
    response of that day). Returns how many were excluded."""
    reason = reason.strip()
    if not reason:
        raise ExclusionError("Say why these responses are excluded: the reason is recorded.")
    with transaction.atomic():
        # Closing and recomputing lock this row too: no result takes these responses in
        # while they are being excluded.
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        flags = survey_stuffing_flags(survey=survey)
        waiting = Response.objects.not_in_results().filter(survey=survey)
        if what == COPIES:
            chosen = waiting.filter(pk__in=_copies(survey)[1])
            label = "Copies of identical answers"
        else:
            day = next((d for d, _n in flags.busy_days if d.isoformat() == what), None)
            if day is None:
                raise ExclusionError("Choose one of the flagged groups.")
            chosen = waiting.filter(submitted_on=day)
            label = f"Responses received on {day:%-d %B %Y}"
        pks = list(chosen.values_list("pk", flat=True))
        if not pks:
            raise ExclusionError(
                "None of these responses can be excluded: they are already in the results."
            )
        exclusion = ResponseExclusion.objects.create(
            survey=survey,
            what=label,
            reason=reason,
            responses_excluded=len(pks),
            excluded_by=user,
            excluded_at=now or timezone.now(),
        )
        Response.objects.filter(pk__in=pks).update(exclusion=exclusion)
    return len(pks)
