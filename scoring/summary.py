"""The summary: every reported figure, computed from tallies by the annex's method.

A rating's score is its scale position for a positive statement and 5 minus it for the four
negative ones, so high is good everywhere. Aggregates (attributes, dimensions, domains,
frameworks) are pooled means over all answered item scores in the group. Groups of fewer
respondents than the suppression threshold show a count bracket and no scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from scipy.stats import t as student_t

from surveys.anonymity import BELOW_THRESHOLD, suppression_reasons
from surveys.models import MAX_POSITION, Instrument, Statement

from .summary_shape import (
    AreaMeans,
    Breakdowns,
    Counts,
    GroupFigures,
    GroupStatementFigures,
    Means,
    StatementFigures,
    SummaryData,
)
from .tallies import SurveyTally, Tally

RELATIONAL_VALUE = Statement.RELATIONAL_VALUE
RELATIONAL_PROXIMITY = Statement.RELATIONAL_PROXIMITY
FRAMEWORKS = (RELATIONAL_VALUE, RELATIONAL_PROXIMITY)
RANKED = 3  # best and worst statements per framework


@lru_cache(maxsize=4096)
def t_critical_95(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom (SciPy's t.ppf).

    Kept per degree of freedom: closing 200 areas asks for it some 14,000 times, for a few
    hundred distinct values, and each SciPy call costs some 40 microseconds."""
    return float(student_t.ppf(0.975, df))


@dataclass(frozen=True)
class StatementMeta:
    code: str
    framework: str
    attribute: str
    dimension: str
    domain: str
    is_negative: bool


def instrument_meta(instrument: Instrument) -> list[StatementMeta]:
    """What scoring needs of each statement, in instrument order. Codes keep their place in
    the framework across versions, so any version's metadata serves all of them."""
    return [
        StatementMeta(s.code, s.framework, s.attribute, s.dimension, s.domain, s.is_negative)
        for s in instrument.statements.all()
    ]


POSITIVE_SCORES = tuple(range(MAX_POSITION + 1))
NEGATIVE_SCORES = tuple(reversed(POSITIVE_SCORES))


def statement_sums(tally: Tally, metas: list[StatementMeta]) -> dict[str, tuple[int, int, int]]:
    """Each statement's (n, sum of scores, sum of squared scores), computed once per tally
    and shared by the statement figures and every pooled mean."""
    sums = {}
    for meta in metas:
        counts = tally.distributions[meta.code]
        scores = NEGATIVE_SCORES if meta.is_negative else POSITIVE_SCORES
        sums[meta.code] = (
            sum(counts),
            sum(count * score for count, score in zip(counts, scores, strict=True)),
            sum(count * score * score for count, score in zip(counts, scores, strict=True)),
        )
    return sums


def _mean(n: int, total: int) -> float | None:
    return total / n if n else None


def statement_figures(counts: list[int], sums: tuple[int, int, int]) -> StatementFigures:
    n, total, squares = sums
    mean = _mean(n, total)
    sd = ci95 = None
    if n >= 2:
        variance = max(squares - n * mean * mean, 0.0) / (n - 1)
        sd = math.sqrt(variance)
        half_width = t_critical_95(n - 1) * sd / math.sqrt(n)
        ci95 = (mean - half_width, mean + half_width)
    return StatementFigures(n=n, mean=mean, sd=sd, ci95=ci95, distribution=tuple(counts))


SUPPRESSED_STATEMENT = StatementFigures(n=None, mean=None, sd=None, ci95=None, distribution=None)
SUPPRESSED_GROUP_STATEMENT = GroupStatementFigures(n=None, mean=None, distribution=None)


def pooled_mean(sums: dict[str, tuple[int, int, int]], metas: list[StatementMeta]) -> float | None:
    """Mean over every answered item score of the statements given (not a mean of means)."""
    return _mean(
        sum(sums[meta.code][0] for meta in metas), sum(sums[meta.code][1] for meta in metas)
    )


def groupings(metas: list[StatementMeta]) -> dict[str, dict[str, list[StatementMeta]]]:
    """Statements by framework, attribute, dimension and domain, in instrument order."""
    result: dict[str, dict[str, list[StatementMeta]]] = {}
    for part in ("framework", "attribute", "dimension", "domain"):
        groups = result[part] = {}
        for meta in metas:
            if getattr(meta, part):
                groups.setdefault(getattr(meta, part), []).append(meta)
    return result


def _means(sums, grouped: dict[str, list[StatementMeta]], suppressed: bool) -> Means:
    return {
        key: None if suppressed else pooled_mean(sums, members) for key, members in grouped.items()
    }


