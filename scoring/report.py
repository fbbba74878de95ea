"""What the report pages show, worked out from typed summaries: the statements against the
rest of the programme, changes since the deadline, breakdown tables, the spread across
areas. Pure functions over `reader.Summary`, so pages, PDF and tests share one calculation."""

from __future__ import annotations

import statistics
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .reader import GroupResult, StatementResult, Summary, memoised, part_label

if TYPE_CHECKING:
    from .fair_comparison import AreaComparison, MeasureFinding

TOP = 5  # "top five" and "bottom five" across areas, as the annex counted them
# Heatmap bands of a mean score (0-5): the colour repeats what the number in the cell says.
BANDS = (2.25, 2.5, 2.75, 3.0)
BAND_NAMES = ("below 2.25", "2.25 to 2.49", "2.50 to 2.74", "2.75 to 2.99", "3.00 and above")


def band(mean: float | None) -> int | None:
    if mean is None:
        return None
    return bisect_right(BANDS, mean)


@dataclass(frozen=True)
class StatementRow:
    statement: StatementResult
    rest_mean: float | None  # the rest of the programme's mean, where the area is compared
    finding: MeasureFinding | None  # the area against the rest on this statement

    @property
    def difference(self) -> str:
        """ "higher", "lower" or "" (no clear difference, or not compared)."""
        return self.finding.direction if self.finding else ""


def statement_rows(area: Summary, comparison: AreaComparison | None) -> list[StatementRow]:
    """Every statement, with the area against the rest of the programme where it is compared
    (scoring.fair_comparison: Welch, Benjamini-Hochberg over the comparison page's family, so
    the report, its PDF and the comparison page tag alike)."""
    rows = []
    for s in area.statements:
        finding = comparison.statement(s.code) if comparison else None
        rows.append(StatementRow(s, finding.rest_mean if finding else None, finding))
    return rows


@dataclass(frozen=True)
class Change:
    label: str
    deadline: float | None
    latest: float | None

    @property
    def delta(self) -> float | None:
        if self.deadline is None or self.latest is None:
            return None
        return self.latest - self.deadline


def changes_since_deadline(latest: Summary, deadline: Summary) -> list[Change]:
    pairs = [(part_label(k), deadline.frameworks[k], v) for k, v in latest.frameworks.items()]
    pairs += [(part_label(k), deadline.attributes[k], v) for k, v in latest.attributes.items()]
    pairs += [(part_label(k), deadline.domains[k], v) for k, v in latest.domains.items()]
    return [Change(label, before, after) for label, before, after in pairs]


def breakdowns_note(summary: Summary, kind: str) -> str:
    """Which respondents the breakdowns describe, when it is not simply the snapshot's."""
    if summary.area and kind == "latest":
        return (
            "Breakdowns describe the respondents at the deadline: late responses are not "
            "broken down, so that they cannot be singled out. Roles a programme lead recoded "
            "count as recoded here (at the deadline they count as they were then)."
        )
    if not summary.area:
        return (
            "Breakdowns add up each area’s respondents at its deadline, in the areas with at "
            "least the threshold of responses, with roles as recoded when the programme "
            "figures were last published."
        )
    return ""


def breakdown_groups(summary: Summary, question: str) -> tuple[GroupResult, ...]:
    """A question's groups, leaving out empty ones (no respondents at all); a suppressed
    group stays, since "fewer than 10" does not say whether it is empty."""
    return tuple(g for g in summary.breakdowns.get(question, ()) if g.suppressed or (g.n or 0) > 0)


@dataclass(frozen=True)
class Spread:
    statement: StatementResult
    areas: int
    lowest: float | None
    median: float | None
    highest: float | None
    in_top: int
    in_bottom: int


@memoised
def statement_spread(summary: Summary) -> list[Spread]:
    """For each statement, its mean across the scored areas (lowest, median, highest) and
    in how many areas it is among the top five and bottom five statements."""
    scored = [area.means.statements for area in summary.areas if area.means]
    top, bottom = {}, {}
    for means in scored:
        ranked = sorted(
            ((mean, code) for code, mean in means.items() if mean is not None),
            key=lambda item: (-item[0], item[1]),
        )
        for _mean, code in ranked[:TOP]:
            top[code] = top.get(code, 0) + 1
        for _mean, code in ranked[-TOP:]:
            bottom[code] = bottom.get(code, 0) + 1
    rows = []
    for statement in summary.statements:
        values = [m[statement.code] for m in scored if m.get(statement.code) is not None]
        rows.append(
            Spread(
                statement=statement,
                areas=len(values),
                lowest=min(values) if values else None,
                median=statistics.median(values) if values else None,
                highest=max(values) if values else None,
                in_top=top.get(statement.code, 0),
                in_bottom=bottom.get(statement.code, 0),
            )
        )
    return rows


AREA_SORTS = ("area", "responses", "relational_value", "relational_proximity")


def areas_sorted(summary: Summary, names: dict[str, str], sort: str, descending: bool):
    """Areas of a programme summary for the area-against-programme table. Areas below the
    threshold (no means) sort last whatever the order."""

    def key(area):
        if sort == "area":
            return (0, names.get(area.slug, area.slug))
        if sort == "responses":
            return (0, area.responses)
        if not area.means:
            return (1, 0)
        value = area.means.frameworks.get(sort)
        return (0 if value is not None else 1, value or 0)

    by_mean = sort not in ("area", "responses")
    scored = [a for a in summary.areas if not by_mean or a.means]
    rest = [a for a in summary.areas if by_mean and not a.means]
    return sorted(scored, key=key, reverse=descending) + rest
