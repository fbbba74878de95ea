"""Any reviewer or analyst can flag a comment as a possible safeguarding or whistleblowing
concern: the programme's safeguarding contact gets an email that links to it and never
carries its words; the flag shows who raised it, when, and the outcome; an audit trail keeps
every step. A documented word list highlights candidate comments, as an assist only."""

from django.core import mail
from django.urls import reverse

from scoring.coding_models import CodingEvent, SafeguardingFlag
from scoring.safeguarding import CANDIDATE_WORDS, candidate_words
from surveys.models import OutboundEmail, Response
from surveys.outbox import outbox_send
from tests.coding_fixtures import comments_of

SECRET = "My manager Mr Bloggs threatened to sack me if I report the neglect on ward 4."


def test_a_flag_emails_the_contact_a_link_never_the_words(
    client, coding_area, reviewer, lead, django_user_model
):
    programme = coding_area.area.programme
    coding_area.area.reviewers.add(reviewer)
    contact = django_user_model.objects.create_user(
        "guardian", email="guardian@example.org", password="pw"
    )
    client.force_login(lead)
    client.post(reverse("coding_people", args=[programme.slug]), {"contact": contact.email})

    comment = comments_of(coding_area)[0]
    Response.objects.filter(pk=comment.pk).update(comment=SECRET)
    client.force_login(reviewer)
    flag_url = reverse("comment_flag", args=[programme.slug, comment.pk])
    comments_page = reverse("area_comments", args=[programme.slug, coding_area.area.slug])
    assert flag_url in client.get(comments_page).content.decode()  # reviewers find it there
    assert SECRET in client.get(flag_url).content.decode()
    response = client.post(flag_url, {"reason": "Mentions neglect on ward 4 and a threat."})
    assert response.status_code == 302

    flag = SafeguardingFlag.objects.get()
    assert flag.flagged_by == reviewer and flag.outcome == SafeguardingFlag.OPEN
    email = OutboundEmail.objects.get(to="guardian@example.org")
    link = f"http://testserver/results/{programme.slug}/safeguarding/{flag.pk}/"
    assert link in email.body_text and link in email.body_html
    for part in (email.subject, email.body_text, email.body_html):
        for words in ("Bloggs", "threatened", "neglect", "ward 4", "sack"):
            assert words not in part, words  # neither the comment nor the reason
    outbox_send()
    sent = [m for m in mail.outbox if m.to == ["guardian@example.org"]]
    assert len(sent) == 1 and "Bloggs" not in sent[0].body

    # The flagger sees the flag; the contact reads the comment and records the outcome.
    assert client.get(response["Location"]).status_code == 200
    assert client.post(response["Location"], {"outcome": "referred"}).status_code == 403
    client.force_login(contact)
    page = client.get(response["Location"]).content.decode()
    assert SECRET in page and "reviewer" in page and "Open: not yet looked at" in page
    assert client.post(response["Location"], {"outcome": "nonsense"}).status_code == 400
    client.post(response["Location"], {"outcome": "referred", "note": "Passed to the FTSU"})
    flag.refresh_from_db()
    assert (flag.outcome, flag.outcome_by, flag.outcome_note) == (
        "referred",
        contact,
        "Passed to the FTSU",
    )
    trail = list(CodingEvent.objects.filter(flag=flag).values_list("action", "actor__username"))
    assert trail == [("flag_raised", "reviewer"), ("flag_outcome", "guardian")]
    assert all("Bloggs" not in str(e.detail) for e in CodingEvent.objects.all())

    # The coding page shows the flag beside the comment.
    client.force_login(lead)
    page = client.get(reverse("coding_comment", args=[programme.slug, comment.pk])).content
    assert b"Flagged</strong> by reviewer" in page


def test_without_a_named_contact_the_leads_are_emailed(client, coding_area, lead, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[0]
    flag_url = reverse("comment_flag", args=[coding_area.area.programme.slug, comment.pk])
    assert client.post(flag_url, {}).status_code == 302
    flagged = OutboundEmail.objects.filter(key__startswith="safeguarding:")
    assert list(flagged.values_list("to", flat=True)) == ["lead@example.org"]


def test_a_reviewer_of_another_area_cannot_flag(client, coding_area, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    client.force_login(stranger)
    comment = comments_of(coding_area)[0]
    url = reverse("comment_flag", args=[coding_area.area.programme.slug, comment.pk])
    assert client.post(url, {}).status_code == 403
    assert not SafeguardingFlag.objects.exists()
    assert not OutboundEmail.objects.filter(key__startswith="safeguarding:").exists()


def test_the_word_list_marks_candidates_in_the_queue_as_an_assist(client, coding_area, analyst):
    assert "neglect" in CANDIDATE_WORDS and "whistleblowing" in CANDIDATE_WORDS
    assert candidate_words(SECRET) == ["threatened", "neglect"]
    assert candidate_words("Nothing of the kind here, just slow discharges.") == []
    comment = comments_of(coding_area)[0]
    Response.objects.filter(pk=comment.pk).update(comment=SECRET)
    client.force_login(analyst)
    page = client.get(
        reverse("coding_comment", args=[coding_area.area.programme.slug, comment.pk])
    ).content.decode()
    assert "<mark>threatened</mark>" in page and "<mark>neglect</mark>" in page
    assert "Words from the safeguarding list: threatened, neglect" in page
    assert "assist only" in page
