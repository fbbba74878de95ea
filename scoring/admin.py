"""Admin of the scoring side: snapshots read as reports, and the survey list's "close now"
action (the survey list is surveys.admin's, extended here so that surveys never imports
scoring)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from surveys.admin import SurveyAdmin
from surveys.models import Survey

from .models import ProgrammeSnapshot, SurveySnapshot
from .services import SurveyCloseError, survey_close


@admin.register(SurveySnapshot)
class SurveySnapshotAdmin(admin.ModelAdmin):
    list_display = ["survey", "kind", "computed_at"]
    list_filter = ["kind", "survey__area__programme"]
    # Unsuppressed counts stay out of every screen; the summary is read as a report.
    exclude = ["tally", "summary_json"]
    readonly_fields = ["survey", "kind", "computed_at", "report"]

    @admin.display(description="Results")
    def report(self, obj):
        area = obj.survey.area
        url = reverse("area_report", args=[area.programme.slug, area.slug])
        return format_html('<a href="{}?snapshot={}">Read the report</a>', url, obj.kind)

    def has_add_permission(self, request):
        return False


@admin.register(ProgrammeSnapshot)
class ProgrammeSnapshotAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "computed_at"]
    exclude = ["summary_json"]
    readonly_fields = ["programme", "kind", "computed_at", "report"]

    @admin.display(description="Results")
    def report(self, obj):
        url = reverse("programme_report", args=[obj.programme.slug])
        return format_html('<a href="{}?snapshot={}">Read the programme report</a>', url, obj.kind)

    def has_add_permission(self, request):
        return False


class ClosingSurveyAdmin(SurveyAdmin):
    actions = [*SurveyAdmin.actions, "close_now"]

    @admin.action(description="Close now and compute results (close early)")
    def close_now(self, request, queryset):
        for survey in queryset.select_related("area"):
            try:
                closed = survey_close(survey=survey)
            except SurveyCloseError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            if closed:
                self.message_user(request, f"Closed {survey.area}: results computed.")
            else:
                self.message_user(request, f"{survey.area} was already closed.", messages.WARNING)


# INSTALLED_APPS loads surveys first, so its registration is in place to be replaced.
admin.site.unregister(Survey)
admin.site.register(Survey, ClosingSurveyAdmin)

from . import coding_admin  # noqa: E402, F401  (coding comments: settings, analysts, themes, audit)
