"""Suggestions are computed by a worker after a survey closes and again once coding has been
quiet for the debounce window: never in a request. They are shown as suggestions, with
scores, and applied only when a person accepts one (one key, or one button)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from scoring import coding_refresh
from scoring.coding_models import CodingSettings, CommentSuggestion, PassageCode
from scoring.coding_refresh import coding_refresh_due, programmes_due
from tests.coding_fixtures import code_through_page, comments_of


def test_the_beat_computes_them_after_a_close_and_after_quiet_coding(
    client, coding_area, analyst, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.RELAUDIT_CODING_DEBOUNCE_SECONDS = 120
    programme = coding_area.area.programme
    assert programmes_due() == [programme.pk]  # the survey closed: nothing computed yet
    queue = reverse("coding_queue", args=[programme.slug])
    client.force_login(analyst)
    assert "Suggested statements" not in client.get(queue).content.decode()

    computed = []
    real = coding_refresh.suggestions_compute

    def recording(**kwargs):
        computed.append(len(kwargs["coded"]))
        return real(**kwargs)

    monkeypatch.setattr(coding_refresh, "suggestions_compute", recording)
    with django_capture_on_commit_callbacks(execute=True):
        assert coding_refresh_due() == [programme.pk]  # the beat enqueues; eager: runs now
    assert computed == [0]
    assert CommentSuggestion.objects.count() == 24
    assert programmes_due() == []
    page = client.get(queue).content.decode()
    assert "Suggested statements" in page and "(score " in page
    assert not PassageCode.objects.exists()  # suggestions only

    # Coding in a request computes nothing: it marks the programme stale.
    def refuse(**kwargs):
        raise AssertionError("suggestions computed in a request")

    monkeypatch.setattr(coding_refresh, "suggestions_compute", refuse)
    comment = comments_of(coding_area)[0]
    assert (
        code_through_page(client, coding_area, comment, ["statement:RP-CON", "barrier"]).status_code
        == 302
    )
    stale_since = CodingSettings.objects.get(programme=programme).stale_since
    assert stale_since is not None
    assert programmes_due(now=stale_since + timedelta(seconds=60)) == []  # still debouncing
    later = stale_since + timedelta(seconds=121)
    assert programmes_due(now=later) == [programme.pk]

    monkeypatch.setattr(coding_refresh, "suggestions_compute", recording)
    with django_capture_on_commit_callbacks(execute=True):
        coding_refresh_due(now=later)
    assert computed == [0, 1]  # the coded passage taught the model
    assert CodingSettings.objects.get(programme=programme).stale_since is None


def test_accepting_the_top_suggestion_codes_its_statement_and_reading(client, coding_area, analyst):
    programme = coding_area.area.programme
    coding_refresh.coding_refresh(programme=programme)
    comment = comments_of(coding_area)[2]
    suggestion = CommentSuggestion.objects.get(response=comment)
    client.force_login(analyst)
    url = reverse("coding_comment", args=[programme.slug, comment.pk])
    assert "Accept the top suggestion" in client.get(url).content.decode()
    assert client.post(url, {"action": "accept", "q": ""}).status_code == 302
    codes = {code.key for code in PassageCode.objects.filter(passage__response=comment)}
    assert codes == {f"statement:{suggestion.statements[0][0]}", suggestion.polarity}


def test_a_second_refresh_waits_for_the_first(coding_area):
    programme = coding_area.area.programme
    coding_refresh.coding_refresh(programme=programme)
    CodingSettings.objects.filter(programme=programme).update(claimed_at=timezone.now())
    assert coding_refresh.coding_refresh(programme=programme) is False  # held by another
    stale = timezone.now() - timedelta(hours=1)
    CodingSettings.objects.filter(programme=programme).update(claimed_at=stale)
    assert coding_refresh.coding_refresh(programme=programme) is True  # a dead task's claim


def test_nothing_is_suggested_before_an_area_closes(survey, respond):
    respond(survey, {}, comment="Too early to read.")
    coding_refresh.coding_refresh(programme=survey.area.programme)
    assert not CommentSuggestion.objects.exists()
