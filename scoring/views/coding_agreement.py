"""Agreement between two analysts: a lead asks for a sample, each analyst codes it blind,
and the lead reads per-code agreement and Cohen's kappa and settles the disagreements."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..agreement import agreement_by_code, disagreements
from ..agreement_services import (
    MAX_SAMPLE,
    sample_adopt_agreed,
    sample_codes,
    sample_create,
    sample_settle,
)
from ..coding_comments import programme_coding_comments
from ..coding_frame import frame_build
from ..coding_models import AgreementSample, SampleSettlement
from ..coding_queue import QueueFilters, sample_pending
from ..coding_services import CodingError
from ..selectors import is_lead
from .coding import coding_page_context, comment_for_coding
from .coding_access import coding_view


def _coders(programme):
    User = get_user_model()
    return (
        User.objects.filter(
            Q(analysed_programmes__programme=programme) | Q(led_programmes=programme)
        )
        .distinct()
        .order_by("username")
    )


@require_http_methods(["GET", "POST"])
@coding_view(lead_only=True)
def agreement_samples(request, programme):
    error = ""
    if request.method == "POST":
        values = [request.POST.get(name, "") for name in ("first", "second", "size")]
        try:
            if not all(v.isdigit() for v in values):
                raise CodingError("Choose two coders and how many comments to sample.")
            sample = sample_create(
                programme=programme,
                first_id=int(values[0]),
                second_id=int(values[1]),
                size=int(values[2]),
                by=request.user,
            )
        except CodingError as problem:
            error = str(problem)
        else:
            messages.success(request, f"Sample {sample.pk} is ready for its two coders.")
            return HttpResponseRedirect(
                reverse("agreement_sample", args=[programme.slug, sample.pk])
            )
    return render(
        request,
        "scoring/coding/agreement_samples.html",
        {
            "programme": programme,
            "samples": AgreementSample.objects.filter(programme=programme).select_related(
                "first_analyst", "second_analyst"
            ),
            "coders": _coders(programme),
            "max_sample": MAX_SAMPLE,
            "error": error,
        },
        status=400 if error else 200,
    )


def _sample_or_404(programme, pk):
    sample = AgreementSample.objects.filter(programme=programme, pk=pk).first()
    if sample is None:
        raise Http404("No such sample")
    return sample


@require_http_methods(["GET", "POST"])
@coding_view(lead_only=True)
def agreement_sample(request, programme, sample):
    sample = _sample_or_404(programme, sample)
    frame = frame_build(programme=programme)
    error = ""
    if request.method == "POST":
        try:
            if "adopt" in request.POST:
                copied = sample_adopt_agreed(sample=sample, frame=frame, by=request.user)
                messages.success(
                    request,
                    f"Copied {copied} agreed code{'s' if copied != 1 else ''}"
                    " into the programme's coding.",
                )
            else:
                comment, key = request.POST.get("settle", "|").split("|", 1)
                sample_settle(
                    sample=sample,
                    response_id=int(comment) if comment.isdigit() else 0,
                    key=key,
                    applies=request.POST.get("applies") == "yes",
                    frame=frame,
                    by=request.user,
                )
                messages.success(request, "Settled: the programme's coding follows it.")
        except CodingError as problem:
            error = str(problem)
        else:
            url = reverse("agreement_sample", args=[programme.slug, sample.pk])
            return HttpResponseRedirect(url + "#disagreements")
    first, second = sample_codes(sample=sample)
    comments = {c.pk: c for c in programme_coding_comments(programme=programme)}
    settled = {
        (s.response_id, s.code_key): s
        for s in SampleSettlement.objects.filter(sample=sample).select_related("settled_by")
    }
    return render(
        request,
        "scoring/coding/agreement_sample.html",
        {
            "programme": programme,
            "sample": sample,
            "frame": frame,
            "both": len(first),
            "size": sample.responses.count(),
            "rows": agreement_by_code(first, second),
            "disagreements": [
                (comments.get(pk), pk, key, frame.labels.get(key, key), who, settled.get((pk, key)))
                for pk, key, who in disagreements(first, second)
            ],
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
@coding_view()
def agreement_next(request, programme, sample):
    """For the sample's coders, its next comment to code (blind); for leads, its progress."""
    sample = _sample_or_404(programme, sample)
    coder = request.user.pk in (sample.first_analyst_id, sample.second_analyst_id)
    if not coder and not is_lead(user=request.user, programme=programme):
        raise Http404("Not a coder of this sample")
    pending = sample_pending(sample=sample, user=request.user) if coder else []
    frame = frame_build(programme=programme)
    for pk in pending:
        try:
            comment, _response = comment_for_coding(programme, pk)
        except Http404:
            continue  # hidden by a lead since it was sampled: not coded
        context = coding_page_context(
            request, programme, comment, frame, QueueFilters(), sample=sample
        )
        return render(request, "scoring/coding/comment.html", context)
    return render(
        request,
        "scoring/coding/agreement_done.html",
        {
            "programme": programme,
            "sample": sample,
            "coder": coder,
            "left": [
                (user, len(sample_pending(sample=sample, user=user))) for user in sample.coders()
            ],
        },
    )
