"""Funnel plots of area means against their number of respondents, as in CQC's intelligent
monitoring and NHS-R FunnelPlotR (Spiegelhalter 2005), from stored moments only.

Method, in one sentence for a page: each area's mean is plotted against its number of
respondents, with 95% and 99.8% control limits around the programme mean that narrow as
the number grows and are widened by the variation between areas beyond chance, where there
is any (Spiegelhalter's additive random-effects adjustment); areas outside are named.

The steps (Spiegelhalter, "Handling over-dispersion of performance indicators", Qual Saf
Health Care 2005; FunnelPlotR's CQC method):

1. An area's standard error is s_i = sigma / sqrt(n_i), sigma being the spread of a
   respondent's score within areas (pooled over the areas: the residual SD of a one-way
   analysis of variance), n_i its respondents (Moments.effective_n). For a pooled measure
   sigma is that of a respondent's mean over its statements, by the same upper bound as
   its intervals (Moments.respondent_variance), so its limits err wide.
2. Its z-score is z_i = (mean_i - target) / s_i.
3. The z-scores are winsorised: those below their 10th percentile set to it, those above
   their 90th set to it (percentiles interpolated linearly, as R's quantile()).
4. The overdispersion ratio is phi = mean of the winsorised z_i squared (about 1 when areas
   differ by chance alone).
5. With I areas and w_i = 1 / s_i^2, the between-area variance is the DerSimonian-Laird
   moment estimate tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), and zero when
   I phi <= I - 1, i.e. phi <= 1 - 1/I: no variation beyond chance is left to add.
6. Limits for n respondents: target +/- z sqrt(sigma^2 / n + tau^2), z = 1.96 for 95% and
   3.09 for 99.8% (two-sided normal quantiles).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .statistics import Moments

Z_95 = float(stats.norm.ppf(0.975))
Z_998 = float(stats.norm.ppf(0.999))
WINSORISE = 0.1  # each tail, FunnelPlotR's default
HIGH = "high"
LOW = "low"
METHOD = (
    "Each area's mean is plotted against its number of respondents, with 95% and 99.8% "
    "control limits around the programme mean that narrow as the number grows and are "
    "widened by the variation between areas beyond chance, where there is any "
    "(Spiegelhalter's additive random-effects adjustment); areas outside are named."
)


@dataclass(frozen=True)
class FunnelLimits:
    n: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float


@dataclass(frozen=True)
class FunnelPoint:
    name: str
    n: float  # respondents (effective n of a pooled measure)
    mean: float
    z_score: float  # against sampling variation alone
    adjusted_z_score: float  # against sampling variation and tau^2
    limits: FunnelLimits
    outside_95: str | None  # "high", "low" or None
    outside_998: str | None


@dataclass(frozen=True)
class Funnel:
    target: float
    sigma: float  # spread of one respondent's score within areas
    phi: float  # overdispersion ratio (winsorised mean squared z-score)
    tau2: float  # between-area variance added to each area's sampling variance
    points: tuple[FunnelPoint, ...]

    def limits(self, *, sizes: Sequence[float]) -> list[FunnelLimits]:
        """The curves to draw: this funnel's limits at each number of respondents."""
        return funnel_limits(target=self.target, sigma=self.sigma, tau2=self.tau2, sizes=sizes)

    def outside(self, *, level: str = "99.8") -> list[FunnelPoint]:
        """The areas outside the 95% or 99.8% limits, highest first."""
        field = "outside_998" if level == "99.8" else "outside_95"
        return sorted(
            (p for p in self.points if getattr(p, field)), key=lambda p: (-p.mean, p.name)
        )


def funnel_limits(
    *, target: float, sigma: float, tau2: float, sizes: Sequence[float]
) -> list[FunnelLimits]:
    """Control limits at 95% and 99.8% for each number of respondents:
    target +/- z * sqrt(sigma^2 / n + tau^2)."""
    n = np.asarray(sizes, dtype=float)
    width = np.sqrt(sigma**2 / n + tau2)
    return [
        FunnelLimits(
            n=float(size),
            lower_95=target - Z_95 * w,
            upper_95=target + Z_95 * w,
            lower_998=target - Z_998 * w,
            upper_998=target + Z_998 * w,
        )
        for size, w in zip(n.tolist(), width.tolist(), strict=True)
    ]


