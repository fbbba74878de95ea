"""One typed reader over a stored summary: pages, charts and every export format read
results through it instead of walking the JSON's string keys.

The stored summary JSON is the public contract (analysts' scripts read it); this module
joins it to the instrument's wording so that nothing downstream shows a bare code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from surveys.choices import DEMOGRAPHIC_QUESTIONS, DID_NOT_ANSWER, MULTIPLE
from surveys.models import Instrument, Statement

from .summary import FRAMEWORKS, RELATIONAL_PROXIMITY, RELATIONAL_VALUE

FRAMEWORK_LABELS = {
    RELATIONAL_VALUE: "Relational value",
    RELATIONAL_PROXIMITY: "Relational proximity",
}
QUESTION_LABELS = {
    "organisation_type": "Organisation type",
    "primary_role": "Primary role",
    "time_in_system": "Time in the system",
}
EXTRA_GROUP_LABELS = {MULTIPLE: "More than one ticked", DID_NOT_ANSWER: "Did not answer"}


def group_label(question: str, key: str) -> str:
    return dict(DEMOGRAPHIC_QUESTIONS[question]).get(key) or EXTRA_GROUP_LABELS.get(key, key)


def option_shares(distribution) -> list[float]:
    """Each option's share of the answers, in percent (empty when there are none)."""
    if not distribution or not sum(distribution):
        return []
    total = sum(distribution)
    return [100 * count / total for count in distribution]


def part_label(key: str | None) -> str:
    return key.replace("_", " ").capitalize() if key else "–"


@dataclass(frozen=True)
class StatementResult:
    code: str
    text: str
    framework: str
    attribute: str
    dimension: str
    domain: str
    is_negative: bool
    n: int | None
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    distribution: tuple[int, ...] | None

    @property
    def where(self) -> str:
        """Where the statement sits in its framework, as the annex writes it."""
        if self.attribute:
            return f"{part_label(self.attribute)}/{part_label(self.dimension)}"
        return f"Proximity/{part_label(self.domain)}"

    @property
    def shares(self) -> list[float]:
        """Each option's share of the answers, in percent (empty when suppressed)."""
        return option_shares(self.distribution)


@dataclass(frozen=True)
class GroupStatement:
    n: int | None
    mean: float | None
    distribution: tuple[int, ...] | None


@dataclass(frozen=True)
class GroupResult:
    question: str
    key: str
    label: str
    n: int | None
    suppressed: bool
    n_bracket: str | None
    suppressed_reason: str | None
    frameworks: dict[str, float | None]
    attributes: dict[str, float | None]
    domains: dict[str, float | None]
    statements: dict[str, GroupStatement]


@dataclass(frozen=True)
class AreaFigures:
    """One area's line in a programme summary."""

    slug: str
    responses: int
    with_comment: int
    late: int
    sent_to: int | None
    responses_by_day: dict[str, int]
    means: dict | None  # None: fewer respondents than the threshold


@dataclass(frozen=True)
class Summary:
    area: str | None
    programme: str
    instrument_version: str
    snapshot: str
    computed_at: str
    min_group_size: int
    responses: int
    with_comment: int
    late: int
    statements: tuple[StatementResult, ...]
    attributes: dict[str, float | None]
    dimensions: dict[str, float | None]
    domains: dict[str, float | None]
    frameworks: dict[str, float | None]
    best: dict[str, tuple[StatementResult, ...]]
    worst: dict[str, tuple[StatementResult, ...]]
    breakdowns: dict[str, tuple[GroupResult, ...]]
    areas: tuple[AreaFigures, ...]
    raw: dict = field(repr=False, compare=False)

    @property
    def suppressed(self) -> bool:
        return self.responses < self.min_group_size

    @cached_property
    def by_code(self) -> dict[str, StatementResult]:
        return {statement.code: statement for statement in self.statements}

    def statement(self, code: str) -> StatementResult:
        return self.by_code[code]

    def framework_statements(self, framework: str) -> list[StatementResult]:
        return [s for s in self.statements if s.framework == framework]

    @property
    def matrix(self) -> list[tuple[str, list[StatementResult], float | None]]:
        """Relational value: (attribute, its statements by dimension, attribute mean)."""
        rows = []
        for attribute, mean in self.attributes.items():
            cells = {s.dimension: s for s in self.statements if s.attribute == attribute}
            rows.append((attribute, [cells[d] for d in self.dimensions if d in cells], mean))
        return rows

    @property
    def proximity(self) -> list[tuple[str, StatementResult, float | None]]:
        """Relational proximity: (domain, its statement, domain mean)."""
        cells = {s.domain: s for s in self.statements if s.domain}
        return [(domain, cells[domain], mean) for domain, mean in self.domains.items()]

    def extremes(self, means: dict[str, float | None]) -> tuple[str | None, str | None]:
        """The keys with the highest and the lowest mean, for text beside a chart."""
        scored = [(key, mean) for key, mean in means.items() if mean is not None]
        if not scored:
            return None, None
        # Ties go to the first in instrument order, as the tables list them.
        return max(scored, key=lambda s: s[1])[0], min(scored, key=lambda s: s[1])[0]


