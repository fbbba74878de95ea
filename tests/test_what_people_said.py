"""What people said, in an area and across the programme: the best and worst statements by
default and any statement on demand; comments coded to it, as enablers and barriers, by
respondent type, with quotes; where nothing is coded, the suggested comments, marked as
suggestions. A reviewer reads only their area's."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape as html_escape

from scoring.coding_comments import area_summary
from scoring.coding_models import CommentSuggestion
from scoring.services import surveys_close_due
from tests.coding_fixtures import (
    COMMENTS,
    HEALTH,
    SOCIAL,
    code_directly,
    comments_of,
    refresh,
    respond_many,
)


def said_url(survey, **query):
    url = reverse("area_said", args=[survey.area.programme.slug, survey.area.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def section(html: str, code: str) -> str:
    return re.search(rf'id="said-{code}">.*?</section>', html, re.S).group(0)


def test_the_worst_statement_by_default_with_counts_groups_and_quotes(
    client, coding_area, analyst, reviewer
):
    coding_area.area.reviewers.add(reviewer)
    worst = area_summary(area=coding_area.area).worst["relational_value"][0]
    comments = comments_of(coding_area)
    for comment in comments[:12]:  # health providers, direct service delivery
        code_directly(comment, [f"statement:{worst.code}", "barrier"], analyst)
    for comment in comments[12:15]:
        code_directly(comment, [f"statement:{worst.code}", "enabler"], analyst)
    refresh(coding_area.area.programme)

    client.force_login(reviewer)
    html = client.get(said_url(coding_area)).content.decode()
    part = section(html, worst.code)
    assert worst.text in part and "Lowest scoring statement in relational value" in html
    assert "<strong>15</strong> coded comments: 3 as an enabler, 12 as a barrier." in part
    # By respondent type: 12 health providers shown; the 3 social care comments are hidden,
    # and so is the 12 beside them, or 15 - 12 would give the 3 back.
    assert re.search(r"Health provider</th><td[^>]*>hidden so that", part)
    assert re.search(r"Social care provider</th><td[^>]*>fewer than 10", part)
    assert "“Discharge from hospital is slow" in part
    assert "Direct service delivery (health or social care practitioner), health provider" in part
    assert "Barrier." in part and "Enabler." in part

    report = client.get(
        reverse("area_report", args=[coding_area.area.programme.slug, coding_area.area.slug])
    ).content.decode()
    assert 'id="what-people-said"' in report and worst.text in report


def test_any_statement_on_demand_and_suggestions_where_nothing_is_coded(
    client, coding_area, reviewer
):
    coding_area.area.reviewers.add(reviewer)
    refresh(coding_area.area.programme)
    client.force_login(reviewer)
    html = client.get(said_url(coding_area, statement="RV-INT-TEC")).content.decode()
    part = section(html, "RV-INT-TEC")
    assert "The statement you chose" in html
    assert "No comment about this statement has been counted yet" in part
    # Shown: comments whose stored suggestion has this statement among its top three, best
    # score first, marked as suggestions.
    suggested = sorted(
        (
            (-dict(map(tuple, s.statements[:3]))["RV-INT-TEC"], s.response.comment)
            for s in CommentSuggestion.objects.select_related("response")
            if "RV-INT-TEC" in [code for code, _score in s.statements[:3]]
        ),
    )
    assert suggested, "the model suggests this statement for none of the comments"
    shown = re.findall(r"Suggestion, not coded</strong></p><p class=\"govuk-body\">“(.*?)”", part)
    assert shown == [html_escape(text) for _score, text in suggested[:3]]


def test_a_reviewer_reads_only_their_own_areas_quotes(
    client, coding_area, make_survey, respond, analyst, reviewer, lead
):
    other = make_survey("Wirral", opens_in=-10, closes_in=5)
    respond_many(respond, other, HEALTH, 12, ["Wirral only: the GP federation never answers."])
    respond_many(respond, other, SOCIAL, 12, COMMENTS)
    type(other).objects.filter(pk=other.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    surveys_close_due()
    for survey in (coding_area, other):
        for comment in comments_of(survey)[:12]:
            code_directly(comment, ["statement:RV-INT-PEO", "barrier"], analyst)
    refresh(coding_area.area.programme)
    coding_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    html = client.get(said_url(coding_area, statement="RV-INT-PEO")).content.decode()
    assert "“Discharge from hospital" in html and "Wirral only" not in html
    assert client.get(said_url(other)).status_code == 403
    client.force_login(lead)
    programme = reverse("programme_said", args=[coding_area.area.programme.slug])
    html = client.get(programme + "?statement=RV-INT-PEO").content.decode()
    assert "<strong>24</strong> coded comments" in html and "Wirral only" in html
