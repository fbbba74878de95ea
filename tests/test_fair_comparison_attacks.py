"""Attacks on the fair comparison outputs: try to recover an area's or a small group's
figures from what a reviewer or a lead can see, by differencing releases, by comparing two
worlds that differ only in what must stay hidden, and by solving Welch's formulas backwards.

The rule under attack (scoring.comparison_basis): a reviewer's "rest of the programme" is
the programme as a lead last published it, only areas in that release and of at least the
threshold; standardised means and subgroup differences use only the groups the area shows;
lead pages use only areas of at least the threshold."""

import re

import numpy as np
import pytest
from django.urls import reverse
from scipy import stats

from scoring.fair_comparison import area_against_rest
from scoring.reader import group_label
from scoring.services import (
    programme_results_publish,
    survey_close,
    surveys_close_due,
    surveys_latest_recompute,
)
from scoring.summary_shape import SummaryData
from surveys.models import Survey
from tests.comparison_world import AreaSpec, add_response, build_programme, scores_for, survey_of

THRESHOLD = 10


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = THRESHOLD


@pytest.fixture
def people(db, django_user_model):
    return {
        "reviewer": django_user_model.objects.create_user("halton-reviewer", password="pw"),
        "lead": django_user_model.objects.create_user("programme-lead", password="pw"),
    }


def seen(client, user, url, programme) -> str:
    """The page as that person sees it, without what differs between any two requests or
    programmes (the CSRF token, the programme's own name)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(programme.slug, "PROGRAMME").replace(programme.name, "PROGRAMME")


def comparison_url(programme, area="halton", **query):
    url = reverse("area_comparison", args=[programme.slug, area])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def assign(programme, people):
    survey_of(programme, "Halton").area.reviewers.add(people["reviewer"])
    programme.leads.add(people["lead"])


def test_a_reviewers_rest_of_the_programme_moves_only_when_a_lead_publishes(client, people):
    programme = build_programme(
        [
            AreaSpec("Halton", 30, 2.4),
            AreaSpec("York", 40, 2.8),
            AreaSpec("Bury", 25, 2.6),
            AreaSpec("Wigan", 20, 4.6, closes_in_days=5),  # still open
        ]
    )
    assign(programme, people)
    surveys_close_due()
    programme_results_publish(programme=programme)
    reviewer_before = seen(client, people["reviewer"], comparison_url(programme), programme)
    lead_before = seen(client, people["lead"], comparison_url(programme), programme)

    survey_close(survey=survey_of(programme, "Wigan"))  # closes early, far above the rest
    # The live programme moved: a reviewer shown it could difference Wigan out of it.
    assert seen(client, people["lead"], comparison_url(programme), programme) != lead_before
    # The reviewer's page did not move at all, nor does the lead's view of what they see.
    assert seen(client, people["reviewer"], comparison_url(programme), programme) == reviewer_before
    published = comparison_url(programme, basis="published")
    assert seen(client, people["lead"], published, programme).count("in that publication") == 1

    programme_results_publish(programme=programme)
    assert seen(client, people["reviewer"], comparison_url(programme), programme) != reviewer_before


def two_worlds(small_level_low: float, small_level_high: float, spec_of_small):
    """Two programmes alike in every stored answer but those of the small area or groups."""
    worlds = []
    for slug, level in (
        ("world-answering-low", small_level_low),
        ("world-answering-high", small_level_high),
    ):
        programme = build_programme(
            [AreaSpec("Halton", 30, 2.4), AreaSpec("York", 40, 2.8), AreaSpec("Bury", 25, 2.6)]
            + [spec_of_small(level)],
            slug=slug,
        )
        worlds.append(programme)
    surveys_close_due()
    for programme in worlds:
        programme_results_publish(programme=programme)
    return worlds


def test_an_area_below_the_threshold_leaves_no_trace_on_any_page(client, people):
    worlds = two_worlds(0.3, 4.7, lambda level: AreaSpec("Wigan", 6, level))
    pages = []
    for programme in worlds:
        assign(programme, people)
        reviewer, lead = people["reviewer"], people["lead"]
        pages.append(
            [
                seen(client, reviewer, comparison_url(programme), programme),
                seen(client, lead, comparison_url(programme), programme),
                seen(client, lead, comparison_url(programme, basis="published"), programme),
                seen(client, lead, reverse("programme_heatmap", args=[programme.slug]), programme),
                *[
                    seen(
                        client,
                        lead,
                        f"{reverse('programme_funnel', args=[programme.slug])}?measure={key}",
                        programme,
                    )  # fmt: skip
                    for key in ("relational_value", "RV-INT-CUL", "directness")
                ],
            ]
        )
        programme.leads.remove(lead)
        survey_of(programme, "Halton").area.reviewers.remove(reviewer)
    assert "Wigan: fewer than 10 responses" in pages[0][3]  # named as left out, never scored
    assert pages[0] == pages[1]


HIDDEN = [  # organisation type and role, so that these people are hidden in both questions
    ({"org": "other", "role": "administrative"}, 4, None),  # below the threshold
    ({"org": "voluntary_sector", "role": "other"}, 12, None),  # hidden as the complement
]


def halton_with_hidden_groups(level: float) -> list[AreaSpec]:
    shown = [
        ({"org": "health_provider", "role": "direct_service_delivery"}, 25, 0.0),
        ({"org": "social_care_provider", "role": "operational_management"}, 20, -0.6),
    ]
    hidden = [(demographics, n, level - 2.4) for demographics, n, _ in HIDDEN]
    return AreaSpec("Halton", 61, 2.4, groups=shown + hidden)


def test_hidden_groups_leave_no_trace_in_case_mix_or_group_differences(db):
    """Whatever the 4 + 12 hidden people answered, the standardised means and the group
    differences are the same: a hidden group cannot be solved for from them (with the raw
    mean, which does include them, as the report shows it)."""
    outputs, raw_means = [], []
    for slug, level in (("low", 0.3), ("high", 4.7)):
        programme = build_programme(
            [
                AreaSpec("York", 60, 2.8, groups=[({"org": "health_provider"}, 30, 0.0)]),
                AreaSpec("Bury", 40, 2.6, groups=[({"org": "social_care_provider"}, 30, 0.0)]),
                halton_with_hidden_groups(level),
            ],
            slug=slug,
        )
        surveys_close_due()
        programme_results_publish(programme=programme)
        comparison = area_against_rest(survey=survey_of(programme, "Halton"), kind="latest")
        standardised = [
            (row.label, {q: s for q, s in row.by_question.items()}, row.fewer_groups)
            for row in comparison.standardised
        ]
        outputs.append((standardised, comparison.subgroups, comparison.mix_notes))
        raw_means.append(comparison.finding("relational_value").area_mean)
        summary = survey_of(programme, "Halton").snapshots.get(kind="latest").summary
        for section in comparison.subgroups:
            assert not {"Other", "Third or voluntary sector", "Administrative"} & set(
                section.groups
            )
            # Exactly the groups the area's own summary shows (bar "did not answer").
            shown = summary["breakdowns"][section.question]
            assert set(section.groups) == {
                group_label(section.question, key)
                for key, group in shown.items()
                if not group["suppressed"] and group["n"] and key != "did_not_answer"
            }
        for note in comparison.mix_notes:
            assert not {"Other", "Third or voluntary sector", "Administrative"} & set(note.used)
    assert outputs[0] == outputs[1]
    # The area's own mean differs (it includes everyone): the worlds really differ.
    assert raw_means[0] < raw_means[1] - 0.3


def rest_respondents(comparison, own, code: str) -> float:
    """Solve Welch's interval and degrees of freedom backwards for the rest's number of
    scores on one statement, from what the reviewer sees at full precision and their own
    area's figures (n and SD from their summary)."""
    finding = comparison.finding(code).finding.comparison
    se = (finding.ci_high - finding.difference) / stats.t.ppf(0.975, finding.df)
    figures = own.statements[code]
    var_area = figures.sd**2 / figures.n
    var_rest = se**2 - var_area
    return 1 + var_rest**2 / (se**4 / finding.df - var_area**2 / (figures.n - 1))


