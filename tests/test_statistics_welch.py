"""Welch comparisons from moments equal statsmodels' Welch t-test on the raw scores behind the
counts: difference, 95% interval, p-value and degrees of freedom; an area against the rest
equals the test of its raw scores against the raw scores of every other area."""

import pytest
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from scoring.statistics import (
    Moments,
    compare_with_rest,
    welch_comparison,
    welch_comparisons,
)
from tests.statistics_samples import distributions, moments, scores, varied


def statsmodels_welch(first: list[int], second: list[int], alpha: float = 0.05):
    x1, x2 = scores(first), scores(second)
    t, p, df = ttest_ind(x1, x2, usevar="unequal")
    low, high = CompareMeans(DescrStatsW(x1), DescrStatsW(x2)).tconfint_diff(
        alpha=alpha, usevar="unequal"
    )
    return x1.mean() - x2.mean(), low, high, p, df


def assert_matches(comparison, expected):
    difference, low, high, p, df = expected
    assert comparison.difference == pytest.approx(difference, rel=1e-9, abs=1e-12)
    assert comparison.ci_low == pytest.approx(low, rel=1e-7, abs=1e-9)
    assert comparison.ci_high == pytest.approx(high, rel=1e-7, abs=1e-9)
    assert comparison.p_value == pytest.approx(p, rel=1e-6, abs=1e-12)
    assert comparison.df == pytest.approx(df, rel=1e-9)


@hypothesis_settings(max_examples=200, deadline=None)
@given(first=distributions(min_n=2), second=distributions(min_n=2))
def test_welch_matches_statsmodels_on_the_raw_scores(first, second):
    assume(varied(first) or varied(second))  # at least one side has spread to test against
    comparison = welch_comparison(first=moments(first), second=moments(second))
    assert_matches(comparison, statsmodels_welch(first, second))


def test_a_worked_case_by_hand():
    # First: scores 1, 3, 5 (mean 3, variance 4); second: 2, 2, 2, 4 (mean 2.5, variance 1).
    # Variances of the means 4/3 and 1/4, SE = sqrt(19/12) = 1.2583; Welch df =
    # (19/12)^2 / ((4/3)^2 / 2 + (1/4)^2 / 3) = 2.5069 / 0.90972 = 2.7557.
    comparison = welch_comparison(
        first=moments([0, 1, 0, 1, 0, 1]), second=moments([0, 0, 3, 0, 1, 0])
    )
    assert comparison.difference == pytest.approx(0.5)
    assert comparison.df == pytest.approx(2.7557, abs=1e-4)
    # t(0.975, 2.7557 df) = 3.3481 (between the tables' 4.303 at 2 df and 3.182 at 3), so the
    # interval is 0.5 +/- 3.3481 * 1.2583 = 0.5 +/- 4.2130; t = 0.3974 gives p = 0.7199.
    assert comparison.ci_low == pytest.approx(0.5 - 4.2130, abs=1e-4)
    assert comparison.ci_high == pytest.approx(0.5 + 4.2130, abs=1e-4)
    assert comparison.p_value == pytest.approx(0.7199, abs=1e-4)


@hypothesis_settings(max_examples=50, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(distributions(min_n=2), distributions(min_n=2)).filter(
            lambda pair: varied(pair[0]) or varied(pair[1])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_many_pairs_at_once_are_each_the_single_comparison(pairs):
    together = welch_comparisons(pairs=[(moments(a), moments(b)) for a, b in pairs])
    for (a, b), comparison in zip(pairs, together, strict=True):
        assert comparison == welch_comparison(first=moments(a), second=moments(b))


def test_a_side_with_one_respondent_gives_the_difference_alone():
    comparison = welch_comparison(
        first=moments([0, 0, 1, 0, 0, 0]), second=moments([5, 5, 5, 5, 5, 5])
    )
    assert comparison.difference == pytest.approx(2 - 2.5)
    assert (comparison.ci_low, comparison.ci_high, comparison.p_value, comparison.df) == (
        None,
        None,
        None,
        None,
    )


def test_a_side_without_scores_gives_nothing():
    comparison = welch_comparison(first=Moments(n=0, total=0, squares=0), second=moments([3] * 6))
    assert comparison.difference is None and comparison.p_value is None


def test_no_variation_on_either_side_is_reported_but_never_tested():
    comparison = welch_comparison(
        first=moments([0, 0, 0, 0, 0, 20]), second=moments([0, 0, 0, 40, 0, 0])
    )
    assert comparison.difference == 2.0
    assert comparison.p_value is None and comparison.ci_low is None


def test_one_constant_side_is_tested_against_the_other_sides_spread():
    first, second = [0, 0, 0, 0, 0, 20], [3, 4, 5, 6, 7, 8]
    assert_matches(
        welch_comparison(first=moments(first), second=moments(second)),
        statsmodels_welch(first, second),
    )


def test_a_99_percent_interval_is_asked_for_by_confidence():
    first, second = [1, 2, 5, 9, 4, 3], [4, 6, 8, 3, 1, 1]
    comparison = welch_comparison(first=moments(first), second=moments(second), confidence=0.99)
    assert_matches(comparison, statsmodels_welch(first, second, alpha=0.01))


@hypothesis_settings(max_examples=60, deadline=None)
@given(areas=st.lists(distributions(min_n=2), min_size=3, max_size=6))
def test_each_area_against_the_rest_is_welch_on_the_raw_rest(areas):
    assume(all(varied(a) for a in areas))
    by_name = {f"area-{i}": {"RV-INT-CUL": moments(counts)} for i, counts in enumerate(areas)}
    programme = moments([sum(a[p] for a in areas) for p in range(6)])
    result = compare_with_rest(areas=by_name, programme={"RV-INT-CUL": programme})
    for i, counts in enumerate(areas):
        rest = [sum(a[p] for j, a in enumerate(areas) if j != i) for p in range(6)]
        assert_matches(result[f"area-{i}"]["RV-INT-CUL"], statsmodels_welch(counts, rest))


def test_the_rest_leaves_the_area_out():
    """Against the programme mean including the area, a large area looks closer to average
    than it is: 100 respondents averaging 4.5 beside 40 averaging 1.5 are 3.0 above the rest,
    but only 4.5 - 510 / 140 = 0.857 above the programme mean."""
    big, small = [0, 0, 0, 0, 50, 50], [10, 10, 10, 10, 0, 0]
    programme = moments([b + s for b, s in zip(big, small, strict=True)])
    result = compare_with_rest(
        areas={"big": {"s": moments(big)}, "small": {"s": moments(small)}},
        programme={"s": programme},
    )
    assert result["big"]["s"].difference == pytest.approx(4.5 - 1.5)
    assert moments(big).mean - programme.mean == pytest.approx(4.5 - 510 / 140)
