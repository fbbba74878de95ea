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

from surveys.anonymity import suppression_across_parts, suppression_reasons
from surveys.choices import DEMOGRAPHIC_QUESTIONS
from surveys.models import Area, Statement

from .coding_comments import CodingComment, area_coding_comments, area_summary
from .coding_frame import Frame, statement_key, statement_where
from .coding_models import (
    BARRIER,
    ENABLER,
    CodingRelease,
    CommentCoding,
    CommentSuggestion,
    Passage,
)
from .coding_release import UNATTRIBUTED
from .reader import QUESTION_LABELS
from .tallies import LATEST

QUOTES_EACH = 3  # quotes per reading (enabler, barrier, neither) of a statement
SUGGESTED_SHOWN = 3
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


@dataclass
class Scope:
    """The released counts and comments one page reads: an area's, or every ready area's."""

    areas: list[Area]
    releases: dict[int, CodingRelease]  # by area id
    comments: dict[int, CodingComment]  # visible now, by comment id
    pending: int  # coded comments not in a release yet

    @property
    def released_ids(self) -> set[int]:
        return {pk for r in self.releases.values() for pk in r.comment_ids} & set(self.comments)

    @property
    def coded(self) -> int:
        return sum(r.counts.get("coded", 0) for r in self.releases.values())

    def area_counts(self, key: str) -> list[dict]:
        return [r.counts.get("codes", {}).get(key, {}) for r in self.releases.values()]

    @property
    def released_at(self):
        return max((r.released_at for r in self.releases.values()), default=None)


def scope_build(*, areas: list[Area]) -> Scope:
    releases, comments = {}, {}
    for area in areas:
        summary = area_summary(area=area, kind=LATEST)
        if summary is None:
            continue
        for comment in area_coding_comments(area=area, summary=summary):
            comments[comment.pk] = comment
        release = CodingRelease.objects.filter(survey=area.survey).first()
        if release is not None:
            releases[area.pk] = release
    coded = set(
        CommentCoding.objects.filter(
            response_id__in=list(comments), sample__isnull=True
        ).values_list("response_id", flat=True)
    )
    released = {pk for r in releases.values() for pk in r.comment_ids}
    return Scope(areas, releases, comments, pending=len(coded - released))


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


def passage_quotes(scope: Scope, key: str, frame: Frame) -> list[Quote]:
    """A few passages coded with `key`: up to QUOTES_EACH enablers, barriers and others (the
    same words once in each), taken from each area in turn: one area does not speak for all."""
    candidates: dict[str, dict[str, list[Quote]]] = {ENABLER: {}, BARRIER: {}, "": {}}
    seen: set[tuple[str, str]] = set()
    passages = (
        Passage.objects.filter(response_id__in=scope.released_ids, sample__isnull=True)
        .prefetch_related("codes")
        .order_by("response_id", "start", "pk")
    )
    for passage in passages:
        codes = {code.key for code in passage.codes.all()}
        if key not in codes:
            continue
        comment = scope.comments[passage.response_id]
        text = comment.quote(passage.start, passage.end)
        reading = ENABLER if ENABLER in codes else BARRIER if BARRIER in codes else ""
        if not text or (reading, text) in seen:
            continue
        seen.add((reading, text))
        by_area = candidates[reading].setdefault(comment.area.name, [])
        by_area.append(Quote(text, comment.comment.respondent_type, reading, comment.area.name))
    chosen = []
    for by_area in candidates.values():
        queues = list(by_area.values())
        taken: list[Quote] = []
        while len(taken) < QUOTES_EACH and any(queues):
            for queue in queues:
                if queue and len(taken) < QUOTES_EACH:
                    taken.append(queue.pop(0))
        chosen += taken
    return chosen


def _suggested(scope: Scope, code: str) -> list[Quote]:
    """Comments not coded yet whose stored suggestion puts this statement in its top three."""
    coded = set(
        CommentCoding.objects.filter(
            response_id__in=list(scope.comments), sample__isnull=True
        ).values_list("response_id", flat=True)
    )
    found = []
    for suggestion in CommentSuggestion.objects.filter(
        response_id__in=[pk for pk in scope.comments if pk not in coded]
    ):
        scores = dict((c, s) for c, s in suggestion.statements[:3])
        if code in scores:
            comment = scope.comments[suggestion.response_id]
            found.append(
                Quote(
                    comment.text,
                    comment.comment.respondent_type,
                    suggestion.polarity,
                    comment.area.name,
                    scores[code],
                )
            )
    found.sort(key=lambda q: -q.score)
    return found[:SUGGESTED_SHOWN]


def statement_said(*, scope: Scope, statement: Statement, frame: Frame) -> StatementSaid:
    key = statement_key(statement.code)
    counts = scope.area_counts(key)
    programme_wide = len(scope.areas) > 1
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
