"""Tallies: the sufficient statistics of a group of responses.

A tally counts respondents, comments and late responses, and for every statement how many
respondents chose each scale position. Every figure of a summary (means, SDs, confidence
intervals, pooled means, distributions) derives from those counts, and tallies add up: a
group's tally is the sum of its sub-groups', a programme's the sum of its areas'. So the
database is scanned once per demographic question when surveys close, by aggregate queries,
and nothing is ever computed by loading answers into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf

from surveys.choices import DEMOGRAPHIC_QUESTIONS, DID_NOT_ANSWER, MULTIPLE, reporting_group
from surveys.models import RATING_CODES, SCALE_POINTS, Response, rating_field

DEADLINE = "deadline"
LATEST = "latest"
# The two snapshots of an area's (or a programme's) results, and what each holds.
SNAPSHOT_KINDS = {
    DEADLINE: "At the deadline (frozen: what the review team saw)",
    LATEST: "Latest (including late responses)",
}


def _empty_distributions() -> dict[str, list[int]]:
    return {code: [0] * SCALE_POINTS for code in RATING_CODES}


@dataclass
class Tally:
    respondents: int = 0
    with_comment: int = 0
    late: int = 0
    # Statement code -> respondents per raw scale position (before reverse scoring).
    distributions: dict[str, list[int]] = field(default_factory=_empty_distributions)

    def add(self, other: Tally) -> None:
        self.respondents += other.respondents
        self.with_comment += other.with_comment
        self.late += other.late
        for code, counts in other.distributions.items():
            mine = self.distributions[code]
            for position, count in enumerate(counts):
                mine[position] += count

    def to_json(self) -> dict:
        return {
            "respondents": self.respondents,
            "with_comment": self.with_comment,
            "late": self.late,
            "distributions": self.distributions,
        }

    @classmethod
    def from_json(cls, data: dict) -> Tally:
        return cls(
            respondents=data["respondents"],
            with_comment=data["with_comment"],
            late=data["late"],
            distributions={code: list(counts) for code, counts in data["distributions"].items()},
        )


def group_keys(question: str) -> list[str]:
    """Breakdown groups of a question: its options, then "multiple" and "did_not_answer"."""
    return [value for value, _label in DEMOGRAPHIC_QUESTIONS[question]] + [MULTIPLE, DID_NOT_ANSWER]


@dataclass
class SurveyTally:
    """The tallies one summary is built from: everyone, and each breakdown group."""

    overall: Tally = field(default_factory=Tally)
    # Responses per day of submission (ISO date -> count): participation over time.
    days: dict[str, int] = field(default_factory=dict)
    breakdowns: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: {
            q: {g: Tally() for g in group_keys(q)} for q in DEMOGRAPHIC_QUESTIONS
        }
    )

    def add(self, other: SurveyTally) -> None:
        self.overall.add(other.overall)
        for day, count in other.days.items():
            self.days[day] = self.days.get(day, 0) + count
        for question, groups in other.breakdowns.items():
            for group, tally in groups.items():
                self.breakdowns[question][group].add(tally)

    def to_json(self) -> dict:
        return {
            "overall": self.overall.to_json(),
            "days": dict(sorted(self.days.items())),
            "breakdowns": {
                question: {group: tally.to_json() for group, tally in groups.items()}
                for question, groups in self.breakdowns.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> SurveyTally:
        return cls(
            overall=Tally.from_json(data["overall"]),
            days=dict(data.get("days", {})),
            breakdowns={
                question: {group: Tally.from_json(tally) for group, tally in groups.items()}
                for question, groups in data["breakdowns"].items()
            },
        )


def _count_name(code: str, position: int) -> str:
    return f"{rating_field(code)}_at_{position}"


def _aggregates() -> dict:
    aggregates = {
        "respondents": Count("pk"),
        "with_comment": Count("pk", filter=~Q(comment="")),
    }
    for code in RATING_CODES:
        for position in range(SCALE_POINTS):
            aggregates[_count_name(code, position)] = Count(
                "pk", filter=Q(**{rating_field(code): position})
            )
    return aggregates


def _row_tally(respondents: int, with_comment: int, is_late: bool, counts: tuple) -> Tally:
    """A tally from one result row; `counts` holds SCALE_POINTS counts per code, in order."""
    return Tally(
        respondents=respondents,
        with_comment=with_comment,
        late=respondents if is_late else 0,
        distributions={
            code: list(counts[i * SCALE_POINTS : (i + 1) * SCALE_POINTS])
            for i, code in enumerate(RATING_CODES)
        },
    )


def _answer_expression(question: str):
    """The stored answer a breakdown counts: a primary role recoded by a programme lead
    counts as recoded, from the next computation on."""
    if question == "primary_role":
        return Coalesce(NullIf(F("primary_role_recoded"), Value("")), F("primary_role"))
    return F(question)


def tallies_collect(*, survey_ids: list[int]) -> dict[int, dict[str, SurveyTally]]:
    """{survey_id: {"deadline": SurveyTally, "latest": SurveyTally}} for the given surveys.

    One aggregate query per demographic question covers all the surveys: grouped by survey,
    lateness and the stored answer, it yields a handful of rows per survey. "deadline" counts
    only responses received by the deadline; "latest" counts every response. Responses
    excluded as ballot stuffing count in neither. The overall
    tally is the sum of the first question's groups, as every respondent is in exactly one.
    """
    result = {pk: {DEADLINE: SurveyTally(), LATEST: SurveyTally()} for pk in survey_ids}
    aggregates = _aggregates()
    first_question = next(iter(DEMOGRAPHIC_QUESTIONS))
    for question in DEMOGRAPHIC_QUESTIONS:
        query = (
            Response.objects.counted()
            .filter(survey_id__in=survey_ids)
            .annotate(answer=_answer_expression(question))
            .values("survey_id", "is_late", "answer")
            .annotate(**aggregates)
            .order_by()
        )
        # Plain rows from the ORM's own SQL: some 200 integers a row need no converters.
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            for survey_id, is_late, answer, respondents, with_comment, *counts in cursor:
                tally = _row_tally(respondents, with_comment, is_late, counts)
                group = reporting_group(answer)
                snapshots = result[survey_id]
                for kind in (LATEST,) if is_late else (DEADLINE, LATEST):
                    snapshots[kind].breakdowns[question][group].add(tally)
                    if question == first_question:
                        snapshots[kind].overall.add(tally)
    days = (
        Response.objects.counted()
        .filter(survey_id__in=survey_ids)
        .values_list("survey_id", "is_late", "submitted_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for survey_id, is_late, day, count in days:
        for kind in (LATEST,) if is_late else (DEADLINE, LATEST):
            tally = result[survey_id][kind]
            tally.days[day.isoformat()] = tally.days.get(day.isoformat(), 0) + count
    return result
