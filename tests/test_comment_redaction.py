"""A lead's redaction replaces a comment on every page and export; a hidden comment
reaches no reviewer and no export; the original stays for the leads."""

import io

import pytest
from openpyxl import load_workbook

from surveys.models import Response

ORIGINAL = "Dr Who is unhelpful."
REDACTED = "[Name] is unhelpful."


@pytest.fixture
def urls(closed_area):
    base = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    programme = f"/results/{closed_area.area.programme.slug}/"
    return base, programme


def moderate(client, closed_area, lead, urls, **data):
    comment = Response.objects.get(survey=closed_area, comment=ORIGINAL)
    client.force_login(lead)
    response = client.post(f"{urls[0]}comments/{comment.pk}/", data)
    assert response.status_code == 302
    return comment


def every_output(client, urls) -> list[str]:
    base, programme = urls
    texts = [client.get(base + path).content.decode() for path in ("comments/", "comments.csv")]
    book = load_workbook(io.BytesIO(client.get(base + "comments.xlsx").content))
    cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    texts.append(" ".join(str(c) for c in cells))
    return texts


def test_the_redacted_text_replaces_the_original_everywhere(
    client, closed_area, lead, reviewer, urls
):
    moderate(client, closed_area, lead, urls, redacted=REDACTED)
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    for text in every_output(client, urls):
        assert REDACTED in text and "Dr Who" not in text
    client.force_login(lead)
    # The programme's comments file (comments left the response rows: issue 16).
    comments_csv = client.get(urls[1] + "comments.csv").content.decode()
    assert REDACTED in comments_csv and "Dr Who" not in comments_csv
    page = client.get(f"{urls[0]}comments/{Response.objects.get(comment=ORIGINAL).pk}/")
    assert "Dr Who" in page.content.decode()  # the lead still sees the original


def test_a_hidden_comment_reaches_no_reviewer(client, closed_area, lead, reviewer, urls):
    moderate(client, closed_area, lead, urls, redacted=ORIGINAL, hidden="yes")
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    for text in every_output(client, urls):
        assert "unhelpful" not in text
    assert "Good joint working." in every_output(client, urls)[0]


def test_reviewers_cannot_moderate(client, closed_area, reviewer, urls):
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    comment = Response.objects.get(survey=closed_area, comment=ORIGINAL)
    response = client.post(f"{urls[0]}comments/{comment.pk}/", {"redacted": "x", "hidden": "yes"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.comment_hidden and comment.comment_redacted == ""
