"""Flagging a comment as a possible safeguarding or whistleblowing concern, and the flag's
page where the safeguarding contact or a lead records the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from surveys.models import Programme, Response

from ..coding_comments import area_coding_comments, area_summary, ready_areas
from ..coding_models import SafeguardingFlag
from ..coding_selectors import may_flag, may_read_flag, may_record_outcome
from ..coding_services import CodingError
from ..safeguarding import comment_flag as flag_raise
from ..safeguarding import flag_outcome_record
from ..selectors import is_lead
from .access import no_store


def _visible_comment(programme, pk, user):
    """The comment as the person may read it: a lead sees it even if hidden; others only
    as reviewers read it (an area whose results are ready, not hidden)."""
    response = (
        Response.objects.filter(pk=pk, survey__area__programme=programme)
        .exclude(comment="")
        .select_related("survey__area__programme")
        .first()
    )
    if response is None:
        raise Http404("No such comment")
    area = response.survey.area
    if not may_flag(user=user, area=area):
        raise PermissionDenied("Only those who may read this comment can flag it")
    areas = ready_areas(programme=programme, area_slug=area.slug)
    summary = areas and area_summary(area=areas[0])
    shown = {c.pk: c for c in area_coding_comments(area=area, summary=summary)} if summary else {}
    if pk not in shown and not is_lead(user=user, programme=programme):
        raise Http404("This comment is not shown")
    return response, area, shown.get(pk)


@require_http_methods(["GET", "POST"])
@login_required
def comment_flag(request, programme, pk):
    programme = get_object_or_404(Programme, slug=programme)
    response, area, comment = _visible_comment(programme, pk, request.user)
    error = ""
    if request.method == "POST":
        try:
            flag = flag_raise(
                area=area,
                response=response,
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except CodingError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                "Flagged. The programme's safeguarding contact has been "
                "emailed a link to the comment.",
            )
            return HttpResponseRedirect(
                reverse("safeguarding_flag", args=[programme.slug, flag.pk])
            )
    return no_store(
        render(
            request,
            "scoring/coding/flag.html",
            {
                "programme": programme,
                "area": area,
                "text": comment.text if comment else response.comment_shown,
                "flags": SafeguardingFlag.objects.filter(response=response).select_related(
                    "flagged_by", "outcome_by"
                ),
                "error": error,
            },
            status=400 if error else 200,
        )
    )


@require_http_methods(["GET", "POST"])
@login_required
def safeguarding_flag(request, programme, flag):
    programme = get_object_or_404(Programme, slug=programme)
    flag = get_object_or_404(
        SafeguardingFlag.objects.select_related("response__survey__area", "flagged_by"),
        programme=programme,
        pk=flag,
    )
    if not may_read_flag(user=request.user, flag=flag):
        raise PermissionDenied("Flags are for the leads, the safeguarding contact and the flagger")
    may_record = may_record_outcome(user=request.user, flag=flag)
    error = ""
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("The outcome is recorded by the safeguarding contact or a lead")
        try:
            flag_outcome_record(
                flag=flag,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except CodingError as problem:
            error = str(problem)
        else:
            messages.success(request, "The outcome was recorded.")
            return HttpResponseRedirect(request.path)
    response = flag.response
    return no_store(
        render(
            request,
            "scoring/coding/flag_detail.html",
            {
                "programme": programme,
                "flag": flag,
                "area": response.survey.area,
                # The words as moderated; a comment a lead hid, only to leads.
                "text": response.comment_shown
                or (response.comment if is_lead(user=request.user, programme=programme) else ""),
                "may_record": may_record,
                "outcomes": SafeguardingFlag.OUTCOMES,
                "events": flag.events.order_by("at", "pk"),
                "error": error,
            },
            status=400 if error else 200,
        )
    )
