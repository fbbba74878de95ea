"""The coding queue and one comment's coding page: plain forms that work by keyboard and
without JavaScript (static/js/coding.js adds one-key shortcuts and passage selection)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from surveys.models import Response

from ..coding_comments import area_coding_comments, area_summary, group_options, ready_areas
from ..coding_frame import frame_build
from ..coding_models import AgreementSample, PassageCode, SafeguardingFlag
from ..coding_queue import (
    STATUSES,
    QueueFilters,
    comment_passages,
    comment_suggestion,
    queue_build,
    sample_pending,
    samples_for,
)
from ..coding_selectors import is_analyst
from ..coding_services import (
    CodingError,
    code_remove,
    comment_nothing_to_code,
    passage_code,
    passage_span_from_selection,
)
from ..safeguarding import candidate_words, highlighted
from ..selectors import is_lead
from .coding_access import coding_view


def comment_for_coding(programme, pk):
    """The comment as analysts read it, or 404 (another programme's, an area not ready, or
    hidden by a lead: hidden comments are not coded)."""
    response = (
        Response.objects.filter(pk=pk, survey__area__programme=programme)
        .select_related("survey__area")
        .first()
    )
    if response is None:
        raise Http404("No such comment")
    areas = ready_areas(programme=programme, area_slug=response.survey.area.slug)
    summary = areas and area_summary(area=areas[0])
    if not summary:
        raise Http404("Its area's results are not ready")
    found = [c for c in area_coding_comments(area=areas[0], summary=summary) if c.pk == pk]
    if not found:
        raise Http404("This comment is not shown to analysts")
    return found[0], response


def _sample(request, programme, comment_pk=None):
    value = request.POST.get("sample") or request.GET.get("sample")
    if not value:
        return None
    sample = (
        AgreementSample.objects.filter(programme=programme, pk=value).first()
        if (str(value).isdigit())
        else None
    )
    if sample is None:
        raise Http404("No such sample")
    if request.user.pk not in (sample.first_analyst_id, sample.second_analyst_id):
        raise PermissionDenied("Only the sample's two coders code it")
    if comment_pk is not None and not sample.responses.filter(pk=comment_pk).exists():
        raise Http404("This comment is not in the sample")
    return sample


def coding_page_context(
    request, programme, comment, frame, filters, queue=None, sample=None, error=""
):
    lead = is_lead(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "comment": comment,
        "segments": highlighted(comment.text) if comment else [],
        "candidates": candidate_words(comment.text) if comment else [],
        "frame": frame,
        "filters": filters,
        "query": filters.as_query(),
        "queue": queue,
        "sample": sample,
        "error": error,
        "is_lead": lead,
        "statuses": STATUSES,
        "areas": ready_areas(programme=programme),
        "groups": group_options(programme=programme),
        "posted_codes": request.POST.getlist("codes") if request.method == "POST" else [],
    }
    if comment is not None:
        coder = request.user if sample else None
        context["passages"] = comment_passages(
            comment=comment, frame=frame, sample=sample, coder=coder
        )
        # Suggestions would pull both coders of a sample the same way: not shown there.
        context["suggestion"] = (
            None if sample else comment_suggestion(response_id=comment.pk, frame=frame)
        )
        context["suggested_keys"] = [
            key for key, _text, _score in getattr(context["suggestion"], "statements", [])
        ]
        context["flags"] = SafeguardingFlag.objects.filter(response_id=comment.pk).select_related(
            "flagged_by", "outcome_by"
        )
    if sample is not None:
        context["sample_left"] = len(sample_pending(sample=sample, user=request.user))
    return context


@require_GET
@coding_view()
def coding_home(request, programme):
    frame = frame_build(programme=programme)
    queue = queue_build(programme=programme, filters=QueueFilters(status="all"), frame=frame)
    lead = is_lead(user=request.user, programme=programme)
    return render(
        request,
        "scoring/coding/home.html",
        {
            "programme": programme,
            "queue": queue,
            "is_lead": lead,
            "is_analyst": is_analyst(user=request.user, programme=programme),
            "samples": [
                (s, len(sample_pending(sample=s, user=request.user)))
                for s in samples_for(user=request.user, programme=programme)
            ],
            "flags": SafeguardingFlag.objects.filter(programme=programme)[:50] if lead else [],
            "themes": frame.themes,
        },
    )


@require_GET
@coding_view()
def coding_queue(request, programme):
    """The next comment to code that matches the filters (after `after`, to skip one)."""
    frame = frame_build(programme=programme)
    filters = QueueFilters.from_query(request.GET)
    queue = queue_build(programme=programme, filters=filters, frame=frame)
    after = request.GET.get("after", "")
    comment = queue.next_after(
        int(after) if after.isdigit() else None, uncoded_only=filters.status == "uncoded"
    )
    return render(
        request,
        "scoring/coding/comment.html",
        coding_page_context(request, programme, comment, frame, filters, queue=queue),
    )


def _codes_posted(request, suggestion) -> list[str]:
    if request.POST.get("action") == "accept":
        if suggestion is None or not suggestion.statements:
            raise CodingError("There is no suggestion for this comment yet: choose the codes.")
        return [suggestion.statements[0][0], suggestion.polarity]
    codes = request.POST.getlist("codes")
    polarity = request.POST.get("polarity", "")
    return codes + ([polarity] if polarity else [])


def _apply(request, programme, comment, response, frame, sample):
    remove = request.POST.get("remove", "")
    action = request.POST.get("action", "save")
    if remove:
        code = (
            PassageCode.objects.filter(
                pk=remove if remove.isdigit() else 0,
                passage__response=response,
                passage__sample=sample,
            )
            .select_related("passage__response", "passage__sample")
            .first()
        )
        if code is None or (sample and code.passage.created_by_id != request.user.pk):
            raise CodingError("That code is not on this comment any more.")
        code_remove(programme=programme, code=code, user=request.user)
        return "removed"
    if action == "nothing":
        comment_nothing_to_code(
            programme=programme, response=response, user=request.user, sample=sample
        )
        return "nothing"
    suggestion = None if sample else comment_suggestion(response_id=comment.pk, frame=frame)
    codes = _codes_posted(request, suggestion)
    near = request.POST.get("near", "")
    start, end = passage_span_from_selection(
        comment=comment,
        quote=request.POST.get("quote", "")[:4000],
        near=int(near) if near.isdigit() else None,
    )
    passage_code(
        programme=programme,
        response=response,
        start=start,
        end=end,
        codes=codes,
        frame=frame,
        user=request.user,
        sample=sample,
    )
    return action


@require_http_methods(["GET", "POST"])
@coding_view()
def coding_comment(request, programme, pk):
    frame = frame_build(programme=programme)
    comment, response = comment_for_coding(programme, pk)
    sample = _sample(request, programme, comment_pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    filters = QueueFilters.from_query(_query_dict(source.get("q", "")))
    if request.method == "POST":
        try:
            done = _apply(request, programme, comment, response, frame, sample)
        except CodingError as problem:
            context = coding_page_context(
                request, programme, comment, frame, filters, sample=sample, error=str(problem)
            )
            return render(request, "scoring/coding/comment.html", context, status=400)
        if done in ("removed", "save_stay"):
            messages.success(request, "Saved. Add another passage, or go on to the next comment.")
            url = reverse("coding_comment", args=[programme.slug, pk])
            extra = f"&sample={sample.pk}" if sample else ""
            return HttpResponseRedirect(f"{url}?q={_quoted(filters)}{extra}#coding")
        if sample is not None:
            return HttpResponseRedirect(reverse("agreement_next", args=[programme.slug, sample.pk]))
        url = reverse("coding_queue", args=[programme.slug])
        return HttpResponseRedirect(f"{url}?{filters.as_query(after=str(pk))}")
    return render(
        request,
        "scoring/coding/comment.html",
        coding_page_context(request, programme, comment, frame, filters, sample=sample),
    )


def _query_dict(query: str) -> QueryDict:
    return QueryDict(query[:1000])


def _quoted(filters: QueueFilters) -> str:
    return quote(filters.as_query())
