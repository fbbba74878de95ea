"""A fresh questionnaire page is put together from cached fragments: it must be the very
markup that rendering it in full gives (same fields, labels, fieldsets)."""

import re

from crispy_forms.utils import render_crispy_form

from surveys.forms import QuestionnaireForm, QuestionnaireToken
from surveys.services import statement_order_new


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_the_fast_page_is_the_full_rendering(survey):
    statements = {s.code: s for s in survey.instrument.statements.all()}
    for _ in range(3):  # different orders: fragments at different positions
        page = QuestionnaireToken.new(survey=survey, order=statement_order_new(survey=survey))
        form = QuestionnaireForm(
            initial={"form_token": page.dumps(survey=survey)},
            statements=[statements[code] for code in page.order],
            scale=survey.instrument.scale,
        )
        assert squeeze(form.page_html()) == squeeze(render_crispy_form(form))


def test_a_page_with_answers_or_errors_is_rendered_in_full(survey):
    statements = list(survey.instrument.statements.all())
    form = QuestionnaireForm(
        {"form_token": "x", statements[0].code: "9"},
        statements=statements,
        scale=survey.instrument.scale,
    )
    form.is_valid()
    html = form.page_html()
    assert "govuk-radios__input" in html and "Choose one of the six ratings" in html
