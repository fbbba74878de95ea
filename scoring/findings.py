"""Key findings: what a reviewer reads first. The best and worst statements with near-ties
flagged, where an area differs from the rest of the programme (scoring.fair_comparison,
after the correction for the number of comparisons), the largest
gap between shown respondent groups, and, for a programme, the areas furthest apart. Pure
functions over `reader.Summary`, so the page, the PDF and the tests share them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from surveys.choices import DID_NOT_ANSWER, MULTIPLE

from .reader import FRAMEWORK_LABELS, QUESTION_LABELS, GroupResult, StatementResult, Summary
from .reader import part_label as label
from .summary import RELATIONAL_PROXIMITY, RELATIONAL_VALUE

if TYPE_CHECKING:
    from .fair_comparison import AreaComparison, MeasureFinding

RANKED_VALUE = 3  # the annex names three best and three worst relational value statements
RANKED_PROXIMITY = 1  # ... and one best and one worst of the five proximity statements
# Figures are shown to two decimals: two means whose shown figures are equal or one unit
# apart may be in either order once the rounding is undone, so they are called tied.
TIE_MARGIN = 0.01


def within_rounding(a: float, b: float) -> bool:
    return abs(round(a, 2) - round(b, 2)) <= TIE_MARGIN + 1e-9


@dataclass(frozen=True)
class Ranked:
    """A statement in a best or worst list, with the statements tied with it."""

    statement: StatementResult
    tied_with: tuple[StatementResult, ...]  # within rounding, listed or not
    unlisted: tuple[StatementResult, ...]  # those of them left out of the list

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)


def ranking(summary: Summary, framework: str, count: int, *, best: bool) -> list[Ranked]:
    """The `count` best (or worst) statements of a framework, ties broken by code as the
    stored summary breaks them, each with the statements whose mean is within rounding."""
    scored = [s for s in summary.framework_statements(framework) if s.mean is not None]
    order = sorted(scored, key=lambda s: (-s.mean if best else s.mean, s.code))
    listed = order[:count]
    codes = {s.code for s in listed}
    ranked = []
    for statement in listed:
        tied = tuple(
            other
            for other in order
            if other.code != statement.code and within_rounding(other.mean, statement.mean)
        )
        ranked.append(Ranked(statement, tied, tuple(s for s in tied if s.code not in codes)))
    return ranked


@dataclass(frozen=True)
class GroupGap:
    """The largest difference between two shown groups of one question on one measure."""

    question: str  # "Primary role"
    measure: str  # "Directness"
    high: GroupResult
    high_mean: float
    low: GroupResult
    low_mean: float

    @property
    def gap(self) -> float:
        return self.high_mean - self.low_mean


def largest_group_gap(summary: Summary) -> GroupGap | None:
    """Over framework, attribute and domain means, the widest gap between two groups that
    are shown (never a suppressed one) and that ticked one option ("more than one ticked"
    and "did not answer" are not kinds of respondent)."""
    best = None
    for question, groups in summary.breakdowns.items():
        shown = [
            g
            for g in groups
            if not g.suppressed and g.n and g.key not in (MULTIPLE, DID_NOT_ANSWER)
        ]
        for section in ("frameworks", "attributes", "domains"):
            for key in getattr(summary, section):
                values = [
                    (getattr(g, section).get(key), g)
                    for g in shown
                    if getattr(g, section).get(key) is not None
                ]
                if len(values) < 2:
                    continue
                high = max(values, key=lambda v: v[0])
                low = min(values, key=lambda v: v[0])
                gap = GroupGap(
                    question=QUESTION_LABELS[question],
                    measure=label(key),
                    high=high[1],
                    high_mean=high[0],
                    low=low[1],
                    low_mean=low[0],
                )
                if best is None or gap.gap > best.gap + 1e-12:
                    best = gap
    return best


@dataclass(frozen=True)
class AreaSpread:
    """The areas with the highest and lowest mean of a framework, for a programme."""

    framework: str
    highest: str
    highest_mean: float
    lowest: str
    lowest_mean: float
    areas: int


def area_spreads(summary: Summary, names: dict[str, str]) -> list[AreaSpread]:
    spreads = []
    for framework in (RELATIONAL_VALUE, RELATIONAL_PROXIMITY):
        scored = [
            (area.means.frameworks[framework], names.get(area.slug, area.slug))
            for area in summary.areas
            if area.means and area.means.frameworks.get(framework) is not None
        ]
        if len(scored) < 2:
            continue
        high = max(scored, key=lambda v: (v[0], v[1]))
        low = min(scored, key=lambda v: (v[0], v[1]))
        spreads.append(
            AreaSpread(FRAMEWORK_LABELS[framework], high[1], high[0], low[1], low[0], len(scored))
        )
    return spreads


@dataclass(frozen=True)
class KeyFindings:
    best_value: list[Ranked]
    worst_value: list[Ranked]
    best_proximity: list[Ranked]
    worst_proximity: list[Ranked]
    comparison: AreaComparison | None  # an area's, against the rest of the programme
    group_gap: GroupGap | None
    area_spreads: list[AreaSpread]

    @property
    def differences(self) -> list[MeasureFinding]:
        """Measures "higher than the rest" or "lower than the rest", largest first."""
        return self.comparison.differences if self.comparison else []

    @property
    def higher(self) -> list[MeasureFinding]:
        return self.comparison.higher if self.comparison else []

    @property
    def lower(self) -> list[MeasureFinding]:
        return self.comparison.lower if self.comparison else []


def key_findings(
    summary: Summary,
    comparison: AreaComparison | None = None,
    names: dict[str, str] | None = None,
) -> KeyFindings:
    """An area's key findings (with its comparison against the rest of the programme) or a
    programme's (with `names` of its areas, for the areas furthest apart)."""
    return KeyFindings(
        best_value=ranking(summary, RELATIONAL_VALUE, RANKED_VALUE, best=True),
        worst_value=ranking(summary, RELATIONAL_VALUE, RANKED_VALUE, best=False),
        best_proximity=ranking(summary, RELATIONAL_PROXIMITY, RANKED_PROXIMITY, best=True),
        worst_proximity=ranking(summary, RELATIONAL_PROXIMITY, RANKED_PROXIMITY, best=False),
        comparison=comparison,
        group_gap=largest_group_gap(summary),
        area_spreads=area_spreads(summary, names) if names is not None else [],
    )
