"""A wording corrected in the admin reaches the questionnaire: each process keeps an
instrument's statements for a minute (every page needs all 35), then reads them again."""

from surveys import kept


def test_a_corrected_wording_is_shown_once_the_minute_has_passed(
    questionnaire, survey, monkeypatch
):
    html, _token = questionnaire(survey)
    statement = survey.instrument.statements.get(code="RP-DIR")
    assert statement.text in html
    statement.text = "Corrected: people here talk to each other directly."
    statement.save()

    clock = kept.time.monotonic() + kept.KEPT_SECONDS + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock)
    html, _token = questionnaire(survey)
    assert "Corrected: people here talk to each other directly." in html
