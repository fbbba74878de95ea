"""An area's mean standardised to the programme's mix of groups, worked by hand: the groups
too small to use are left out and named, the weights rescaled over the rest; an area mixed
like the programme keeps its own mean."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.stats import t as student_t

from scoring.standardisation import standardised_mean, stratum_weights
from scoring.statistics import Moments
from tests.statistics_samples import distributions, moments, scores


def group(n: int, total: int, squared_deviations: int) -> Moments:
    assert total * total % n == 0
    return Moments(n=n, total=total, squares=total * total // n + squared_deviations)


WEIGHTS = stratum_weights(
    respondents={"health_provider": 600, "social_care_provider": 300, "voluntary_sector": 100}
)
AREA = {
    "health_provider": group(20, 60, 19),  # mean 3.0, variance 19 / 19 = 1
    "social_care_provider": group(50, 200, 98),  # mean 4.0, variance 98 / 49 = 2
    "voluntary_sector": group(4, 8, 3),  # mean 2.0, but 4 respondents: too few
}


def test_worked_by_hand():
    # Programme mix 0.6, 0.3, 0.1. Voluntary sector (4 < 10) is left out, so the weights
    # 0.6 and 0.3 are rescaled over the 90% they cover: 2/3 and 1/3.
    # Standardised mean: 2/3 * 3.0 + 1/3 * 4.0 = 3.3333 (the crude mean is 268 / 74 = 3.62,
    # pulled up by the many social care providers).
    # SE^2 = (2/3)^2 * 1 / 20 + (1/3)^2 * 2 / 50 = 0.022222 + 0.004444 = 0.026667,
    # SE = 0.163299; df = 0.026667^2 / (0.022222^2 / 19 + 0.004444^2 / 49) = 26.942.
    result = standardised_mean(strata=AREA, weights=WEIGHTS, min_stratum_size=10)
    assert result.mean == pytest.approx(10 / 3)
    assert result.groups_used == ("health_provider", "social_care_provider")
    assert result.groups_too_small == ("voluntary_sector",)
    assert result.share_covered == pytest.approx(0.9)
    assert result.standard_error == pytest.approx(0.163299, abs=1e-6)
    assert result.df == pytest.approx(26.942, abs=1e-3)
    half_width = student_t.ppf(0.975, 26.942) * 0.163299
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (10 / 3 - half_width, 10 / 3 + half_width), abs=1e-5
    )


def test_a_group_of_the_programme_absent_from_the_area_is_named_too_small():
    area = {"health_provider": AREA["health_provider"]}
    result = standardised_mean(strata=area, weights=WEIGHTS, min_stratum_size=10)
    assert result.groups_too_small == ("social_care_provider", "voluntary_sector")
    assert result.mean == pytest.approx(3.0)
    assert result.share_covered == pytest.approx(0.6)


def test_no_usable_group_gives_no_mean():
    result = standardised_mean(strata=AREA, weights=WEIGHTS, min_stratum_size=100)
    assert result.mean is None and result.groups_used == ()
    assert result.groups_too_small == tuple(WEIGHTS)


def test_groups_that_all_give_one_score_have_no_interval():
    area = {g: Moments(n=20, total=60, squares=180) for g in ("health_provider", "other")}
    result = standardised_mean(strata=area, weights={"health_provider": 1.0}, min_stratum_size=10)
    assert result.mean == 3.0 and result.standard_error == 0.0 and result.ci_low is None


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    strata=st.lists(distributions(min_n=10), min_size=1, max_size=5),
    shares=st.lists(st.integers(1, 50), min_size=5, max_size=5),
)
def test_it_is_the_weighted_mean_of_the_raw_scores(strata, shares):
    """Independently: every respondent of group g weighted w_g / n_g, numpy's average."""
    area = {f"g{i}": moments(c) for i, c in enumerate(strata)}
    weights = stratum_weights(respondents={f"g{i}": shares[i] for i in range(len(strata))})
    raw = np.concatenate([scores(c) for c in strata])
    per_score = np.concatenate(
        [np.full(sum(c), weights[f"g{i}"] / sum(c)) for i, c in enumerate(strata)]
    )
    result = standardised_mean(strata=area, weights=weights, min_stratum_size=10)
    assert result.mean == pytest.approx(np.average(raw, weights=per_score), rel=1e-9)


@hypothesis_settings(max_examples=100, deadline=None)
@given(strata=st.lists(distributions(min_n=10), min_size=1, max_size=5))
def test_an_area_mixed_like_the_programme_keeps_its_own_mean(strata):
    area = {f"g{i}": moments(c) for i, c in enumerate(strata)}
    weights = stratum_weights(respondents={g: m.n for g, m in area.items()})
    crude = sum(m.total for m in area.values()) / sum(m.n for m in area.values())
    assert standardised_mean(strata=area, weights=weights, min_stratum_size=10).mean == (
        pytest.approx(crude, rel=1e-9)
    )


@hypothesis_settings(max_examples=100, deadline=None)
@given(
    mean=st.integers(0, 5),
    sizes=st.lists(st.integers(10, 80), min_size=2, max_size=5),
    shares=st.lists(st.floats(0.01, 1.0), min_size=5, max_size=5),
)
def test_groups_with_one_mean_standardise_to_it_whatever_the_mix(mean, sizes, shares):
    area = {
        f"g{i}": Moments(n=n, total=mean * n, squares=mean * mean * n) for i, n in enumerate(sizes)
    }
    weights = {f"g{i}": shares[i] for i in range(len(sizes))}
    result = standardised_mean(strata=area, weights=weights, min_stratum_size=10)
    assert result.mean == pytest.approx(mean)
