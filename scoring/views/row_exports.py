"""The programme's row-level files for leads (scoring.row_export): responses and comments,
each download recorded in the audit trail (relaudit.models.AuditEvent). Each XLSX opens on
its Read me (scoring.codebook)."""

from django.views.decorators.http import require_GET

from relaudit.audit import audit_record
from relaudit.models import AuditEvent

from ..row_export import comments_readme, comments_table, responses_readme, responses_table
from .access import lead_view
from .downloads import table_download


def _download(request, programme, fmt: str, what: str, table, readme):
    audit_record(
        user=request.user, action=AuditEvent.EXPORT, subject=programme.slug, detail=f"{what}.{fmt}"
    )
    return table_download(
        table(programme=programme), fmt, f"{programme.slug}-{what}", readme(programme=programme)
    )


@require_GET
@lead_view
def programme_responses(request, programme, fmt):
    return _download(request, programme, fmt, "responses", responses_table, responses_readme)


@require_GET
@lead_view
def programme_comments(request, programme, fmt):
    return _download(request, programme, fmt, "comments", comments_table, comments_readme)
