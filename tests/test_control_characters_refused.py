"""Names with line breaks or other control characters (which could end an email header)
are refused with a clear message, whether they come from programme_import, the admin's
forms or a contacts CSV, and nothing is changed."""

import pytest

from surveys.invitations import contacts_import
from surveys.models import Area, Contact, Programme
from surveys.services import programme_import
from surveys.uploads import UploadError

MESSAGE = "must not contain line breaks, tabs or other control characters"


def test_programme_import_refuses_them(instrument):
    csv_text = 'area,opens_at,closes_at\n"Newline\nBcc: x@y",2027-01-01,2027-02-01\n'
    with pytest.raises(UploadError) as refused:
        programme_import(programme_name="Reviews 2027", csv_text=csv_text)
    assert any(MESSAGE in error and "Row 2" in error for error in refused.value.errors)
    with pytest.raises(UploadError) as refused:
        programme_import(
            programme_name="Reviews\r\n2027",
            csv_text="area,opens_at,closes_at\nA,2027-01-01,2027-02-01\n",
        )
    assert any("programme name" in error for error in refused.value.errors)
    assert not Area.objects.exists() and not Programme.objects.exists()


def test_the_admin_refuses_them(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/surveys/programme/add/",
        {"name": "Tab\there", "slug": "tab-here", "reminder_days": "3",
         "areas-TOTAL_FORMS": "0", "areas-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Programme.objects.exists()


def test_a_contacts_csv_with_them_is_refused(survey):
    raw = b'name,email,organisation\n"Ann\nBcc: x@y",ann@example.org,Council\n'
    with pytest.raises(UploadError) as refused:
        contacts_import(area=survey.area, raw=raw)
    assert any(MESSAGE in error for error in refused.value.errors)
    assert not Contact.objects.exists()
