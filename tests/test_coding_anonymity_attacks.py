"""Attacks on what coding shows: no count of coded comments or themes, and no quote, shows a
group below the threshold, alone or worked out from other figures a person can see (the
total, an area beside the programme, two releases over time); a group filter never counts a
suppressed group."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.coding_release import UNATTRIBUTED
from scoring.coding_setup import theme_add
from scoring.services import surveys_close_due
from scoring.what_people_said import group_table
from surveys.choices import DEMOGRAPHIC_QUESTIONS
from surveys.models import Response
from tests.coding_fixtures import (
    COMMENTS,
    HEALTH,
    SOCIAL,
    VCSE,
    code_directly,
    comments_of,
    refresh,
    respond_many,
)

VCSE_WORDS = "Small charities are shut out of every partnership board."


@pytest.fixture
def area_with_a_small_group(settings, due_survey, respond):
    """12 health providers, 12 social care providers and 5 voluntary sector respondents: the
    voluntary sector is below the threshold, and health providers are hidden beside it."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_many(respond, due_survey, HEALTH, 12, COMMENTS)
    respond_many(respond, due_survey, SOCIAL, 12, COMMENTS)
    respond_many(respond, due_survey, VCSE, 5, [VCSE_WORDS])
    surveys_close_due()
    return due_survey


def vcse_comments(survey):
    return list(Response.objects.filter(survey=survey, organisation_type="voluntary_sector"))


def test_a_quote_never_names_a_group_below_the_threshold(
    client, area_with_a_small_group, analyst, lead
):
    survey = area_with_a_small_group
    for comment in vcse_comments(survey):
        code_directly(comment, ["statement:RP-PAR", "barrier"], analyst)
    for comment in [c for c in comments_of(survey) if c.organisation_type == "health_provider"]:
        code_directly(comment, ["statement:RP-COM"], analyst)
    refresh(survey.area.programme)
    client.force_login(lead)
    for url in (
        reverse("area_said", args=[survey.area.programme.slug, survey.area.slug]),
        reverse("programme_said", args=[survey.area.programme.slug]),
        reverse("coding_comment", args=[survey.area.programme.slug, vcse_comments(survey)[0].pk]),
        reverse("coding_passages_csv", args=[survey.area.programme.slug]),
    ):
        text = client.get(url + ("?statement=RP-PAR" if "said" in url else "")).content.decode()
        assert VCSE_WORDS in text, url
        if url.endswith(".csv"):
            types = [line.rsplit(",", 1)[-1] for line in text.splitlines()[1:]]
        else:
            types = re.findall(r'relaudit-comment__meta">(.*?)</p>', text, re.S)
        assert types, url
        for shown_type in types:
            # Neither the voluntary sector (5) nor the health providers hidden beside them.
            assert "voluntary" not in shown_type.lower(), url
            assert "health provider" not in shown_type.lower(), url


def test_a_group_filter_never_counts_a_suppressed_group(client, area_with_a_small_group, analyst):
    programme = area_with_a_small_group.area.programme
    client.force_login(analyst)
    queue = reverse("coding_queue", args=[programme.slug])
    page = client.get(queue).content.decode()
    assert 'value="voluntary_sector"' not in page and 'value="health_provider"' not in page
    for group in ("voluntary_sector", "health_provider"):
        html = client.get(queue, {"organisation_type": group, "status": "all"}).content.decode()
        assert "0 of the 0 that match" in html, group
        assert VCSE_WORDS not in html
    html = client.get(queue, {"organisation_type": "social_care_provider", "status": "all"})
    assert "0 of the 12 that match" in html.content.decode()


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 30), min_size=6, max_size=6),
    unattributed=st.integers(0, 15),
)
def test_counts_by_group_hide_small_groups_and_what_gives_them_back(sizes, unattributed):
    threshold = django_settings.RELAUDIT_MIN_GROUP_SIZE
    keys = [key for key, _label in DEMOGRAPHIC_QUESTIONS["organisation_type"]]
    counts = dict(zip(keys, sizes, strict=True)) | {UNATTRIBUTED: unattributed}
    table = group_table("organisation_type", counts, None)
    total = sum(counts.values())
    shown = [row.n for row in table.rows if row.n is not None]
    assert all(n >= threshold for n in shown)
    worked_out = total - sum(shown)  # the total is on the page: this is what it gives back
    if shown:  # (with nothing shown, it is the total itself, which names no group)
        assert worked_out == 0 or worked_out >= threshold


