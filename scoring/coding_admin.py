"""Admin pages for coding: settings (the safeguarding contact), analysts and themes to edit;
the audit trail and flags to read (nothing in them can be changed here)."""

from django.contrib import admin
from django.utils import timezone

from .coding_models import CodingEvent, CodingSettings, ProgrammeAnalyst, SafeguardingFlag, Theme


@admin.register(CodingSettings)
class CodingSettingsAdmin(admin.ModelAdmin):
    list_display = ["programme", "safeguarding_contact", "refreshed_at"]
    fields = ["programme", "safeguarding_contact", "stale_since", "refreshed_at"]
    readonly_fields = ["stale_since", "refreshed_at"]


@admin.register(ProgrammeAnalyst)
class ProgrammeAnalystAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "named_by", "named_at"]
    list_filter = ["programme"]
    readonly_fields = ["named_by", "named_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.named_by, obj.named_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme"]
    list_filter = ["programme"]
    fields = ["programme", "name", "parent", "description"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by, obj.created_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CodingEvent)
class CodingEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "programme", "response_id", "flag_id"]
    list_filter = ["programme", "action"]


@admin.register(SafeguardingFlag)
class SafeguardingFlagAdmin(ReadOnlyAdmin):
    list_display = ["flagged_at", "programme", "flagged_by", "outcome", "outcome_at"]
    list_filter = ["programme", "outcome"]
    # The comment is read on the flag's own page (leads and the contact), not here.
    exclude = ["response", "reason"]
