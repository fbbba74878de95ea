"""A pooled measure's interval counts respondents, not item scores, and is never narrower than
the Welch interval on respondents' own mean scores, whatever the correlation of a
respondent's answers: equal to it when each respondent gives all statements one score."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import t as student_t
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from scoring.statistics import Moments, compare_with_rest, measure_moments, welch_comparison
from tests.statistics_samples import POSITIONS


def pooled_moments(answers: np.ndarray) -> Moments:
    """The moments a tally stores for a measure: each statement's counts per score, pooled.
    `answers` is respondents x statements, each a score 0..5."""
    return Moments.pooled(
        Moments.from_distribution(
            np.bincount(answers[:, j], minlength=POSITIONS).tolist(), reverse_scored=False
        )
        for j in range(answers.shape[1])
    )


def respondent_welch(first: np.ndarray, second: np.ndarray):
    """statsmodels' Welch test on each respondent's mean over the statements."""
    x1, x2 = first.mean(axis=1), second.mean(axis=1)
    _t, p, df = ttest_ind(x1, x2, usevar="unequal")
    low, high = CompareMeans(DescrStatsW(x1), DescrStatsW(x2)).tconfint_diff(usevar="unequal")
    return x1.mean() - x2.mean(), low, high, p, df


def answer_matrices(statements: int):
    return arrays(
        dtype=np.int64,
        shape=st.tuples(st.integers(3, 25), st.just(statements)),
        elements=st.integers(0, POSITIONS - 1),
    )


def test_consistent_respondents_give_exactly_the_respondent_level_welch_test():
    rng = np.random.default_rng(7)
    # 40 and 25 respondents, each giving one score to all six statements of an attribute.
    first = np.repeat(rng.integers(0, 6, size=(40, 1)), 6, axis=1)
    second = np.repeat(rng.integers(1, 6, size=(25, 1)), 6, axis=1)
    comparison = welch_comparison(first=pooled_moments(first), second=pooled_moments(second))
    difference, low, high, p, df = respondent_welch(first, second)
    assert comparison.difference == pytest.approx(difference)
    assert (comparison.ci_low, comparison.ci_high) == pytest.approx((low, high), rel=1e-9)
    assert comparison.p_value == pytest.approx(p, rel=1e-9)
    assert comparison.df == pytest.approx(df, rel=1e-9)


@hypothesis_settings(max_examples=150, deadline=None)
@given(answers=answer_matrices(6))
def test_the_standard_error_bounds_the_respondent_level_one_from_above(answers):
    """Whatever the answers, SS / (n - statements) is at least the sample variance of the
    respondents' means (a mean's squared deviation is at most its items' mean one)."""
    pooled = pooled_moments(answers)
    respondents = answers.shape[0]
    assert pooled.effective_n == respondents
    assert pooled.mean == pytest.approx(answers.mean())
    assert pooled.respondent_variance >= answers.mean(axis=1).var(ddof=1) - 1e-12


@hypothesis_settings(max_examples=60, deadline=None)
@given(first=answer_matrices(5), second=answer_matrices(5))
def test_the_interval_is_never_narrower_than_the_respondent_level_one(first, second):
    comparison = welch_comparison(first=pooled_moments(first), second=pooled_moments(second))
    x1, x2 = first.mean(axis=1), second.mean(axis=1)
    respondent_se2 = x1.var(ddof=1) / len(x1) + x2.var(ddof=1) / len(x2)
    if comparison.p_value is None:  # no spread at all on either side
        assert respondent_se2 == 0
        return
    # The standard error behind the interval: its half-width over the t quantile used.
    se = (comparison.ci_high - comparison.ci_low) / 2 / student_t.ppf(0.975, comparison.df)
    assert se**2 >= respondent_se2 - 1e-12


def test_thirty_answers_of_one_person_are_not_thirty_people():
    """Twelve respondents per area answering the 30 relational value statements alike: as
    360 independent scores the difference would look clear (p < 0.001); as twelve people,
    which is what they are, it is not (p = 0.20, the respondent-level test)."""
    first = np.repeat(np.array([[3, 4, 2, 5, 3, 4, 3, 2, 4, 5, 3, 4]]).T, 30, axis=1)
    second = np.repeat(np.array([[2, 3, 4, 1, 4, 2, 5, 2, 3, 4, 2, 3]]).T, 30, axis=1)
    ours = welch_comparison(first=pooled_moments(first), second=pooled_moments(second))
    _t, naive_p, _df = ttest_ind(first.ravel(), second.ravel(), usevar="unequal")
    _difference, _low, _high, respondent_p, _df = respondent_welch(first, second)
    assert naive_p < 0.001
    assert ours.p_value == pytest.approx(respondent_p)
    assert respondent_p == pytest.approx(0.2019, abs=1e-4)


def test_the_rest_of_a_pooled_measure_is_the_pool_of_the_statements_rests():
    rng = np.random.default_rng(11)
    areas = {name: rng.integers(0, 6, size=(30 + 10 * i, 6)) for i, name in enumerate("abc")}
    codes = [f"S{j}" for j in range(6)]

    def statement_moments(answers):
        return {
            code: Moments.from_distribution(
                np.bincount(answers[:, j], minlength=POSITIONS).tolist(), reverse_scored=False
            )
            for j, code in enumerate(codes)
        }

    per_area = {name: statement_moments(a) for name, a in areas.items()}
    programme = {code: sum((per_area[n][code] for n in areas), Moments(0, 0, 0)) for code in codes}
    measures = {"attribute": codes}
    pooled_programme = measure_moments(statements=programme, measures=measures)["attribute"]
    pooled_area = measure_moments(statements=per_area["b"], measures=measures)["attribute"]
    rests = {code: programme[code] - per_area["b"][code] for code in codes}
    assert (
        pooled_programme - pooled_area
        == measure_moments(statements=rests, measures=measures)["attribute"]
    )
    compared = compare_with_rest(
        areas={"b": {"attribute": pooled_area}}, programme={"attribute": pooled_programme}
    )["b"]["attribute"]
    rest_answers = np.vstack([areas["a"], areas["c"]])
    assert compared.difference == pytest.approx(areas["b"].mean() - rest_answers.mean())


def test_unanswered_statements_count_the_answers_per_statement_as_respondents():
    # Ten respondents; on the second statement only four answered: 14 scores / 2 statements.
    answered = Moments.pooled(
        [Moments(n=10, total=30, squares=100), Moments(n=4, total=8, squares=20)]
    )
    assert answered.effective_n == 7
