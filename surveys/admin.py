from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import admin_views
from .admin_views import ReviewerEmailForm
from .invitations import invitations_send, survey_deadline_change
from .models import (
    Area,
    AreaLineage,
    ComparableWording,
    Contact,
    Instrument,
    OutboundEmail,
    Programme,
    Response,
    ResponseExclusion,
    Series,
    Statement,
    Survey,
)
from .services import reviewers_assign
from .stuffing import survey_stuffing_flags
from .uploads import UploadError


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "email", "organisation", "role", "formatted_access_code", "declared_reach"]
    readonly_fields = ["formatted_access_code", "declared_reach"]


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
    filter_horizontal = ["leads"]
    inlines = [AreaInline]
    change_form_template = "admin/surveys/programme/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/reviewers/",
                self.admin_site.admin_view(self.reviewers_view),
                name="surveys_programme_reviewers",
            ),
            path(
                "<int:pk>/areas/",
                self.admin_site.admin_view(self.areas_view),
                name="surveys_programme_areas",
            ),
            *super().get_urls(),
        ]

    def areas_view(self, request, pk):
        return admin_views.programme_areas_view(self, request, pk)

    def reviewers_view(self, request, pk):
        return admin_views.programme_reviewers_view(self, request, pk)

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
    list_display = ["name", "programme", "review_order", "sent_to", "reviewer_list"]
    list_filter = ["programme"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["reviewers"]
    actions = ["add_reviewer"]
    inlines = [ContactInline]
    change_form_template = "admin/surveys/area/change_form.html"
    readonly_fields = ["unusual_responses"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/contacts/",
                self.admin_site.admin_view(self.contacts_view),
                name="surveys_area_contacts",
            ),
            path(
                "<int:pk>/unusual/",
                self.admin_site.admin_view(self.unusual_view),
                name="surveys_area_unusual",
            ),
            *super().get_urls(),
        ]

    def contacts_view(self, request, pk):
        return admin_views.area_contacts_view(self, request, pk)

    def unusual_view(self, request, pk):
        return admin_views.area_unusual_view(self, request, pk)

    @admin.display(description="Unusual responses")
    def unusual_responses(self, obj):
        """Possible ballot stuffing, with counts (surveys.stuffing)."""
        survey = getattr(obj, "survey", None) if obj and obj.pk else None
        if survey is None:
            return "No survey yet."
        flags = survey_stuffing_flags(survey=survey)
        link = reverse("admin:surveys_area_unusual", args=[obj.pk])
        if not flags.any:
            return format_html('None flagged. <a href="{}">How this is checked</a>', link)
        return format_html(
            '{} identical response(s) beyond the first of {} group(s); {} unusual day(s). '
            '<a href="{}">Review and exclude</a>',
            flags.copies, flags.identical_groups, len(flags.busy_days), link,
        )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reviewers")

    @admin.display(description="Reviewers")
    def reviewer_list(self, obj):
        return ", ".join(user.email or user.username for user in obj.reviewers.all())

    @admin.action(description="Add a reviewer to the selected areas")
    def add_reviewer(self, request, queryset):
        form = ReviewerEmailForm(request.POST if "email" in request.POST else None)
        if form.is_valid():
            try:
                count = reviewers_assign(areas=queryset, email=form.cleaned_data["email"])
            except UploadError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request, f"{form.cleaned_data['email']} now reviews {count} area(s)."
                )
            return None
        return TemplateResponse(
            request,
            "admin/surveys/area/add_reviewer.html",
            {
                **self.admin_site.each_context(request),
                "title": "Add a reviewer to the selected areas",
                "areas": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


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
    actions = ["send_invitations"]

    @admin.action(description="Send invitations to the contacts of the selected areas")
    def send_invitations(self, request, queryset):
        for survey in queryset.select_related("area__programme"):
            queued = invitations_send(survey=survey)
            self.message_user(request, f"{survey.area}: {queued} invitation(s) queued to send.")

    def save_model(self, request, obj, form, change):
        """A changed deadline goes through the service, which tells the contacts."""
        if change and "closes_at" in form.changed_data:
            new_deadline = obj.closes_at
            obj.closes_at = Survey.objects.get(pk=obj.pk).closes_at
            super().save_model(request, obj, form, change)
            told = survey_deadline_change(survey=obj, closes_at=new_deadline)
            if told:
                self.message_user(request, f"The new deadline was emailed to {told} contact(s).")
            return
        super().save_model(request, obj, form, change)

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


@admin.register(ResponseExclusion)
class ResponseExclusionAdmin(admin.ModelAdmin):
    """Exclusions of ballot stuffing, read-only: what, how many, who, when and why."""

    list_display = ["survey", "what", "responses_excluded", "excluded_by", "excluded_at"]
    list_filter = ["survey__area__programme"]
    readonly_fields = [f.name for f in ResponseExclusion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent, what waits, what failed and why. A body that
    holds a secret (a password reset link) is never shown."""

    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [
        *(f.name for f in OutboundEmail._meta.fields if f.name not in ("body_text", "body_html")),
        "body",
    ]
    fields = readonly_fields

    @admin.display(description="Body")
    def body(self, obj):
        if obj.secret_body:
            return "(Not shown: it holds a password reset link.)"
        return obj.body_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Series of runs: made by starting a next wave and by leads' pages; looked at here ---


class ReadMostly(admin.ModelAdmin):
    """Rows the services write (a wave started, a lead's mark): an admin reads them and may
    correct a name or a note, but adds and deletes them only through the pages."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Series)
class SeriesAdmin(ReadMostly):
    list_display = ["name", "wave_count", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["created_at", "waves_in_order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(wave_total=Count("programmes"))

    @admin.display(description="Waves", ordering="wave_total")
    def wave_count(self, obj) -> int:
        return obj.wave_total

    @admin.display(description="Waves, first first")
    def waves_in_order(self, obj) -> str:
        return "; ".join(f"{p.wave}: {p.name}" for p in obj.waves())


@admin.register(AreaLineage)
class AreaLineageAdmin(ReadMostly):
    list_display = ["area", "area_wave", "predecessor", "note"]
    list_select_related = ["area__programme", "predecessor__programme"]
    list_filter = ["area__programme__series", "area__programme"]
    search_fields = ["area__name", "predecessor__name", "note"]
    fields = ["area", "predecessor", "note"]
    readonly_fields = ["area", "predecessor"]

    @admin.display(description="Wave", ordering="area__programme__wave")
    def area_wave(self, obj) -> str:
        return f"{obj.area.programme.name} ({obj.area.programme.wave_label})"


@admin.register(ComparableWording)
class ComparableWordingAdmin(ReadMostly):
    list_display = ["statement_code", "statement", "earlier", "marked_by", "marked_at"]
    list_select_related = ["statement", "earlier", "marked_by"]
    search_fields = ["statement__code", "statement__text", "note"]
    fields = ["statement", "earlier", "marked_by", "marked_at", "note"]
    readonly_fields = ["statement", "earlier", "marked_by", "marked_at"]

    @admin.display(description="Code", ordering="statement__code")
    def statement_code(self, obj) -> str:
        return obj.statement.code
