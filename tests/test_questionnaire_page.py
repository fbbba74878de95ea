import re
from html import escape

from surveys.models import RATING_CODES

from .conftest import STATEMENT_LABELS, shown_order


def test_each_statement_is_a_radio_group_in_a_fieldset_with_the_statement_as_legend(
    questionnaire, survey, instrument
):
    html, _ = questionnaire(survey)
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", html, flags=re.S)
    for statement in instrument.statements.all():
        [fieldset] = [f for f in fieldsets if f'name="{statement.code}"' in f]
        legend = re.search(r"<legend.*?</legend>", fieldset, flags=re.S).group(0)
        assert escape(statement.text) in legend
        values = re.findall(
            rf'name="{statement.code}"\s+class="[^"]+"\s+id="[^"]+"\s+value="(\d)"', fieldset
        )
        assert values == ["0", "1", "2", "3", "4", "5"]
        for label in STATEMENT_LABELS:
            assert label in fieldset


def test_statements_are_shown_in_a_random_order_per_respondent(questionnaire, survey):
    orders = [shown_order(questionnaire(survey)[0]) for _ in range(3)]
    assert all(sorted(order) == sorted(RATING_CODES) for order in orders)
    assert len({tuple(order) for order in orders}) == 3


def test_a_survey_without_randomisation_shows_the_instrument_order(questionnaire, make_survey):
    survey = make_survey(randomise_order=False)
    assert shown_order(questionnaire(survey)[0]) == list(RATING_CODES)


def test_about_you_questions_are_checkboxes_with_the_annex_labels(questionnaire, survey):
    html, _ = questionnaire(survey)
    for name, value, label in [
        ("organisation_type", "voluntary_sector", "Third or voluntary sector"),
        ("primary_role", "direct_service_delivery",
         "Direct service delivery (health or social care practitioner)"),
        ("time_in_system", "under_1_year", "Less than a year"),
    ]:  # fmt: skip
        assert re.search(rf'type="checkbox"\s+name="{name}"[^>]*value="{value}"', html)
        assert label in html
    assert "occupational therapists" in html  # the hint that places practitioners
    assert 'name="primary_role_other"' in html
    assert 'aria-controls="conditional-primary_role_other"' in html


def test_the_comment_box_has_a_live_word_count(questionnaire, survey):
    html, _ = questionnaire(survey)
    assert 'name="comment"' in html
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxwords="300"' in html
    assert "about 150 words" in html
