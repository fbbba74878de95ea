"""Every results URL, generated from the URL conf, for every kind of person.

A URL without a rule here fails the test, so a new page cannot ship without one."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from surveys.models import Response

# What each results URL needs: "index" (anyone signed in), "area_page" (the area report:
# renders before the deadline too, without scores), "area" (scores, comments, exports of
# one area), "area_lead" (moderation) and "lead" (programme-wide).
RULES = {
    "results_index": "index",
    "programme_report": "lead",
    "programme_summary_json": "lead",
    "programme_summary_csv": "lead",
    "programme_summary_xlsx": "lead",
    "programme_responses_csv": "lead",
    "programme_responses_xlsx": "lead",
    "other_roles": "lead",
    "programme_publish": "lead_post",
    "area_report": "area_page",
    "area_report_pdf": "area",
    "programme_report_pdf": "lead",
    "area_summary_json": "area",
    "area_summary_csv": "area",
    "area_summary_xlsx": "area",
    "area_comments": "area",
    "area_comments_csv": "area",
    "area_comments_xlsx": "area",
    "comment_moderate": "area_lead",
}


def results_url_names() -> set[str]:
    resolver = get_resolver()
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLPattern):
                if route.startswith("results/"):
                    names.add(pattern.name)
            else:
                walk(pattern.url_patterns, route)

    walk(resolver.url_patterns, "")
    return names


def test_every_results_url_has_a_rule():
    assert results_url_names() == set(RULES)


@pytest.fixture
def world(closed_area, make_survey, reviewer, lead, admin_user, django_user_model):
    """Area A closed with results (its reviewer: `reviewer`), area B still open (its
    reviewer: `b_reviewer`), a programme lead and an admin."""
    closed_area.area.reviewers.add(reviewer)
    open_survey = make_survey("York")
    b_reviewer = django_user_model.objects.create_user("b-reviewer", password="pw")
    open_survey.area.reviewers.add(b_reviewer)
    comment = Response.objects.filter(survey=closed_area).exclude(comment="").first()
    return {
        "a": closed_area.area,
        "b": open_survey.area,
        "comment": comment,
        "people": {
            "anonymous": None,
            "reviewer of another area": b_reviewer,
            "area reviewer": reviewer,
            "programme lead": lead,
            "admin": admin_user,
        },
        "b_reviewer": b_reviewer,
    }


def url_for(name, area, comment):
    kwargs = {}
    if name != "results_index":
        kwargs["programme"] = area.programme.slug
    if name.startswith(("area_", "comment_")):
        kwargs["area"] = area.slug
    if name == "comment_moderate":
        kwargs["pk"] = comment.pk
    return reverse(name, kwargs=kwargs)


ALLOWED_AFTER_DEADLINE = {
    "index": {"reviewer of another area", "area reviewer", "programme lead", "admin"},
    "area_page": {"area reviewer", "programme lead", "admin"},
    "area": {"area reviewer", "programme lead", "admin"},
    "area_lead": {"programme lead", "admin"},
    "lead": {"programme lead", "admin"},
    "lead_post": {"programme lead", "admin"},
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_access_after_the_deadline(client, world, name):
    rule = RULES[name]
    url = url_for(name, world["a"], world["comment"])
    for who, user in world["people"].items():
        client.logout()
        if user:
            client.force_login(user)
        posting = rule == "lead_post"  # an action: POST only, then back to the report
        response = client.post(url) if posting else client.get(url)
        if user is None:
            assert response.status_code == 302, (name, who)
            assert response["Location"].startswith("/accounts/login/"), (name, who)
        elif who in ALLOWED_AFTER_DEADLINE[rule]:
            assert response.status_code == (302 if posting else 200), (name, who)
            if rule != "index":
                assert "no-store" in response["Cache-Control"], name
        else:
            assert response.status_code == 403, (name, who)


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.startswith("area")))
def test_nobody_sees_scores_or_comments_before_the_deadline(client, world, name):
    url = url_for(name, world["b"], world["comment"])
    for user in (world["b_reviewer"], world["people"]["programme lead"]):
        client.force_login(user)
        response = client.get(url)
        if RULES[name] == "area_page":
            # The page says when results come; the lead also sees the count so far.
            assert response.status_code == 200
            html = response.content.decode()
            assert "Relational value" not in html and "Comments" not in html
        else:
            assert response.status_code in (403, 404), (name, user)


def test_leads_see_the_count_so_far_and_reviewers_do_not(client, world, respond):
    for _ in range(3):
        respond(world["b"].survey, {"RV-INT-CUL": 1})
    url = reverse("area_report", args=[world["b"].programme.slug, world["b"].slug])
    client.force_login(world["people"]["programme lead"])
    html = client.get(url).content.decode()
    assert ">3</h2>" in html and "responses so far" in html
    client.force_login(world["b_reviewer"])
    html = client.get(url).content.decode()
    assert "so far" not in html and ">3<" not in html
