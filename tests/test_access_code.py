import re

from surveys.models import ACCESS_CODE_ALPHABET, Survey


def test_access_codes_are_8_unambiguous_characters(make_survey):
    codes = {make_survey(f"Area {i}").access_code for i in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(ACCESS_CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_the_code_is_shown_as_two_groups_of_four(survey):
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", survey.formatted_access_code)


def test_typing_the_code_in_any_case_with_spaces_and_dashes_leads_to_the_survey(client, survey):
    typed = " " + survey.access_code[:4].lower() + " - " + survey.access_code[4:].lower() + " "
    response = client.post("/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/s/{survey.token}/"


def test_a_wrong_code_gets_a_clear_message(client, survey):
    wrong = "ZZZZZZZZ" if survey.access_code != "ZZZZZZZZ" else "YYYYYYYY"
    response = client.post("/", {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "could not find a survey with that code" in html


def test_normalise_ignores_unicode_dashes():
    assert Survey.normalise_access_code("hk7p\u2013m3qd") == "HK7PM3QD"
