"""Every results URL. Each view applies scoring.selectors' access rules through
scoring.views.access; tests/test_results_authorisation.py walks this list."""

from django.urls import path

from .views import (
    area,
    coding,
    coding_agreement,
    coding_downloads,
    coding_setup,
    comparison,
    index,
    programme,
    row_exports,
    safeguarding,
    waves,
    what_people_said,
)

AREA = "<slug:programme>/<slug:area>/"
CODING = "<slug:programme>/coding/"

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
    # Large downloads a worker prepares (scoring.prepared): a page, then the file.
    path("<slug:programme>/prepared/<int:pk>/", row_exports.prepared_file, name="prepared_file"),
    path(
        "<slug:programme>/prepared/<int:pk>/download",
        row_exports.prepared_file_download,
        name="prepared_file_download",
    ),
    path("<slug:programme>/other-roles/", programme.other_roles, name="other_roles"),
    path("<slug:programme>/publish/", programme.programme_publish, name="programme_publish"),
    # Fair comparison: an area against the rest of the programme; funnels and the heatmap
    # across areas for leads. Before AREA, which would take "funnel" for an area's slug.
    path(f"{AREA}comparison/", comparison.area_comparison, name="area_comparison"),
    path("<slug:programme>/funnel/", comparison.funnel_page, name="programme_funnel"),
    path("<slug:programme>/heatmap/", comparison.heatmap_page, name="programme_heatmap"),
    # Waves of a series (issue 20): change since the last wave, the next wave, lineage.
    path("<slug:programme>/changes/", waves.programme_changes_page, name="programme_changes"),
    path("<slug:programme>/waves/", waves.programme_waves, name="programme_waves"),
    path("<slug:programme>/lineage/", waves.programme_lineage, name="programme_lineage"),
    path("<slug:programme>/wording/", waves.programme_wording, name="programme_wording"),
    path(
        "<slug:programme>/series-responses.csv",
        waves.series_responses,
        name="series_responses_csv",
    ),
    # Coding comments, "What people said", themes and safeguarding flags (issue 19).
    path("<slug:programme>/coding/", coding.coding_home, name="coding_home"),
    path("<slug:programme>/coding/queue/", coding.coding_queue, name="coding_queue"),
    path(f"{CODING}comments/<int:pk>/", coding.coding_comment, name="coding_comment"),
    path(f"{CODING}comments/<int:pk>/flag/", safeguarding.comment_flag, name="comment_flag"),
    path(f"{CODING}themes/", coding_setup.coding_themes, name="coding_themes"),
    path(f"{CODING}people/", coding_setup.coding_people, name="coding_people"),
    path(f"{CODING}agreement/", coding_agreement.agreement_samples, name="agreement_samples"),
    path(
        f"{CODING}agreement/<int:sample>/",
        coding_agreement.agreement_sample,
        name="agreement_sample",
    ),
    path(
        f"{CODING}agreement/<int:sample>/next/",
        coding_agreement.agreement_next,
        name="agreement_next",
    ),
    *[
        path(
            f"{CODING}passages.{fmt}",
            coding_downloads.coding_passages,
            {"fmt": fmt},
            name=f"coding_passages_{fmt}",
        )  # fmt: skip
        for fmt in ("csv", "xlsx")
    ],
    path(f"{CODING}project.qdpx", coding_downloads.coding_qdpx, name="coding_qdpx"),
    path(f"{CODING}import/", coding_downloads.coding_import, name="coding_import"),
    path(
        "<slug:programme>/safeguarding/<int:flag>/",
        safeguarding.safeguarding_flag,
        name="safeguarding_flag",
    ),
    path(
        "<slug:programme>/what-people-said/",
        what_people_said.programme_said,
        name="programme_said",
    ),
    path("<slug:programme>/themes/", what_people_said.programme_themes, name="programme_themes"),
    path(f"{AREA}what-people-said/", what_people_said.area_said, name="area_said"),
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
