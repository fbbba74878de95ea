"""A lead names analysts for a programme: they read and code its comments, and nothing
else: no scores or report, no moderation, no publishing, no other programme."""

from django.urls import reverse

from scoring.coding_models import CodingEvent, ProgrammeAnalyst
from surveys.models import Programme, Response
from tests.coding_fixtures import code_through_page, comments_of


def test_a_lead_names_an_analyst_who_then_codes_and_does_nothing_else(
    client, coding_area, lead, django_user_model
):
    programme = coding_area.area.programme
    client.force_login(lead)
    people = reverse("coding_people", args=[programme.slug])
    assert client.post(people, {"email": "not an address"}).status_code == 400
    assert client.post(people, {"email": "Ana@Example.org"}).status_code == 302
    named = ProgrammeAnalyst.objects.get(programme=programme)
    assert named.user.email == "ana@example.org" and named.named_by == lead
    assert not named.user.has_usable_password()  # sets one with "Forgotten your password"
    assert CodingEvent.objects.filter(action="analyst_named", actor=lead).exists()

    ana = named.user
    client.force_login(ana)
    index = client.get(reverse("results_index")).content.decode()
    assert reverse("coding_home", args=[programme.slug]) in index
    comment = comments_of(coding_area)[0]
    assert (
        code_through_page(client, coding_area, comment, ["statement:RV-INT-PRO"]).status_code == 302
    )

    area = coding_area.area
    refused = [
        reverse("area_report", args=[programme.slug, area.slug]),
        reverse("area_comments", args=[programme.slug, area.slug]),
        reverse("comment_moderate", args=[programme.slug, area.slug, comment.pk]),
        reverse("programme_report", args=[programme.slug]),
        reverse("programme_responses_csv", args=[programme.slug]),
        reverse("programme_said", args=[programme.slug]),
        reverse("coding_people", args=[programme.slug]),
        reverse("coding_themes", args=[programme.slug]),
        reverse("agreement_samples", args=[programme.slug]),
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("programme_publish", args=[programme.slug])).status_code == 403
    moderate = reverse("comment_moderate", args=[programme.slug, area.slug, comment.pk])
    assert client.post(moderate, {"hidden": "yes"}).status_code == 403
    assert not Response.objects.get(pk=comment.pk).comment_hidden

    other = Programme.objects.create(name="Elsewhere", slug="elsewhere")
    assert client.get(reverse("coding_queue", args=[other.slug])).status_code == 403

    # Removed, they code no more.
    client.force_login(lead)
    assert client.post(people, {"remove": named.pk}).status_code == 302
    client.force_login(ana)
    assert client.get(reverse("coding_queue", args=[programme.slug])).status_code == 403


def test_analysts_never_see_a_respondents_ratings(client, coding_area, lead):
    """The coding pages and exports carry the comment, never the answers beside it."""
    programme = coding_area.area.programme
    client.force_login(lead)
    client.post(reverse("coding_people", args=[programme.slug]), {"email": "a@example.org"})
    client.force_login(ProgrammeAnalyst.objects.get().user)
    comment = comments_of(coding_area)[0]
    code_through_page(client, coding_area, comment, ["statement:RV-INT-PRO"])
    pages = [
        reverse("coding_queue", args=[programme.slug]),
        reverse("coding_comment", args=[programme.slug, comment.pk]),
        reverse("coding_passages_csv", args=[programme.slug]),
    ]
    scale = coding_area.instrument.scale
    for url in pages:
        text = client.get(url).content.decode()
        assert not any(label in text for label in scale), url
        assert "rv_int_cul" not in text.lower() and "rating" not in text.lower(), url
