from django.utils import timezone


def test_a_completed_scorecard_is_stored_against_its_area(submit, survey, make_survey):
    other = make_survey("Trafford")
    response = submit(
        survey,
        {
            "RV-INT-CUL": "0",
            "RV-FAI-CUL": "5",
            "RP-CON": "2",
            "comment": "  Partners talk to each other.  ",
            "organisation_type": ["voluntary_sector", "health_provider"],
            "primary_role": ["other"],
            "primary_role_other": "Council officer",
            "time_in_system": ["over_3_years"],
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/s/{survey.token}/thanks/?r=")
    stored = survey.responses.get()
    assert other.responses.count() == 0
    assert stored.ratings == {"RV-INT-CUL": 0, "RV-FAI-CUL": 5, "RP-CON": 2}
    assert stored.rating("RV-INT-VIS") is None
    assert stored.comment == "Partners talk to each other."
    assert stored.organisation_type == "health_provider,voluntary_sector"
    assert stored.primary_role == "other"
    assert stored.primary_role_other == "Council officer"
    assert stored.time_in_system == "over_3_years"
    assert stored.instrument.version == "2017-09"
    assert stored.is_late is False
    assert stored.submitted_on == timezone.localdate()


def test_a_comment_alone_is_a_response(submit, survey):
    assert submit(survey, {"comment": "Only a comment."}).status_code == 302
    assert survey.responses.get().ratings == {}


def test_the_confirmation_thanks_and_offers_the_link_and_code_to_pass_on(client, submit, survey):
    response = submit(survey, {"RV-INT-CUL": "3"}, follow=True)
    html = response.content.decode()
    assert "Thank you" in html
    assert survey.link in html
    assert survey.formatted_access_code in html
