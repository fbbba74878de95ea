"""Fair comparisons from stored counts: pure functions over sufficient statistics.

Every figure here comes from a group's moments (how many scores, their sum, the sum of their
squares), never from response rows: the rest of the programme is the programme's moments
minus the area's, exactly, and the cost does not grow with the number of responses.
Differences get Welch's interval and p-value; a page's differences are one family, declared
by Benjamini-Hochberg at a 5% false discovery rate. Funnels are in `scoring.funnels`,
standardised means in `scoring.standardisation`, differences between an area's respondent
groups in `scoring.subgroups`.

Nothing here suppresses: callers pass only groups and areas that may be shown.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from scipy import special, stats

Key = TypeVar("Key", bound=Hashable)
Row = TypeVar("Row", bound=Hashable)

CONFIDENCE = 0.95
FALSE_DISCOVERY_RATE = 0.05
HIGHER = "higher than the rest"
LOWER = "lower than the rest"
NO_CLEAR_DIFFERENCE = "no clear difference"
# The method in one sentence, for the comparison pages and the downloads' codebook.
METHOD = (
    "Each area is compared with the rest of the programme (its other areas with enough "
    "responses to be scored), measure by measure: the difference of the two means with its "
    "95% interval by Welch's t-test, counting respondents rather than answers, is called "
    "“higher than the rest” or “lower than the rest” only where it still holds after the "
    "Benjamini-Hochberg correction for the number of comparisons on the page (a 5% false "
    "discovery rate), and “no clear difference” otherwise."
)


@dataclass(frozen=True)
class Moments:
    """How many scores a group gave, their sum and the sum of their squares.

    `statements` is how many statements are pooled in (1 for a statement, 6 for an
    attribute). A respondent gives up to that many scores, which are not independent of
    each other, so intervals count `effective_n = n / statements` respondents, not n scores.
    Moments add and subtract group by group: programme - area is the rest of the programme.
    """

    n: int
    total: int
    squares: int
    statements: int = 1

    def __post_init__(self) -> None:
        # Impossible moments mean a caller subtracted a group that was never added (an area
        # missing from the programme): say so rather than report a negative variance.
        if self.statements < 1 or self.n < 0 or self.n * self.squares < self.total**2:
            raise ValueError(f"Inconsistent moments: {self}")

    @classmethod
    def from_distribution(cls, counts: Sequence[int], *, reverse_scored: bool) -> Moments:
        """The moments of one statement from its counts per scale position (0 first); a
        negatively worded statement scores (last position - position), as the annex says."""
        last = len(counts) - 1
        scores = [last - position if reverse_scored else position for position in range(last + 1)]
        return cls(
            n=sum(counts),
            total=sum(c * s for c, s in zip(counts, scores, strict=True)),
            squares=sum(c * s * s for c, s in zip(counts, scores, strict=True)),
        )

    @classmethod
    def pooled(cls, parts: Iterable[Moments]) -> Moments:
        """The moments of a pooled measure: every item score of its statements together (so
        its mean is a pooled mean, not a mean of means)."""
        parts = list(parts)
        return cls(
            n=sum(p.n for p in parts),
            total=sum(p.total for p in parts),
            squares=sum(p.squares for p in parts),
            statements=sum(p.statements for p in parts),
        )

    def _same_measure(self, other: Moments) -> None:
        if self.statements != other.statements:
            raise ValueError("Moments of measures pooling different numbers of statements")

    def __add__(self, other: Moments) -> Moments:
        self._same_measure(other)
        return Moments(
            n=self.n + other.n,
            total=self.total + other.total,
            squares=self.squares + other.squares,
            statements=self.statements,
        )

    def __sub__(self, other: Moments) -> Moments:
        self._same_measure(other)
        return Moments(
            n=self.n - other.n,
            total=self.total - other.total,
            squares=self.squares - other.squares,
            statements=self.statements,
        )

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def squared_deviations(self) -> float:
        """Sum of squared deviations from the mean; the integer numerator keeps it exact."""
        return (self.n * self.squares - self.total**2) / self.n if self.n else 0.0

    @property
    def variance(self) -> float | None:
        """Sample variance (divisor n - 1) of the scores, items treated alike."""
        return self.squared_deviations / (self.n - 1) if self.n >= 2 else None

    @property
    def effective_n(self) -> float:
        """Respondents: exactly so when everyone answered every pooled statement."""
        return self.n / self.statements

    @property
    def respondent_variance(self) -> float | None:
        """The variance of a respondent's mean score over the pooled statements, bounded above
        by SS / (n - statements) (exact when a respondent gives all of them one score; the
        sample variance for one statement). Proof: a mean's squared deviation is at most the
        mean of its items' squared deviations (Cauchy-Schwarz)."""
        spare = self.n - self.statements
        return self.squared_deviations / spare if spare > 0 else None


