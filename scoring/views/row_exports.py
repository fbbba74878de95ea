"""The programme's row-level files for leads (scoring.row_export): responses and comments,
each download recorded in the audit trail (relaudit.models.AuditEvent)."""

from django.conf import settings
from django.views.decorators.http import require_GET

from relaudit.audit import audit_record
from relaudit.models import AuditEvent

from ..exports import table_csv, tables_xlsx
from ..row_export import codebook_table, comments_codebook_table, comments_table, responses_table
from .access import lead_view
from .downloads import attachment


def _download(request, programme, fmt: str, what: str, table, codebook):
    audit_record(
        user=request.user, action=AuditEvent.EXPORT, subject=programme.slug, detail=f"{what}.{fmt}"
    )
    filename = f"{programme.slug}-{what}"
    if fmt == "csv":
        return attachment(table_csv(table), fmt, filename)
    return attachment(tables_xlsx([table, codebook]), fmt, filename)


@require_GET
@lead_view
def programme_responses(request, programme, fmt):
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    table = responses_table(programme=programme)
    return _download(request, programme, fmt, "responses", table, codebook_table(threshold))


@require_GET
@lead_view
def programme_comments(request, programme, fmt):
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    table = comments_table(programme=programme)
    return _download(request, programme, fmt, "comments", table, comments_codebook_table(threshold))
