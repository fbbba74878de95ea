"""No live counts to watchers: a contact's page (no sign-in, its link forwardable) shows
counts in steps ("fewer than 10", then multiples of 5), and after the deadline nothing a
reviewer sees moves with one late response: counts, response rate and comments change only
when a group of at least the threshold joins the latest results."""

import re

from scoring.services import surveys_close_due, surveys_latest_recompute


def contact_counts(client, contact) -> list[str]:
    html = client.get(f"/contact/{contact.manage_token}/").content.decode()
    return re.findall(r'<dd class="govuk-summary-list__value">([^<]*)</dd>', html)[:2]


def test_a_contacts_page_counts_in_steps(client, survey, contacts, respond):
    ann = contacts[0]
    counts = []
    for total in (3, 12, 13, 15):
        while survey.responses.count() < total:
            respond(survey, {"RV-INT-CUL": 1})
        counts.append(contact_counts(client, ann)[1])  # responses in the area
    assert counts == ["fewer than 10", "10", "10", "15"]


def seen_by_reviewer(client, survey) -> dict:
    base = f"/results/{survey.area.programme.slug}/{survey.area.slug}/"
    report = client.get(base).content.decode()
    # The key findings' counts ("12; 12 with a comment; 10 late") and the reach estimate's.
    counted = re.search(r"Responses</dt><dd[^>]*>([^<]*)<", report).group(1)
    rate = re.search(r"(\d+) responses? through the area(?:&#x27;|')s own link", report)
    index = client.get("/results/").content.decode()
    return {
        "index": re.findall(r'relaudit-num">([^<]*)<', index),
        "responses": counted,
        "rate": rate and rate.group(1),
        "counts": client.get(base + "summary.json").json()["counts"],
        "comments": re.findall(r"<blockquote", client.get(base + "comments/").content.decode()),
        "late comment": "Arrived late" in client.get(base + "comments/").content.decode(),
    }


def test_one_late_response_changes_nothing_a_reviewer_sees(
    client, make_survey, respond, reviewer, settings
):
    from surveys.models import Contact

    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    survey = make_survey("Wigan", opens_in=-14, closes_in=-1, late_days=5)
    Contact.objects.create(
        area=survey.area, name="Ann", email="ann@example.org", organisation="C", declared_reach=20
    )
    for _ in range(12):
        respond(survey, {"RV-INT-CUL": 3}, comment="On time")
    surveys_close_due()
    survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    before = seen_by_reviewer(client, survey)
    assert before["rate"] == "12" and before["responses"] == "12; 12 with a comment"
    assert "12" in before["index"]

    respond(survey, {"RV-INT-CUL": 0}, comment="Arrived late", late=True)
    surveys_latest_recompute(surveys=[survey])
    assert seen_by_reviewer(client, survey) == before

    for _ in range(9):  # the group of ten joins the figures, and its comment with it
        respond(survey, {"RV-INT-CUL": 0}, late=True)
    surveys_latest_recompute(surveys=[survey])
    after = seen_by_reviewer(client, survey)
    assert after["counts"]["late"] == 10 and after["late comment"]
    assert after["responses"] == "22; 13 with a comment; 10 late" and after["rate"] == "22"
