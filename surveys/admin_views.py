"""The admin's own pages beside its model lists: a programme's areas with their links and
participation (also as CSV), the CSV uploads of reviewers and of an area's contacts, and
an area's unusual responses (possible ballot stuffing) with their exclusion.
Each is a method's body of a ModelAdmin in surveys.admin, which routes to it."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from relaudit.spreadsheets import Table, table_csv

from .invitations import contacts_import
from .models import Area, Programme, Survey
from .selectors import programme_participation, surveys_branch_counts
from .services import reviewers_import
from .stuffing import COPIES, ExclusionError, responses_exclude, survey_stuffing_flags
from .uploads import UploadError, decode_csv


class ReviewerCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file", required=False, help_text="One row per assignment: area_slug,email"
    )
    text = forms.CharField(
        label="Or paste the rows", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class ContactCsvForm(forms.Form):
    file = forms.FileField(label="Contacts CSV: name,email,organisation[,role]")


class ReviewerEmailForm(forms.Form):
    email = forms.EmailField(label="Reviewer's email address")


def programme_areas_view(model_admin, request, pk):
    """Every area of the programme with its link, code, contacts, invitations sent,
    responses so far and estimated response rate; `?format=csv` downloads it."""
    programme = get_object_or_404(Programme, pk=pk)
    if not model_admin.has_view_permission(request, programme):
        raise PermissionDenied
    rows = []
    participation = programme_participation(programme=programme)
    direct = surveys_branch_counts(surveys=Survey.objects.filter(area__programme=programme))
    for area in programme.areas.select_related("survey"):
        survey = getattr(area, "survey", None)
        if survey is None:
            continue
        rows.append(
            {
                "area": area,
                "survey": survey,
                "p": participation[survey.pk],
                "direct": direct[survey.pk][None],
            }
        )
    if request.GET.get("format") == "csv":
        return _areas_csv(programme, rows)
    return TemplateResponse(
        request,
        "admin/surveys/programme/areas.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Areas, links and invitations: {programme}",
            "programme": programme,
            "rows": rows,
            "opts": model_admin.model._meta,
        },
    )


def programme_reviewers_view(model_admin, request, pk):
    """Assign reviewers to the programme's areas in bulk from CSV `area_slug,email`."""
    programme = get_object_or_404(Programme, pk=pk)
    if not model_admin.has_change_permission(request, programme):
        raise PermissionDenied
    form = ReviewerCsvForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        text = form.cleaned_data["text"]
        if upload:
            text = decode_csv(upload.read(1_000_000), errors="replace")
        try:
            count = reviewers_import(programme=programme, csv_text=text)
        except UploadError as error:
            errors = error.errors
        else:
            model_admin.message_user(request, f"Assigned {count} reviewer row(s) in {programme}.")
            return HttpResponseRedirect(
                reverse("admin:surveys_programme_change", args=[programme.pk])
            )
    return TemplateResponse(
        request,
        "admin/surveys/programme/reviewers.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Assign reviewers in {programme}",
            "programme": programme,
            "form": form,
            "errors": errors,
            "opts": model_admin.model._meta,
        },
    )


def area_contacts_view(model_admin, request, pk):
    """Import the area's system contacts from the CSV the system sent back."""
    area = get_object_or_404(Area, pk=pk)
    if not model_admin.has_change_permission(request, area):
        raise PermissionDenied
    form = ContactCsvForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created, updated = contacts_import(
                area=area, raw=form.cleaned_data["file"].read(2_000_000)
            )
        except UploadError as error:
            errors = error.errors
        else:
            model_admin.message_user(
                request, f"{area}: {created} contact(s) added, {updated} updated."
            )
            return HttpResponseRedirect(reverse("admin:surveys_area_change", args=[area.pk]))
    return TemplateResponse(
        request,
        "admin/surveys/area/contacts.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Import contacts for {area}",
            "area": area,
            "form": form,
            "errors": errors,
            "opts": model_admin.model._meta,
        },
        status=400 if errors else 200,
    )


AREA_COLUMNS = [
    "area", "link", "access_code", "contacts", "invitations_sent", "responses",
    "contacts_declared", "declared_reach", "estimated_response_rate", "direct_responses",
]  # fmt: skip


def _areas_csv(programme, rows):
    table = Table(
        "Areas",
        AREA_COLUMNS,
        [
            (
                row["area"].name,
                row["survey"].link,
                row["survey"].formatted_access_code,
                row["p"].contacts,
                row["p"].invited,
                row["p"].responses,
                row["p"].declared,
                row["p"].reach,
                row["p"].rate,
                row["direct"],
            )
            for row in rows
        ],
    )
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-areas.csv"'
    return response


class ExclusionForm(forms.Form):
    what = forms.ChoiceField(label="Exclude", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why (recorded with your name)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def area_unusual_view(model_admin, request, pk):
    """Possible ballot stuffing in the area, with counts, and its exclusion from results
    with a recorded reason (surveys.stuffing)."""
    area = get_object_or_404(Area.objects.select_related("survey"), pk=pk)
    if not model_admin.has_change_permission(request, area) or not hasattr(area, "survey"):
        raise PermissionDenied
    survey = area.survey
    flags = survey_stuffing_flags(survey=survey)
    choices = []
    if flags.excludable_copies:
        choices.append(
            (COPIES, f"The {flags.excludable_copies} identical copies not yet in results")
        )
    for day, n in flags.excludable_days.items():
        choices.append(
            (day.isoformat(), f"The {n} responses of {day:%-d %B %Y} not yet in results")
        )
    form = ExclusionForm(request.POST or None)
    form.fields["what"].choices = choices
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            excluded = responses_exclude(
                survey=survey,
                what=form.cleaned_data["what"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ExclusionError as problem:
            error = str(problem)
        else:
            model_admin.message_user(request, f"{area}: {excluded} response(s) excluded.")
            return HttpResponseRedirect(reverse("admin:surveys_area_change", args=[area.pk]))
    return TemplateResponse(
        request,
        "admin/surveys/area/unusual.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Unusual responses: {area}",
            "area": area,
            "flags": flags,
            "form": form if choices else None,
            "error": error,
            "exclusions": survey.exclusions.all(),
            "opts": model_admin.model._meta,
        },
        status=400 if error or form.errors else 200,
    )
