"""Building large downloads in a worker: a person asks (prepared_file_request), a thin task
builds the file once the request is committed (prepared_file_build), and the person
downloads it from a page that says it is being prepared until it is ready. Generic over
what is built (BUILDERS, by kind): the programme's response rows now, a PDF later."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from relaudit.broker import enqueue
from relaudit.spreadsheets import table_csv_chunks
from surveys.models import Area, Programme

from .models import PreparedFile, SurveySnapshot
from .row_export import responses_readme, responses_table
from .workbook import table_xlsx

logger = logging.getLogger(__name__)
BUILD_TASK = "scoring.tasks.prepared_file_build_task"


def _responses_csv(prepared: PreparedFile, out) -> None:
    for chunk in table_csv_chunks(responses_table(programme=prepared.programme)):
        out.write(chunk.encode())


def _responses_xlsx(prepared: PreparedFile, out) -> None:
    programme = prepared.programme
    readme = responses_readme(programme=programme)
    table_xlsx(responses_table(programme=programme), readme, out=out)


# kind -> builder(prepared, binary file): writes the whole file.
BUILDERS = {"responses.csv": _responses_csv, "responses.xlsx": _responses_xlsx}


def _results_changed_at(programme: Programme):
    """When any of the programme's results last changed: a file prepared before is stale."""
    latest = SurveySnapshot.objects.filter(survey__area__programme=programme).aggregate(
        at=Max("computed_at")
    )
    return latest["at"]


def prepared_file_request(
    *, user, programme: Programme, kind: str, area: Area | None = None, params=None
) -> PreparedFile:
    """The file `kind` for `user`: one they asked for that is ready and as fresh as the
    results, or is still being prepared (for less than RELAUDIT_PREPARE_TIMEOUT_SECONDS);
    otherwise a new one, built by a worker once this transaction commits."""
    if kind not in BUILDERS:
        raise KeyError(kind)
    params = params or {}
    changed_at = _results_changed_at(programme)
    waited = timezone.now() - timedelta(seconds=settings.RELAUDIT_PREPARE_TIMEOUT_SECONDS)
    mine = PreparedFile.objects.filter(requested_by=user, programme=programme, area=area, kind=kind)
    for prepared in mine.filter(status__in=[PreparedFile.PENDING, PreparedFile.READY])[:20]:
        fresh = changed_at is None or prepared.requested_at >= changed_at
        if prepared.params != params or not fresh:
            continue
        if prepared.status == PreparedFile.READY or prepared.requested_at >= waited:
            return prepared
    prepared = PreparedFile.objects.create(
        kind=kind, params=params, programme=programme, area=area, requested_by=user
    )
    transaction.on_commit(partial(enqueue, BUILD_TASK, prepared.pk))
    return prepared


def prepared_file_build(*, prepared: PreparedFile) -> bool:
    """Build a pending file into storage; True if it is ready. A database error propagates
    (the task retries); any other marks it failed, and the page says so."""
    if prepared.status != PreparedFile.PENDING:
        return prepared.status == PreparedFile.READY
    try:
        with tempfile.TemporaryFile() as out:
            BUILDERS[prepared.kind](prepared, out)
            out.seek(0)
            prepared.file.save(prepared.kind, File(out), save=False)
    except DatabaseError:
        raise
    except Exception:
        logger.exception("Could not prepare %s (%s)", prepared.kind, prepared.pk)
        PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedFile.FAILED)
        return False
    prepared.status, prepared.ready_at = PreparedFile.READY, timezone.now()
    prepared.save(update_fields=["file", "status", "ready_at"])
    return True


def prepared_files_expire(*, now=None) -> int:
    """Delete the prepared files asked for more than RELAUDIT_PREPARED_KEEP_HOURS ago, from
    storage and from the list: row-level data is kept no longer than it takes to download
    it. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.RELAUDIT_PREPARED_KEEP_HOURS)
    expired = list(PreparedFile.objects.filter(requested_at__lt=cutoff))
    for prepared in expired:
        if prepared.file:
            prepared.file.delete(save=False)
        prepared.delete()
    return len(expired)
