"""What the report pages show, worked out from typed summaries: comparisons with the
programme, changes since the deadline, breakdown tables, the spread across areas. Pure
functions over `reader.Summary`, so pages, PDF and tests share one calculation."""

from __future__ import annotations

import statistics
from bisect import bisect_right
from dataclasses import dataclass

from .reader import GroupResult, StatementResult, Summary, memoised, part_label

TOP = 5  # "top five" and "bottom five" across areas, as the annex counted them
# Heatmap bands of a mean score (0-5): the colour repeats what the number in the cell says.
BANDS = (2.25, 2.5, 2.75, 3.0)
BAND_NAMES = ("below 2.25", "2.25 to 2.49", "2.50 to 2.74", "2.75 to 2.99", "3.00 and above")


def band(mean: float | None) -> int | None:
    if mean is None:
        return None
    return bisect_right(BANDS, mean)


@dataclass(frozen=True)
class Difference:
    """A measure on which the area differs from the rest of the programme."""

    code: str  # the measure's key (a statement code)
    label: str  # what is measured, in words (the statement's wording)
    where: str  # its place in the framework ("Integrity/Culture")
    direction: str  # "higher" or "lower": the area against the programme
    area: float  # the area's figure
    other: float  # what it is compared with
    area_low: float | None = None  # the area's 95% interval, where there is one
    area_high: float | None = None

    @property
    def gap(self) -> float:
        return self.area - self.other


def area_differences(area: Summary, published: dict | None) -> list[Difference]:
    """Where the area differs from the rest of the programme, largest gap first: for now the
    statements whose 95% interval lies wholly above or below the programme mean a lead last
    published (rounded to two decimals; the programme's own interval is far narrower, so it
    is treated as fixed). Every comparison the pages, PDF and exports show comes from here."""
    means = (published or {}).get("statements", {})
    differences = []
    for s in area.statements:
        other = means.get(s.code)
        if None in (s.ci_low, s.ci_high, other):
            continue
        if s.ci_low > other or s.ci_high < other:
            differences.append(
                Difference(
                    code=s.code,
                    label=s.text,
                    where=s.where,
                    direction="higher" if s.ci_low > other else "lower",
                    area=s.mean,
                    other=other,
                    area_low=s.ci_low,
                    area_high=s.ci_high,
                )
            )
    return sorted(differences, key=lambda d: (-abs(d.gap), d.code))


@dataclass(frozen=True)
class StatementRow:
    statement: StatementResult
    programme_mean: float | None  # as a lead last published it, rounded to two decimals
    difference: str  # "higher", "lower" or "" (area_differences)


def statement_rows(
    area: Summary, published: dict | None, differences: list[Difference] | None = None
) -> list[StatementRow]:
    means = (published or {}).get("statements", {})
    if differences is None:
        differences = area_differences(area, published)
    direction = {d.code: d.direction for d in differences}
    return [
        StatementRow(
            statement=s, programme_mean=means.get(s.code), difference=direction.get(s.code, "")
        )
        for s in area.statements
    ]


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
