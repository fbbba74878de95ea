"""Differences between the respondent groups of an area: every pair of the groups given, each
Welch's test of the higher group against the lower on the raw scores (statsmodels), all
pairs one Benjamini-Hochberg family (statsmodels' fdr_bh), the largest differences first."""

from itertools import combinations

import pytest
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from scoring.statistics import Moments
from scoring.subgroups import subgroup_differences
from tests.statistics_samples import distributions, moments, scores, varied

ROLES = ("senior_executive", "direct_service_delivery", "operational_management", "other")


@hypothesis_settings(max_examples=80, deadline=None)
@given(
    measures=st.lists(
        st.lists(distributions(min_n=2), min_size=2, max_size=4), min_size=1, max_size=3
    )
)
def test_pairs_match_statsmodels_and_the_family_is_corrected_together(measures):
    assume(all(varied(c) for groups in measures for c in groups))
    given_groups = {
        f"RV-{m}": {ROLES[g]: moments(c) for g, c in enumerate(groups)}
        for m, groups in enumerate(measures)
    }
    raw = {
        (f"RV-{m}", ROLES[g]): scores(c)
        for m, groups in enumerate(measures)
        for g, c in enumerate(groups)
    }
    differences = subgroup_differences(measures=given_groups)
    expected_pairs = sum(len(list(combinations(groups, 2))) for groups in measures)
    assert len(differences) == expected_pairs

    p_values = []
    for d in differences:
        high, low = raw[d.measure, d.higher], raw[d.measure, d.lower]
        assert high.mean() >= low.mean()
        _t, p, df = ttest_ind(high, low, usevar="unequal")
        ci = CompareMeans(DescrStatsW(high), DescrStatsW(low)).tconfint_diff(usevar="unequal")
        c = d.finding.comparison
        assert c.difference == pytest.approx(high.mean() - low.mean(), abs=1e-12)
        assert (c.ci_low, c.ci_high) == pytest.approx(ci, rel=1e-7, abs=1e-9)
        assert (c.p_value, c.df) == pytest.approx((p, df), rel=1e-6, abs=1e-12)
        p_values.append(p)

    reject, corrected, _, _ = multipletests(p_values, alpha=0.05, method="fdr_bh")
    assume(all(abs(q - 0.05) > 1e-9 for q in corrected))
    assert [d.finding.discovery for d in differences] == reject.tolist()
    assert [d.finding.adjusted_p_value for d in differences] == pytest.approx(corrected.tolist())
    sizes = [d.finding.comparison.difference for d in differences]
    assert sizes == sorted(sizes, reverse=True)


def test_a_worked_question():
    # Three roles on one statement: means 4.0, 2.0 and 3.0. Pairs, largest first:
    # senior executives - direct delivery 2.0, senior - operational 1.0, operational -
    # direct delivery 1.0 (ties ordered by group name).
    groups = {
        "senior_executive": Moments(n=40, total=160, squares=680),  # variance 40/39
        "direct_service_delivery": Moments(n=60, total=120, squares=300),  # 60/59
        "operational_management": Moments(n=30, total=90, squares=300),  # 30/29
    }
    differences = subgroup_differences(measures={"RV-TRU-PEO": groups})
    assert [(d.higher, d.lower, d.finding.comparison.difference) for d in differences] == [
        ("senior_executive", "direct_service_delivery", 2.0),
        ("operational_management", "direct_service_delivery", 1.0),
        ("senior_executive", "operational_management", 1.0),
    ]
    assert all(d.finding.discovery for d in differences)


def test_a_group_without_scores_is_not_compared():
    groups = {
        "senior_executive": moments([1, 2, 3, 4, 5, 6]),
        "administrative": Moments(n=0, total=0, squares=0),
        "other": moments([6, 5, 4, 3, 2, 1]),
    }
    differences = subgroup_differences(measures={"RP-DIR": groups})
    assert [(d.higher, d.lower) for d in differences] == [("senior_executive", "other")]


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    measures=st.lists(
        st.lists(distributions(min_n=2), min_size=2, max_size=4), min_size=1, max_size=3
    ),
    limit=st.integers(min_value=0, max_value=6),
)
def test_a_limit_lists_the_largest_with_the_whole_familys_decisions(measures, limit):
    given_groups = {
        f"RV-{m}": {ROLES[g]: moments(c) for g, c in enumerate(groups)}
        for m, groups in enumerate(measures)
    }
    every = subgroup_differences(measures=given_groups)
    assert subgroup_differences(measures=given_groups, limit=limit) == every[:limit]
