"""A comment that needs more than analysis: flagged as a possible safeguarding or
whistleblowing concern by any reviewer, analyst or lead who reads it.

The programme's named safeguarding contact (CodingSettings; its leads if none is named) gets
an email through the outbox that says a comment was flagged and links to it: never the
comment's text, nor the flagger's reason, which could quote it. The flag records who raised
it and when, and later the outcome; every step goes in the audit trail (CodingEvent).

CANDIDATE_WORDS is an assist only, and says so on the page: it highlights comments worth a
second look in the coding queue. It will miss concerns worded otherwise and flag innocent
comments ("abuse of process"); nobody is flagged by it, a person decides. The list: the
categories of abuse in the Care Act 2014 statutory guidance (physical, sexual, psychological,
financial, neglect, discriminatory, organisational), harm to self, and what people write when
blowing the whistle (cover-ups, fraud, fear of speaking up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from surveys.models import Area, Response
from surveys.outbox import email_queue

from .coding_models import SafeguardingFlag
from .coding_services import CodingError, coding_event_record, coding_settings_get

CANDIDATE_WORDS = (
    "abuse",
    "abused",
    "abusive",
    "assault",
    "assaulted",
    "harm",
    "harmed",
    "hurt",
    "injury",
    "neglect",
    "neglected",
    "unsafe",
    "danger",
    "dangerous",
    "risk to life",
    "died",
    "death",
    "suicide",
    "suicidal",
    "self-harm",
    "harass",
    "harassed",
    "harassment",
    "bully",
    "bullied",
    "bullying",
    "intimidated",
    "threatened",
    "threat",
    "racist",
    "racism",
    "discriminated",
    "discrimination",
    "sexual",
    "inappropriate touching",
    "fraud",
    "theft",
    "stolen",
    "cover up",
    "covered up",
    "cover-up",
    "whistleblow",
    "whistleblowing",
    "whistle-blowing",
    "afraid to speak",
    "scared to speak",
    "fear of reprisal",
    "victimised",
    "exploited",
    "exploitation",
)
_CANDIDATES = re.compile(
    r"\b("
    + "|".join(re.escape(w) for w in sorted(CANDIDATE_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
MAX_REASON = 2000


def candidate_words(text: str) -> list[str]:
    """The list's words in a comment (lower case, once each, in order of appearance)."""
    return list(dict.fromkeys(m.group(0).lower() for m in _CANDIDATES.finditer(text)))


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


def highlighted(text: str) -> list[Segment]:
    """The text cut where the list's words are, so a template can mark them (escaped)."""
    segments, position = [], 0
    for match in _CANDIDATES.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()], False))
        segments.append(Segment(match.group(0), True))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def _recipients(area: Area) -> list[str]:
    contact = coding_settings_get(programme=area.programme).safeguarding_contact
    if contact is not None and contact.email and contact.is_active:
        return [contact.email]
    return [u.email for u in area.programme.leads.all() if u.email and u.is_active]


def comment_flag(*, area: Area, response: Response, by, reason: str = "") -> SafeguardingFlag:
    """Flag a comment and email the safeguarding contact a link to it (never its text)."""
    if response.survey.area_id != area.pk or not response.comment:
        raise CodingError("That comment is not in this area.")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise CodingError(f"Say why in {MAX_REASON} characters or fewer.")
    now = timezone.now()
    with transaction.atomic():
        flag = SafeguardingFlag.objects.create(
            programme=area.programme,
            response=response,
            flagged_by=by,
            flagged_at=now,
            reason=reason,
        )
        link = settings.SITE_ROOT + reverse(
            "safeguarding_flag", args=[area.programme.slug, flag.pk]
        )
        recipients = _recipients(area)
        for address in recipients:
            email_queue(
                key=f"safeguarding:{flag.pk}:{address.lower()}",
                to=address,
                template="email/safeguarding_flag",
                context={"programme": area.programme, "area": area, "link": link, "flag": flag},
            )
        coding_event_record(
            programme=area.programme,
            actor=by,
            action="flag_raised",
            response=response,
            flag=flag,
            detail={"emailed": len(recipients)},
            now=now,
        )
    return flag


def flag_outcome_record(*, flag: SafeguardingFlag, outcome: str, note: str, by) -> None:
    if outcome not in dict(SafeguardingFlag.OUTCOMES):
        raise CodingError("Choose an outcome.")
    note = note.strip()
    if len(note) > MAX_REASON:
        raise CodingError(f"Describe the outcome in {MAX_REASON} characters or fewer.")
    now = timezone.now()
    with transaction.atomic():
        flag.outcome, flag.outcome_note = outcome, note
        flag.outcome_by, flag.outcome_at = by, now
        flag.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
        coding_event_record(
            programme=flag.programme,
            actor=by,
            action="flag_outcome",
            response=flag.response,
            flag=flag,
            detail={"outcome": outcome},
            now=now,
        )
