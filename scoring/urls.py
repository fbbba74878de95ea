"""Every results URL. Each view applies scoring.selectors' access rules through
scoring.views.access; tests/test_results_authorisation.py walks this list."""

from django.urls import path

from .views import area, comparison, index, programme, row_exports

AREA = "<slug:programme>/<slug:area>/"

urlpatterns = [
    path("", index.results_index, name="results_index"),
    path("<slug:programme>/", programme.programme_report, name="programme_report"),
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
            f"<slug:programme>/{what}.{fmt}",
            view,
            {"fmt": fmt},
            name=f"programme_{what}_{fmt}",
        )  # fmt: skip
        for what, view in (
            ("responses", row_exports.programme_responses),
            ("comments", row_exports.programme_comments),
        )
        for fmt in ("csv", "xlsx")
    ],
    path("<slug:programme>/other-roles/", programme.other_roles, name="other_roles"),
    path("<slug:programme>/publish/", programme.programme_publish, name="programme_publish"),
    # Fair comparison: an area against the rest of the programme; funnels and the heatmap
    # across areas for leads. Before AREA, which would take "funnel" for an area's slug.
    path(f"{AREA}comparison/", comparison.area_comparison, name="area_comparison"),
    path("<slug:programme>/funnel/", comparison.funnel_page, name="programme_funnel"),
    path("<slug:programme>/heatmap/", comparison.heatmap_page, name="programme_heatmap"),
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
