"""What people said about a statement, in an area or across the programme: how many comments
were coded to it, as enablers and as barriers, by respondent type, and a few quotes.

Every count comes from the released counts (scoring.coding_release) and goes through the
suppression rule of surveys.anonymity before anyone sees it: a group of fewer than the
threshold is hidden, and so is the next smallest while the hidden ones (with the comments
counted under no group, never shown) hold fewer than the threshold together. Across the
programme, the areas' own tables are taken into account (suppression_across_parts), since a
lead sees both. Quotes are passages of released comments as reviewers read them (the
redaction, never a hidden comment), with the respondent type scoring.comments allows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q

from surveys.anonymity import suppression_across_parts, suppression_reasons
from surveys.choices import DEMOGRAPHIC_QUESTIONS
from surveys.models import Statement

from .coding_frame import Frame, statement_key, statement_where
from .coding_models import (
    BARRIER,
    ENABLER,
    CommentCoding,
    CommentSuggestion,
    PassageCode,
)
from .coding_release import UNATTRIBUTED
from .reader import QUESTION_LABELS
from .said_scope import Scope

QUOTES_EACH = 3  # quotes per reading (enabler, barrier, neither) of a statement
SUGGESTED_SHOWN = 3
# Suggestions read to find the best few for a statement: bounded, so a page stays quick
# however many comments a programme has.
SUGGESTIONS_READ = 2000
RESPONDENT_TYPE = ("primary_role", "organisation_type")


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str
    n: int | None  # None: suppressed
    reason: str | None = None


@dataclass(frozen=True)
class GroupTable:
    question: str
    label: str
    rows: tuple[GroupCount, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    respondent_type: str
    polarity: str
    area: str
    score: float | None = None  # a suggestion's score; None for a coded passage


@dataclass
class StatementSaid:
    statement: Statement
    comments: int
    enablers: int
    barriers: int
    groups: list[GroupTable]
    quotes: list[Quote] = field(default_factory=list)
    suggested: list[Quote] = field(default_factory=list)

    @property
    def where(self) -> str:
        return statement_where(self.statement)

    @property
    def key(self) -> str:
        return statement_key(self.statement.code)


def code_filter(key: str) -> Q:
    """PassageCodes with this code key (a child theme's codes are its parent's too)."""
    if key.startswith("statement:"):
        return Q(statement_code=key.removeprefix("statement:"))
    if key.startswith("theme:"):
        theme = int(key.removeprefix("theme:"))
        return Q(theme_id=theme) | Q(theme__parent_id=theme)
    return Q(polarity=key)


def group_table(question: str, sizes: dict[str, int], parts: list[dict] | None) -> GroupTable:
    """One question's groups with their counts, suppressed where the rule says so."""
    options = [key for key, _label in DEMOGRAPHIC_QUESTIONS[question]]
    whole = {key: sizes.get(key, 0) for key in options} | {UNATTRIBUTED: sizes.get(UNATTRIBUTED, 0)}
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    if parts and len(parts) > 1:
        wholes = [{k: p.get(k, 0) for k in whole} for p in parts]
        reasons = suppression_across_parts(whole, wholes, threshold)
    else:
        reasons = suppression_reasons(whole, threshold)
    labels = dict(DEMOGRAPHIC_QUESTIONS[question])
    return GroupTable(
        question,
        QUESTION_LABELS[question],
        tuple(
            GroupCount(key, labels[key], None if key in reasons else whole[key], reasons.get(key))
            for key in options
        ),
    )


def groups_summed(counts: list[dict], question: str) -> tuple[dict[str, int], list[dict]]:
    parts = [c.get("groups", {}).get(question, {}) for c in counts if c]
    total: dict[str, int] = defaultdict(int)
    for part in parts:
        for key, n in part.items():
            total[key] += n
    return dict(total), parts


@dataclass(frozen=True)
class _Passage:
    response_id: int
    start: int
    end: int


def passage_quotes(scope: Scope, key: str, frame: Frame) -> list[Quote]:
    """A few passages coded with `key`: up to QUOTES_EACH enablers, barriers and others (the
    same words once in each), taken from each area in turn: one area does not speak for all.
    Only released comments that reviewers can still read are quoted. Passages are read as
    plain values with their reading (enabler, barrier or neither) worked out by the
    database, not as rows with their codes."""
    codes_of = PassageCode.objects.filter(passage_id=OuterRef("passage_id"))
    rows = list(
        PassageCode.objects.filter(
            code_filter(key),
            passage__sample__isnull=True,
            passage__response__survey__area_id__in=scope.area_ids,
        )
        .annotate(
            area_id=F("passage__response__survey__area_id"),
            enabler=Exists(codes_of.filter(polarity=ENABLER)),
            barrier=Exists(codes_of.filter(polarity=BARRIER)),
        )
        .order_by("passage__response_id", "passage__start", "passage_id")
        .values_list(
            "area_id",
            "passage__response_id",
            "passage__start",
            "passage__end",
            "enabler",
            "barrier",
        )
    )
    scope.released_read(row[0] for row in rows)
    released = [row for row in rows if row[1] in scope.released(row[0])]
    areas = list(dict.fromkeys(row[0] for row in released))  # in the order first quoted
    queues: dict[str, dict[int, list[_Passage]]] = {
        reading: {area_id: [] for area_id in areas} for reading in (ENABLER, BARRIER, "")
    }
    for area_id, response_id, start, end, enabler, barrier in released:
        reading = ENABLER if enabler else BARRIER if barrier else ""
        queues[reading][area_id].append(_Passage(response_id, start, end))
    for reading in (ENABLER, BARRIER, ""):
        for area_id, response_id in _in_turn(queues[reading]):
            scope.expect(area_id, [response_id])
    chosen = []
    for reading in (ENABLER, BARRIER, ""):
        chosen += _taken_in_turn(scope, queues[reading], reading)
    return chosen


