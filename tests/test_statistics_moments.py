"""Moments are exact sufficient statistics: the mean and variance of the raw scores behind the
counts, and the rest of the programme (programme minus area) is the moments of the raw rest."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.statistics import Moments, measure_moments
from tests.statistics_samples import distributions, moments, scores


@hypothesis_settings(max_examples=200, deadline=None)
@given(counts=distributions(min_n=2), reverse_scored=st.booleans())
def test_mean_and_variance_are_those_of_the_raw_scores(counts, reverse_scored):
    raw = scores(counts, reverse_scored=reverse_scored)
    m = moments(counts, reverse_scored=reverse_scored)
    assert m.n == len(raw)
    assert m.mean == pytest.approx(raw.mean(), rel=1e-12)
    assert m.variance == pytest.approx(raw.var(ddof=1), rel=1e-9, abs=1e-12)
    assert m.respondent_variance == m.variance  # one statement: nothing pooled


def test_a_negative_statement_is_reverse_scored():
    # Two respondents "Consistently not true" (position 0) on a negative statement score 5.
    assert moments([2, 0, 0, 0, 0, 0], reverse_scored=True) == Moments(n=2, total=10, squares=50)


@hypothesis_settings(max_examples=150, deadline=None)
@given(areas=st.lists(distributions(), min_size=2, max_size=6), index=st.integers(0, 5))
def test_the_rest_is_the_programme_minus_the_area_exactly(areas, index):
    index %= len(areas)
    programme = Moments(n=0, total=0, squares=0)
    for counts in areas:
        programme = programme + moments(counts)
    rest_counts = [sum(a[p] for i, a in enumerate(areas) if i != index) for p in range(6)]
    assert programme - moments(areas[index]) == moments(rest_counts)
    rest = scores(rest_counts)
    if len(rest) >= 2:
        assert (programme - moments(areas[index])).variance == pytest.approx(
            rest.var(ddof=1), rel=1e-9, abs=1e-12
        )


def test_subtracting_a_group_never_added_is_refused():
    area = moments([0, 0, 0, 0, 0, 30])
    programme = moments([10, 10, 10, 0, 0, 0])
    with pytest.raises(ValueError, match="Inconsistent"):
        programme - area


def test_moments_of_different_pooled_measures_do_not_mix():
    attribute = Moments.pooled([moments([1, 1, 1, 1, 1, 1])] * 6)
    with pytest.raises(ValueError, match="different numbers of statements"):
        attribute + moments([1, 1, 1, 1, 1, 1])


@hypothesis_settings(max_examples=100, deadline=None)
@given(statements=st.lists(distributions(min_n=1), min_size=1, max_size=6))
def test_a_pooled_measure_is_the_pooled_mean_of_every_item_score(statements):
    items = np.concatenate([scores(c) for c in statements])
    by_code = {f"S{i}": moments(c) for i, c in enumerate(statements)}
    pooled = measure_moments(statements=by_code, measures={"measure": list(by_code)})["measure"]
    assert pooled.statements == len(statements)
    assert pooled.n == len(items)
    assert pooled.mean == pytest.approx(items.mean(), rel=1e-12)
    assert pooled.effective_n == pytest.approx(len(items) / len(statements))


def test_moments_agree_with_the_summary_sums(db, instrument):
    """Moments.from_distribution scores exactly as the stored summaries do."""
    from scoring.summary import instrument_meta, statement_sums
    from scoring.tallies import Tally

    tally = Tally()
    for i, code in enumerate(tally.distributions):
        tally.distributions[code] = [i % 3, 2, i % 5, 1, 0, i % 7]
    metas = instrument_meta(instrument)
    sums = statement_sums(tally, metas)
    for meta in metas:
        m = Moments.from_distribution(
            tally.distributions[meta.code], reverse_scored=meta.is_negative
        )
        assert (m.n, m.total, m.squares) == sums[meta.code]
