"""Funnel limits at 95% and 99.8%, with and without Spiegelhalter's overdispersion
adjustment, worked by hand on five areas; tau^2 equals statsmodels' DerSimonian-Laird
estimate when nothing is winsorised and the target is the programme mean."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from statsmodels.stats.meta_analysis import combine_effects

from scoring.funnels import funnel
from scoring.statistics import Moments

Z_95, Z_998 = 1.959964, 3.090232


def area(n: int, total: int, squared_deviations: int) -> Moments:
    """Moments with the given mean (total / n) and sum of squared deviations."""
    squares = total * total // n + squared_deviations
    assert total * total % n == 0  # chosen so that the moments are exact
    return Moments(n=n, total=total, squares=squares)


# Five areas of 25 respondents, each with within-area variance 24 / 24 = 1, so sigma = 1 and
# each area's standard error is 1 / sqrt(25) = 0.2. Means 3.0, 3.2, 2.8, 3.6, 2.4: the
# programme mean (target) is 375 / 125 = 3.0 and the z-scores are 0, 1, -1, 3, -3.
SPREAD_OUT = {
    "Ashby": area(25, 75, 24),
    "Brent": area(25, 80, 24),
    "Corby": area(25, 70, 24),
    "Derby": area(25, 90, 24),
    "Epsom": area(25, 60, 24),
}


def test_overdispersed_limits_worked_by_hand():
    # Winsorising at 10%: the sorted z-scores -3, -1, 0, 1, 3 have 10th percentile
    # -3 + 0.4 * (-1 - -3) = -2.2 (R's type 7: position 1 + 0.1 * 4) and 90th 2.2, so
    # -3 and 3 become -2.2 and 2.2. phi = (0 + 1 + 1 + 4.84 + 4.84) / 5 = 2.336.
    # Weights w = 1 / 0.2^2 = 25: sum w - sum w^2 / sum w = 125 - 3125 / 125 = 100.
    # I phi = 11.68 > I - 1 = 4, so tau^2 = (11.68 - 4) / 100 = 0.0768.
    # Limits at n = 25: 3 +/- z * sqrt(0.04 + 0.0768) = 3 +/- z * 0.341760.
    result = funnel(areas=SPREAD_OUT)
    assert result.target == 3.0
    assert result.sigma == pytest.approx(1.0)
    assert result.phi == pytest.approx(2.336)
    assert result.tau2 == pytest.approx(0.0768)
    width = math.sqrt(0.1168)
    limits = result.points[0].limits
    assert limits.upper_95 == pytest.approx(3 + Z_95 * width, abs=1e-6)  # 3.669838
    assert limits.lower_998 == pytest.approx(3 - Z_998 * width, abs=1e-6)  # 1.943882
    # 3.6 and 2.4 lie within 3 +/- 0.669838: no area is outside once tau^2 is added.
    assert [p.outside_95 for p in result.points] == [None] * 5
    derby = result.points[3]
    assert (derby.z_score, derby.adjusted_z_score) == pytest.approx((3.0, 0.6 / width))


def test_the_same_areas_without_the_adjustment():
    # Limits of sampling variation alone: 3 +/- 1.959964 * 0.2 = 3 +/- 0.391993 at 95%,
    # 3 +/- 3.090232 * 0.2 = 3 +/- 0.618046 at 99.8%. Derby (3.6) is above the first and
    # below the second; Epsom (2.4) likewise below.
    result = funnel(areas=SPREAD_OUT, adjust_for_overdispersion=False)
    assert result.tau2 == 0.0 and result.phi == pytest.approx(2.336)
    limits = result.points[0].limits
    assert (limits.lower_95, limits.upper_95) == pytest.approx((2.608007, 3.391993), abs=1e-6)
    assert (limits.lower_998, limits.upper_998) == pytest.approx((2.381954, 3.618046), abs=1e-6)
    assert {p.name: p.outside_95 for p in result.points if p.outside_95} == {
        "Derby": "high",
        "Epsom": "low",
    }
    assert [p.outside_998 for p in result.points] == [None] * 5
    assert [p.name for p in result.outside(level="95")] == ["Derby", "Epsom"]


def test_areas_within_chance_get_no_between_area_variance():
    # Same sizes and sigma (given), means 3.0, 3.04, 2.96, 3.08, 2.92: z = 0, 0.2, -0.2,
    # 0.4, -0.4; winsorised at -0.32 and 0.32 (-0.4 + 0.4 * 0.2); phi = (0 + 0.04 + 0.04 +
    # 0.1024 + 0.1024) / 5 = 0.05696, and I phi = 0.2848 <= I - 1 = 4: tau^2 = 0.
    close = {
        name: Moments(n=25, total=total, squares=total * total // 25 + 25)
        for name, total in zip("abcde", (75, 76, 74, 77, 73), strict=True)
    }
    result = funnel(areas=close, sigma=1.0)
    assert result.phi == pytest.approx(0.05696)
    assert result.tau2 == 0.0
    assert result.points[0].limits.upper_95 == pytest.approx(3 + Z_95 * 0.2, abs=1e-6)


def test_the_curve_narrows_with_respondents_and_meets_the_points():
    result = funnel(areas=SPREAD_OUT)
    curve = result.limits(sizes=[4, 25, 100, 10_000])
    widths = [c.upper_998 - c.lower_998 for c in curve]
    assert widths == sorted(widths, reverse=True)
    assert curve[1] == result.points[0].limits
    # However many respondents, the limits stay at least z * tau apart from the target.
    assert curve[3].upper_95 - 3 == pytest.approx(Z_95 * math.sqrt(1 / 10_000 + 0.0768), abs=1e-6)


# statsmodels divides by Q for its I^2 statistic, zero when all the means are equal.
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@hypothesis_settings(max_examples=100, deadline=None)
@given(
    areas=st.lists(
        st.tuples(st.integers(10, 400), st.floats(1.5, 4.5), st.floats(0.3, 2.0)),
        min_size=3,
        max_size=30,
    )
)
def test_tau2_is_dersimonian_laird_when_nothing_is_winsorised(areas):
    moments = {}
    for i, (n, mean, sd) in enumerate(areas):
        total = round(mean * n)
        squares = math.ceil(total * total / n + sd * sd * (n - 1))
        moments[f"area-{i}"] = Moments(n=n, total=total, squares=squares)
    result = funnel(areas=moments, winsorise=0.0)
    sizes = np.array([m.n for m in moments.values()], dtype=float)
    means = np.array([m.mean for m in moments.values()])
    dl = combine_effects(means, result.sigma**2 / sizes, method_re="dl")
    assert result.tau2 == pytest.approx(max(dl.tau2, 0.0), rel=1e-7, abs=1e-12)
    # The target is the programme mean, the inverse-variance weighted mean of the areas.
    assert result.target == pytest.approx(np.average(means, weights=sizes), rel=1e-12)


def test_a_pooled_measure_plots_respondents_not_item_scores():
    attribute = {
        name: Moments.pooled([m] * 6)  # six statements answered alike by 25 respondents
        for name, m in SPREAD_OUT.items()
    }
    result = funnel(areas=attribute)
    assert [p.n for p in result.points] == [25.0] * 5
    assert result.tau2 == pytest.approx(0.0768)


def test_areas_whose_respondents_all_agree_have_no_funnel():
    alike = {name: Moments(n=20, total=60, squares=180) for name in ("a", "b", "c")}
    with pytest.raises(ValueError, match="No spread"):
        funnel(areas=alike)