def ranked_statements(
    statements: dict[str, StatementFigures], metas: list[StatementMeta]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Best and worst statements of each framework by mean; ties go to the lower code
    (alphabetical), so the order never depends on anything but the data."""
    best, worst = {}, {}
    for framework in FRAMEWORKS:
        scored = [
            (statements[m.code].mean, m.code)
            for m in metas
            if m.framework == framework and statements[m.code].mean is not None
        ]
        best[framework] = tuple(
            code for _, code in sorted(scored, key=lambda s: (-s[0], s[1]))[:RANKED]
        )
        worst[framework] = tuple(code for _, code in sorted(scored)[:RANKED])
    return best, worst


def count_bracket(min_group_size: int) -> str:
    return f"<{min_group_size}"


def group_figures(
    tally: Tally, metas: list[StatementMeta], grouped, min_group_size: int, reason: str | None
) -> GroupFigures:
    suppressed = reason is not None
    sums = {} if suppressed else statement_sums(tally, metas)
    return GroupFigures(
        n=None if suppressed else tally.respondents,
        suppressed=suppressed,
        frameworks=_means(sums, grouped["framework"], suppressed),
        attributes=_means(sums, grouped["attribute"], suppressed),
        domains=_means(sums, grouped["domain"], suppressed),
        statements={
            meta.code: SUPPRESSED_GROUP_STATEMENT
            if suppressed
            else GroupStatementFigures(
                n=sums[meta.code][0],
                mean=_mean(*sums[meta.code][:2]),
                distribution=tuple(tally.distributions[meta.code]),
            )
            for meta in metas
        },
        # Only a group hidden for being small is known to be small: a complementary one
        # may be of any size, so it gets no bracket.
        n_bracket=count_bracket(min_group_size) if reason == BELOW_THRESHOLD else None,
        suppressed_reason=reason,
        with_comment=None if suppressed else tally.with_comment,
    )


def breakdowns_build(
    tally: SurveyTally, metas, grouped, min_group_size: int, reasons_given=None
) -> Breakdowns:
    breakdowns = {}
    for question, groups in tally.breakdowns.items():
        if reasons_given is not None:
            reasons = reasons_given[question]
        else:
            sizes = {key: group.respondents for key, group in groups.items()}
            reasons = suppression_reasons(sizes, min_group_size)
        breakdowns[question] = {
            key: group_figures(group, metas, grouped, min_group_size, reasons.get(key))
            for key, group in groups.items()
        }
    return breakdowns


def area_means(tally: Tally, metas: list[StatementMeta], min_group_size: int) -> AreaMeans | None:
    """One area's means for the programme's area-by-area comparison; None below the
    threshold (such an area is counted, never scored, in the programme report)."""
    if tally.respondents < min_group_size:
        return None
    grouped = groupings(metas)
    sums = statement_sums(tally, metas)
    return AreaMeans(
        statements={meta.code: _mean(*sums[meta.code][:2]) for meta in metas},
        attributes=_means(sums, grouped["attribute"], False),
        dimensions=_means(sums, grouped["dimension"], False),
        domains=_means(sums, grouped["domain"], False),
        frameworks=_means(sums, grouped["framework"], False),
    )


def summary_build(
    *,
    tally: SurveyTally,
    metas: list[StatementMeta],
    min_group_size: int,
    area: str | None,
    programme: str,
    instrument_version: str,
    snapshot: str,
    computed_at: str,
    breakdown_tally: SurveyTally | None = None,
    breakdown_reasons: dict[str, dict[str, str]] | None = None,
    breakdowns_as_at: str | None = "deadline",
    late: int | None = None,
) -> SummaryData:
    """The summary of one area (or, with area=None, of a programme) from its tallies.

    A whole survey under the threshold is reported as counts only. Breakdowns come from
    `breakdown_tally` when given (the latest snapshot shows them as at the deadline), and
    `late` overrides the late count (late responses not yet in the figures still count).
    `breakdown_reasons`: per question, the groups to suppress and why, when the caller
    decides (a programme's, across its areas); otherwise suppression_reasons decides.
    """
    overall = tally.overall
    suppressed = overall.respondents < min_group_size
    grouped = groupings(metas)
    sums = statement_sums(overall, metas)
    statements = {
        meta.code: SUPPRESSED_STATEMENT
        if suppressed
        else statement_figures(overall.distributions[meta.code], sums[meta.code])
        for meta in metas
    }
    best, worst = ranked_statements(statements, metas)
    if suppressed:
        best = worst = dict.fromkeys(FRAMEWORKS)
    return SummaryData(
        area=area,
        programme=programme,
        instrument_version=instrument_version,
        snapshot=snapshot,
        computed_at=computed_at,
        min_group_size=min_group_size,
        counts=Counts(
            responses=overall.respondents,
            with_comment=overall.with_comment,
            late=overall.late if late is None else late,
        ),
        statements=statements,
        attributes=_means(sums, grouped["attribute"], suppressed),
        dimensions=_means(sums, grouped["dimension"], suppressed),
        domains=_means(sums, grouped["domain"], suppressed),
        frameworks=_means(sums, grouped["framework"], suppressed),
        best=best,
        worst=worst,
        breakdowns=breakdowns_build(
            breakdown_tally or tally, metas, grouped, min_group_size, breakdown_reasons
        ),
        breakdowns_as_at=breakdowns_as_at,
    )
