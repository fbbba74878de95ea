"""Best and worst three statements per framework; ties go to the lower statement code."""

from scoring.services import survey_close
from surveys.models import RATING_CODES


def test_best_and_worst_with_ties_broken_by_code(settings, due_survey, respond):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    ratings = {code: 2 for code in RATING_CODES if code.startswith("RV-")}
    ratings.update({"RV-TRU-TEC": 5, "RV-FAI-CUL": 5, "RV-INT-VIS": 5, "RV-EMP-CUL": 4})
    ratings.update({"RV-RES-TEC": 0, "RV-INT-TEC": 0, "RV-TRU-PEO": 1})
    # Proximity: raw 0 on a negative statement scores 5; RP-COM is positive.
    ratings.update({"RP-DIR": 0, "RP-CON": 5, "RP-MUL": 2, "RP-PAR": 3, "RP-COM": 3})
    respond(due_survey, ratings)
    survey_close(survey=due_survey)
    summary = due_survey.snapshots.get(kind="latest").summary
    # Three statements tie on 5: alphabetical order of their codes.
    assert summary["best"]["relational_value"] == ["RV-FAI-CUL", "RV-INT-VIS", "RV-TRU-TEC"]
    # Two tie on 0 (RV-INT-TEC before RV-RES-TEC), then the 1.
    assert summary["worst"]["relational_value"] == ["RV-INT-TEC", "RV-RES-TEC", "RV-TRU-PEO"]
    # Scores: DIR 5, CON 0, MUL 3, PAR 2, COM 3 (MUL and COM tie: RP-COM first).
    assert summary["best"]["relational_proximity"] == ["RP-DIR", "RP-COM", "RP-MUL"]
    assert summary["worst"]["relational_proximity"] == ["RP-CON", "RP-PAR", "RP-COM"]
