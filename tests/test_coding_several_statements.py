"""One comment can touch several statements: two passages with their own codes, or one
passage with two statements; each shows on the comment, in the queue's statement filter and
in the passages export."""

import csv
import io

from django.urls import reverse

from scoring.coding_models import Passage
from tests.coding_fixtures import code_through_page, comments_of


def test_two_passages_of_one_comment_carry_different_statements(client, coding_area, analyst):
    client.force_login(analyst)
    comment = comments_of(coding_area)[0]
    slow, trust = "Discharge from hospital is slow", "Trust is low."
    stay = {"action": "save_stay"}
    first = code_through_page(
        client, coding_area, comment, ["statement:RV-INT-PRO", "barrier"], quote=slow, **stay
    )
    assert first.status_code == 302 and f"/comments/{comment.pk}/" in first["Location"]
    code_through_page(
        client,
        coding_area,
        comment,
        ["statement:RV-TRU-CUL", "statement:RV-TRU-PEO", "barrier"],
        quote=trust,
    )
    spans = {
        comment.comment[p.start : p.end]: {c.key for c in p.codes.all()}
        for p in Passage.objects.all()
    }
    assert spans == {
        slow: {"statement:RV-INT-PRO", "barrier"},
        trust: {"statement:RV-TRU-CUL", "statement:RV-TRU-PEO", "barrier"},
    }

    page = client.get(
        reverse("coding_comment", args=[coding_area.area.programme.slug, comment.pk])
    ).content.decode()
    assert f"“{slow}”" in page and f"“{trust}”" in page

    queue = reverse("coding_queue", args=[coding_area.area.programme.slug])
    for code in ("RV-INT-PRO", "RV-TRU-CUL", "RV-TRU-PEO"):
        html = client.get(queue, {"statement": code, "status": "coded"}).content.decode()
        assert "Discharge from hospital" in html, code
    html = client.get(queue, {"statement": "RV-FAI-CUL", "status": "coded"}).content.decode()
    assert "Nothing left to code with these filters" in html

    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("coding_passages_csv", args=[coding_area.area.programme.slug])
                ).content.decode()
            )
        )
    )
    assert sorted(r["passage"] for r in rows) == sorted([slow, trust])
    assert {r["coder"] for r in rows} == {"analyst"}
