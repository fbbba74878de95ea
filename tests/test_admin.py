def test_the_survey_admin_lists_response_counts(client, admin_user, submit, survey, make_survey):
    make_survey("York")
    submit(survey, {"RV-INT-CUL": "3"})
    submit(survey, {"RV-INT-CUL": "1"})
    client.force_login(admin_user)
    html = client.get("/admin/surveys/survey/").content.decode()
    assert "Halton" in html and "York" in html
    assert '<td class="field-response_count">2</td>' in html
    assert '<td class="field-response_count">0</td>' in html


def test_admin_pages_for_a_programme_administrator_load(client, admin_user, survey):
    client.force_login(admin_user)
    for url in [
        "/admin/surveys/programme/",
        f"/admin/surveys/programme/{survey.area.programme.pk}/change/",
        f"/admin/surveys/area/{survey.area.pk}/change/",
        f"/admin/surveys/survey/{survey.pk}/change/",
        "/admin/surveys/instrument/",
        "/admin/surveys/response/",
        "/admin/scoring/surveysnapshot/",
    ]:
        assert client.get(url).status_code == 200, url


def test_respondents_and_reviewers_cannot_reach_the_admin(client, reviewer):
    assert client.get("/admin/surveys/survey/").status_code == 302
    client.force_login(reviewer)
    assert client.get("/admin/surveys/survey/").status_code == 302


def test_the_admin_can_close_a_survey_early(client, admin_user, survey, respond):
    respond(survey, {"RV-INT-CUL": 3})
    client.force_login(admin_user)
    response = client.post(
        "/admin/surveys/survey/",
        {"action": "close_now", "_selected_action": [survey.pk]},
        follow=True,
    )
    assert "Closed Halton: results computed." in response.content.decode()
    survey.refresh_from_db()
    assert survey.closed_at is not None
    assert survey.snapshots.count() == 2


def test_the_snapshot_admin_links_to_the_report_instead_of_raw_json(
    client, admin_user, closed_area
):
    from scoring.models import SurveySnapshot

    snapshot = SurveySnapshot.objects.get(survey=closed_area, kind="deadline")
    client.force_login(admin_user)
    html = client.get(f"/admin/scoring/surveysnapshot/{snapshot.pk}/change/").content.decode()
    assert "/results/lsr-test/stockport/?snapshot=deadline" in html
    assert '"statements"' not in html and "RV-INT-CUL" not in html
