"""The programme report shows one statement by respondent type across areas (the annex's
figures 6, 11 and 12), with the programme breakdowns' suppression."""

import json

from scoring.models import ProgrammeSnapshot
from scoring.services import surveys_close_due
from surveys.models import RATING_CODES


def test_one_statement_by_respondent_type_at_programme_level(
    client, settings, make_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for name in ("Halton", "York"):
        survey = make_survey(name, opens_in=-10, closes_in=-1)
        for org, score, count in (("voluntary_sector", 1, 8), ("health_provider", 4, 12),
                                  ("social_care_provider", 3, 12)):  # fmt: skip
            for _ in range(count):
                respond(survey, {code: score for code in RATING_CODES}, org=(org,))
    surveys_close_due()  # every area closed: the programme's breakdowns are live
    client.force_login(lead)
    html = client.get(f"/results/{survey.area.programme.slug}/?statement=RP-COM").content.decode()
    section = html.split('id="statement-by-group"')[1].split('id="comment-rates"')[0]
    table = section.split("answers by organisation type</caption>")[1].split("</table>")[0]
    stored = json.loads(ProgrammeSnapshot.objects.get(kind="latest").summary_json)
    groups = stored["breakdowns"]["organisation_type"]
    # Each area hides its 8 voluntary sector staff; the programme shows their 16 only where
    # no area's hidden cells could be worked out from it.
    for key, label in (("voluntary_sector", "Third or voluntary sector"),
                       ("health_provider", "Health provider")):  # fmt: skip
        row = table.split(f">{label}</th>")[1].split("</tr>")[0]
        if groups[key]["suppressed"]:
            assert "relaudit-bar" not in row and "Hidden" in row or "Fewer" in row
        else:
            assert "relaudit-bar" in row and f">{groups[key]['n']}<" in row
    assert groups["health_provider"]["suppressed"] is False
    assert "Commonality" in section
