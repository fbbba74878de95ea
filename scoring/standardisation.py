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

from scipy import special

from .statistics import CONFIDENCE, Moments

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
