"""An analyst codes a passage of a comment from the queue: the words they give become the
passage (the whole comment when they give none), with each code's coder and time, and the
queue's progress moves on."""

import re

from django.urls import reverse

from scoring.coding_models import CodingEvent, CommentCoding, Passage, PassageCode
from tests.coding_fixtures import code_through_page, comments_of


def progress(client, survey) -> str:
    html = client.get(reverse("coding_queue", args=[survey.area.programme.slug])).content.decode()
    return re.search(r"<strong>(\d+ of \d+ coded)</strong>", html).group(1)


def test_a_passage_gets_its_codes_coder_and_time(client, coding_area, analyst):
    client.force_login(analyst)
    assert progress(client, coding_area) == "0 of 24 coded"
    first = comments_of(coding_area)[0]
    queue = client.get(reverse("coding_queue", args=[coding_area.area.programme.slug]))
    assert first.comment in queue.content.decode()  # the next uncoded comment, first

    response = code_through_page(
        client,
        coding_area,
        first,
        ["statement:RV-INT-PRO", "barrier"],
        quote="Discharge from hospital is slow",
    )
    assert response.status_code == 302
    assert "after=" in response["Location"]  # on to the next comment

    passage = Passage.objects.get()
    assert first.comment[passage.start : passage.end] == "Discharge from hospital is slow"
    codes = {code.key: code for code in PassageCode.objects.all()}
    assert set(codes) == {"statement:RV-INT-PRO", "barrier"}
    assert {c.applied_by for c in codes.values()} == {analyst}
    assert all(c.applied_at is not None for c in codes.values())
    assert CommentCoding.objects.get().response == first
    assert CodingEvent.objects.filter(action="codes_applied", actor=analyst).count() == 1
    assert progress(client, coding_area) == "1 of 24 coded"
    # The next comment the queue offers is no longer this one.
    html = client.get(response["Location"]).content.decode()
    assert f'/comments/{first.pk}/"' not in html


def test_without_words_the_whole_comment_is_the_passage(client, coding_area, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[1]
    code_through_page(client, coding_area, comment, ["statement:RV-INT-VIS", "enabler"])
    passage = Passage.objects.get()
    assert (passage.start, passage.end) == (0, len(comment.comment))


def test_words_not_in_the_comment_are_refused_and_nothing_is_stored(client, coding_area, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[0]
    response = code_through_page(
        client, coding_area, comment, ["statement:RV-INT-PRO"], quote="not in it at all"
    )
    assert response.status_code == 400
    assert "Those words are not in the comment" in response.content.decode()
    assert not Passage.objects.exists() and not CommentCoding.objects.exists()


def test_a_code_needs_choosing_and_must_be_in_the_frame(client, coding_area, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[0]
    assert code_through_page(client, coding_area, comment, []).status_code == 400
    response = code_through_page(client, coding_area, comment, ["statement:XX-NOT-ONE"])
    assert response.status_code == 400
    assert not Passage.objects.exists()


def test_a_removed_code_uncodes_the_comment_when_it_was_the_last(client, coding_area, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[0]
    code_through_page(client, coding_area, comment, ["statement:RV-INT-PRO"])
    code = PassageCode.objects.get()
    url = reverse("coding_comment", args=[coding_area.area.programme.slug, comment.pk])
    assert client.post(url, {"remove": code.pk, "q": ""}).status_code == 302
    assert not Passage.objects.exists() and not CommentCoding.objects.exists()
    assert CodingEvent.objects.filter(action="code_removed").count() == 1