def measure_moments(
    *, statements: Mapping[str, Moments], measures: Mapping[Key, Sequence[str]]
) -> dict[Key, Moments]:
    """Each measure's moments pooled from its statements' (codes given per measure)."""
    return {key: Moments.pooled(statements[c] for c in codes) for key, codes in measures.items()}


@dataclass(frozen=True)
class Comparison:
    """The first group's mean minus the second's, with Welch's interval and two-sided
    p-value. Fields are None where they cannot be computed (see welch_comparisons)."""

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    df: float | None


def moment_array_columns(
    moments: np.ndarray, statements: np.ndarray | int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """moment_columns for moments held as an integer array (..., 3) of (n, total, squares),
    `statements` pooled in each: Moments' formulas at array speed, for pages that compare
    thousands of pairs. Exact integer numerators while n * squares fits in 64 bits (some
    10^18: 10 million respondents on a 30-statement measure)."""
    n, total, squares = moments[..., 0], moments[..., 1], moments[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(n > 0, total / n, np.nan)
        deviations = np.where(n > 0, (n * squares - total * total) / n, 0.0)
        spare = n - statements
        variances = np.where(spare > 0, deviations / spare, np.nan)
        sizes = n / statements
        return means, variances / sizes, sizes


def moment_columns(groups: Sequence[Moments]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means, variances of the mean and effective n as arrays (NaN where undefined)."""
    nan = math.nan
    means = np.array([g.mean if g.n else nan for g in groups], dtype=float)
    sizes = np.array([g.effective_n for g in groups], dtype=float)
    variances = np.array(
        [v if (v := g.respondent_variance) is not None else nan for g in groups], dtype=float
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return means, variances / sizes, sizes


def welch_arrays(
    mean_1: np.ndarray,
    var_1: np.ndarray,
    n_1: np.ndarray,
    mean_2: np.ndarray,
    var_2: np.ndarray,
    n_2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Welch's test over arrays of pairs (variances of the mean): (difference, standard
    error, degrees of freedom, p-value, testable). NaN where a pair is untested."""
    difference = mean_1 - mean_2
    spread = var_1 + var_2
    testable = np.isfinite(spread) & (spread > 0) & np.isfinite(difference)
    se = np.full(len(difference), np.nan)
    df = np.full(len(difference), np.nan)
    p_value = np.full(len(difference), np.nan)
    if testable.any():
        v1, v2, se2 = var_1[testable], var_2[testable], spread[testable]
        # Welch-Satterthwaite degrees of freedom; a side with no variance adds nothing.
        df[testable] = se2**2 / (v1**2 / (n_1[testable] - 1) + v2**2 / (n_2[testable] - 1))
        se[testable] = np.sqrt(se2)
        # Student's t tail from scipy.special.stdtr, which scipy.stats.t.sf calls itself,
        # without its per-call argument checks: a page tests thousands of pairs.
        t = np.abs(difference[testable]) / se[testable]
        p_value[testable] = 2 * special.stdtr(df[testable], -t)
    return difference, se, df, p_value, testable


def comparisons_from_arrays(
    difference: np.ndarray,
    se: np.ndarray,
    df: np.ndarray,
    p_value: np.ndarray,
    testable: np.ndarray,
    confidence: float,
) -> list[Comparison]:
    """Comparison objects for the pairs given as arrays (only these pay for a t quantile)."""
    half_width = np.full(len(difference), np.nan)
    if testable.any():
        # The quantile scipy.stats.t.ppf computes (stdtrit), as for the tail above.
        half_width[testable] = special.stdtrit(df[testable], 0.5 + confidence / 2) * se[testable]
    # Plain floats first: iterating numpy scalars costs more than the arithmetic.
    rows = zip(
        difference.tolist(),
        half_width.tolist(),
        p_value.tolist(),
        df.tolist(),
        testable.tolist(),
        strict=True,
    )
    return [
        Comparison(d, d - h, d + h, p, f)
        if ok
        else Comparison(None if math.isnan(d) else d, None, None, None, None)
        for d, h, p, f, ok in rows
    ]


def welch_comparisons(
    *, pairs: Sequence[tuple[Moments, Moments]], confidence: float = CONFIDENCE
) -> list[Comparison]:
    """For each pair, the difference of the two means with its 95% interval and p-value by
    Welch's t-test, which does not assume the two groups spread their scores alike.

    Pooled measures count respondents, not item scores (Moments.respondent_variance): an
    interval that holds however strongly a respondent's answers hang together, and wider
    than one that treats 30 answers of one person as 30 people. What is left out: a side
    without scores gives nothing; a side of one respondent (no variance to estimate) gives
    the difference alone; so does a pair whose scores do not vary at all on either side (no
    sampling spread to judge a difference by): such differences are never tested, stay out
    of a false-discovery family and are tagged "no clear difference". Vectorised: one SciPy
    call for all the pairs.
    """
    if not pairs:
        return []
    first = moment_columns([first for first, _ in pairs])
    second = moment_columns([second for _, second in pairs])
    return comparisons_from_arrays(*welch_arrays(*first, *second), confidence)


def welch_comparison(
    *, first: Moments, second: Moments, confidence: float = CONFIDENCE
) -> Comparison:
    """One pair: see welch_comparisons."""
    return welch_comparisons(pairs=[(first, second)], confidence=confidence)[0]


def compare_with_rest(
    *,
    areas: Mapping[Row, Mapping[Key, Moments]],
    programme: Mapping[Key, Moments],
    confidence: float = CONFIDENCE,
) -> dict[Row, dict[Key, Comparison]]:
    """Each area against the rest of the programme (the programme without that area),
    measure by measure: the area's mean minus the rest's, by Welch's t-test.

    Pass only areas added into `programme`: the rest is the difference of the two, and an
    area left out of the programme would get a wrong rest (caught only where the
    subtraction leaves impossible moments, as a ValueError).
    """
    keys = [(area, key) for area, measures in areas.items() for key in measures]
    pairs = [(areas[area][key], programme[key] - areas[area][key]) for area, key in keys]
    result: dict[Row, dict[Key, Comparison]] = {area: {} for area in areas}
    for (area, key), comparison in zip(
        keys, welch_comparisons(pairs=pairs, confidence=confidence), strict=True
    ):
        result[area][key] = comparison
    return result


@dataclass(frozen=True)
class Decision:
    adjusted_p_value: float | None  # Benjamini-Hochberg; None when the comparison is untested
    discovery: bool


def false_discovery_decisions(
    *, p_values: Mapping[Key, float | None], rate: float = FALSE_DISCOVERY_RATE
) -> dict[Key, Decision]:
    """Benjamini-Hochberg over one family of comparisons: a difference is declared where its
    adjusted p-value is at most 5% (`rate`), which keeps the expected share of false
    declarations among those declared at or below 5%.

    The guarantee holds for independent or positively dependent tests, which comparisons of
    one area's overlapping measures against the same rest are. Untested comparisons (p
    None) are not members of the family."""
    tested = [key for key, p in p_values.items() if p is not None]
    adjusted = (
        stats.false_discovery_control([p_values[key] for key in tested], method="bh")
        if tested
        else []
    )
    decisions = dict.fromkeys(p_values, Decision(adjusted_p_value=None, discovery=False))
    for key, q in zip(tested, np.atleast_1d(adjusted).tolist(), strict=True):
        decisions[key] = Decision(adjusted_p_value=q, discovery=q <= rate)
    return decisions


def difference_tag(*, comparison: Comparison, discovery: bool) -> str:
    """ "higher than the rest", "lower than the rest" or "no clear difference"."""
    if discovery and comparison.difference is not None:
        if comparison.difference > 0:
            return HIGHER
        if comparison.difference < 0:
            return LOWER
    return NO_CLEAR_DIFFERENCE


@dataclass(frozen=True)
class Finding:
    """A comparison with its family's decision. The interval shown is the comparison's own
    95% one; the tag follows the correction, so an interval clear of zero can still read
    "no clear difference" when the page holds many comparisons."""

    comparison: Comparison
    adjusted_p_value: float | None
    discovery: bool

    @property
    def tag(self) -> str:
        return difference_tag(comparison=self.comparison, discovery=self.discovery)


def findings(
    *, comparisons: Mapping[Key, Comparison], rate: float = FALSE_DISCOVERY_RATE
) -> dict[Key, Finding]:
    """The comparisons of one page as one family, each with its Benjamini-Hochberg decision."""
    decisions = false_discovery_decisions(
        p_values={key: c.p_value for key, c in comparisons.items()}, rate=rate
    )
    return {
        key: Finding(
            comparison=c,
            adjusted_p_value=decisions[key].adjusted_p_value,
            discovery=decisions[key].discovery,
        )
        for key, c in comparisons.items()
    }


def area_page_findings(
    *, comparisons: Mapping[Row, Mapping[Key, Comparison]], rate: float = FALSE_DISCOVERY_RATE
) -> dict[Row, dict[Key, Finding]]:
    """Each area's page is its own family: all of its measures against the rest."""
    return {
        area: findings(comparisons=measures, rate=rate) for area, measures in comparisons.items()
    }


def heatmap_findings(
    *,
    comparisons: Mapping[Row, Mapping[Key, Comparison]],
    columns: Sequence[Key],
    rate: float = FALSE_DISCOVERY_RATE,
) -> dict[Row, dict[Key, Finding]]:
    """The heatmap across areas (areas as rows, `columns` as columns, each cell the area's
    difference from the rest): every cell of the page in one Benjamini-Hochberg family."""
    cells = {
        (area, column): comparisons[area][column] for area in comparisons for column in columns
    }
    decided = findings(comparisons=cells, rate=rate)
    return {area: {column: decided[area, column] for column in columns} for area in comparisons}
