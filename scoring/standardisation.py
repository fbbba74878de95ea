"""Case mix: an area's mean standardised to the programme's mix of respondents.

Method, in one sentence for a page: the area's mean if its respondents had been mixed like
the programme's (by organisation type, or by role): the mean of each group in the area,
weighted by that group's share of the programme's respondents (direct standardisation),
over the groups with enough respondents in the area, their shares rescaled to add up to one.

Groups too small in the area (or absent) are left out and listed, so that the page can say
"standardised over health providers and social care providers; voluntary sector too small
to standardise". The standard error treats the groups as independent samples with fixed
weights: SE^2 = sum of w_g^2 * var_g / n_g; the 95% interval uses Student's t with the
Welch-Satterthwaite degrees of freedom of that sum.

Pass only the groups the area's page shows: a standardised mean over a hidden group would
let its mean be worked out from the crude mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import special

from .statistics import CONFIDENCE, Moments, moment_array_columns

METHOD = (
    "The area's mean if its respondents had been mixed like the programme's (by "
    "organisation type, or by role): the mean of each group in the area weighted by that "
    "group's share of the programme's respondents (direct standardisation), over the groups "
    "with enough respondents in the area, their shares rescaled to add up to one."
)


@dataclass(frozen=True)
class StandardisedMean:
    mean: float | None  # None when no group is usable
    standard_error: float | None
    ci_low: float | None
    ci_high: float | None
    df: float | None
    groups_used: tuple[str, ...]
    groups_too_small: tuple[str, ...]  # in the programme's mix, too small here to use
    share_covered: float  # of the programme's respondents, by the groups used (0 to 1)


def stratum_weights(*, respondents: Mapping[str, int]) -> dict[str, float]:
    """Each group's share of the programme's respondents (the standard population)."""
    total = sum(respondents.values())
    if total <= 0:
        raise ValueError("The programme has no respondents to take a mix from")
    return {group: count / total for group, count in respondents.items()}


def standardised_mean(
    *,
    strata: Mapping[str, Moments],
    weights: Mapping[str, float],
    min_stratum_size: int,
    confidence: float = CONFIDENCE,
) -> StandardisedMean:
    """The area's mean with the programme's mix of groups (direct standardisation): the
    weighted mean of its groups' means, over groups with at least `min_stratum_size`
    respondents here (Moments.effective_n), the weights rescaled to add up to one over
    them. `weights` are the programme's shares (stratum_weights; any positive numbers in
    proportion do); groups of the area missing from them are not in the programme's mix
    and play no part.
    """

    def big_enough(group: str) -> bool:
        here = strata.get(group)
        return here is not None and here.n > 0 and here.effective_n >= min_stratum_size

    usable = [group for group, weight in weights.items() if weight > 0 and big_enough(group)]
    too_small = tuple(g for g, w in weights.items() if w > 0 and g not in usable)
    covered = sum(weights[g] for g in usable)
    share_covered = covered / sum(w for w in weights.values() if w > 0)
    if not usable:
        return StandardisedMean(None, None, None, None, None, (), too_small, 0.0)
    rescaled = {g: weights[g] / covered for g in usable}
    mean = sum(rescaled[g] * strata[g].mean for g in usable)
    # Each group's contribution to the variance of the standardised mean.
    parts = {}
    for g in usable:
        variance = strata[g].respondent_variance
        parts[g] = None if variance is None else rescaled[g] ** 2 * variance / strata[g].effective_n
    se = ci_low = ci_high = df = None
    if None not in parts.values():
        variance = sum(parts.values())
        se = math.sqrt(variance)
        if variance > 0:
            df = variance**2 / sum(
                parts[g] ** 2 / (strata[g].effective_n - 1) for g in usable if parts[g] > 0
            )
            # Student's t quantile (what scipy.stats.t.ppf calls, without its checks per call).
            half_width = float(special.stdtrit(df, 0.5 + confidence / 2)) * se
            ci_low, ci_high = mean - half_width, mean + half_width
    return StandardisedMean(
        mean=mean,
        standard_error=se,
        ci_low=ci_low,
        ci_high=ci_high,
        df=df,
        groups_used=tuple(usable),
        groups_too_small=too_small,
        share_covered=share_covered,
    )


def standardised_means(
    *,
    strata: Mapping[str, np.ndarray],
    statements: np.ndarray,
    weights: Mapping[str, float],
    min_stratum_size: int,
    confidence: float = CONFIDENCE,
) -> list[StandardisedMean]:
    """standardised_mean for many measures at once (an area page standardises 48): `strata`
    holds each group's moments as measures x (n, total, squares), `statements` the number
    each measure pools. The same rule and formulas, one array operation per step."""
    groups = [g for g, w in weights.items() if w > 0]
    columns = len(statements)
    if not groups:
        return [StandardisedMean(None, None, None, None, None, (), (), 0.0)] * columns
    table = np.stack([strata.get(g, np.zeros((columns, 3), dtype=np.int64)) for g in groups])
    weight = np.array([weights[g] for g in groups], dtype=float)[:, None]
    means, var_of_mean, sizes = moment_array_columns(table, statements[None, :])
    usable = (table[..., 0] > 0) & (sizes >= min_stratum_size)  # groups x measures
    covered = (weight * usable).sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rescaled = np.where(usable, weight / covered, 0.0)
        mean = np.where(usable, rescaled * means, 0.0).sum(0)
        parts = np.where(usable, rescaled**2 * var_of_mean, 0.0)
        variance = parts.sum(0)
        spread = np.where(usable & (parts > 0), parts**2 / (sizes - 1), 0.0).sum(0)
        df = variance**2 / spread
    complete = ~(usable & np.isnan(var_of_mean)).any(0)  # every group used has a variance
    half_width = special.stdtrit(np.where(variance > 0, df, 1.0), 0.5 + confidence / 2)
    share = covered / weight.sum()
    result = []
    for j in range(columns):
        used = tuple(g for i, g in enumerate(groups) if usable[i, j])
        too_small = tuple(g for i, g in enumerate(groups) if not usable[i, j])
        if not used:
            result.append(StandardisedMean(None, None, None, None, None, (), too_small, 0.0))
            continue
        se = ci_low = ci_high = degrees = None
        if complete[j]:
            se = float(np.sqrt(variance[j]))
            if variance[j] > 0:
                degrees = float(df[j])
                ci_low = float(mean[j] - half_width[j] * se)
                ci_high = float(mean[j] + half_width[j] * se)
        result.append(
            StandardisedMean(
                mean=float(mean[j]),
                standard_error=se,
                ci_low=ci_low,
                ci_high=ci_high,
                df=degrees,
                groups_used=used,
                groups_too_small=too_small,
                share_covered=float(share[j]),
            )
        )
    return result
