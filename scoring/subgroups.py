"""Differences between an area's respondent groups (the annex's Figures 11-12: frontline staff
against senior executives on communication), from stored moments: every pair of the groups
given, measure by measure, with Welch's interval, all pairs one Benjamini-Hochberg family.

Vectorised over the pairs: an area page compares some 2,000 pairs (up to seven groups of a
question on 48 measures) and a programme of 200 areas 400,000, so objects are built only for
the differences a page shows (`limit`), while every pair stays in the family.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from scipy import stats

from .statistics import (
    CONFIDENCE,
    FALSE_DISCOVERY_RATE,
    Finding,
    Moments,
    comparisons_from_arrays,
    moment_array_columns,
    welch_arrays,
)

Key = TypeVar("Key", bound=Hashable)
METHOD = (
    "Within the area, every pair of the respondent groups shown is compared on every "
    "measure with the same 95% Welch interval, the pairs of one question corrected together "
    "(Benjamini-Hochberg, a 5% false discovery rate), and the largest differences listed."
)


@dataclass(frozen=True)
class GroupDifference(Generic[Key]):
    """Two groups of a question on one measure, the higher mean first (difference >= 0).
    `finding.discovery` says whether the difference is declared; `finding.tag` is worded for
    an area against the rest, so a page words this one itself ("higher than")."""

    measure: Key
    higher: str
    lower: str
    finding: Finding


def _ranks(values: list[str]) -> np.ndarray:
    """Each value's place in sorted order (equal values share one)."""
    order = {value: rank for rank, value in enumerate(sorted(set(values)))}
    return np.array([order[value] for value in values], dtype=np.int64)


@dataclass(frozen=True)
class SubgroupFamily(Generic[Key]):
    """One family of group differences: how many pairs were compared and declared, and the
    largest differences (all, and the declared ones), largest first."""

    pairs: int
    declared: int
    largest: list[GroupDifference[Key]]
    largest_declared: list[GroupDifference[Key]]


def subgroup_differences(
    *,
    measures: Mapping[Key, Mapping[str, Moments]],
    rate: float = FALSE_DISCOVERY_RATE,
    confidence: float = CONFIDENCE,
    limit: int | None = None,
) -> list[GroupDifference[Key]]:
    """Within one area, every pair of the groups given, measure by measure: the difference of
    their means with Welch's interval, all pairs one Benjamini-Hochberg family, the largest
    differences first (ties by measure, then group names). With `limit`, only the largest
    that many are returned; the family, and so each decision, is the same.

    Pass only the groups the page shows (not suppressed): a difference between a shown and
    a hidden group would show the hidden one. Groups without scores are left out.
    """
    return subgroup_family(measures=measures, rate=rate, confidence=confidence, limit=limit).largest


def subgroup_family(
    *,
    measures: Mapping[Key, Mapping[str, Moments]],
    rate: float = FALSE_DISCOVERY_RATE,
    confidence: float = CONFIDENCE,
    limit: int | None = None,
) -> SubgroupFamily[Key]:
    """subgroup_differences with the family's counts, and the largest declared differences
    beside the largest of all (each up to `limit`)."""
    keys = list(measures)
    names = list(dict.fromkeys(name for groups in measures.values() for name in groups))
    table = np.zeros((len(names), len(keys), 3), dtype=np.int64)
    statements = np.ones(len(keys), dtype=np.int64)
    for j, groups in enumerate(measures.values()):
        for name, m in groups.items():
            table[names.index(name), j] = (m.n, m.total, m.squares)
            statements[j] = m.statements
    return subgroup_family_of_table(
        groups=names,
        moments=table,
        statements=statements,
        measure_keys=keys,
        rate=rate,
        confidence=confidence,
        limit=limit,
    )


def subgroup_family_of_table(
    *,
    groups: Sequence[str],
    moments: np.ndarray,
    statements: np.ndarray,
    measure_keys: Sequence[Key],
    rate: float = FALSE_DISCOVERY_RATE,
    confidence: float = CONFIDENCE,
    limit: int | None = None,
) -> SubgroupFamily[Key]:
    """subgroup_family over a table: `moments` groups x measures x (n, total, squares),
    `statements` pooled per measure. A group without scores on a measure is left out of
    that measure's pairs; pairs are listed group by group in the order given."""
    if len(groups) < 2:
        return SubgroupFamily(pairs=0, declared=0, largest=[], largest_declared=[])
    means, variances, sizes = moment_array_columns(moments, statements[None, :])
    first, second = np.triu_indices(len(groups), k=1)
    scored = moments[..., 0] > 0  # groups x measures
    both = scored[first] & scored[second]  # pairs x measures
    measure_index, pair_index = np.nonzero(both.T)  # measure by measure, as listed
    if len(pair_index) == 0:
        return SubgroupFamily(pairs=0, declared=0, largest=[], largest_declared=[])
    a, b = first[pair_index], second[pair_index]
    a_higher = means[a, measure_index] >= means[b, measure_index]  # ties: the first listed
    high, low = np.where(a_higher, a, b), np.where(a_higher, b, a)
    difference, se, df, p_value, testable = welch_arrays(
        means[high, measure_index], variances[high, measure_index], sizes[high, measure_index],
        means[low, measure_index], variances[low, measure_index], sizes[low, measure_index],
    )  # fmt: skip
    adjusted = np.full(len(difference), np.nan)
    if testable.any():
        adjusted[testable] = stats.false_discovery_control(p_value[testable], method="bh")
    discovery = testable & (adjusted <= rate)
    name_rank = _ranks(list(groups))
    measure_rank = _ranks([str(key) for key in measure_keys])[measure_index]
    order = np.lexsort((name_rank[low], name_rank[high], measure_rank, -difference))
    declared_order = order[discovery[order]]

    def build(chosen: np.ndarray) -> list[GroupDifference[Key]]:
        comparisons = comparisons_from_arrays(
            difference[chosen], se[chosen], df[chosen], p_value[chosen], testable[chosen],
            confidence,
        )  # fmt: skip
        return [
            GroupDifference(
                measure=measure_keys[measure_index[i]],
                higher=groups[high[i]],
                lower=groups[low[i]],
                finding=Finding(
                    comparison=comparison,
                    adjusted_p_value=None if np.isnan(adjusted[i]) else float(adjusted[i]),
                    discovery=bool(discovery[i]),
                ),
            )
            for i, comparison in zip(chosen.tolist(), comparisons, strict=True)
        ]

    return SubgroupFamily(
        pairs=len(order),
        declared=int(discovery.sum()),
        largest=build(order if limit is None else order[:limit]),
        largest_declared=build(declared_order if limit is None else declared_order[:limit]),
    )