def test_an_area_beside_the_programme_gives_back_no_hidden_group(
    client, settings, make_survey, respond, analyst, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    areas = []
    for name in ("Halton", "Wirral"):
        survey = make_survey(name, opens_in=-10)
        respond_many(respond, survey, HEALTH, 12, COMMENTS)
        respond_many(respond, survey, SOCIAL, 12, COMMENTS)
        type(survey).objects.filter(pk=survey.pk).update(
            closes_at=timezone.now() - timedelta(hours=1)
        )
        areas.append(survey)
    surveys_close_due()
    halton, wirral = areas
    # Halton: 12 health and 3 social care comments about parity; Wirral: 12 and 12.
    for comment in [c for c in comments_of(halton) if c.organisation_type == "health_provider"]:
        code_directly(comment, ["statement:RP-PAR"], analyst)
    for comment in [c for c in comments_of(halton) if c.organisation_type != "health_provider"][:3]:
        code_directly(comment, ["statement:RP-PAR"], analyst)
    for comment in comments_of(wirral):
        code_directly(comment, ["statement:RP-PAR"], analyst)
    refresh(halton.area.programme)

    def counts(html):
        part = re.search(r"Organisation type</th></tr>(.*?)</tbody>", html, re.S).group(1)
        return {
            label: (int(n) if n.isdigit() else None)
            for label, n in re.findall(r'cell">([^<]+)</th><td[^>]*>([^<]+)</td>', part)
        }

    client.force_login(lead)
    slug = halton.area.programme.slug
    programme = counts(
        client.get(reverse("programme_said", args=[slug]), {"statement": "RP-PAR"}).content.decode()
    )
    by_area = [
        counts(
            client.get(
                reverse("area_said", args=[slug, s.area.slug]), {"statement": "RP-PAR"}
            ).content.decode()
        )
        for s in areas
    ]
    for group, total in programme.items():
        if total is None:
            continue
        shown = [a[group] for a in by_area if a[group] is not None]
        if len(shown) == len(areas) - 1:  # one area hides it: the programme must not give it
            hidden = total - sum(shown)
            assert hidden == 0 or hidden >= 10, (group, total, shown)


def test_comparing_two_releases_tells_no_ones_group(client, area_with_a_small_group, analyst, lead):
    survey = area_with_a_small_group
    programme = survey.area.programme
    others = [c for c in comments_of(survey) if c.organisation_type != "voluntary_sector"]
    for comment in others[:12]:
        code_directly(comment, ["statement:RV-TRU-CUL"], analyst)
    refresh(programme)
    url = reverse("area_said", args=[programme.slug, survey.area.slug]) + "?statement=RV-TRU-CUL"
    client.force_login(lead)

    def figures(html):
        return re.search(r'id="said-RV-TRU-CUL".*?</table>', html, re.S).group(0)

    before = figures(client.get(url).content.decode())
    code_directly(vcse_comments(survey)[0], ["statement:RV-TRU-CUL"], analyst)  # one more
    refresh(programme)
    html = client.get(url).content.decode()
    assert figures(html) == before  # the one comment is not told apart
    assert "1 waits to be counted" in html
    for comment in others[12:21]:
        code_directly(comment, ["statement:RV-TRU-CUL"], analyst)
    refresh(programme)
    assert figures(client.get(url).content.decode()) != before  # ten at once: counted


def test_theme_counts_by_group_and_the_vcse_view_hide_small_groups(
    client, area_with_a_small_group, analyst, lead
):
    survey = area_with_a_small_group
    programme = survey.area.programme
    recognition = theme_add(programme=programme, name="VCSE recognition", by=lead)
    for comment in comments_of(survey):
        code_directly(comment, [f"theme:{recognition.pk}"], analyst)
    refresh(programme)
    client.force_login(lead)
    themes = reverse("programme_themes", args=[programme.slug])
    html = client.get(themes).content.decode()
    assert "<strong>29</strong> coded comments" in html
    assert re.search(r"Third or voluntary sector</th><td[^>]*>not shown", html)
    html = client.get(themes, {"compare": "vcse"}).content.decode()
    row = re.search(r"VCSE recognition</th>(.*?)</tr>", html, re.S).group(1)
    assert row.count("not shown") == 2  # VCSE (5) and everyone else (29 - 5 gives it back)
