"""The programme's response file at national scale: it streams while its reader waits;
above RELAUDIT_EXPORT_IN_REQUEST_ROWS a worker prepares it, a page says so and then links
to it, and only the lead who asked can download it (each download recorded); an XLSX
longer than a sheet continues on further sheets, each explained in the Read me."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from relaudit.models import AuditEvent
from scoring.models import PreparedFile
from scoring.prepared import prepared_file_build, prepared_file_request, prepared_files_expire
from scoring.row_export import responses_readme, responses_table
from scoring.services import surveys_close_due
from scoring.workbook import table_xlsx
from surveys.models import Programme

from .row_data import add_response, area_with_survey


def twelve_responses(programme, instrument, settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    halton = area_with_survey(programme, instrument, "Halton")
    for i in range(12):
        add_response(halton, org="health_provider", role="administrative", rating=i % 6)
    surveys_close_due()


def test_the_response_file_streams(client, programme, instrument, lead, settings):
    twelve_responses(programme, instrument, settings)
    client.force_login(lead)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/results/{programme.slug}/responses.{fmt}")
        assert response.status_code == 200 and response.streaming, fmt
        assert f'filename="{programme.slug}-responses.{fmt}"' in response["Content-Disposition"]
        body = response.getvalue()
        if fmt == "csv":
            lines = body.decode().splitlines()
            assert lines[0].startswith('"area","submitted_week","late"') and len(lines) == 13
        else:
            book = load_workbook(io.BytesIO(body))
            assert book.sheetnames == ["Read me", "Responses"]
            assert book["Responses"].max_row == 13


def test_a_large_file_is_prepared_by_a_worker_for_the_lead_who_asked(
    client, programme, instrument, lead, settings, django_user_model,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    twelve_responses(programme, instrument, settings)
    client.force_login(lead)
    url = f"/results/{programme.slug}/responses.csv"
    streamed = client.get(url).getvalue()  # 12 rows: in the request
    settings.RELAUDIT_EXPORT_IN_REQUEST_ROWS = 5

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        response = client.get(url)
    prepared = PreparedFile.objects.get()
    page = reverse("prepared_file", args=[programme.slug, prepared.pk])
    assert response.status_code == 302 and response["Location"] == page
    assert "Your file is being prepared" in client.get(page).content.decode()
    download = reverse("prepared_file_download", args=[programme.slug, prepared.pk])
    assert client.get(download)["Location"] == page  # nothing to download yet
    assert client.get(url)["Location"] == page  # asking again: the same file, not another

    for callback in waiting:  # the transaction commits: the task runs (in-process here)
        callback()
    html = client.get(page).content.decode()
    assert "Your file is ready" in html and download in html
    events = AuditEvent.objects.count()
    got = client.get(download)
    assert got.status_code == 200 and got.getvalue() == streamed
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").detail == "responses.csv"

    other_lead = django_user_model.objects.create_user("other-lead", password="pw")
    programme.leads.add(other_lead)  # may ask for their own, not read this one
    elsewhere = django_user_model.objects.create_user("elsewhere", password="pw")
    Programme.objects.create(name="Elsewhere", slug="elsewhere").leads.add(elsewhere)
    for user in (other_lead, elsewhere):
        client.force_login(user)
        assert client.get(page).status_code == 403
        assert client.get(download).status_code == 403
    assert AuditEvent.objects.count() == events + 1

    client.force_login(lead)  # the XLSX too, built eagerly as the demo's tasks run
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/results/{programme.slug}/responses.xlsx")
    xlsx = PreparedFile.objects.get(kind="responses.xlsx")
    assert xlsx.status == PreparedFile.READY
    book = load_workbook(io.BytesIO(client.get(response["Location"] + "download").getvalue()))
    assert book["Responses"].max_row == 13


def test_an_xlsx_longer_than_a_sheet_continues_on_more_sheets(programme, instrument, settings):
    twelve_responses(programme, instrument, settings)
    out = io.BytesIO()
    table = responses_table(programme=programme)
    table_xlsx(table, responses_readme(programme=programme), out=out, sheet_rows=5)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Read me", "Responses", "Responses 2", "Responses 3"]
    header = [c.value for c in book["Responses"][1]]
    rows = []
    for title in book.sheetnames[1:]:
        sheet = book[title]
        assert [c.value for c in sheet[1]] == header  # each sheet with its header
        assert sheet.max_row <= 5 and sheet.freeze_panes == "B2"
        rows += list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12
    readme = {(s, item): m for s, item, m in book["Read me"].iter_rows(min_row=2, values_only=True)}
    assert "Continued from “Responses”" in readme[("Sheet", "Responses 3")]
    assert all(("Responses 3", name) in readme for name in header)


def test_prepared_files_are_deleted_after_a_day(client, programme, instrument, lead, settings):
    twelve_responses(programme, instrument, settings)
    prepared = prepared_file_request(user=lead, programme=programme, kind="responses.csv")
    prepared_file_build(prepared=prepared)
    prepared.refresh_from_db()
    stored = prepared.file.name
    assert prepared.file.storage.exists(stored)
    assert prepared_files_expire(now=timezone.now() + timedelta(hours=23)) == 0
    assert prepared_files_expire(now=timezone.now() + timedelta(hours=25)) == 1
    assert not prepared.file.storage.exists(stored)
    client.force_login(lead)
    page = reverse("prepared_file", args=[programme.slug, prepared.pk])
    assert client.get(page).status_code == 404
