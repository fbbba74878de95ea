"""report.pdf of an area whose respondents all gave the same answers: every spread is
zero, every distribution one bar, and the handout still lays out with all its figures."""

import pytest

from surveys.models import RATING_CODES
from tests.comparison_world import add_response
from tests.test_report_pdf import pdf_text
from tests.wave_world import close_now


@pytest.mark.parametrize("position", [0, 3, 5])
def test_the_pdf_of_identical_answers_lays_out(
    client, settings, programme, make_survey, lead, position
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    survey = make_survey("Halton")
    for _ in range(12):
        add_response(survey, dict.fromkeys(RATING_CODES, position))
    close_now(programme)
    client.force_login(lead)
    response = client.get(f"/results/{programme.slug}/halton/report.pdf?snapshot=deadline")
    text, pages = pdf_text(response)
    assert f"Page {len(pages)} of {len(pages)}" in text
    assert "Halton" in text and f"{position:.2f}" in text
