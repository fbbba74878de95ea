"""The comparison pages' figures, read from stored counts (snapshot tallies, publications'
moments), equal the same figures computed directly from the response rows: each area against
the rest of the programme (statsmodels' Welch test on the raw scores of the area and of the
other scored areas), the page's Benjamini-Hochberg family (statsmodels' fdr_bh over exactly
the page's p-values), the heatmap's (every cell at once), a funnel, a standardised mean
worked by hand from the rows, and the subgroup differences' family."""

import json
from dataclasses import astuple
from itertools import combinations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, ttest_ind

from scoring.across_areas import programme_funnel, programme_heatmap
from scoring.comparison_basis import Measures
from scoring.fair_comparison import area_against_rest
from scoring.funnels import funnel
from scoring.services import programme_results_publish, surveys_close_due
from scoring.statistics import Moments, welch_comparison
from scoring.summary import instrument_meta
from surveys.models import Instrument, Response
from tests.comparison_world import AreaSpec, build_programme, item_scores, survey_of

HALTON_GROUPS = [
    ({"org": "health_provider", "role": "direct_service_delivery"}, 20, 0.0),
    ({"org": "voluntary_sector", "role": "senior_executive"}, 15, -0.9),
    ({"org": "social_care_provider", "role": "operational_management"}, 5, 0.0),
]  # and 5 who answered nothing about themselves


