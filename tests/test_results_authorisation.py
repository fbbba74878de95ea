"""Every results URL, generated from the URL conf, for every kind of person.

A URL without a rule here fails the test, so a new page cannot ship without one."""

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from scoring.coding_models import AgreementSample, ProgrammeAnalyst
from scoring.prepared import prepared_file_build, prepared_file_request
from scoring.safeguarding import comment_flag
from surveys.models import Programme, Response

# What each results URL needs: "index" (anyone signed in), "area_page" (the area report:
# renders before the deadline too, without scores), "area" (scores, comments, exports of
# one area), "area_lead" (moderation), "lead" (programme-wide), "coding" (the programme's
# leads and analysts), "flag" (anyone who reads the comment: its area's reviewers, the
# programme's analysts and leads) and "flag_read" (leads and whoever raised the flag).
RULES = {
    "results_index": "index",
    "programme_report": "lead",
    "programme_summary_json": "lead",
    "programme_summary_csv": "lead",
    "programme_summary_xlsx": "lead",
    "programme_responses_csv": "lead",
    "programme_responses_xlsx": "lead",
    "programme_comments_csv": "lead",
    "programme_comments_xlsx": "lead",
    "other_roles": "lead",
    # A file a worker prepared for the lead: theirs alone, not even an admin's.
    "prepared_file": "prepared",
    "prepared_file_download": "prepared",
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
    "area_comparison": "area",
    "programme_funnel": "lead",
    "programme_heatmap": "lead",
    # Coding comments (issue 19): "coding" is for the programme's leads and analysts.
    "coding_home": "coding",
    "coding_queue": "coding",
    "coding_comment": "coding",
    "coding_passages_csv": "coding",
    "coding_passages_xlsx": "coding",
    "coding_qdpx": "coding",
    "coding_import": "coding",
    "agreement_next": "coding",
    "comment_flag": "flag",
    "safeguarding_flag": "flag_read",
    "coding_themes": "lead",
    "coding_people": "lead",
    "agreement_samples": "lead",
    "agreement_sample": "lead",
    "programme_said": "lead",
    "programme_themes": "lead",
    "area_said": "area",
    # Waves of a series (issue 20).
    "programme_changes": "lead",
    "programme_waves": "lead",
    "programme_lineage": "lead",
    "programme_wording": "lead",
    "series_responses_csv": "lead",
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
    reviewer: `b_reviewer`), a programme lead, an analyst of the programme (with a sample to
    code alongside the lead), an analyst of another programme, and an admin; the reviewer
    has flagged a comment."""
    closed_area.area.reviewers.add(reviewer)
    open_survey = make_survey("York")
    b_reviewer = django_user_model.objects.create_user("b-reviewer", password="pw")
    open_survey.area.reviewers.add(b_reviewer)
    comment = Response.objects.filter(survey=closed_area).exclude(comment="").first()
    now = timezone.now()
    analyst = django_user_model.objects.create_user("analyst", password="pw")
    ProgrammeAnalyst.objects.create(
        programme=closed_area.area.programme, user=analyst, named_at=now
    )
    elsewhere = Programme.objects.create(name="Another programme", slug="another")
    other_analyst = django_user_model.objects.create_user("other-analyst", password="pw")
    ProgrammeAnalyst.objects.create(programme=elsewhere, user=other_analyst, named_at=now)
    sample = AgreementSample.objects.create(
        programme=closed_area.area.programme, first_analyst=analyst, second_analyst=lead,
        created_at=now,
    )  # fmt: skip
    sample.responses.add(comment)
    flag = comment_flag(area=closed_area.area, response=comment, by=reviewer)
    prepared = prepared_file_request(
        user=lead, programme=closed_area.area.programme, kind="responses.csv"
    )
    prepared_file_build(prepared=prepared)
    return {
        "a": closed_area.area,
        "b": open_survey.area,
        "comment": comment,
        "people": {
            "anonymous": None,
            "reviewer of another area": b_reviewer,
            "area reviewer": reviewer,
            "programme lead": lead,
            "analyst": analyst,
            "analyst of another programme": other_analyst,
            "admin": admin_user,
        },
        "b_reviewer": b_reviewer,
        "sample": sample,
        "flag": flag,
        "prepared": prepared,
    }


def url_for(name, area, comment, world=None):
    kwargs = {}
    if name != "results_index":
        kwargs["programme"] = area.programme.slug
    if name.startswith(("area_", "comment_")) and name != "comment_flag":
        kwargs["area"] = area.slug
    if name in ("comment_moderate", "coding_comment", "comment_flag"):
        kwargs["pk"] = comment.pk
    if name in ("agreement_sample", "agreement_next"):
        kwargs["sample"] = world["sample"].pk
    if name == "safeguarding_flag":
        kwargs["flag"] = world["flag"].pk
    if name.startswith("prepared_file"):
        kwargs["pk"] = world["prepared"].pk
    return reverse(name, kwargs=kwargs)


EVERYONE_SIGNED_IN = {
    "reviewer of another area", "area reviewer", "programme lead", "analyst",
    "analyst of another programme", "admin",
}  # fmt: skip
ALLOWED_AFTER_DEADLINE = {
    "index": EVERYONE_SIGNED_IN,
    "area_page": {"area reviewer", "programme lead", "admin"},
    "area": {"area reviewer", "programme lead", "admin"},
    "area_lead": {"programme lead", "admin"},
    "lead": {"programme lead", "admin"},
    "lead_post": {"programme lead", "admin"},
    "coding": {"programme lead", "analyst", "admin"},
    "flag": {"area reviewer", "programme lead", "analyst", "admin"},
    "flag_read": {"area reviewer", "programme lead", "admin"},  # the reviewer raised it
    "prepared": {"programme lead"},  # who asked for it
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_access_after_the_deadline(client, world, name):
    rule = RULES[name]
    url = url_for(name, world["a"], world["comment"], world)
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
    url = url_for(name, world["b"], world["comment"], world)
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
