"""The programme's row-level files for leads (scoring.row_export): responses and comments,
each download recorded in the audit trail (relaudit.models.AuditEvent). Each XLSX opens on
its Read me (scoring.codebook).

The response file streams as it is read (CSV row by row, XLSX through a temporary file
written row by row); above RELAUDIT_EXPORT_IN_REQUEST_ROWS rows (for XLSX, also above
RELAUDIT_XLSX_IN_REQUEST_ROWS) a worker builds it
(scoring.prepared) and the reader is sent to a page that links to it once it is ready."""

import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from relaudit.audit import audit_record
from relaudit.models import AuditEvent
from relaudit.spreadsheets import table_csv_chunks

from ..models import PreparedFile
from ..prepared import prepared_file_request
from ..row_export import (
    comments_readme,
    comments_table,
    exported_responses,
    responses_readme,
    responses_table,
)
from ..selectors import prepared_file_allowed
from ..workbook import table_xlsx
from .access import lead_view
from .downloads import CONTENT_TYPES, table_download


def _audit(request, programme, file: str) -> None:
    audit_record(user=request.user, action=AuditEvent.EXPORT, subject=programme.slug, detail=file)


def streamed(table, fmt: str, filename: str, readme) -> StreamingHttpResponse:
    """A table as a streamed attachment: CSV in chunks of rows, or XLSX written row by row
    into a temporary file that is then sent in blocks (and deleted once sent)."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in table_csv_chunks(table)), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response
    out = tempfile.TemporaryFile()
    table_xlsx(table, readme, out=out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"{filename}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )


@require_GET
@lead_view
def programme_responses(request, programme, fmt):
    limit = settings.RELAUDIT_EXPORT_IN_REQUEST_ROWS
    if fmt == "xlsx":
        limit = min(limit, settings.RELAUDIT_XLSX_IN_REQUEST_ROWS)
    if exported_responses(programme=programme) > limit:
        prepared = prepared_file_request(
            user=request.user, programme=programme, kind=f"responses.{fmt}"
        )
        return redirect("prepared_file", programme.slug, prepared.pk)
    _audit(request, programme, f"responses.{fmt}")
    return streamed(
        responses_table(programme=programme),
        fmt,
        f"{programme.slug}-responses",
        responses_readme(programme=programme),
    )


@require_GET
@lead_view
def programme_comments(request, programme, fmt):
    _audit(request, programme, f"comments.{fmt}")
    return table_download(
        comments_table(programme=programme),
        fmt,
        f"{programme.slug}-comments",
        comments_readme(programme=programme),
    )


def _prepared(request, programme, pk) -> PreparedFile:
    prepared = get_object_or_404(PreparedFile, pk=pk, programme=programme)
    if not prepared_file_allowed(user=request.user, prepared=prepared):
        raise PermissionDenied("A prepared file is for the person who asked for it")
    return prepared


@require_GET
@lead_view
def prepared_file(request, programme, pk):
    """Says the file is being prepared, or links to it once it is ready."""
    prepared = _prepared(request, programme, pk)
    return render(
        request,
        "scoring/prepared_file.html",
        {"programme": programme, "prepared": prepared},
    )


@require_GET
@lead_view
def prepared_file_download(request, programme, pk):
    prepared = _prepared(request, programme, pk)
    if prepared.status != PreparedFile.READY:
        return redirect("prepared_file", programme.slug, prepared.pk)
    _audit(request, programme, prepared.kind)
    return FileResponse(
        prepared.file.open("rb"),
        as_attachment=True,
        filename=f"{programme.slug}-{prepared.kind}",
        content_type=CONTENT_TYPES[prepared.kind.rsplit(".", 1)[-1]],
    )