def _in_turn(by_area: dict[int, list[_Passage]]):
    """(area id, response id) in the order _taken_in_turn reads them."""
    longest = max((len(queue) for queue in by_area.values()), default=0)
    for position in range(longest):
        for area_id, queue in by_area.items():
            if position < len(queue):
                yield area_id, queue[position].response_id


def _taken_in_turn(scope: Scope, by_area: dict[int, list[_Passage]], reading: str) -> list[Quote]:
    queues = {area_id: list(passages) for area_id, passages in by_area.items()}
    taken: list[Quote] = []
    seen: set[str] = set()
    while len(taken) < QUOTES_EACH and any(queues.values()):
        for area_id, queue in queues.items():
            if not queue or len(taken) >= QUOTES_EACH:
                continue
            passage = queue.pop(0)
            comment = scope.comment(scope.area(area_id), passage.response_id)
            text = comment.quote(passage.start, passage.end) if comment else ""
            if text and text not in seen:
                seen.add(text)
                taken.append(
                    Quote(text, comment.comment.respondent_type, reading, comment.area.name)
                )
    return taken


def _suggested(scope: Scope, code: str) -> list[Quote]:
    """Comments not coded yet whose stored suggestion puts this statement in its top three,
    best score first. Suggestions are read as plain values, not as rows of responses."""
    if not scope.suggested:
        return []
    rows = (
        CommentSuggestion.objects.filter(
            response__survey__area_id__in=scope.area_ids, top_codes__contains=f",{code},"
        )
        .exclude(
            Exists(CommentCoding.objects.filter(response_id=OuterRef("response_id"), sample=None))
        )
        .order_by("pk")
        .values_list("pk", "response_id", "response__survey__area_id", "statements", "polarity")[
            :SUGGESTIONS_READ
        ]
    )
    scored = sorted(
        ((dict((c, v) for c, v in statements[:3])[code], pk, response_id, area_id, polarity)
         for pk, response_id, area_id, statements, polarity in rows),
        key=lambda row: (-row[0], row[1]),
    )  # fmt: skip
    for _score, _pk, response_id, area_id, _polarity in scored:
        scope.expect(area_id, [response_id])
    found = []
    for score, _pk, response_id, area_id, polarity in scored:
        area = scope.area(area_id)
        comment = scope.comment(area, response_id)
        if comment is None:
            continue
        found.append(
            Quote(comment.text, comment.comment.respondent_type, polarity, area.name, score)
        )
        if len(found) == SUGGESTED_SHOWN:
            break
    return found


def statement_said(*, scope: Scope, statement: Statement, frame: Frame) -> StatementSaid:
    key = statement_key(statement.code)
    counts = scope.area_counts(key)
    programme_wide = len(scope.area_ids) > 1
    tables = []
    for question in RESPONDENT_TYPE:
        sizes, parts = groups_summed(counts, question)
        tables.append(group_table(question, sizes, parts if programme_wide else None))
    said = StatementSaid(
        statement=statement,
        comments=sum(c.get("comments", 0) for c in counts),
        enablers=sum(c.get(ENABLER, 0) for c in counts),
        barriers=sum(c.get(BARRIER, 0) for c in counts),
        groups=tables,
    )
    if said.comments:
        said.quotes = passage_quotes(scope, key, frame)
    else:
        said.suggested = _suggested(scope, statement.code)
    return said


FRAMEWORK_NAMES = {
    "relational_value": "relational value",
    "relational_proximity": "relational proximity",
}


def default_statements(summary) -> list[tuple[str, str]]:
    """(code, why it is shown): the best and the worst statement of each framework."""
    chosen: dict[str, str] = {}
    if summary is None:
        return []
    for framework, name in FRAMEWORK_NAMES.items():
        for ranking, word in ((summary.worst, "Lowest"), (summary.best, "Highest")):
            ranked = ranking.get(framework) or ()
            if ranked:
                chosen.setdefault(ranked[0].code, f"{word} scoring statement in {name}")
    return list(chosen.items())


def said_context(*, scope, frame, summary, requested: str) -> dict:
    by_code = {s.code: s for s in frame.statements}
    if requested in by_code:
        wanted = [(requested, "The statement you chose")]
    else:
        wanted = default_statements(summary) or [(s.code, "") for s in frame.statements[:1]]
    return {
        "statements_said": [
            (why, statement_said(scope=scope, statement=by_code[code], frame=frame))
            for code, why in wanted
            if code in by_code
        ],
        "frame": frame,
        "scope": scope,
        "chosen": requested if requested in by_code else "",
    }
