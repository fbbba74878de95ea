"""One ticked option puts a respondent in that group; several in "multiple"; none in
"did_not_answer"."""

from scoring.services import survey_close
from surveys.choices import DEMOGRAPHIC_QUESTIONS


def test_respondents_fall_into_exactly_one_group_per_question(settings, due_survey, respond):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    respond(due_survey, {"RV-INT-CUL": 5}, org=("health_provider",), role=("senior_executive",))
    respond(
        due_survey,
        {"RV-INT-CUL": 1},
        org=("health_provider", "voluntary_sector"),
        time=("over_3_years",),
    )
    respond(due_survey, {"RV-INT-CUL": 3}, role=("administrative", "other"), time=("under_1_year",))
    survey_close(survey=due_survey)
    breakdowns = due_survey.snapshots.get(kind="latest").summary["breakdowns"]

    org = breakdowns["organisation_type"]
    assert org["health_provider"]["n"] == 1
    assert org["health_provider"]["statements"]["RV-INT-CUL"] == {
        "n": 1,
        "mean": 5.0,
        "distribution": [0, 0, 0, 0, 0, 1],
    }
    assert org["multiple"]["n"] == 1
    assert org["multiple"]["statements"]["RV-INT-CUL"]["mean"] == 1.0
    assert org["voluntary_sector"]["suppressed"] is True  # nobody: not counted per ticked option
    assert org["did_not_answer"]["n"] == 1

    role = breakdowns["primary_role"]
    assert (role["senior_executive"]["n"], role["multiple"]["n"], role["did_not_answer"]["n"]) == (
        1,
        1,
        1,
    )
    assert role["other"]["suppressed"] and role["administrative"]["suppressed"]
    time = breakdowns["time_in_system"]
    assert (time["over_3_years"]["n"], time["under_1_year"]["n"], time["did_not_answer"]["n"]) == (
        1,
        1,
        1,
    )


def test_group_keys_are_the_form_options_plus_multiple_and_did_not_answer(
    settings, due_survey, respond
):
    respond(due_survey, {"RV-INT-CUL": 5})
    survey_close(survey=due_survey)
    breakdowns = due_survey.snapshots.get(kind="latest").summary["breakdowns"]
    assert list(breakdowns) == ["organisation_type", "primary_role", "time_in_system"]
    for question, options in DEMOGRAPHIC_QUESTIONS.items():
        assert list(breakdowns[question]) == [v for v, _ in options] + [
            "multiple",
            "did_not_answer",
        ]
        group = breakdowns[question]["did_not_answer"]
        assert set(group) >= {
            "n",
            "suppressed",
            "frameworks",
            "attributes",
            "domains",
            "statements",
        }
