"""The coding queue's reads: which comments match the filters, which is next, how far the
coding has got, and one comment's passages and suggestions as the coding page shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from surveys.models import Programme

from .coding_comments import CodingComment, programme_coding_comments
from .coding_frame import Frame, statement_key
from .coding_models import (
    AgreementSample,
    CommentCoding,
    CommentSuggestion,
    Passage,
    PassageCode,
)

STATUSES = {"uncoded": "Not coded yet", "coded": "Coded", "all": "All comments"}
SUGGESTED_TOP = 3  # an uncoded comment matches a statement filter if suggested in its top 3


@dataclass(frozen=True)
class QueueFilters:
    area: str = ""
    role: str = ""
    organisation_type: str = ""
    statement: str = ""
    theme: str = ""
    status: str = "uncoded"

    @classmethod
    def from_query(cls, query) -> QueueFilters:
        values = {name: query.get(name, "")[:100] for name in cls.__dataclass_fields__}
        if values["status"] not in STATUSES:
            values["status"] = "uncoded"
        if not values["theme"].isdigit():
            values["theme"] = ""
        return cls(**values)

    def as_query(self, **changes) -> str:
        values = {**self.__dict__, **changes}
        return urlencode({k: v for k, v in values.items() if v and v is not None})

    @property
    def narrowed(self) -> bool:
        return any(
            getattr(self, name)
            for name in ("area", "role", "organisation_type", "statement", "theme")
        )


@dataclass
class Queue:
    matching: list[CodingComment]
    coded: set[int]
    total: int  # comments of the programme's ready areas
    coded_total: int
    counts: dict[str, int] = field(default_factory=dict)

    def next_after(self, after: int | None, *, uncoded_only: bool) -> CodingComment | None:
        """The next matching comment after comment `after` (in queue order), wrapping round."""
        candidates = [c for c in self.matching if not uncoded_only or c.pk not in self.coded]
        if not candidates:
            return None
        if after is not None:
            order = [c.pk for c in self.matching]
            position = order.index(after) if after in order else -1
            later = [c for c in candidates if order.index(c.pk) > position]
            if later:
                return later[0]
        return candidates[0]


def coded_ids(*, response_ids) -> set[int]:
    return set(
        CommentCoding.objects.filter(response_id__in=response_ids, sample__isnull=True).values_list(
            "response_id", flat=True
        )
    )


def _coded_with(response_ids, *, statement: str = "", theme_ids=()) -> set[int]:
    codes = PassageCode.objects.filter(
        passage__response_id__in=response_ids, passage__sample__isnull=True
    )
    if statement:
        codes = codes.filter(statement_code=statement)
    if theme_ids:
        codes = codes.filter(theme_id__in=theme_ids)
    return set(codes.values_list("passage__response_id", flat=True))


def _suggested(response_ids, statement: str) -> set[int]:
    found = set()
    for pk, statements in CommentSuggestion.objects.filter(
        response_id__in=response_ids
    ).values_list("response_id", "statements"):
        if statement in [code for code, _score in statements[:SUGGESTED_TOP]]:
            found.add(pk)
    return found


def queue_build(*, programme: Programme, filters: QueueFilters, frame: Frame) -> Queue:
    everything = programme_coding_comments(programme=programme)
    coded = coded_ids(response_ids=[c.pk for c in everything])
    matching = everything
    if filters.narrowed:
        matching = programme_coding_comments(
            programme=programme,
            area_slug=filters.area,
            role=filters.role,
            organisation_type=filters.organisation_type,
        )
    ids = [c.pk for c in matching]
    if filters.statement:
        with_statement = _coded_with(ids, statement=filters.statement)
        suggested = _suggested([pk for pk in ids if pk not in coded], filters.statement)
        matching = [c for c in matching if c.pk in with_statement | suggested]
    if filters.theme:
        theme = int(filters.theme)
        family = [theme] + [
            child for child, parent in frame.theme_parent().items() if parent == theme
        ]
        with_theme = _coded_with(ids, theme_ids=family)
        matching = [c for c in matching if c.pk in with_theme]
    if filters.status == "uncoded":
        shown = [c for c in matching if c.pk not in coded]
    elif filters.status == "coded":
        shown = [c for c in matching if c.pk in coded]
    else:
        shown = matching
    return Queue(
        matching=shown,
        coded=coded,
        total=len(everything),
        coded_total=len(coded),
        counts={
            "matching": len(matching),
            "matching_coded": sum(c.pk in coded for c in matching),
        },
    )


@dataclass(frozen=True)
class PassageView:
    passage: Passage
    quote: str
    shown_start: int
    shown_end: int
    codes: list[tuple[PassageCode, str]]

    @property
    def whole(self) -> bool:
        return self.passage.start == 0 and self.passage.end == len(self.passage.response.comment)


def comment_passages(
    *, comment: CodingComment, frame: Frame, sample=None, coder=None
) -> list[PassageView]:
    """The comment's passages in one layer (the programme's, or `coder`'s in a sample),
    each with its quote in the moderated text and its codes labelled."""
    passages = Passage.objects.filter(response_id=comment.pk, sample=sample)
    if sample is not None:
        passages = passages.filter(created_by=coder)
    views = []
    for passage in passages.select_related("response").prefetch_related("codes__applied_by"):
        start, end = comment.shown_span(passage.start, passage.end)
        views.append(
            PassageView(
                passage=passage,
                quote=comment.text[start:end],
                shown_start=start,
                shown_end=end,
                codes=[
                    (code, frame.labels.get(code.key, code.key)) for code in passage.codes.all()
                ],
            )
        )
    return views


@dataclass(frozen=True)
class SuggestionView:
    statements: list[tuple[str, str, float]]  # (key, wording, score), best first
    polarity: str
    polarity_score: float
    computed_at: object


def comment_suggestion(*, response_id: int, frame: Frame, top: int = 5) -> SuggestionView | None:
    stored = CommentSuggestion.objects.filter(response_id=response_id).first()
    if stored is None:
        return None
    statements = [
        (statement_key(code), frame.labels.get(statement_key(code), code), score)
        for code, score in stored.statements[:top]
    ]
    return SuggestionView(statements, stored.polarity, stored.polarity_score, stored.computed_at)


def sample_pending(*, sample, user) -> list[int]:
    """Comments of a sample this analyst has still to code, in id order."""
    done = set(
        CommentCoding.objects.filter(sample=sample, coder=user).values_list(
            "response_id", flat=True
        )
    )
    return [
        pk for pk in sample.responses.order_by("pk").values_list("pk", flat=True) if pk not in done
    ]


def samples_for(*, user, programme: Programme):
    return AgreementSample.objects.filter(
        Q(first_analyst=user) | Q(second_analyst=user), programme=programme
    )
