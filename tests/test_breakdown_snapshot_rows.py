"""Breakdown rows of a download carry the snapshot they really come from: the latest
summary's breakdowns describe the respondents at the deadline, and say so."""

import csv
import io

from scoring.services import surveys_close_due


def test_latest_breakdown_rows_say_deadline(client, settings, due_survey, respond, reviewer):
    settings.RELAUDIT_MIN_GROUP_SIZE = 2
    for _ in range(3):
        respond(due_survey, {"RV-INT-CUL": 4}, org=("health_provider",))
    for _ in range(2):
        respond(due_survey, {"RV-INT-CUL": 1}, org=("health_provider",), late=True)
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    text = client.get(
        f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/summary.csv"
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    whole = [r for r in rows if not r["question"]]
    groups = [r for r in rows if r["question"]]
    assert {r["snapshot"] for r in whole} == {"latest"}
    assert {r["snapshot"] for r in groups} == {"deadline"}
    (responses,) = [r for r in whole if r["item"] == "responses"]
    (group_n,) = [r for r in groups if r["group"] == "health_provider" and r["measure"] == "n"
                  and not r["item"]]  # fmt: skip
    assert (responses["value"], group_n["value"]) == ("5", "3")  # latest counts; deadline group
