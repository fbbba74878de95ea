"""Every respondent page names the organisation running the review and links the privacy
notice, which says what is stored, what is not, who sees what and how long it is kept."""

import datetime

import pytest


@pytest.fixture
def named(survey):
    programme = survey.area.programme
    programme.organisation_name = "Care Quality Commission"
    programme.contact_email = "audit@example.org"
    programme.retention_until = datetime.date(2027, 3, 31)
    programme.save()
    return survey


def test_every_respondent_page_names_the_organisation_and_links_the_privacy_notice(
    client, named, submit
):
    privacy = f"/s/{named.token}/privacy/"
    thanks = submit(named, {"RV-INT-CUL": "2"})["Location"]
    for url in (f"/s/{named.token}/", f"/s/{named.token}/questions/", thanks, privacy):
        html = client.get(url).content.decode()
        assert "Care Quality Commission" in html, url
        assert f'href="{privacy}"' in html, url
        assert "mailto:audit@example.org" in html, url
    start = client.get(f"/s/{named.token}/").content.decode().split("<main")[1]
    assert f'href="{privacy}"' in start  # on the start page itself, not only the footer


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client, named):
    html = client.get(f"/s/{named.token}/privacy/").content.decode()
    expected = (
        "your ratings", "your comment", "organisation type", "the day you submitted",
        "IP address", "fewer than 10 people", "after Wednesday 31 March 2027",
    )  # fmt: skip
    for words in expected:
        assert words in html, words


def test_staff_pages_do_not_carry_the_respondent_footer(client, reviewer):
    client.force_login(reviewer)
    html = client.get("/results/").content.decode()
    assert "Your answers are anonymous" not in html
