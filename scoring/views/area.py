"""An area's report, its comments and its downloads."""

import json
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from surveys.choices import DEMOGRAPHIC_QUESTIONS
from surveys.models import Response
from surveys.selectors import Participation, area_participation
from surveys.services import ModerationError, comment_moderate

from .. import statistics
from ..codebook import area_comments_readme
from ..comments import area_comments, comments_table, quotable_groups
from ..fair_comparison import area_against_rest, comparison_unavailable
from ..findings import key_findings
from ..pdf import html_to_pdf
from ..reader import QUESTION_LABELS, instrument_for, summary_parse, summary_read
from ..report import (
    BAND_NAMES,
    breakdown_groups,
    breakdowns_note,
    changes_since_deadline,
    statement_rows,
)
from ..selectors import (
    AreaAccess,
    area_snapshot,
    area_snapshots,
    is_lead,
)
from ..tallies import DEADLINE, LATEST
from ..wave_changes import METHOD as WAVE_METHOD
from ..wave_reading import area_since_last_wave
from .access import area_view, requested_kind
from .downloads import attachment, summary_download, table_download


def _instrument(area, version: str):
    """The instrument a summary's wording comes from: usually the survey's own, loaded with
    the area."""
    instrument = area.survey.instrument
    return instrument if instrument.version == version else instrument_for(version)


def _summary(area, kind, instrument=None):
    """The area's summary of this kind (its JSON parsed once), and the instrument whose
    wording it is read with."""
    snapshot = area_snapshot(survey=area.survey, kind=kind)
    if snapshot is None:
        raise Http404("No results computed yet")
    text = snapshot.summary_json
    instrument = instrument or _instrument(area, summary_parse(text).instrument_version)
    return summary_read(text, instrument), instrument


def _summaries(area, kind):
    """For the report: the area's summary of this kind, the deadline summary (for "what
    changed since"), the participation stored with these results and the counts the
    comparison with the rest of the programme starts from, read together. That
    participation counts the responses these figures hold (late ones join in groups of at
    least the threshold), not live ones: a reviewer watching the page must not see each one
    arrive."""
    snapshots = area_snapshots(survey=area.survey, kinds=(kind, DEADLINE))
    if kind not in snapshots or DEADLINE not in snapshots:
        raise Http404("No results computed yet")
    text = snapshots[kind].summary_json
    instrument = _instrument(area, summary_parse(text).instrument_version)
    summary = summary_read(text, instrument)
    deadline = summary
    if kind != DEADLINE:
        deadline = summary_read(snapshots[DEADLINE].summary_json, instrument)
    stored = snapshots[kind].participation
    participation = (
        Participation.from_json(json.loads(stored) if isinstance(stored, str) else stored)
        if stored
        else area_participation(survey=area.survey, with_late=kind == LATEST)
    )
    counts = {k: (s.overall, s.deadline_breakdowns) for k, s in snapshots.items()}
    return summary, deadline, participation, counts


def _report_context(request, area, kind, *, pdf=False):
    summary, deadline, participation, counts = _summaries(area, kind)
    chosen = request.GET.get("statement", "")
    if chosen not in summary.by_code:
        worst = summary.worst.get("relational_value") or ()
        chosen = worst[0].code if worst else summary.statements[0].code
    # Reviewers and leads alike read the report against the programme as last published.
    comparison = area_against_rest(survey=area.survey, kind=kind, snapshots=counts)
    breakdowns = [
        (question, QUESTION_LABELS[question], breakdown_groups(summary, question))
        for question in DEMOGRAPHIC_QUESTIONS
    ]
    return {
        "area": area,
        "survey": area.survey,
        "kind": kind,
        "pdf": pdf,
        "summary": summary,
        "computed_at": datetime.fromisoformat(summary.computed_at),
        "deadline_summary": deadline,
        "compared": comparison is not None,
        "comparison": comparison,
        "comparison_unavailable": (
            "" if comparison else comparison_unavailable(survey=area.survey, kind=kind)
        ),
        "comparison_method": statistics.METHOD,
        "rows": statement_rows(summary, comparison),
        "findings": key_findings(summary, comparison),
        "changes": changes_since_deadline(summary, deadline) if kind == LATEST else [],
        "late_in_figures": summary.responses - deadline.responses,
        "breakdowns": breakdowns,
        "breakdowns_note": breakdowns_note(summary, kind),
        "chosen": summary.statement(chosen),
        "band_names": BAND_NAMES,
        "is_lead": is_lead(user=request.user, programme=area.programme),
        "participation": participation,
        "since": area_since_last_wave(area=area),
        "wave_method": WAVE_METHOD,
        "min_group_size": summary.min_group_size,
    }


