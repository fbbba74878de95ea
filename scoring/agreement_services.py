"""Agreement samples: a lead asks two analysts to code the same comments independently
(each sees neither the other's codes nor the programme's), reads how far they agree, and
settles each disagreement; settled and agreed codes go into the programme's coding."""

from __future__ import annotations

import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from surveys.models import Programme, Response

from .coding_comments import programme_coding_comments
from .coding_frame import Frame
from .coding_models import (
    AgreementSample,
    CommentCoding,
    Passage,
    PassageCode,
    ProgrammeAnalyst,
    SampleSettlement,
)
from .coding_services import CodingError, code_remove, coding_event_record, passage_code
from .selectors import is_lead

MAX_SAMPLE = 200


def sample_create(
    *, programme: Programme, first_id: int, second_id: int, size: int, by
) -> AgreementSample:
    User = get_user_model()
    coders = []
    for user_id in (first_id, second_id):
        user = User.objects.filter(pk=user_id).first()
        allowed = user is not None and (
            ProgrammeAnalyst.objects.filter(programme=programme, user=user).exists()
            or is_lead(user=user, programme=programme)
        )
        if not allowed:
            raise CodingError("Choose two of the programme's analysts or leads.")
        coders.append(user)
    if coders[0] == coders[1]:
        raise CodingError("Choose two different people: agreement is between two coders.")
    if not 1 <= size <= MAX_SAMPLE:
        raise CodingError(f"A sample has between 1 and {MAX_SAMPLE} comments.")
    pool = [c.pk for c in programme_coding_comments(programme=programme)]
    if not pool:
        raise CodingError("There are no comments to sample yet: no area's results are ready.")
    chosen = random.SystemRandom().sample(pool, min(size, len(pool)))
    with transaction.atomic():
        sample = AgreementSample.objects.create(
            programme=programme,
            first_analyst=coders[0],
            second_analyst=coders[1],
            created_by=by,
            created_at=timezone.now(),
        )
        sample.responses.set(chosen)
        coding_event_record(
            programme=programme,
            actor=by,
            action="sample_created",
            detail={"sample": sample.pk, "comments": len(chosen)},
        )
    return sample


def sample_codes(*, sample: AgreementSample) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Each analyst's codes per comment, for the comments both have finished."""
    done: dict[int, set[int]] = defaultdict(set)
    for response_id, coder_id in CommentCoding.objects.filter(sample=sample).values_list(
        "response_id", "coder_id"
    ):
        done[coder_id].add(response_id)
    first, second = sample.first_analyst_id, sample.second_analyst_id
    both = done[first] & done[second]
    codes = {first: {pk: set() for pk in both}, second: {pk: set() for pk in both}}
    for code in PassageCode.objects.filter(
        passage__sample=sample, passage__response_id__in=both
    ).select_related("passage"):
        coder = code.passage.created_by_id
        if coder in codes:
            codes[coder][code.passage.response_id].add(code.key)
    return codes[first], codes[second]


def _span_of(sample: AgreementSample, response_id: int, key: str, coder_id: int):
    for passage in Passage.objects.filter(
        sample=sample, response_id=response_id, created_by_id=coder_id
    ).prefetch_related("codes"):
        if key in {code.key for code in passage.codes.all()}:
            return passage.start, passage.end
    return None


def sample_settle(
    *, sample: AgreementSample, response_id: int, key: str, applies: bool, frame: Frame, by
) -> None:
    """Settle one disagreement: the code applies to the comment (on the passage the analyst
    who gave it chose) or it does not (taken off the programme's coding)."""
    first, second = sample_codes(sample=sample)
    if response_id not in first or key not in first[response_id] ^ second[response_id]:
        raise CodingError("That is not a disagreement of this sample.")
    response = Response.objects.get(pk=response_id)
    programme = sample.programme
    with transaction.atomic():
        SampleSettlement.objects.update_or_create(
            sample=sample,
            response=response,
            code_key=key,
            defaults={"applies": applies, "settled_by": by, "settled_at": timezone.now()},
        )
        if applies:
            coder = (
                sample.first_analyst_id if key in first[response_id] else sample.second_analyst_id
            )
            start, end = _span_of(sample, response_id, key, coder)
            passage_code(
                programme=programme,
                response=response,
                start=start,
                end=end,
                codes=[key],
                frame=frame,
                user=by,
            )
        else:
            for code in PassageCode.objects.filter(
                passage__response=response, passage__sample__isnull=True
            ).select_related("passage__response", "passage__sample"):
                if code.key == key:
                    code_remove(programme=programme, code=code, user=by)
        coding_event_record(
            programme=programme,
            actor=by,
            action="disagreement_settled",
            response=response,
            detail={"sample": sample.pk, "code": key, "applies": applies},
        )


def sample_adopt_agreed(*, sample: AgreementSample, frame: Frame, by) -> int:
    """Copy every code both analysts gave a comment into the programme's coding (on the
    first analyst's passage). Returns how many codes were copied."""
    first, second = sample_codes(sample=sample)
    copied = 0
    with transaction.atomic():
        for response_id in sorted(first):
            agreed = first[response_id] & second[response_id]
            if not agreed:
                continue
            response = Response.objects.get(pk=response_id)
            for key in sorted(agreed):
                start, end = _span_of(sample, response_id, key, sample.first_analyst_id)
                passage_code(
                    programme=sample.programme,
                    response=response,
                    start=start,
                    end=end,
                    codes=[key],
                    frame=frame,
                    user=by,
                )
                copied += 1
    return copied