def within_area_sigma(*, areas: Sequence[Moments]) -> float:
    """The spread of a respondent's score within areas, pooled over the areas: the square
    root of the summed squared deviations over the summed degrees of freedom (n - 1 for a
    statement, n - statements for a pooled measure, as in Moments.respondent_variance)."""
    spread = [m for m in areas if m.n > m.statements]
    deviations = sum(m.squared_deviations for m in spread)
    freedom = sum(m.n - m.statements for m in spread)
    if freedom <= 0 or deviations <= 0:
        raise ValueError("No spread within the areas to draw a funnel with")
    return math.sqrt(deviations / freedom)


def overdispersion(
    *, z_scores: np.ndarray, standard_errors: np.ndarray, winsorise: float = WINSORISE
) -> tuple[float, float]:
    """(phi, tau^2) by Spiegelhalter's method: steps 3 to 5 of this module's description."""
    count = len(z_scores)
    low, high = np.quantile(z_scores, [winsorise, 1 - winsorise])
    phi = float(np.mean(np.clip(z_scores, low, high) ** 2))
    weights = 1 / standard_errors**2
    denominator = float(weights.sum() - (weights**2).sum() / weights.sum())
    if count * phi <= count - 1 or denominator <= 0:
        return phi, 0.0
    return phi, (count * phi - (count - 1)) / denominator


def _side(mean: float, lower: float, upper: float) -> str | None:
    if mean > upper:
        return HIGH
    if mean < lower:
        return LOW
    return None


def funnel(
    *,
    areas: Mapping[str, Moments],
    target: float | None = None,
    sigma: float | None = None,
    winsorise: float = WINSORISE,
    adjust_for_overdispersion: bool = True,
) -> Funnel:
    """One statement's or measure's funnel: each area's mean against its respondents, with
    95% and 99.8% limits around the target, widened by the between-area variance tau^2
    where there is any, and which areas fall outside each limit, high or low.

    `target` defaults to the pooled mean of the areas given (the programme mean when they
    are the programme's areas), `sigma` to their within-area spread. Areas without scores
    are left out. With adjust_for_overdispersion=False, phi is still reported but tau^2 is
    0: the limits are those of sampling variation alone.
    """
    scored = {name: m for name, m in areas.items() if m.n > 0}
    if not scored:
        raise ValueError("A funnel needs at least one area with scores")
    if target is None:
        target = sum(m.total for m in scored.values()) / sum(m.n for m in scored.values())
    if sigma is None:
        sigma = within_area_sigma(areas=list(scored.values()))
    sizes = np.array([m.effective_n for m in scored.values()], dtype=float)
    means = np.array([m.mean for m in scored.values()], dtype=float)
    standard_errors = sigma / np.sqrt(sizes)
    z_scores = (means - target) / standard_errors
    phi, tau2 = overdispersion(
        z_scores=z_scores, standard_errors=standard_errors, winsorise=winsorise
    )
    if not adjust_for_overdispersion:
        tau2 = 0.0
    adjusted = (means - target) / np.sqrt(standard_errors**2 + tau2)
    limits = funnel_limits(target=target, sigma=sigma, tau2=tau2, sizes=sizes.tolist())
    points = tuple(
        FunnelPoint(
            name=name,
            n=float(size),
            mean=float(mean),
            z_score=float(z),
            adjusted_z_score=float(az),
            limits=limit,
            outside_95=_side(mean, limit.lower_95, limit.upper_95),
            outside_998=_side(mean, limit.lower_998, limit.upper_998),
        )
        for name, size, mean, z, az, limit in zip(
            scored, sizes.tolist(), means.tolist(), z_scores, adjusted, limits, strict=True
        )
    )
    return Funnel(target=target, sigma=sigma, phi=phi, tau2=tau2, points=points)