@require_GET
@area_view(ready=False)
def area_report(request, area, access):
    if access is not AreaAccess.FULL:
        responses = area.survey.responses.count() if access is AreaAccess.COUNT else None
        return render(request, "scoring/area_waiting.html", {"area": area, "responses": responses})
    context = _report_context(request, area, requested_kind(request))
    return render(request, "scoring/area_report.html", context)


@require_GET
@area_view()
def area_report_pdf(request, area, access):
    context = _report_context(request, area, requested_kind(request), pdf=True)
    html = render_to_string("scoring/area_report.html", context, request)
    name = f"{area.programme.slug}-{area.slug}-{context['kind']}"
    return attachment(html_to_pdf(html), "pdf", name)


@require_GET
@area_view()
def area_summary(request, area, access, fmt):
    kind = requested_kind(request)
    summary, _instrument = _summary(area, kind)
    return summary_download(summary, fmt, f"{area.programme.slug}-{area.slug}-{kind}")


def _comments_for(request, area, kind, *, include_hidden=False):
    summary, _instrument = _summary(area, kind)
    comments = area_comments(
        survey=area.survey,
        summary=summary,
        include_hidden=include_hidden,
        role=request.GET.get("role", ""),
        organisation_type=request.GET.get("organisation_type", ""),
        search=request.GET.get("q", "")[:200],
    )
    return summary, comments


@require_GET
@area_view()
def area_comments_page(request, area, access):
    kind = requested_kind(request)
    lead = is_lead(user=request.user, programme=area.programme)
    summary, comments = _comments_for(request, area, kind, include_hidden=lead)
    quotable = quotable_groups(summary)
    filters = []  # (parameter, label, [(group key, group label)], chosen)
    for question, parameter in (
        ("organisation_type", "organisation_type"),
        ("primary_role", "role"),
    ):
        options = [
            (g.key, g.label) for g in summary.breakdowns[question] if g.key in quotable[question]
        ]
        filters.append(
            (parameter, QUESTION_LABELS[question], options, request.GET.get(parameter, ""))
        )
    return render(
        request,
        "scoring/area_comments.html",
        {
            "area": area,
            "kind": kind,
            "summary": summary,
            "comments": comments,
            "filters": filters,
            "q": request.GET.get("q", ""),
            "is_lead": lead,
            "filtered": any(request.GET.get(k) for k in ("role", "organisation_type", "q")),
        },
    )


@require_GET
@area_view()
def area_comments_download(request, area, access, fmt):
    kind = requested_kind(request)
    summary, comments = _comments_for(request, area, kind)
    name = f"{area.programme.slug}-{area.slug}-comments-{kind}"
    about = [("programme", area.programme.name), ("area", area.name), ("snapshot", kind)]
    return table_download(comments_table(comments), fmt, name, area_comments_readme(about))


@require_http_methods(["GET", "POST"])
@area_view()
def comment_moderate_page(request, area, access, pk):
    if not is_lead(user=request.user, programme=area.programme):
        raise PermissionDenied("Only programme leads moderate comments")
    response = get_object_or_404(Response.objects.exclude(comment=""), survey=area.survey, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            comment_moderate(
                response=response,
                hidden=request.POST.get("hidden") == "yes",
                redacted=request.POST.get("redacted", "")[:4000],
            )
        except ModerationError as problem:
            error = str(problem)
        else:
            messages.success(request, "The comment was updated for reviewers and exports.")
            url = reverse("area_comments", args=[area.programme.slug, area.slug])
            return HttpResponseRedirect(f"{url}#comment-{response.pk}")
    return render(
        request,
        "scoring/comment_moderate.html",
        {"area": area, "response": response, "error": error},
        status=400 if error else 200,
    )
