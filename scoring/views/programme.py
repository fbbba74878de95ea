"""The programme report (leads and admins), its downloads, and recoding "other" roles."""

from collections import Counter
from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from surveys.choices import PRIMARY_ROLES
from surveys.models import Response, Survey
from surveys.selectors import participation_total
from surveys.services import ModerationError, other_role_key, other_role_recode

from ..findings import key_findings
from ..pdf import html_to_pdf
from ..reader import QUESTION_LABELS, summary_read
from ..report import (
    AREA_SORTS,
    BAND_NAMES,
    areas_sorted,
    breakdown_groups,
    breakdowns_note,
    statement_rows,
)
from ..selectors import programme_publication, programme_snapshot, surveys_participation_read
from ..services import programme_results_publish
from .access import lead_view, requested_kind
from .downloads import attachment, summary_download


def _programme_summary(programme, kind):
    snapshot = programme_snapshot(programme=programme, kind=kind)
    return snapshot and summary_read(snapshot.summary_json)


class AreaRow(NamedTuple):
    slug: str
    name: str
    review_order: int | None
    sent_to: int | None
    survey_id: int | None
    closes_at: datetime | None


def _programme_context(request, programme, kind, *, pdf=False) -> dict:
    snapshot = programme_snapshot(programme=programme, kind=kind)
    summary = snapshot and summary_read(snapshot.summary_json)
    # Plain rows, not model instances: 200 areas nationally.
    areas = {
        slug: AreaRow(slug, name, review_order, sent_to, survey_id, closes_at)
        for slug, name, review_order, sent_to, survey_id, closes_at in programme.areas.values_list(
            "slug", "name", "review_order", "sent_to", "survey__id", "survey__closes_at"
        )
    }
    open_counts = dict(
        Response.objects.filter(survey__area__programme=programme, survey__closed_at__isnull=True)
        .values_list("survey__area__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sort = request.GET.get("sort", "area")
    sort = sort if sort in AREA_SORTS else "area"
    descending = request.GET.get("order") == "desc"
    # Closed areas' participation as stored with their results (in the programme summary):
    # no response is counted here. Summaries from before it was stored read it apart.
    rates = {a.slug: a.participation for a in summary.areas if a.participation} if summary else {}
    missing = [a.slug for a in (summary.areas if summary else ()) if a.slug not in rates]
    if missing:
        read = surveys_participation_read(
            surveys=Survey.objects.filter(area__programme=programme, area__slug__in=missing)
        )
        rates |= {slug: read[areas[slug].survey_id] for slug in missing if slug in areas}
    names = {slug: area.name for slug, area in areas.items()}
    in_summary = {a.slug for a in summary.areas} if summary else set()
    context = {
        "rates": rates,
        "programme": programme,
        "kind": kind,
        "pdf": pdf,
        "summary": summary,
        "areas": areas,
        "names": names,
        "not_closed": [
            (area, open_counts.get(slug, 0))
            for slug, area in areas.items()
            if slug not in in_summary
        ],
        "band_names": BAND_NAMES,
        "publication": programme_publication(programme=programme, kind=kind),
        "sort": sort,
        "sort_options": [
            ("area", "area"),
            ("responses", "responses"),
            ("relational_value", "relational value"),
            ("relational_proximity", "relational proximity"),
        ],  # fmt: skip
        "descending": descending,
        "now": timezone.now(),
    }
    if not summary:
        return context
    breakdowns = [
        (question, QUESTION_LABELS[question], breakdown_groups(summary, question))
        for question in summary.breakdowns
    ]
    chosen = request.GET.get("statement", "")
    if chosen not in summary.by_code:
        worst = summary.worst.get("relational_value") or ()
        chosen = worst[0].code if worst else summary.statements[0].code
    context.update(
        computed_at=datetime.fromisoformat(summary.computed_at),
        findings=key_findings(summary, names=names),
        participation=participation_total(rates[a.slug] for a in summary.areas if a.slug in rates),
        scored_areas=sum(1 for a in summary.areas if a.means),
        rows=statement_rows(summary, None),
        compared=False,
        breakdowns=breakdowns if summary.breakdowns else [],
        breakdowns_note=breakdowns_note(summary, kind),
        chosen=summary.statement(chosen),
        area_rows=areas_sorted(summary, names, sort, descending),
        area_link=reverse("area_report", args=[programme.slug, "AREA"]) + f"?snapshot={kind}",
        position_effect=snapshot.position_effect,
    )
    return context


@require_GET
@lead_view
def programme_report(request, programme):
    context = _programme_context(request, programme, requested_kind(request))
    return render(request, "scoring/programme_report.html", context)


@require_GET
@lead_view
def programme_report_pdf(request, programme):
    kind = requested_kind(request)
    context = _programme_context(request, programme, kind, pdf=True)
    if not context["summary"]:
        raise Http404("No area of this programme has closed yet")
    html = render_to_string("scoring/programme_report.html", context, request)
    return attachment(html_to_pdf(html), "pdf", f"{programme.slug}-{kind}")


@require_POST
@lead_view
def programme_publish(request, programme):
    if programme_results_publish(programme=programme):
        messages.success(
            request, "Published: area reviewers now compare with these programme figures."
        )
    return HttpResponseRedirect(reverse("programme_report", args=[programme.slug]))


@require_GET
@lead_view
def programme_summary(request, programme, fmt):
    kind = requested_kind(request)
    summary = _programme_summary(programme, kind)
    if summary is None:
        raise Http404("No area of this programme has closed yet")
    return summary_download(summary, fmt, f"{programme.slug}-{kind}")


@require_http_methods(["GET", "POST"])
@lead_view
def other_roles(request, programme):
    """Free-text "other" roles, grouped, each recodable into a role category."""
    error = ""
    if request.method == "POST":
        try:
            changed = other_role_recode(
                programme=programme,
                text=request.POST.get("text", ""),
                role=request.POST.get("role", ""),
            )
        except ModerationError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                f"Recoded {changed} response{'s' if changed != 1 else ''}. They count as recoded "
                "in every area's latest results within a few minutes (closed areas are "
                "recomputed) and in the programme breakdowns from your next publication; "
                "the results at each deadline stay as the review teams saw them.",
            )
            return HttpResponseRedirect(reverse("other_roles", args=[programme.slug]))
    groups = {}
    responses = Response.objects.filter(
        survey__area__programme=programme, primary_role__contains="other"
    ).exclude(primary_role_other="")
    for text, recoded, primary_role in responses.order_by("pk").values_list(
        "primary_role_other", "primary_role_recoded", "primary_role"
    ):
        entry = groups.setdefault(
            other_role_key(text), {"spellings": Counter(), "count": 0, "codes": set()}
        )
        entry["spellings"][text] += 1
        entry["count"] += 1
        entry["codes"].add(_recoded_to(primary_role, recoded))
    for entry in groups.values():
        # Shown as most people wrote it; on a tie, as it was first written (Counter keeps
        # the order of first appearance among equal counts).
        entry["text"] = entry.pop("spellings").most_common(1)[0][0]
    rows = sorted(groups.values(), key=lambda e: (-e["count"], e["text"].casefold()))
    return render(
        request,
        "scoring/other_roles.html",
        {
            "programme": programme,
            "rows": rows,
            "roles": [(v, label) for v, label in PRIMARY_ROLES if v != "other"],
            "error": error,
        },
        status=400 if error else 200,
    )


def _recoded_to(primary_role: str, recoded: str) -> str:
    """The category an "other" role now counts as ("" while it counts as other)."""
    if not recoded:
        return ""
    added = set(recoded.split(",")) - set(primary_role.split(","))
    return next(iter(added), "")