@pytest.fixture
def world(db, settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    programme = build_programme(
        [
            AreaSpec("Halton", 45, 2.2, groups=HALTON_GROUPS),
            AreaSpec("York", 60, 2.9, groups=[({"org": "health_provider"}, 40, 0.0)]),
            AreaSpec(
                "Bury",
                40,
                2.6,
                groups=[
                    ({"org": "voluntary_sector"}, 20, 0.0),
                    ({"org": "social_care_provider"}, 10, 0),
                ],
            ),
            AreaSpec("Wigan", 6, 4.5),  # below the threshold: never in the programme
        ]
    )
    surveys_close_due()
    programme_results_publish(programme=programme)
    return programme


@pytest.fixture
def measures(db):
    return Measures.of(instrument_meta(Instrument.objects.get(version="2017-09")))


def rows(programme, *names):
    return list(
        Response.objects.filter(survey__area__programme=programme, survey__area__name__in=names)
    )


def moments_from_rows(responses, codes) -> Moments:
    """A measure's moments straight from the rows: every item score of its statements."""
    scores = item_scores(responses, codes)
    return Moments(
        n=scores.size,
        total=int(scores.sum()),
        squares=int((scores**2).sum()),
        statements=len(codes),
    )


@pytest.mark.parametrize("live", [False, True])
def test_the_area_against_the_rest_equals_welch_on_the_rows(world, measures, live):
    comparison = area_against_rest(survey=survey_of(world, "Halton"), kind="latest", live=live)
    area, rest = rows(world, "Halton"), rows(world, "York", "Bury")  # Wigan never added
    p_values = []
    for measure in measures.items:
        found = comparison.finding(measure.key).finding.comparison
        expected = welch_comparison(
            first=moments_from_rows(area, measure.codes),
            second=moments_from_rows(rest, measure.codes),
        )
        assert found.difference == pytest.approx(expected.difference, abs=1e-12)
        assert (found.ci_low, found.ci_high) == pytest.approx(
            (expected.ci_low, expected.ci_high), rel=1e-9
        )
        if measure.part == "statements" or len(measure.codes) == 1:
            # One statement: statsmodels' Welch test on the raw scores themselves.
            x1 = item_scores(area, measure.codes)[:, 0]
            x2 = item_scores(rest, measure.codes)[:, 0]
            _t, p, df = ttest_ind(x1, x2, usevar="unequal")
            ci = CompareMeans(DescrStatsW(x1), DescrStatsW(x2)).tconfint_diff(usevar="unequal")
            assert found.difference == pytest.approx(x1.mean() - x2.mean(), abs=1e-12)
            assert (found.ci_low, found.ci_high) == pytest.approx(ci, rel=1e-9)
            assert (found.p_value, found.df) == pytest.approx((p, df), rel=1e-7)
        p_values.append(expected.p_value)
    # The page is one family: exactly its 48 measures, corrected together.
    assert comparison.family_size == len(measures.items) == 48
    reject, adjusted, _, _ = multipletests(p_values, alpha=0.05, method="fdr_bh")
    page = [comparison.finding(m.key) for m in measures.items]
    assert [m.adjusted_p_value for m in page] == pytest.approx(adjusted.tolist(), rel=1e-9)
    assert [m.discovery for m in page] == reject.tolist()
    assert any(reject)  # Halton is drawn 0.5 below the rest: the world has something to find


def test_the_heatmap_is_one_family_over_every_cell(world, measures):
    heatmap = programme_heatmap(programme=world, kind="latest")
    names = [row.area.name for row in heatmap.rows]
    assert names == ["Bury", "Halton", "York"]  # Wigan (6 responses) has no row
    p_values, found = [], []
    for row in heatmap.rows:
        others = [n for n in names if n != row.area.name]
        for column, cell in zip(heatmap.columns, row.cells, strict=True):
            expected = welch_comparison(
                first=moments_from_rows(rows(world, row.area.name), column.measure.codes),
                second=moments_from_rows(rows(world, *others), column.measure.codes),
            )
            p_values.append(expected.p_value)
            found.append(cell.finding)
    assert len(found) == 3 * 35
    reject, adjusted, _, _ = multipletests(p_values, alpha=0.05, method="fdr_bh")
    assert [f.adjusted_p_value for f in found] == pytest.approx(adjusted.tolist(), rel=1e-9)
    assert [f.discovery for f in found] == reject.tolist()


def test_a_funnel_is_that_of_the_rows(world, measures):
    page = programme_funnel(programme=world, kind="latest", measure_key="integrity")
    codes = measures.by_key["integrity"].codes
    expected = funnel(
        areas={
            n.lower(): moments_from_rows(rows(world, n), codes) for n in ("Halton", "York", "Bury")
        }
    )
    assert page.funnel.target == pytest.approx(expected.target, rel=1e-12)
    assert (page.funnel.phi, page.funnel.tau2) == pytest.approx((expected.phi, expected.tau2))
    ours = {p.name: p for p in page.funnel.points}
    assert set(ours) == {p.name for p in expected.points}  # Wigan is not in the funnel
    for point in expected.points:
        assert ours[point.name].mean == pytest.approx(point.mean, rel=1e-12)
        assert astuple(ours[point.name].limits) == pytest.approx(astuple(point.limits), rel=1e-12)


def test_a_standardised_mean_worked_from_the_rows(world):
    """Halton's relational value mean standardised by organisation type: the mean of each
    group shown in Halton, weighted by that group's share of the programme's respondents
    (groups the programme shows), over the groups shown in both."""
    comparison = area_against_rest(survey=survey_of(world, "Halton"), kind="latest")
    row = comparison.standardised[0]
    assert row.measure.key == "relational_value"
    codes = row.measure.codes
    added = rows(world, "Halton", "York", "Bury")
    published = json.loads(world.publications.get(kind="latest").breakdowns_json)
    in_mix = {k for k, g in published["organisation_type"].items() if not g["suppressed"]}
    assert {"health_provider", "voluntary_sector"} <= in_mix
    programme_counts = {
        org: sum(r.organisation_type == org for r in added)
        for org in ("health_provider", "voluntary_sector")  # shown in Halton and the programme
    }
    halton = rows(world, "Halton")
    group_means = {
        org: item_scores([r for r in halton if r.organisation_type == org], codes).mean()
        for org in programme_counts
    }
    expected = sum(programme_counts[g] * group_means[g] for g in group_means) / sum(
        programme_counts.values()
    )
    standardised = row.by_question["organisation_type"]
    assert set(standardised.groups_used) == set(programme_counts)
    assert standardised.mean == pytest.approx(expected, rel=1e-12)
    assert row.raw_mean == pytest.approx(item_scores(halton, codes).mean(), rel=1e-12)
    # Social care providers (5 in Halton, hidden) are not used, and the page says why.
    note = comparison.mix_notes[0]
    assert "Social care provider" not in note.used
    assert "Social care provider" in note.too_small + note.not_in_mix


def test_subgroup_differences_are_one_family_per_question_from_the_rows(world, measures):
    comparison = area_against_rest(survey=survey_of(world, "Halton"), kind="latest")
    section = next(s for s in comparison.subgroups if s.question == "organisation_type")
    halton = rows(world, "Halton")
    shown = {"health_provider": "Health provider", "voluntary_sector": "Third or voluntary sector"}
    assert set(section.groups) == set(shown.values())  # 5 social care providers are hidden
    labelled, p_values = [], []
    for measure in measures.items:
        for a, b in combinations(shown, 2):
            group_a = [r for r in halton if r.organisation_type == a]
            group_b = [r for r in halton if r.organisation_type == b]
            ma, mb = (
                moments_from_rows(group_a, measure.codes),
                moments_from_rows(group_b, measure.codes),
            )
            high, low = (a, b) if ma.mean >= mb.mean else (b, a)
            compared = welch_comparison(first=ma, second=mb)
            labelled.append((measure.key, shown[high], shown[low], abs(compared.difference)))
            p_values.append(compared.p_value)
    assert section.pairs == len(p_values) == 48
    reject, adjusted, _, _ = multipletests(p_values, alpha=0.05, method="fdr_bh")
    assert section.declared == int(np.sum(reject))
    expected = {
        (key, high, low): (difference, q)
        for (key, high, low, difference), q in zip(labelled, adjusted, strict=True)
    }
    listed = section.largest_declared or section.largest
    assert listed
    for gap in listed:
        difference, q = expected[gap.measure.key, gap.higher, gap.lower]
        assert gap.finding.comparison.difference == pytest.approx(difference, abs=1e-12)
        assert gap.finding.adjusted_p_value == pytest.approx(q, rel=1e-9)
