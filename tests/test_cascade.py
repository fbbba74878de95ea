"""A contact's own link and code are a branch of the area's survey: responses through them
count to the branch, the rest as direct; a contact's page shows counts only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import Response
from surveys.selectors import branch_counts

from .conftest import form_token


def respond_via(client, token, rating="3"):
    html = client.get(f"/s/{token}/questions/").content.decode()
    return client.post(
        f"/s/{token}/questions/",
        {"form_token": form_token(html), "RV-INT-CUL": rating, "unrated": "submit"},
    )


def test_responses_count_to_the_branch_they_came_through(client, survey, contacts):
    ann, bob = contacts
    done = respond_via(client, ann.token)
    assert done.status_code == 302 and done["Location"].startswith(f"/s/{ann.token}/thanks/")
    thanks = client.get(done["Location"]).content.decode()
    assert ann.link in thanks  # colleagues who forward from here count to Ann's branch too
    respond_via(client, survey.token)
    code = client.post("/", {"code": bob.formatted_access_code.lower()})
    assert code["Location"] == f"/s/{bob.token}/"
    respond_via(client, bob.token)
    assert sorted(str(r.branch_id) for r in Response.objects.all()) == sorted(
        [str(ann.pk), str(bob.pk), "None"]
    )


def test_small_branches_read_fewer_than_10_and_cannot_be_subtracted(survey, contacts, respond):
    ann, bob = contacts
    for _ in range(12):
        Response.objects.filter(pk=respond(survey, {"RV-INT-CUL": 1}).pk).update(branch=ann)
    Response.objects.filter(pk=respond(survey, {"RV-INT-CUL": 1}).pk).update(branch=bob)
    for _ in range(15):
        respond(survey, {"RV-INT-CUL": 1})
    counts = branch_counts(survey=survey)
    assert counts[bob.pk] == "fewer than 10"
    # Bob's 1 alone would be 28 - 12 - 15: the next smallest branch is hidden with it.
    assert counts[ann.pk] == "fewer than 10" and counts[None] == "15"


def test_a_contacts_page_shows_counts_and_takes_the_reach(client, survey, contacts):
    ann, bob = contacts
    respond_via(client, ann.token)
    page = client.get(f"/contact/{ann.manage_token}/").content.decode()
    assert "Responses through your link" in page and "fewer than 10" in page
    assert ann.link in page and bob.name not in page and bob.link not in page
    saved = client.post(f"/contact/{ann.manage_token}/", {"reach": "40"})
    assert saved.status_code == 200 and "forwarded it to 40 colleagues" in saved.content.decode()
    ann.refresh_from_db()
    assert ann.declared_reach == 40


# "²" and "①" are digits to str.isdigit() but not to int(): a clear 400, never a 500.
@pytest.mark.parametrize("typed", ["-3", "lots", "100001", "", "4.5", "²", "①"])
def test_a_bad_reach_is_a_clear_error_and_changes_nothing(client, survey, contacts, typed):
    ann = contacts[0]
    response = client.post(f"/contact/{ann.manage_token}/", {"reach": typed})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    ann.refresh_from_db()
    assert ann.declared_reach is None


def test_an_unknown_contact_token_is_not_found(client, db):
    assert client.get("/contact/no-such-token/").status_code == 404


def test_after_the_deadline_the_reach_is_fixed(client, survey, contacts):
    ann = contacts[0]
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    response = client.post(f"/contact/{ann.manage_token}/", {"reach": "5"})
    assert response.status_code == 400
    ann.refresh_from_db()
    assert ann.declared_reach is None
