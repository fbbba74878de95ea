"""A lead's set-up of coding: the themes of the code frame, the analysts and the
safeguarding contact."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..coding_frame import frame_build
from ..coding_models import ProgrammeAnalyst
from ..coding_services import CodingError, coding_settings_get
from ..coding_setup import (
    analyst_name,
    analyst_remove,
    safeguarding_contact_set,
    theme_add,
    theme_rename,
)
from .coding_access import coding_view


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@require_http_methods(["GET", "POST"])
@coding_view(lead_only=True)
def coding_themes(request, programme):
    error = ""
    if request.method == "POST":
        try:
            rename = _number(request.POST.get("rename", ""))
            if rename is not None:
                theme_rename(
                    programme=programme,
                    theme_id=rename,
                    name=request.POST.get(f"name-{rename}", ""),
                    by=request.user,
                )
                messages.success(request, "The theme was renamed.")
            else:
                theme = theme_add(
                    programme=programme,
                    name=request.POST.get("name", ""),
                    parent_id=_number(request.POST.get("parent", "")),
                    description=request.POST.get("description", ""),
                    by=request.user,
                )
                messages.success(request, f"Added the theme {theme}.")
        except CodingError as problem:
            error = str(problem)
        else:
            return HttpResponseRedirect(reverse("coding_themes", args=[programme.slug]))
    return render(
        request,
        "scoring/coding/themes.html",
        {"programme": programme, "frame": frame_build(programme=programme), "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@coding_view(lead_only=True)
def coding_people(request, programme):
    error = ""
    if request.method == "POST":
        try:
            remove = _number(request.POST.get("remove", ""))
            if remove is not None:
                analyst_remove(programme=programme, analyst_id=remove, by=request.user)
                messages.success(request, "They are no longer an analyst of this programme.")
            elif "contact" in request.POST:
                safeguarding_contact_set(
                    programme=programme, email=request.POST.get("contact", ""), by=request.user
                )
                messages.success(request, "The safeguarding contact was saved.")
            else:
                analyst = analyst_name(
                    programme=programme, email=request.POST.get("email", ""), by=request.user
                )
                messages.success(request, f"{analyst.user.email} is an analyst of this programme.")
        except CodingError as problem:
            error = str(problem)
        else:
            return HttpResponseRedirect(reverse("coding_people", args=[programme.slug]))
    return render(
        request,
        "scoring/coding/people.html",
        {
            "programme": programme,
            "analysts": ProgrammeAnalyst.objects.filter(programme=programme).select_related("user"),
            "contact": coding_settings_get(programme=programme).safeguarding_contact,
            "error": error,
            "field": "contact" if "contact" in request.POST else "email",
        },
        status=400 if error else 200,
    )
