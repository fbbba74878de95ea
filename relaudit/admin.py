"""The audit trail in the admin: read-only, for administrators."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "subject", "detail"]
    list_filter = ["action", "subject"]
    search_fields = ["actor_name", "subject", "detail"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "actor_name", "action", "subject", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
