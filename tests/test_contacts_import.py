"""Importing an area's contacts: every row checked first, all or nothing, idempotent, in
the encodings the systems send back."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveys.invitations import contacts_import
from surveys.models import Contact
from surveys.uploads import UploadError

from .conftest import CONTACTS_CSV


def test_utf8_with_a_bom_and_windows_1252(survey):
    assert contacts_import(area=survey.area, raw=b"\xef\xbb\xbf" + CONTACTS_CSV.encode()) == (2, 0)
    text = "name,email,organisation\nZoë Brontë,zoe@example.org,Care home\n"
    assert contacts_import(area=survey.area, raw=text.encode("cp1252")) == (1, 0)
    assert Contact.objects.get(email="zoe@example.org").name == "Zoë Brontë"


def test_importing_the_same_file_again_changes_nothing(survey):
    contacts_import(area=survey.area, raw=CONTACTS_CSV.encode())
    before = list(Contact.objects.values_list("pk", "token", "access_code"))
    assert contacts_import(area=survey.area, raw=CONTACTS_CSV.encode()) == (0, 0)
    assert list(Contact.objects.values_list("pk", "token", "access_code")) == before


def test_any_bad_row_imports_nothing_and_every_problem_is_listed(survey):
    bad = (
        "name,email,organisation\n"
        "Ann,ann@example.org,Council\n"
        ",nobody@example.org,Council\n"
        "Cat,not-an-email,Trust\n"
        "Dan,ann@example.org,Trust\n"
    )
    with pytest.raises(UploadError) as raised:
        contacts_import(area=survey.area, raw=bad.encode())
    assert raised.value.errors == [
        "Row 3: the name is missing.",
        "Row 4: 'not-an-email' is not an email address.",
        "Row 5: ann@example.org appears twice.",
    ]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "raw", [b"", b"name,email\n", b"name,email,organisation\n", b"\xff\xfe\x00"]
)
def test_an_empty_or_malformed_file_is_a_clear_error(survey, raw):
    with pytest.raises(UploadError):
        contacts_import(area=survey.area, raw=raw)
    assert not Contact.objects.exists()


def test_the_command(survey, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(CONTACTS_CSV.encode())
    out = StringIO()
    call_command("contacts_import", "halton", str(path), "--programme", "lsr-test", stdout=out)
    assert "2 contact(s) added" in out.getvalue()
    path.write_text("name,email,organisation\nX,bad,Y\n")
    with pytest.raises(CommandError, match="Row 2"):
        call_command("contacts_import", "halton", str(path))


def test_the_admin_upload(client, admin_user, survey):
    client.force_login(admin_user)
    url = f"/admin/surveys/area/{survey.area.pk}/contacts/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(
        url, {"file": SimpleUploadedFile("c.csv", b"name,email,organisation\n,x@y.org,Z\n")}
    )
    assert bad.status_code == 400 and "Row 2: the name is missing" in bad.content.decode()
    good = client.post(url, {"file": SimpleUploadedFile("c.csv", CONTACTS_CSV.encode())})
    assert good.status_code == 302 and survey.area.contacts.count() == 2
