"""The confirmation is shown only right after a submission."""


def test_opening_the_thanks_page_without_submitting_goes_to_the_start(client, survey):
    for query in ("", "?r=forged", f"?r={survey.pk}:abc:def"):
        response = client.get(f"/s/{survey.token}/thanks/{query}")
        assert response.status_code == 302
        assert response["Location"] == f"/s/{survey.token}/"


def test_right_after_a_submission_it_thanks(client, submit, survey):
    location = submit(survey, {"RV-INT-CUL": "2"})["Location"]
    assert "Thank you" in client.get(location).content.decode()


def test_a_receipt_for_another_survey_does_not_work(client, submit, survey, make_survey):
    other = make_survey("York")
    location = submit(other, {"RV-INT-CUL": "2"})["Location"]
    receipt = location.split("?")[1]
    response = client.get(f"/s/{survey.token}/thanks/?{receipt}")
    assert response.status_code == 302
    assert response["Location"] == f"/s/{survey.token}/"


def test_an_old_receipt_expires(client, submit, survey, monkeypatch):
    import time

    location = submit(survey, {"RV-INT-CUL": "2"})["Location"]
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(location)
    assert response.status_code == 302
    assert response["Location"] == f"/s/{survey.token}/"
