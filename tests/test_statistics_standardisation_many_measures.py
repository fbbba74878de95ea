"""Standardised means of many measures at once (an area page's 48) are, measure by measure,
the standardised mean of that measure alone: the same groups used and named too small, the
same mean, interval and degrees of freedom."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.standardisation import standardised_mean, standardised_means
from scoring.statistics import Moments
from tests.statistics_samples import distributions, moments

GROUPS = ("health_provider", "social_care_provider", "voluntary_sector", "other")


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    strata=st.dictionaries(
        st.sampled_from(GROUPS),
        st.lists(distributions(max_count=15), min_size=3, max_size=3),
        min_size=1,
    ),
    shares=st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 500), min_size=1).filter(
        lambda shares: any(shares.values())  # a programme mix has someone in it
    ),
    minimum=st.sampled_from([1, 5, 10, 20]),
)
def test_each_measure_is_its_own_standardised_mean(strata, shares, minimum):
    # Three measures: two statements alone and the pool of both (statements = 2).
    def measure(counts):
        first, second = moments(counts[0]), moments(counts[1], reverse_scored=True)
        return [first, second, Moments.pooled([first, second])]

    per_group = {g: measure(counts) for g, counts in strata.items()}
    table = {
        g: np.array([(m.n, m.total, m.squares) for m in ms], dtype=np.int64)
        for g, ms in per_group.items()
    }
    together = standardised_means(
        strata=table,
        statements=np.array([1, 1, 2]),
        weights=shares,
        min_stratum_size=minimum,
    )
    for j, found in enumerate(together):
        alone = standardised_mean(
            strata={g: ms[j] for g, ms in per_group.items()},
            weights=shares,
            min_stratum_size=minimum,
        )
        assert found.groups_used == alone.groups_used
        assert found.groups_too_small == alone.groups_too_small
        assert found.share_covered == pytest.approx(alone.share_covered, rel=1e-12)
        for field in ("mean", "standard_error", "ci_low", "ci_high", "df"):
            value, expected = getattr(found, field), getattr(alone, field)
            assert (value is None) == (expected is None), field
            if expected is not None:
                assert value == pytest.approx(expected, rel=1e-9, abs=1e-12), field
