"""Benjamini-Hochberg decisions over a family equal statsmodels' multipletests(fdr_bh) on the
tested comparisons; untested ones (no p-value) are not members; the tag says exactly
"higher than the rest", "lower than the rest" or "no clear difference"."""

import pytest
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from scoring.statistics import (
    Comparison,
    area_page_findings,
    difference_tag,
    false_discovery_decisions,
    findings,
    heatmap_findings,
)

p_values = st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0))


@hypothesis_settings(max_examples=300, deadline=None)
@given(family=st.lists(p_values, min_size=1, max_size=40), rate=st.sampled_from([0.05, 0.1]))
def test_decisions_match_statsmodels_fdr_bh(family, rate):
    tested = [p for p in family if p is not None]
    decisions = false_discovery_decisions(p_values=dict(enumerate(family)), rate=rate)
    if not tested:
        assert all(astuple(d) == (None, False) for d in decisions.values())
        return
    reject, corrected, _, _ = multipletests(tested, alpha=rate, method="fdr_bh")
    # Equal within rounding: a p-value exactly on a threshold k/m * rate is a tie of floats.
    assume(all(abs(c - rate) > 1e-12 for c in corrected))
    ours = [decisions[i] for i, p in enumerate(family) if p is not None]
    assert [d.discovery for d in ours] == reject.tolist()
    assert [d.adjusted_p_value for d in ours] == pytest.approx(corrected.tolist(), rel=1e-12)
    assert all(astuple(decisions[i]) == (None, False) for i, p in enumerate(family) if p is None)


def astuple(decision):
    return (decision.adjusted_p_value, decision.discovery)


def test_a_worked_family_of_five():
    # Sorted p: 0.001, 0.012, 0.028, 0.038, 0.3; BH thresholds k/5 * 0.05: 0.01, 0.02, 0.03,
    # 0.04, 0.05. The largest k with p(k) <= its threshold is 4 (0.038 <= 0.04), so the four
    # smallest are declared, 0.012 too although it exceeds its own threshold of 0.01
    # (Bonferroni, p * 5 <= 0.05, would declare only 0.001).
    # Adjusted p(k) = min over j >= k of p(j) * 5 / j: 0.005, 0.03, 0.04667, 0.0475, 0.3.
    family = {"a": 0.028, "b": 0.3, "c": 0.001, "d": 0.038, "e": 0.012}
    decisions = false_discovery_decisions(p_values=family)
    assert {k: d.discovery for k, d in decisions.items()} == {
        "a": True,
        "b": False,
        "c": True,
        "d": True,
        "e": True,
    }
    adjusted = {k: d.adjusted_p_value for k, d in decisions.items()}
    assert adjusted == pytest.approx(
        {"a": 0.028 * 5 / 3, "b": 0.3, "c": 0.005, "d": 0.0475, "e": 0.03}
    )


def comparison(difference, p):
    return Comparison(difference=difference, ci_low=None, ci_high=None, p_value=p, df=None)


def test_the_three_tags():
    assert difference_tag(comparison=comparison(0.4, 0.001), discovery=True) == (
        "higher than the rest"
    )
    assert difference_tag(comparison=comparison(-0.4, 0.001), discovery=True) == (
        "lower than the rest"
    )
    assert difference_tag(comparison=comparison(0.4, 0.001), discovery=False) == (
        "no clear difference"
    )
    assert difference_tag(comparison=comparison(0.4, None), discovery=False) == (
        "no clear difference"
    )


def test_a_nominally_clear_difference_can_be_no_clear_difference_in_a_large_family():
    """p = 0.01 is below 5% alone, but among 35 statements where the rest are unremarkable
    it is adjusted to 0.35: no clear difference."""
    family = {f"s{i}": comparison(0.1, 0.5 + i / 100) for i in range(34)}
    family["s-odd"] = comparison(0.3, 0.01)
    found = findings(comparisons=family)
    assert found["s-odd"].adjusted_p_value == pytest.approx(0.35)
    assert found["s-odd"].tag == "no clear difference"
    assert findings(comparisons={"s-odd": family["s-odd"]})["s-odd"].tag == "higher than the rest"


def test_each_area_page_is_its_own_family_and_the_heatmap_is_one_family():
    # Area a: one small p among 35; area b: 35 small ones. On its own page a's 0.004 is
    # adjusted to 0.14; on the heatmap, among b's 35 discoveries, it is declared.
    a = {f"s{i}": comparison(0.1, 0.9) for i in range(34)} | {"s34": comparison(0.2, 0.004)}
    b = {f"s{i}": comparison(-0.5, 0.0001) for i in range(35)}
    pages = area_page_findings(comparisons={"a": a, "b": b})
    assert pages["a"]["s34"].tag == "no clear difference"
    assert pages["b"]["s0"].tag == "lower than the rest"
    heatmap = heatmap_findings(comparisons={"a": a, "b": b}, columns=[f"s{i}" for i in range(35)])
    # 70 cells, 36 p-values <= 0.004: threshold at k = 36 is 36 / 70 * 0.05 = 0.0257.
    assert heatmap["a"]["s34"].tag == "higher than the rest"
    assert heatmap["a"]["s0"].tag == "no clear difference"
    assert list(heatmap["a"]) == [f"s{i}" for i in range(35)]
