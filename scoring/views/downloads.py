"""Downloads: the same access rules as the pages, and attachments that are never cached."""

import json

from django.http import HttpResponse

from ..exports import NO_WAVE, summary_csv, summary_xlsx, table_csv
from ..reader import Summary
from ..selectors import programme_series_wave
from ..workbook import ReadMe, table_xlsx

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def attachment(content, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def summary_download(summary: Summary, fmt: str, filename: str) -> HttpResponse:
    """The summary as JSON, CSV or XLSX, each carrying the series and wave of its programme
    (keys "series" and "wave", after the summary's own)."""
    wave = programme_series_wave(slug=summary.programme)
    if fmt == "json":
        data = {**summary.data.to_json(), **(wave.to_json() if wave else NO_WAVE)}
        return attachment(json.dumps(data, indent=2), fmt, filename)
    if fmt == "csv":
        return attachment(summary_csv(summary, wave), fmt, filename)
    return attachment(summary_xlsx(summary, wave), fmt, filename)


def table_download(table, fmt: str, filename: str, readme: ReadMe) -> HttpResponse:
    """A table as CSV, or as XLSX opening on its Read me (scoring.codebook)."""
    if fmt == "csv":
        return attachment(table_csv(table), fmt, filename)
    return attachment(table_xlsx(table, readme), fmt, filename)
