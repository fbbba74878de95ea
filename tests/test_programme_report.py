"""The programme report: responses per area, every area against the programme, the
spread of each statement across areas and its top-five and bottom-five counts."""

import re

from scoring.services import surveys_close_due
from surveys.models import RATING_CODES


def test_the_programme_report_from_three_areas(client, settings, make_survey, respond, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 2
    for name, count, fair in (("Halton", 3, 5), ("York", 2, 4), ("Bury", 1, 5)):
        survey = make_survey(name, opens_in=-10, closes_in=-1)
        for _ in range(count):
            # "We treat each other fairly" (RV-FAI-CUL) scores best everywhere.
            respond(survey, {code: 2 for code in RATING_CODES} | {"RV-FAI-CUL": fair}, comment="c")
    still_open = make_survey("Wigan")
    respond(still_open, {"RV-INT-CUL": 1})
    surveys_close_due()
    client.force_login(lead)
    html = client.get(f"/results/{still_open.area.programme.slug}/").content.decode()
    # Responses per area, the open area with its count so far.
    # Halton: sent to 25 as recorded (no contact invited here), 3 responses.
    assert re.search(r"Halton</a></th><td[^>]*>25\*</td><td[^>]*>3</td>", html)
    assert re.search(
        r"Wigan</th>.*?<td class=\"govuk-table__cell relaudit-num\">1</td>", html, re.S
    )
    # Bury has 1 response: counted, never scored.
    assert re.search(r"Bury</th><td[^>]*>1</td><td[^>]*>Fewer than 2 responses: no scores", html)
    spread = html.split('id="spread"')[1].split('id="areas"')[0]
    fairly = spread.split("We treat each other fairly.")[1].split("</tr>")[0]
    cells = re.findall(r">([^<>]+)</td>", fairly)
    assert cells[:4] == [
        "4.60",
        "4.00",
        "4.50",
        "5.00",
    ]  # programme (Bury left out), lowest, median, highest
    assert cells[4:] == ["2 of 2", "0 of 2"]  # top five in both scored areas


def test_areas_sort_by_a_framework_mean(client, settings, make_survey, respond, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    for name, score in (("Halton", 1), ("York", 4), ("Bury", 2)):
        survey = make_survey(name, opens_in=-10, closes_in=-1)
        respond(survey, {code: score for code in RATING_CODES if code.startswith("RV")})
    surveys_close_due()
    client.force_login(lead)
    url = f"/results/{survey.area.programme.slug}/?sort=relational_value&order=desc"
    table = client.get(url).content.decode().split('id="areas"')[1]
    names = re.findall(r'<th scope="row" class="govuk-table__header">(\w+)</th><td', table)
    assert names[:4] == ["Programme", "York", "Bury", "Halton"]
