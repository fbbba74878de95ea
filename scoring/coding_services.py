"""Coding a comment: passages, their codes, "nothing to code", and the audit trail.

Every change records who made it and when (PassageCode.applied_by/applied_at, CodingEvent),
and marks the programme's suggestions and released counts stale: the beat refreshes them in
a worker once coding has been quiet for a while, never in the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from surveys.models import Programme, Response

from .coding_comments import CodingComment
from .coding_frame import Frame
from .coding_models import (
    POLARITY_CHOICES,
    AgreementSample,
    CodingEvent,
    CodingSettings,
    CommentCoding,
    Passage,
    PassageCode,
)
from .passage_offsets import passage_locate, passage_matches, to_original

POLARITIES = {value for value, _label in POLARITY_CHOICES}


class CodingError(ValueError):
    """A coding request that cannot be carried out; the message is for the person."""


def coding_event_record(
    *, programme: Programme, actor, action: str, response=None, flag=None, detail=None, now=None
) -> CodingEvent:
    return CodingEvent.objects.create(
        programme=programme,
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor and actor.is_authenticated else "system",
        at=now or timezone.now(),
        action=action,
        response=response,
        flag=flag,
        detail=detail or {},
    )


def coding_settings_get(*, programme: Programme) -> CodingSettings:
    settings_row, _created = CodingSettings.objects.get_or_create(programme=programme)
    return settings_row


def coding_mark_stale(*, programme: Programme, now: datetime | None = None) -> None:
    """A database write only: the beat refreshes suggestions and counts once the mark is
    older than the debounce window, so a burst of coding costs one refresh."""
    coding_settings_get(programme=programme)
    CodingSettings.objects.filter(programme=programme, stale_since__isnull=True).update(
        stale_since=now or timezone.now()
    )


def passage_span_from_selection(
    *, comment: CodingComment, quote: str = "", near: int | None = None
) -> tuple[int, int]:
    """The passage a person chose, as stored (original characters): the words they typed or
    selected in the text they see, or the whole comment when they gave none."""
    original, shown = comment.comment.original, comment.text
    if not quote.strip():
        return 0, len(original)
    if not passage_matches(text=shown, quote=quote):
        raise CodingError("Those words are not in the comment: copy them exactly.")
    found = passage_locate(text=shown, quote=quote, near=near)
    if found is None:
        raise CodingError(
            "Those words are in the comment more than once: add a word or two around them."
        )
    start, end = to_original(original=original, shown=shown, start=found[0], end=found[1])
    if end <= start:
        raise CodingError("Those words are not in the comment: copy them exactly.")
    return start, end


def _code_fields(key: str, frame: Frame) -> dict:
    if not frame.has(key):
        raise CodingError(f"{key} is not a code of this programme's frame.")
    if key.startswith("statement:"):
        return {"statement_code": key.removeprefix("statement:")}
    if key in POLARITIES:
        return {"polarity": key}
    return {"theme_id": int(key.removeprefix("theme:"))}


def _layer(response: Response, sample: AgreementSample | None, user):
    """The passages of one coding layer of a comment: the programme's, or one analyst's in a
    sample."""
    passages = Passage.objects.filter(response=response, sample=sample)
    return passages.filter(created_by=user) if sample is not None else passages


def passage_code(
    *,
    programme: Programme,
    response: Response,
    start: int,
    end: int,
    codes: Iterable[str],
    frame: Frame,
    user,
    sample: AgreementSample | None = None,
    imported_coder: str = "",
    now: datetime | None = None,
) -> Passage:
    """Give the passage [start, end) of a comment (original characters) these codes; the
    same span coded again gets the new codes only. Returns the passage."""
    now = now or timezone.now()
    keys = list(dict.fromkeys(codes))
    if not keys:
        raise CodingError("Choose at least one code for the passage.")
    if not 0 <= start < end <= len(response.comment):
        raise CodingError("The passage must lie within the comment.")
    fields = [(_code_fields(key, frame), key) for key in keys]
    with transaction.atomic():
        passage = _layer(response, sample, user).filter(start=start, end=end).first()
        if passage is None:
            passage = Passage.objects.create(
                response=response,
                start=start,
                end=end,
                sample=sample,
                created_by=user,
                created_at=now,
            )
        present = {code.key for code in passage.codes.all()}
        added = []
        for values, key in fields:
            if key in present:
                continue
            PassageCode.objects.create(
                passage=passage,
                applied_by=user,
                applied_at=now,
                imported_coder=imported_coder,
                **values,
            )
            added.append(key)
        CommentCoding.objects.update_or_create(
            response=response,
            sample=sample,
            **({"coder": user} if sample is not None else {}),
            defaults={"nothing_to_code": False, "updated_at": now, "coder": user},
        )
        if added:
            coding_event_record(
                programme=programme,
                actor=user,
                action="codes_applied",
                response=response,
                detail={
                    "codes": added,
                    "start": start,
                    "end": end,
                    "sample": sample.pk if sample else None,
                },
                now=now,
            )
        if sample is None:
            coding_mark_stale(programme=programme, now=now)
    return passage


def code_remove(*, programme: Programme, code: PassageCode, user, now=None) -> None:
    """Take one code off a passage; a passage left without codes goes, and a comment left
    without codes is uncoded again."""
    now = now or timezone.now()
    passage = code.passage
    response, sample = passage.response, passage.sample
    with transaction.atomic():
        key = code.key
        code.delete()
        if not passage.codes.exists():
            passage.delete()
        layer = PassageCode.objects.filter(passage__response=response, passage__sample=sample)
        if sample is not None:
            layer = layer.filter(passage__created_by=user)
        if not layer.exists():
            done = CommentCoding.objects.filter(response=response, sample=sample)
            if sample is not None:
                done = done.filter(coder=user)
            done.delete()
        coding_event_record(
            programme=programme,
            actor=user,
            action="code_removed",
            response=response,
            detail={"code": key, "start": passage.start, "end": passage.end},
            now=now,
        )
        if sample is None:
            coding_mark_stale(programme=programme, now=now)


def comment_nothing_to_code(
    *, programme: Programme, response: Response, user, sample=None, now=None
) -> None:
    """Mark a comment read and left without codes (it is about nothing in the frame)."""
    now = now or timezone.now()
    if _layer(response, sample, user).exists():
        raise CodingError("This comment has codes: remove them first.")
    with transaction.atomic():
        CommentCoding.objects.update_or_create(
            response=response,
            sample=sample,
            **({"coder": user} if sample is not None else {}),
            defaults={"nothing_to_code": True, "updated_at": now, "coder": user},
        )
        coding_event_record(
            programme=programme,
            actor=user,
            action="nothing_to_code",
            response=response,
            detail={"sample": sample.pk if sample else None},
            now=now,
        )
        if sample is None:
            coding_mark_stale(programme=programme, now=now)
