"""Groups of fewer than RELAUDIT_MIN_GROUP_SIZE respondents show a count bracket, no scores."""

import pytest

from scoring.services import survey_close
from scoring.summary import FRAMEWORKS


def close_with(due_survey, respond, groups):
    for org, count in groups.items():
        for i in range(count):
            respond(due_survey, {"RV-FAI-CUL": i % 6, "RP-CON": 1}, org=(org,))
    survey_close(survey=due_survey)
    return due_survey.snapshots.get(kind="latest").summary


def test_the_default_threshold_is_10(settings):
    assert settings.RELAUDIT_MIN_GROUP_SIZE == 10


def test_a_group_of_9_is_suppressed_and_a_group_of_10_is_not(due_survey, respond):
    # 9 + 1 hidden: together they reach the threshold, so the group of 10 can be shown.
    summary = close_with(
        due_survey, respond, {"health_provider": 10, "voluntary_sector": 9, "other": 1}
    )
    groups = summary["breakdowns"]["organisation_type"]
    shown, hidden = groups["health_provider"], groups["voluntary_sector"]
    assert shown["suppressed"] is False and shown["n"] == 10
    assert shown["statements"]["RV-FAI-CUL"]["mean"] is not None
    assert shown["frameworks"]["relational_value"] is not None
    assert hidden["suppressed"] is True
    assert hidden["n"] is None and hidden["n_bracket"] == "<10"
    assert all(value is None for value in hidden["frameworks"].values())
    assert all(value is None for value in hidden["attributes"].values())
    assert all(value is None for value in hidden["domains"].values())
    assert all(
        s == {"n": None, "mean": None, "distribution": None} for s in hidden["statements"].values()
    )
    # An empty group is suppressed too: a bracket never tells 0 from 9.
    assert groups["social_care_provider"]["suppressed"] is True
    assert summary["statements"]["RV-FAI-CUL"]["n"] == 20


def test_a_survey_of_9_respondents_is_reported_as_counts_only(due_survey, respond):
    summary = close_with(due_survey, respond, {"health_provider": 9})
    assert summary["counts"]["responses"] == 9
    assert all(
        s["mean"] is None and s["distribution"] is None for s in summary["statements"].values()
    )
    for section in ("attributes", "dimensions", "domains", "frameworks"):
        assert all(value is None for value in summary[section].values())
    assert summary["best"] == summary["worst"] == dict.fromkeys(FRAMEWORKS)


@pytest.mark.parametrize("threshold,suppressed", [(5, False), (6, True)])
def test_the_threshold_is_a_setting(settings, due_survey, respond, threshold, suppressed):
    settings.RELAUDIT_MIN_GROUP_SIZE = threshold
    summary = close_with(due_survey, respond, {"health_provider": 5})
    assert summary["min_group_size"] == threshold
    assert summary["breakdowns"]["organisation_type"]["health_provider"]["suppressed"] is suppressed


def test_suppressed_groups_stay_suppressed_in_the_csv_export(due_survey, respond):
    import csv
    import io

    from scoring.exports import summary_csv
    from scoring.reader import summary_read

    summary = close_with(due_survey, respond, {"health_provider": 10, "voluntary_sector": 9})
    rows = list(csv.reader(io.StringIO(summary_csv(summary_read(summary)))))
    vcse = [row for row in rows if row[3] == "organisation_type" and row[4] == "voluntary_sector"]
    labels = ("n_bracket", "suppressed_reason")
    assert vcse and all(row[7] == "" for row in vcse if row[5] not in labels)
    assert ["<10"] == [row[7] for row in vcse if row[5] == "n_bracket"]
