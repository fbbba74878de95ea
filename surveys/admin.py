from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone

from .models import Area, Instrument, Programme, Response, Statement, Survey


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = [
        "position",
        "code",
        "framework",
        "attribute",
        "dimension",
        "domain",
        "is_negative",
        "text",
    ]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "created_at"]
    inlines = [StatementInline]


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["review_order", "name", "slug", "sent_to"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area_count", "response_count"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                areas_n=Count("areas", distinct=True), responses_n=Count("areas__survey__responses")
            )
        )

    @admin.display(description="Areas", ordering="areas_n")
    def area_count(self, obj):
        return obj.areas_n

    @admin.display(description="Responses", ordering="responses_n")
    def response_count(self, obj):
        return obj.responses_n


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "review_order", "sent_to"]
    list_filter = ["programme"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["reviewers"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "area",
        "programme",
        "opens_at",
        "closes_at",
        "late_until",
        "current_status",
        "response_count",
        "late_count",
        "formatted_access_code",
        "closed_at",
    ]
    list_filter = ["area__programme", "instrument"]
    search_fields = ["area__name", "access_code"]
    readonly_fields = ["link", "formatted_access_code", "closed_at", "latest_stale_since"]
    list_select_related = ["area__programme"]
    actions = ["close_now"]

    @admin.action(description="Close now and compute results (close early)")
    def close_now(self, request, queryset):
        from scoring.services import SurveyCloseError, survey_close

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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                responses_n=Count("responses"),
                late_n=Count("responses", filter=Q(responses__is_late=True)),
            )
        )

    @admin.display(description="Programme", ordering="area__programme")
    def programme(self, obj):
        return obj.area.programme

    @admin.display(description="Status")
    def current_status(self, obj):
        return obj.status(timezone.now()).replace("_", " ")

    @admin.display(description="Responses", ordering="responses_n")
    def response_count(self, obj):
        return obj.responses_n

    @admin.display(description="Late", ordering="late_n")
    def late_count(self, obj):
        return obj.late_n


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: responses are evidence and are never edited by hand."""

    list_display = ["pk", "survey", "submitted_on", "is_late", "organisation_type", "primary_role"]
    list_filter = ["survey__area__programme", "is_late", "submitted_on"]
    list_select_related = ["survey__area__programme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
