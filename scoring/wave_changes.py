"""What changed between two waves: pure functions over two summaries' shown counts.

A change is worked out from what each wave's stored summary shows (its deadline snapshot,
suppression applied): the statements' counts per scale position, pooled into attributes,
dimensions, domains and frameworks as the annex pools them. So each wave keeps its own
suppression, a change exists only between two shown figures, and a group (or area) hidden
in either wave is hidden in the change. An area that follows several areas of the last wave
(a merger) is compared with their counts added together only when every one of them is
shown: one hidden predecessor would otherwise be the pooled figure minus the others.

Differences are the later wave's mean minus the earlier's, with Welch's 95% interval for
independent samples (respondents of two waves are not matched), counting respondents rather
than answers; a page's differences are one family, declared "improved" or "declined" by
Benjamini-Hochberg at a 5% false discovery rate, "no clear change" otherwise. A measure
pooling a statement whose wording changed without a lead's mark is not compared.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .comparison_basis import Measure, Measures
from .statistics import (
    CONFIDENCE,
    HIGHER,
    LOWER,
    Comparison,
    Finding,
    comparisons_from_arrays,
    findings,
    moment_array_columns,
    welch_arrays,
)
from .summary_shape import GroupFigures, SummaryData

IMPROVED = "improved"
DECLINED = "declined"
NO_CLEAR_CHANGE = "no clear change"
WORDING_CHANGED = "wording changed"
HIDDEN = "hidden"
METHOD = (
    "Each measure is compared with the last wave: the later wave's mean minus the earlier "
    "one's, with its 95% interval by Welch's t-test for independent samples (counting "
    "respondents rather than answers), from each wave's results at its deadline. A change "
    "is called “improved” or “declined” only where it still holds after the "
    "Benjamini-Hochberg correction for the number of comparisons on the page (a 5% false "
    "discovery rate), and “no clear change” otherwise. A figure hidden in either wave (fewer "
    "than the threshold) is hidden in the change, and a statement whose wording changed is "
    "compared only where a programme lead marked the new wording comparable."
)

Counts = dict[str, Sequence[int]]  # statement code -> respondents per raw scale position


def shown_counts(summary: SummaryData | None) -> Counts | None:
    """The statement counts a summary shows; None when it hides them (fewer than the
    threshold) or there is no summary."""
    if summary is None or not summary.statements:
        return None
    counts = {code: s.distribution for code, s in summary.statements.items()}
    return None if any(c is None for c in counts.values()) else counts


def group_counts(group: GroupFigures | None) -> Counts | None:
    """A breakdown group's statement counts, None when the group is suppressed."""
    if group is None or group.suppressed or not group.statements:
        return None
    counts = {code: s.distribution for code, s in group.statements.items()}
    return None if any(c is None for c in counts.values()) else counts


