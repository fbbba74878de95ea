"""Distribution bars are drawn by score, after reverse scoring: a negative statement's best
answer ("consistently not true") sits on the favourable side, right of the centre line, in
the same colour as a positive statement's best answer; the favourable share is beside it."""

import re

from scoring.charts import SCORE_COLOURS
from scoring.services import surveys_close_due
from surveys.models import RATING_CODES

NEGATIVE = "RP-DIR"  # "Poor communication creates misunderstanding and ill-formed decisions."
POSITIVE = "RV-INT-CUL"


def rects(svg: str) -> list[tuple[float, float, str]]:
    return [
        (float(x), float(w), fill)
        for x, w, fill in re.findall(
            r'<rect x="([\d.]+)" y="1" width="([\d.]+)" height="10" fill="(#\w+)"', svg
        )
    ]


def bar_of(html: str, text: str) -> str:
    row = html.split(text, 1)[1].split("</tr>")[0]
    return re.search(r'<svg class="relaudit-bar".*?</svg>', row, re.S).group(0)


def test_a_negative_statements_best_answers_are_on_the_favourable_side(
    client, settings, due_survey, respond, reviewer, instrument
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for _ in range(12):  # everyone: "consistently not true" of both statements
        respond(due_survey, {NEGATIVE: 0, POSITIVE: 0} | {c: 3 for c in RATING_CODES[2:20]},
                role=("senior_executive",))  # fmt: skip
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    page = client.get(
        f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/?statement={NEGATIVE}"
    ).content.decode()
    negative = instrument.statements.get(code=NEGATIVE)
    positive = instrument.statements.get(code=POSITIVE)
    assert negative.is_negative and not positive.is_negative
    table = page.split('id="statements"')[1]
    # The negative statement: all scored 5, the best: one segment right of the centre (100).
    assert rects(bar_of(table, negative.text)) == [(100.0, 100.0, SCORE_COLOURS[5])]
    assert "100% favourable" in bar_of(table, negative.text)
    # The positive one: all scored 0, the worst: left of the centre, the worst colour.
    assert rects(bar_of(table, positive.text)) == [(0.0, 100.0, SCORE_COLOURS[0])]
    # The same in the one-statement-by-group bars (the annex's figure 12).
    by_group = page.split('id="statement-by-group"')[1]
    assert rects(bar_of(by_group, ">Senior executive</th>")) == [(100.0, 100.0, SCORE_COLOURS[5])]
    assert "favourable" in page and "the reverse of one of the four negative statements" in page
