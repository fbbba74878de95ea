"""The programme's whole coding as a REFI-QDA project: valid against the project schema,
its sources the comments as reviewers read them; imported back (as from another tool) it
gives the same codes on the same passages, and a report of what matched."""

import io
import zipfile
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from scoring.coding_models import Passage, PassageCode, Theme
from scoring.coding_setup import theme_add
from surveys.models import Response
from surveys.services import comment_moderate
from tests.coding_fixtures import code_directly, comments_of
from tests.qdpx_samples import refi_qda_schema

NS = "{urn:QDA-XML:project:1.0}"


def programme_codes():
    return Counter(
        (code.passage.response_id, code.passage.start, code.passage.end, code.key)
        for code in PassageCode.objects.filter(passage__sample__isnull=True).select_related(
            "passage"
        )
    )


def test_export_validates_and_reimports_to_the_same_codes(client, coding_area, lead, analyst):
    programme = coding_area.area.programme
    money = theme_add(programme=programme, name="Financial pressure", by=lead)
    cuts = theme_add(programme=programme, name="Cuts", parent_id=money.pk, by=lead)
    comments = comments_of(coding_area)
    named, hidden = comments[0], comments[5]
    # Texts of their own (the fixture's repeat), as a named person and a secret would be.
    Response.objects.filter(pk=named.pk).update(
        comment="Discharge from hospital is slow because Sunnyside Care has no capacity."
    )
    Response.objects.filter(pk=hidden.pk).update(comment="Only I could know this detail.")
    named.refresh_from_db()
    hidden.refresh_from_db()
    comment_moderate(
        response=named,
        hidden=False,
        redacted=named.comment.replace("Sunnyside Care", "[organisation]"),
    )
    code_directly(named, ["statement:RV-INT-PRO", "barrier"], analyst, 0, 31)
    code_directly(named, [f"theme:{cuts.pk}"], analyst, 40, len(named.comment))
    code_directly(comments[3], [f"theme:{money.pk}", "statement:RP-CON"], analyst)
    code_directly(comments[4], ["enabler", "statement:RV-INT-CUL"], lead)
    code_directly(hidden, ["statement:RP-PAR"], analyst)
    comment_moderate(response=hidden, hidden=True, redacted="")
    before = programme_codes()

    client.force_login(analyst)
    export = client.get(reverse("coding_qdpx", args=[programme.slug]))
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.qdpx"')
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    document = etree.fromstring(archive.read("project.qde"))
    schema = refi_qda_schema()
    assert schema.validate(document), schema.error_log

    texts = [archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n != "project.qde"]
    assert len(texts) == 23  # every comment shown to analysts; not the hidden one
    assert not any("Only I could know" in t for t in texts)
    assert any("[organisation]" in t for t in texts)
    assert not any("Sunnyside" in t for t in texts)  # the redaction, never the original
    names = [c.get("name") for c in document.iter(f"{NS}Code")]
    assert {
        "Relational value",
        "Relational proximity",
        "Enabler",
        "Barrier",
        "Themes",
        "Financial pressure",
        "Cuts",
        "RV-INT-PRO",
    } <= set(names)

    # As if coded elsewhere from nothing: the codes come back the same.
    Passage.objects.all().delete()
    upload = SimpleUploadedFile("coded.qdpx", export.content, content_type="application/zip")
    page = client.post(reverse("coding_import", args=[programme.slug]), {"project": upload})
    assert page.status_code == 200
    html = page.content.decode()
    visible_before = Counter({k: v for k, v in before.items() if k[0] != hidden.pk})
    assert programme_codes() == visible_before
    assert (
        f'Codes added</dt><dd class="govuk-summary-list__value">{sum(visible_before.values())}'
        in html
    )
    imported = PassageCode.objects.filter(passage__sample__isnull=True)
    assert {code.applied_by for code in imported} == {analyst}
    assert {code.imported_coder for code in imported} == {"analyst", "lead"}

    # Importing the same file again adds nothing.
    again = SimpleUploadedFile("coded.qdpx", export.content, content_type="application/zip")
    html = client.post(reverse("coding_import", args=[programme.slug]), {"project": again})
    assert programme_codes() == visible_before
    assert "Already there" in html.content.decode()
    assert Theme.objects.count() == 2


def test_an_unsafe_or_foreign_file_is_refused_and_changes_nothing(client, coding_area, analyst):
    client.force_login(analyst)
    url = reverse("coding_import", args=[coding_area.area.programme.slug])
    upload = SimpleUploadedFile("x.qdpx", b"not a zip", content_type="application/zip")
    page = client.post(url, {"project": upload})
    assert page.status_code == 400
    assert "not a .qdpx (zip) archive" in page.content.decode()
    assert client.post(url, {}).status_code == 400
    assert not Passage.objects.exists()
