"""The queue's filters: by area, by group (only where the group is shown), by statement
(coded to it, or suggested for it when not coded yet) and by theme; with progress for the
whole programme and for what matches."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from scoring.coding_models import CommentSuggestion
from scoring.coding_refresh import coding_refresh
from scoring.services import surveys_close_due
from tests.coding_fixtures import HEALTH, SOCIAL, code_directly, comments_of, respond_many


def test_filters_narrow_the_queue_and_its_progress(
    client, coding_area, make_survey, respond, analyst
):
    other = make_survey("Wirral", opens_in=-10)
    respond_many(respond, other, HEALTH, 12, ["Wirral: waiting lists are long."])
    respond_many(respond, other, SOCIAL, 12, ["Wirral: the council listens."])
    type(other).objects.filter(pk=other.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    surveys_close_due()
    programme = coding_area.area.programme
    coding_refresh(programme=programme)
    for comment in comments_of(other)[:3]:
        code_directly(comment, ["statement:RP-DIR"], analyst)

    client.force_login(analyst)
    queue = reverse("coding_queue", args=[programme.slug])
    html = client.get(queue).content.decode()
    assert "<strong>3 of 48 coded</strong>" in html
    assert "Discharge from hospital is slow" in html  # Stockport first, in review order

    html = client.get(queue, {"area": "wirral"}).content.decode()
    assert "3 of the 24 that match" in html and "Wirral: waiting lists" in html
    html = client.get(queue, {"area": "wirral", "role": "operational_management"}).content
    assert b"0 of the 12 that match" in html and b"Wirral: the council listens." in html

    html = client.get(queue, {"statement": "RP-DIR", "status": "coded"}).content.decode()
    assert "3 of the 3 that match" in html and "Wirral: waiting lists" in html

    # Not coded yet: a statement filter finds what the model suggests for it.
    suggested = {
        s.response_id
        for s in CommentSuggestion.objects.all()
        if "RV-INT-TEC" in [code for code, _ in s.statements[:3]]
    }
    html = client.get(queue, {"statement": "RV-INT-TEC"}).content.decode()
    assert f"0 of the {len(suggested)} that match" in html

    skip = client.get(queue, {"area": "wirral", "after": comments_of(other)[3].pk}).content
    assert f"/comments/{comments_of(other)[4].pk}/".encode() in skip  # skipped one