def _statement(meta: Statement, figures: dict) -> StatementResult:
    ci = figures.get("ci95") or (None, None)
    distribution = figures.get("distribution")
    return StatementResult(
        code=meta.code,
        text=meta.text,
        framework=meta.framework,
        attribute=meta.attribute,
        dimension=meta.dimension,
        domain=meta.domain,
        is_negative=meta.is_negative,
        n=figures.get("n"),
        mean=figures.get("mean"),
        sd=figures.get("sd"),
        ci_low=ci[0],
        ci_high=ci[1],
        distribution=tuple(distribution) if distribution is not None else None,
    )


def _group(question: str, key: str, figures: dict) -> GroupResult:
    return GroupResult(
        question=question,
        key=key,
        label=group_label(question, key),
        n=figures["n"],
        suppressed=figures["suppressed"],
        n_bracket=figures.get("n_bracket"),
        suppressed_reason=figures.get("suppressed_reason")
        or ("below_threshold" if figures["suppressed"] else None),
        frameworks=dict(figures["frameworks"]),
        attributes=dict(figures["attributes"]),
        domains=dict(figures["domains"]),
        statements={
            code: GroupStatement(
                n=stats["n"],
                mean=stats["mean"],
                distribution=tuple(stats["distribution"]) if stats["distribution"] else None,
            )
            for code, stats in figures["statements"].items()
        },
    )


def instrument_for(version: str) -> Instrument:
    """The instrument whose wording a summary is shown with: for a programme summary over
    several versions ("2017-09,2018-03"), the newest, as the figures are computed with it."""
    return Instrument.objects.prefetch_related("statements").get(version=max(version.split(",")))


def summary_read(summary: dict | str, instrument: Instrument | None = None) -> Summary:
    data = json.loads(summary) if isinstance(summary, str) else summary
    instrument = instrument or instrument_for(data["instrument_version"])
    metas = {statement.code: statement for statement in instrument.statements.all()}
    statements = tuple(
        _statement(metas[code], figures)
        for code, figures in data["statements"].items()
        if code in metas
    )
    by_code = {statement.code: statement for statement in statements}
    counts = data["counts"]
    return Summary(
        area=data["area"],
        programme=data["programme"],
        instrument_version=data["instrument_version"],
        snapshot=data["snapshot"],
        computed_at=data["computed_at"],
        min_group_size=data["min_group_size"],
        responses=counts["responses"],
        with_comment=counts["with_comment"],
        late=counts["late"],
        statements=statements,
        attributes=dict(data["attributes"]),
        dimensions=dict(data["dimensions"]),
        domains=dict(data["domains"]),
        frameworks=dict(data["frameworks"]),
        best={f: tuple(by_code[c] for c in (data["best"].get(f) or ())) for f in FRAMEWORKS},
        worst={f: tuple(by_code[c] for c in (data["worst"].get(f) or ())) for f in FRAMEWORKS},
        breakdowns={
            question: tuple(_group(question, key, figures) for key, figures in groups.items())
            for question, groups in data["breakdowns"].items()
        },
        areas=tuple(
            AreaFigures(
                slug=slug,
                responses=figures["responses"],
                with_comment=figures["with_comment"],
                late=figures["late"],
                sent_to=figures.get("sent_to"),
                responses_by_day=figures.get("responses_by_day", {}),
                means=figures.get("means"),
            )
            for slug, figures in data.get("areas", {}).items()
        ),
        raw=data,
    )
