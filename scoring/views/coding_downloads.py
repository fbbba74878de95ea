"""The coding as downloads (coded passages CSV/XLSX, the whole coding as .qdpx) and the
import of codes from a .qdpx coded in another tool."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from ..codebook import passages_readme
from ..coding_exports import passages_table, qdpx_export, qdpx_import
from ..coding_frame import frame_build
from ..qdpx_archive import MAX_ARCHIVE_BYTES, QdpxError
from .coding_access import coding_view
from .downloads import table_download

NOT_IMPORTED = {
    "unmatched_source": "no comment of this programme matches its source",
    "unmatched_code": "its code is not in the code frame",
    "invalid_position": "its positions lie outside the text",
    "text_changed": "the comment's text is not the text that was coded",
}


@require_GET
@coding_view()
def coding_passages(request, programme, fmt):
    table = passages_table(programme=programme, frame=frame_build(programme=programme))
    name = f"{programme.slug}-coded-passages"
    return table_download(table, fmt, name, passages_readme(programme.name))


@require_GET
@coding_view()
def coding_qdpx(request, programme):
    data = qdpx_export(programme=programme, frame=frame_build(programme=programme))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-coding.qdpx"'
    return response


@require_http_methods(["GET", "POST"])
@coding_view()
def coding_import(request, programme):
    error, outcome = "", None
    if request.method == "POST":
        upload = request.FILES.get("project")
        if upload is None:
            error = "Choose a .qdpx file."
        elif upload.size > MAX_ARCHIVE_BYTES:
            error = f"The file is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB."
        else:
            try:
                outcome = qdpx_import(
                    programme=programme,
                    frame=frame_build(programme=programme),
                    data=upload.read(MAX_ARCHIVE_BYTES + 1),
                    user=request.user,
                )
            except QdpxError as problem:
                error = str(problem)
    return render(
        request,
        "scoring/coding/import.html",
        {
            "programme": programme,
            "error": error,
            "outcome": outcome,
            "not_imported": [
                (label, outcome.report.counts[name]) for name, label in NOT_IMPORTED.items()
            ]
            if outcome
            else [],
        },
        status=400 if error else 200,
    )
