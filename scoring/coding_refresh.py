"""The worker's side of coding: a programme's suggestions and released counts, refreshed
after a survey closes (or late comments join) and as codes accumulate, never in a request.

A code change only marks the programme stale (scoring.coding_services). The beat
(`coding_refresh_due`) enqueues a refresh for each programme whose mark is older than the
debounce window, or that has comments newer than its last refresh; the task claims the
programme first, so two workers or a slow refresh never compute it twice at once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from relaudit.broker import enqueue
from surveys.models import Programme

from .coding_comments import CodingComment, area_summary, programme_coding_comments, ready_areas
from .coding_frame import Frame, frame_build
from .coding_models import CodingSettings, CommentSuggestion, PassageCode
from .coding_release import area_release_refresh
from .coding_services import coding_settings_get
from .models import SurveySnapshot
from .suggestions import CodedExample, statement_text_build, suggestions_compute
from .tallies import LATEST

logger = logging.getLogger(__name__)
REFRESH_TASK = "scoring.tasks.coding_refresh_task"
# Longer than a refresh of 100,000 comments takes, shorter than an hour: a claim older
# than this belongs to a task that died.
CLAIM_TIMEOUT = timedelta(minutes=15)
SUGGESTED_STATEMENTS = 5


def coded_examples(*, comments: list[CodingComment]) -> list[CodedExample]:
    """The programme's coded passages as the model learns from them: each statement coded
    on a passage, with the passage's enabler or barrier (a passage with a polarity and no
    statement still teaches enabler/barrier). Passages as shown (redactions applied)."""
    by_pk = {c.pk: c for c in comments}
    passages: dict[int, dict] = defaultdict(lambda: {"statements": [], "polarity": ""})
    for code in PassageCode.objects.filter(
        passage__response_id__in=list(by_pk), passage__sample__isnull=True
    ).select_related("passage"):
        entry = passages[code.passage_id]
        entry["passage"] = code.passage
        if code.statement_code:
            entry["statements"].append(code.statement_code)
        if code.polarity:
            entry["polarity"] = code.polarity
    examples = []
    for entry in passages.values():
        if not entry["polarity"]:
            continue  # the model's examples need a reading; a statement alone is skipped
        passage = entry["passage"]
        text = by_pk[passage.response_id].quote(passage.start, passage.end)
        if not text:
            continue
        for code in entry["statements"] or [""]:
            examples.append(CodedExample(text=text, code=code, polarity=entry["polarity"]))
    return examples


def programme_suggestions_compute(
    *, programme: Programme, frame: Frame | None = None, now: datetime | None = None
) -> int:
    """Suggest statements and a reading for every comment of the programme's ready areas,
    learning from what has been coded; store them (replacing older ones). Returns how many."""
    now = now or timezone.now()
    frame = frame or frame_build(programme=programme)
    comments = [c for c in programme_coding_comments(programme=programme) if c.text.strip()]
    statements = [
        statement_text_build(
            code=s.code,
            text=s.text,
            is_negative=s.is_negative,
            attribute=s.attribute,
            dimension=s.dimension,
            domain=s.domain,
        )
        for s in frame.statements
    ]
    suggestions = (
        suggestions_compute(
            passages=[c.text for c in comments],
            statements=statements,
            coded=coded_examples(comments=comments),
            top=SUGGESTED_STATEMENTS,
        )
        if comments
        else []
    )
    rows = [
        CommentSuggestion(
            response_id=comment.pk,
            programme=programme,
            statements=[[code, score] for code, score in suggestion.statements],
            top_codes="," + ",".join(code for code, _ in suggestion.statements[:3]) + ",",
            polarity=suggestion.polarity,
            polarity_score=suggestion.polarity_score,
            computed_at=now,
        )
        for comment, suggestion in zip(comments, suggestions, strict=True)
    ]
    with transaction.atomic():
        CommentSuggestion.objects.filter(programme=programme).delete()
        CommentSuggestion.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def programme_releases_refresh(
    *, programme: Programme, frame: Frame | None = None, now: datetime | None = None
) -> int:
    """Release each ready area's counts that changed by at least the threshold."""
    now = now or timezone.now()
    frame = frame or frame_build(programme=programme)
    released = 0
    for area in ready_areas(programme=programme):
        summary = area_summary(area=area, kind=LATEST)
        if summary is None:
            continue
        comments = programme_coding_comments(programme=programme, area_slug=area.slug)
        released += area_release_refresh(
            area=area, summary=summary, comments=comments, frame=frame, now=now
        )
    return released


def coding_refresh(*, programme: Programme, now: datetime | None = None) -> bool:
    """The task's work: claim the programme, refresh suggestions and releases, clear the
    stale mark set before the claim (a code saved meanwhile marks it again). False if
    another task holds the claim."""
    now = now or timezone.now()
    coding_settings_get(programme=programme)
    claimed = CodingSettings.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT), programme=programme
    ).update(claimed_at=now)
    if not claimed:
        return False
    try:
        frame = frame_build(programme=programme)
        count = programme_suggestions_compute(programme=programme, frame=frame, now=now)
        programme_releases_refresh(programme=programme, frame=frame, now=now)
        CodingSettings.objects.filter(programme=programme, stale_since__lte=now).update(
            stale_since=None
        )
        CodingSettings.objects.filter(programme=programme).update(refreshed_at=now)
        logger.info("Coding refreshed for programme %s: %d suggestions", programme.pk, count)
    finally:
        CodingSettings.objects.filter(programme=programme, claimed_at=now).update(claimed_at=None)
    return True


def programmes_due(*, now: datetime | None = None) -> list[int]:
    """Programmes whose suggestions and counts need a refresh: coding quiet for the debounce
    window since it was marked stale, or results (a close, late comments) newer than the
    last refresh; none that a live task holds."""
    now = now or timezone.now()
    quiet_since = now - timedelta(seconds=settings.RELAUDIT_CODING_DEBOUNCE_SECONDS)
    held = set(
        CodingSettings.objects.filter(claimed_at__gte=now - CLAIM_TIMEOUT).values_list(
            "programme_id", flat=True
        )
    )
    due = set(
        CodingSettings.objects.filter(stale_since__lte=quiet_since).values_list(
            "programme_id", flat=True
        )
    )
    refreshed = dict(CodingSettings.objects.values_list("programme_id", "refreshed_at"))
    newest = (
        SurveySnapshot.objects.filter(kind=LATEST, survey__closed_at__isnull=False)
        .values("survey__area__programme_id")
        .annotate(newest=Max("computed_at"))
        .values_list("survey__area__programme_id", "newest")
    )
    for programme_id, computed_at in newest:
        last = refreshed.get(programme_id)
        if last is None or computed_at > last:
            due.add(programme_id)
    return sorted(due - held)


def coding_refresh_due(*, now: datetime | None = None) -> list[int]:
    """The beat's part: enqueue a refresh for every programme due (after commit)."""
    due = programmes_due(now=now)
    for programme_id in due:
        transaction.on_commit(partial(enqueue, REFRESH_TASK, programme_id))
    return due
