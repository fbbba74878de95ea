import copy
import json

import pytest

from surveys.instruments import INSTRUMENTS_DIR, InstrumentError, instrument_load
from surveys.models import RATING_CODES, Instrument

NEGATIVE = {"RP-DIR", "RP-CON", "RP-MUL", "RP-PAR"}


def test_version_2017_09_is_loaded_by_migration_with_35_statements(instrument):
    statements = list(instrument.statements.all())
    assert [s.code for s in statements] == list(RATING_CODES)
    assert {s.code for s in statements if s.is_negative} == NEGATIVE
    assert instrument.statements.get(code="RV-FAI-CUL").text == "We treat each other fairly."
    assert instrument.scale[0] == "Consistently not true"
    assert instrument.scale[5] == "Consistently true"


def test_a_new_version_rewords_statements_and_keeps_their_codes(instrument):
    data = json.loads((INSTRUMENTS_DIR / "2017-09.json").read_text())
    data["version"] = "2018-01"
    for statement in data["statements"]:
        if statement["dimension"] == "infrastructure":
            statement["text"] = "Reworded: " + statement["text"]
    reworded = instrument_load(data)
    assert Instrument.objects.count() == 2
    assert reworded.statements.get(code="RV-INT-INF").text.startswith("Reworded: ")
    assert instrument.statements.get(code="RV-INT-INF").text == (
        "Our buildings enable us to provide seamless care."
    )


def test_a_version_with_an_unknown_code_is_refused(db):
    data = json.loads((INSTRUMENTS_DIR / "2017-09.json").read_text())
    broken = copy.deepcopy(data)
    broken["version"] = "broken"
    broken["statements"][0]["code"] = "RV-XXX-YYY"
    with pytest.raises(InstrumentError, match="RV-XXX-YYY"):
        instrument_load(broken)
    assert not Instrument.objects.filter(version="broken").exists()


def test_a_response_records_the_version_its_page_showed(questionnaire, client, survey):
    data = json.loads((INSTRUMENTS_DIR / "2017-09.json").read_text())
    data["version"] = "2018-01"
    data["statements"][4]["text"] = "Our buildings are shared and that helps."
    _html, token = questionnaire(survey)  # shown 2017-09
    survey.instrument = instrument_load(data)  # the programme moves to the rewording
    survey.save()
    client.post(
        f"/s/{survey.token}/questions/",
        {"form_token": token, "RV-INT-INF": "4", "unrated": "submit"},
    )
    assert survey.responses.get().instrument.version == "2017-09"
    html, token = questionnaire(survey)
    assert "Our buildings are shared and that helps." in html
    client.post(
        f"/s/{survey.token}/questions/",
        {"form_token": token, "RV-INT-INF": "2", "unrated": "submit"},
    )
    assert survey.responses.order_by("pk").last().instrument.version == "2018-01"


def test_scoring_groups_by_statement_code_across_versions(settings, due_survey, respond):
    from scoring.services import survey_close

    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    data = json.loads((INSTRUMENTS_DIR / "2017-09.json").read_text())
    data["version"] = "2018-01"
    data["statements"][4]["text"] = "Reworded infrastructure statement."
    reworded = instrument_load(data)
    respond(due_survey, {"RV-INT-INF": 1})
    later = respond(due_survey, {"RV-INT-INF": 5})
    later.instrument = reworded
    later.save()
    survey_close(survey=due_survey)
    figures = due_survey.snapshots.get(kind="latest").summary["statements"]["RV-INT-INF"]
    assert figures["n"] == 2 and figures["mean"] == 3.0
