"""Every results URL. Each view applies scoring.selectors' access rules through
scoring.views.access; tests/test_results_authorisation.py walks this list."""

from django.urls import path

from .views import area, index, programme

AREA = "<slug:programme>/<slug:area>/"

urlpatterns = [
    path("", index.results_index, name="results_index"),
    path("<slug:programme>/", programme.programme_report, name="programme_report"),
    path(
        "<slug:programme>/report.pdf", programme.programme_report_pdf, name="programme_report_pdf"
    ),
    *[
        path(
            f"<slug:programme>/summary.{fmt}",
            programme.programme_summary,
            {"fmt": fmt},
            name=f"programme_summary_{fmt}",
        )  # fmt: skip
        for fmt in ("json", "csv", "xlsx")
    ],
    *[
        path(
            f"<slug:programme>/responses.{fmt}",
            programme.programme_responses,
            {"fmt": fmt},
            name=f"programme_responses_{fmt}",
        )  # fmt: skip
        for fmt in ("csv", "xlsx")
    ],
    path("<slug:programme>/other-roles/", programme.other_roles, name="other_roles"),
    path("<slug:programme>/publish/", programme.programme_publish, name="programme_publish"),
    path(AREA, area.area_report, name="area_report"),
    path(f"{AREA}report.pdf", area.area_report_pdf, name="area_report_pdf"),
    *[
        path(
            f"{AREA}summary.{fmt}", area.area_summary, {"fmt": fmt}, name=f"area_summary_{fmt}"
        )  # fmt: skip
        for fmt in ("json", "csv", "xlsx")
    ],
    path(f"{AREA}comments/", area.area_comments_page, name="area_comments"),
    *[
        path(
            f"{AREA}comments.{fmt}",
            area.area_comments_download,
            {"fmt": fmt},
            name=f"area_comments_{fmt}",
        )  # fmt: skip
        for fmt in ("csv", "xlsx")
    ],
    path(f"{AREA}comments/<int:pk>/", area.comment_moderate_page, name="comment_moderate"),
]