def pooled_counts(parts: Sequence[Counts | None]) -> Counts | None:
    """Several shown groups' counts added together (a merger's predecessors); None when
    any part is hidden or there are none."""
    if not parts or any(part is None for part in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    return {
        code: [sum(c) for c in zip(*(p[code] for p in parts), strict=True)] for code in parts[0]
    }


@dataclass(frozen=True)
class Change:
    """One measure between two waves. `status` is "compared", WORDING_CHANGED or HIDDEN;
    the figures are None unless compared, `finding` None until the page's family decides."""

    measure: Measure
    status: str
    before: float | None = None
    after: float | None = None
    comparison: Comparison | None = None
    finding: Finding | None = None

    part = property(lambda self: self.measure.part)
    key = property(lambda self: self.measure.key)

    @cached_property
    def difference(self) -> float | None:
        return self.comparison.difference if self.comparison else None

    @property
    def ci_low(self) -> float | None:
        return self.comparison.ci_low if self.comparison else None

    @property
    def ci_high(self) -> float | None:
        return self.comparison.ci_high if self.comparison else None

    @cached_property
    def tag(self) -> str:
        """ "improved", "declined", "no clear change", "wording changed" or "hidden"."""
        if self.status != "compared":
            return self.status
        tag = self.finding.tag if self.finding else None
        return {HIGHER: IMPROVED, LOWER: DECLINED}.get(tag, NO_CLEAR_CHANGE)

    # For the heatmap of change (the classes and markers of the fair comparison's heatmap).
    @cached_property
    def direction(self) -> str:
        if not self.difference:
            return ""
        return "higher" if self.difference > 0 else "lower"

    @property
    def clear(self) -> bool:
        return self.tag in (IMPROVED, DECLINED)

    @cached_property
    def text(self) -> str:
        """The change in four characters ("+.12", "−.34", "+1.2"), or why there is none."""
        if self.status == WORDING_CHANGED:
            return "reworded"
        if self.difference is None:
            return "–"
        if abs(self.difference) >= 0.995:
            text = f"{self.difference:+.1f}"
        else:
            text = f"{self.difference:+.2f}".replace("0.", ".", 1)
        return text.replace("-", "\u2212")

    @property
    def marker(self) -> str:
        return {"higher": "▲", "lower": "▼"}.get(self.direction, "") if self.clear else ""

    @cached_property
    def css(self) -> str:
        classes = "relaudit-diff"
        if self.direction:
            classes += f" relaudit-diff--{self.direction}"
        return classes + (" relaudit-diff--clear" if self.clear else "")


def changes_compared(
    *,
    before: Counts | None,
    after: Counts | None,
    measures: Measures,
    comparable: set[str],
    only: Sequence[Measure] | None = None,
) -> dict[str, Change]:
    """Each measure's change from `before` to `after` (by measure key), undecided."""
    items = list(only if only is not None else measures.items)
    if before is None or after is None:
        return {m.key: Change(measure=m, status=HIDDEN) for m in items}
    rows = [measures.positions[m.key] for m in items]
    tables = [measures.table(measures.statement_moments(c))[rows] for c in (after, before)]
    widths = measures.widths[rows]
    (after_means, *after_columns), (before_means, *before_columns) = (
        moment_array_columns(table, widths) for table in tables
    )
    compared = comparisons_from_arrays(
        *welch_arrays(after_means, *after_columns, before_means, *before_columns), CONFIDENCE
    )
    result = {}
    for j, measure in enumerate(items):
        if not comparable.issuperset(measure.codes):
            result[measure.key] = Change(measure=measure, status=WORDING_CHANGED)
            continue
        result[measure.key] = Change(
            measure=measure,
            status="compared",
            before=_figure(before_means[j]),
            after=_figure(after_means[j]),
            comparison=compared[j],
        )
    return result


def _figure(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def changes_decided(
    cells: Mapping[Hashable, Mapping[str, Change]],
) -> dict[Hashable, dict[str, Change]]:
    """Every compared cell of a page (rows of changes by measure key) as one
    Benjamini-Hochberg family; the others are passed through as they are."""
    compared = {
        (row, key): change.comparison
        for row, changes in cells.items()
        for key, change in changes.items()
        if change.status == "compared"
    }
    decided = findings(comparisons=compared)
    return {
        row: {
            key: Change(
                measure=c.measure,
                status=c.status,
                before=c.before,
                after=c.after,
                comparison=c.comparison,
                finding=decided.get((row, key)),
            )
            for key, c in changes.items()
        }
        for row, changes in cells.items()
    }


def group_cells(
    *,
    before: Sequence[SummaryData | None],
    after: SummaryData,
    measures: Measures,
    comparable: set[str],
    only: Sequence[Measure],
) -> dict[tuple[str, str], dict[str, Change]]:
    """Each breakdown group's changes (undecided), by (question, group): a group is compared
    only where the later summary shows it and every earlier one (a merger's predecessors)
    shows it too; the rest are HIDDEN."""
    cells = {}
    for question, groups in after.breakdowns.items():
        for key, group in groups.items():
            earlier = [
                group_counts(s.breakdowns.get(question, {}).get(key)) if s else None for s in before
            ]
            cells[question, key] = changes_compared(
                before=pooled_counts(earlier),
                after=group_counts(group),
                measures=measures,
                comparable=comparable,
                only=only,
            )
    return cells
