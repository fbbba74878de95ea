from django.contrib import admin

from .models import ProgrammeSnapshot, SurveySnapshot


@admin.register(SurveySnapshot)
class SurveySnapshotAdmin(admin.ModelAdmin):
    list_display = ["survey", "kind", "computed_at"]
    list_filter = ["kind", "survey__area__programme"]
    exclude = ["tally"]  # unsuppressed counts stay out of every screen
    readonly_fields = ["survey", "kind", "computed_at", "summary_json"]

    def has_add_permission(self, request):
        return False


@admin.register(ProgrammeSnapshot)
class ProgrammeSnapshotAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "computed_at"]
    readonly_fields = ["programme", "kind", "computed_at", "summary_json"]

    def has_add_permission(self, request):
        return False
