"""What used to be a 500: a NUL in a token, another charset, a file in a form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from surveys.models import Response


@pytest.mark.parametrize(
    "path", ["/s/%00/", "/s/%00/questions/", "/s/%00/thanks/", "/contact/%00/"]
)
def test_a_nul_in_the_token_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("charset", ["latin-1", "utf-7", "utf-16"])
def test_another_charset_is_a_clear_400(survey, questionnaire, charset):
    _html, token = questionnaire(survey)
    response = Client().post(
        f"/s/{survey.token}/questions/",
        f"form_token={token}&RV-INT-CUL=3",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Your answers could not be read" in response.content.decode()
    assert not Response.objects.exists()


def test_a_file_in_the_form_is_refused_before_it_is_read(survey, questionnaire):
    _html, token = questionnaire(survey)
    big = SimpleUploadedFile("big.bin", b"\0" * 1_000_000)
    response = Client().post(
        f"/s/{survey.token}/questions/", {"form_token": token, "RV-INT-CUL": "3", "extra": big}
    )
    assert response.status_code == 400
    assert not Response.objects.exists()
