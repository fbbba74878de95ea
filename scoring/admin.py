from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import ProgrammeSnapshot, SurveySnapshot


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
