"""The summary: every reported figure, computed from tallies by the annex's method.

A rating's score is its scale position for a positive statement and 5 minus it for the four
negative ones, so high is good everywhere. Aggregates (attributes, dimensions, domains,
frameworks) are pooled means over all answered item scores in the group. Groups of fewer
respondents than the suppression threshold show a count bracket and no scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from surveys.models import MAX_POSITION, Instrument, Statement

from .tallies import SurveyTally, Tally

RELATIONAL_VALUE = Statement.RELATIONAL_VALUE
RELATIONAL_PROXIMITY = Statement.RELATIONAL_PROXIMITY
FRAMEWORKS = (RELATIONAL_VALUE, RELATIONAL_PROXIMITY)
RANKED = 3  # best and worst statements per framework

# Two-sided 95% critical values of Student's t for 1..30 degrees of freedom (standard tables).
T_975 = (
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
)  # fmt: skip
Z_975 = 1.959963984540054


def t_critical_95(df: int) -> float:
    """The 0.975 quantile of Student's t: the table up to 30 degrees of freedom, beyond it the
    Cornish-Fisher expansion around the normal quantile (error below 1e-5 there)."""
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class StatementMeta:
    code: str
    framework: str
    attribute: str
    dimension: str
    domain: str
    is_negative: bool

    def score(self, position: int) -> int:
        return MAX_POSITION - position if self.is_negative else position


def instrument_meta(instrument: Instrument) -> list[StatementMeta]:
    """What scoring needs of each statement, in instrument order. Codes keep their place in
    the framework across versions, so any version's metadata serves all of them."""
    return [
        StatementMeta(s.code, s.framework, s.attribute, s.dimension, s.domain, s.is_negative)
        for s in instrument.statements.all()
    ]


def _score_sums(counts: list[int], meta: StatementMeta) -> tuple[int, int, int]:
    """(n, sum of scores, sum of squared scores) of one statement's distribution."""
    n = sum(counts)
    total = sum(meta.score(position) * count for position, count in enumerate(counts))
    squares = sum(meta.score(position) ** 2 * count for position, count in enumerate(counts))
    return n, total, squares


def statement_figures(counts: list[int], meta: StatementMeta) -> dict:
    n, total, squares = _score_sums(counts, meta)
    mean = total / n if n else None
    sd = ci95 = None
    if n >= 2:
        variance = max(squares - n * mean * mean, 0.0) / (n - 1)
        sd = math.sqrt(variance)
        half_width = t_critical_95(n - 1) * sd / math.sqrt(n)
        ci95 = [mean - half_width, mean + half_width]
    return {"n": n, "mean": mean, "sd": sd, "ci95": ci95, "distribution": list(counts)}


def pooled_mean(tally: Tally, metas: list[StatementMeta]) -> float | None:
    """Mean over every answered item score of the statements given (not a mean of means)."""
    n = total = 0
    for meta in metas:
        item_n, item_total, _ = _score_sums(tally.distributions[meta.code], meta)
        n += item_n
        total += item_total
    return total / n if n else None


def _grouped(metas: list[StatementMeta], attribute: str) -> dict[str, list[StatementMeta]]:
    groups: dict[str, list[StatementMeta]] = {}
    for meta in metas:
        key = getattr(meta, attribute)
        if key:
            groups.setdefault(key, []).append(meta)
    return groups


def _means(tally: Tally, metas: list[StatementMeta], attribute: str, suppressed: bool) -> dict:
    return {
        key: None if suppressed else pooled_mean(tally, members)
        for key, members in _grouped(metas, attribute).items()
    }


def ranked_statements(statements: dict, metas: list[StatementMeta]) -> tuple[dict, dict]:
    """Best and worst statements of each framework by mean; ties go to the lower code
    (alphabetical), so the order never depends on anything but the data."""
    best, worst = {}, {}
    for framework in FRAMEWORKS:
        scored = [
            (statements[m.code]["mean"], m.code)
            for m in metas
            if m.framework == framework and statements[m.code]["mean"] is not None
        ]
        best[framework] = [code for _, code in sorted(scored, key=lambda s: (-s[0], s[1]))[:RANKED]]
        worst[framework] = [code for _, code in sorted(scored)[:RANKED]]
    return best, worst


def count_bracket(min_group_size: int) -> str:
    return f"<{min_group_size}"


def group_figures(tally: Tally, metas: list[StatementMeta], min_group_size: int) -> dict:
    suppressed = tally.respondents < min_group_size
    statements = {}
    for meta in metas:
        figures = statement_figures(tally.distributions[meta.code], meta)
        statements[meta.code] = (
            {"n": None, "mean": None, "distribution": None}
            if suppressed
            else {key: figures[key] for key in ("n", "mean", "distribution")}
        )
    group = {
        "n": None if suppressed else tally.respondents,
        "suppressed": suppressed,
        "frameworks": _means(tally, metas, "framework", suppressed),
        "attributes": _means(tally, metas, "attribute", suppressed),
        "domains": _means(tally, metas, "domain", suppressed),
        "statements": statements,
    }
    if suppressed:
        group["n_bracket"] = count_bracket(min_group_size)
    return group


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
) -> dict:
    """The summary JSON of one area (or, with area=None, of a programme) from its tallies.

    A whole survey under the threshold is reported as counts only.
    """
    overall = tally.overall
    suppressed = overall.respondents < min_group_size
    statements = {}
    for meta in metas:
        figures = statement_figures(overall.distributions[meta.code], meta)
        statements[meta.code] = (
            {"n": None, "mean": None, "sd": None, "ci95": None, "distribution": None}
            if suppressed
            else figures
        )
    best, worst = ranked_statements(statements, metas)
    if suppressed:
        best = worst = dict.fromkeys(FRAMEWORKS)
    return {
        "area": area,
        "programme": programme,
        "instrument_version": instrument_version,
        "snapshot": snapshot,
        "computed_at": computed_at,
        "min_group_size": min_group_size,
        "counts": {
            "responses": overall.respondents,
            "with_comment": overall.with_comment,
            "late": overall.late,
        },
        "statements": statements,
        "attributes": _means(overall, metas, "attribute", suppressed),
        "dimensions": _means(overall, metas, "dimension", suppressed),
        "domains": _means(overall, metas, "domain", suppressed),
        "frameworks": _means(overall, metas, "framework", suppressed),
        "best": best,
        "worst": worst,
        "breakdowns": {
            question: {
                group: group_figures(group_tally, metas, min_group_size)
                for group, group_tally in groups.items()
            }
            for question, groups in tally.breakdowns.items()
        },
    }