def test_publications_apart_describe_only_areas_of_at_least_the_threshold(db):
    programme = build_programme(
        [
            AreaSpec("Halton", 30, 2.4),
            AreaSpec("York", 40, 2.8),
            AreaSpec("Bury", 25, 2.6),
            AreaSpec("Tiny", 4, 4.8, closes_in_days=3),
            AreaSpec("Zed", 12, 1.0, closes_in_days=3),
        ]
    )
    surveys_close_due()
    halton = survey_of(programme, "Halton")
    own = SummaryData.from_json(halton.snapshots.get(kind="latest").summary)
    codes = ["RV-INT-CUL", "RV-TRU-TEC"]

    def published_rest() -> dict[str, float]:
        programme_results_publish(programme=programme)
        comparison = area_against_rest(survey=halton, kind="latest")
        return {code: rest_respondents(comparison, own, code) for code in codes}

    first = published_rest()
    assert first == pytest.approx(dict.fromkeys(codes, 65), abs=1e-6)  # the attack works
    survey_close(survey=survey_of(programme, "Tiny"))
    york = survey_of(programme, "York")
    rng = np.random.default_rng(99)
    for _ in range(THRESHOLD - 1):  # late answers, fewer than a step: not in the figures
        add_response(york, scores_for(rng, 4.9), late=True)
    surveys_latest_recompute(surveys=Survey.objects.filter(pk=york.pk))
    second = published_rest()
    assert second == pytest.approx(first, abs=1e-6)  # 4 people and 9 late ones: nothing
    survey_close(survey=survey_of(programme, "Zed"))
    third = published_rest()
    assert {c: third[c] - second[c] for c in codes} == pytest.approx(dict.fromkeys(codes, 12))
