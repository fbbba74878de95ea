import pytest


@pytest.mark.parametrize("suffix", ["", "questions/", "thanks/"])
def test_an_altered_link_gets_a_friendly_page_explaining_how_to_get_in(client, survey, suffix):
    response = client.get(f"/s/{survey.token[:-3]}xyz/{suffix}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This survey link is not recognised" in html
    assert "access code" in html
    assert "Traceback" not in html


def test_posting_to_an_altered_link_stores_nothing(client, survey):
    response = client.post(f"/s/{survey.token}x/questions/", {"RV-INT-CUL": "3"})
    assert response.status_code == 404
    assert survey.responses.count() == 0


def test_the_start_page_names_the_area_time_and_anonymity(client, survey):
    html = client.get(f"/s/{survey.token}/").content.decode()
    assert "Halton" in html
    assert "about 10 minutes" in html
    assert "anonymous" in html
    assert f"/s/{survey.token}/questions/" in html
