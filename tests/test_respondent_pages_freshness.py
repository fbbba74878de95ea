"""Respondent pages read the survey's own row afresh on every request, and its area,
programme and instrument as their process read them within the minute (every page needs
them; only an administrator's correction changes them)."""

from datetime import timedelta

from django.utils import timezone

from surveys import kept


def test_a_moved_deadline_shows_at_once(client, questionnaire, survey):
    questionnaire(survey)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.opens_at = survey.closes_at - timedelta(days=7)
    survey.save()
    html = client.get(f"/s/{survey.token}/questions/").content.decode()
    assert "This survey has closed" in html


def test_a_corrected_area_name_shows_once_the_minute_has_passed(
    client, questionnaire, survey, monkeypatch
):
    html, _token = questionnaire(survey)
    assert "Halton" in html
    survey.area.name = "Halton and Widnes"
    survey.area.save()
    programme = survey.area.programme
    programme.contact_email = "audit-team@example.org"
    programme.save()
    clock = kept.time.monotonic() + kept.KEPT_SECONDS + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock)
    html, _token = questionnaire(survey)
    assert "Halton and Widnes" in html and "audit-team@example.org" in html
