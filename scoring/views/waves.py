"""Waves of a series, for programme leads: each area's change since the last wave (a
sortable heatmap), starting the next wave, the areas' lineage and comparable wordings."""

from datetime import date, datetime, time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from relaudit.audit import audit_record
from relaudit.models import AuditEvent
from surveys.models import Area, ComparableWording, Instrument, Statement
from surveys.wave_services import (
    WaveError,
    area_lineage_set,
    comparable_wording_mark,
    programme_next_wave_start,
)

from ..exports import table_csv
from ..selectors import is_lead
from ..series_export import series_responses_table
from ..wave_changes import METHOD
from ..wave_programme import programme_changes
from .access import lead_view, sort_header
from .downloads import attachment


def _sort_header(page, key: str) -> dict:
    return sort_header(sort=page.sort, descending=page.descending, key=key)


@require_GET
@lead_view
def programme_changes_page(request, programme):
    page = programme_changes(
        programme=programme,
        sort=request.GET.get("sort", "area"),
        descending=request.GET.get("order") == "desc",
    )
    context = {
        "programme": programme,
        "page": page,
        "method": METHOD,
        "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
    }
    if page:
        context["area_header"] = _sort_header(page, "area")
        context["responses_header"] = _sort_header(page, "responses")
        context["headers"] = [(c, _sort_header(page, c.measure.key)) for c in page.columns]
    return render(request, "scoring/waves/changes.html", context)


DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def _date_asked(post, field: str, what: str, *, end: bool = False):
    """A GOV.UK date input's day, month and year (`field`-day ...), or the ISO date an
    older form sent as `field`: (the moment, the boxes as typed, the error or None). The
    errors are the Design System's: which part is missing, or that it is not a real date."""
    typed = {part: post.get(f"{field}-{part}", "").strip()[:4] for part, _l, _w in DATE_PARTS}
    if not any(typed.values()) and post.get(field, "").strip():
        try:  # the form before the date boxes: YYYY-MM-DD
            day = date.fromisoformat(post[field].strip()[:10])
        except ValueError:
            day = None
        else:
            typed = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    missing = [part for part, _l, _w in DATE_PARTS if not typed[part]]
    if len(missing) == 3:
        return None, typed, {"text": f"Enter {what}", "parts": ["day", "month", "year"]}
    if missing:
        text = f"{what[0].upper()}{what[1:]} must include a " + " and a ".join(missing)
        return None, typed, {"text": text, "parts": missing}
    try:
        numbers = {part: int(value) for part, value in typed.items()}
        day = date(numbers["year"], numbers["month"], numbers["day"])
    except ValueError:
        day = None
    if day is None or numbers["year"] < 1000:
        text = f"{what[0].upper()}{what[1:]} must be a real date"
        return None, typed, {"text": text, "parts": ["day", "month", "year"]}
    moment = datetime.combine(day, time(23, 59) if end else time(9, 0))
    return timezone.make_aware(moment), typed, None


@require_http_methods(["GET", "POST"])
@lead_view
def programme_waves(request, programme):
    """The programme's series and waves, and the form that starts the next wave."""
    errors: dict[str, str] = {}
    date_errors: dict[str, dict | None] = {}
    values = {"instrument": programme.areas.values_list("survey__instrument", flat=True).first()}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:200] for k in ("name", "series")}
        values["instrument"] = request.POST.get("instrument", "")
        opens, values["opens"], date_errors["opens"] = _date_asked(
            request.POST, "opens", "the day the surveys open"
        )
        closes, values["closes"], date_errors["closes"] = _date_asked(
            request.POST, "closes", "the deadline", end=True
        )
        instrument = Instrument.objects.filter(pk=values["instrument"] or None).first()
        if not values["name"].strip():
            errors["name"] = "Enter a name for the next wave"
        errors.update({k: e["text"] for k, e in date_errors.items() if e})
        if instrument is None:
            errors["instrument"] = "Choose the instrument version"
        if not errors:
            try:
                wave = programme_next_wave_start(
                    programme=programme,
                    name=values["name"].strip(),
                    opens_at=opens,
                    closes_at=closes,
                    instrument=instrument,
                    series_name=values["series"],
                )
            except WaveError as problem:
                errors["name"] = str(problem)
            else:
                messages.success(request, f"{wave.name} is ready: check its areas' lineage.")
                return HttpResponseRedirect(reverse("programme_lineage", args=[wave.slug]))
    waves = list(programme.series.waves()) if programme.series_id else [programme]
    return render(
        request,
        "scoring/waves/waves.html",
        {
            "programme": programme,
            "waves": waves,
            "has_next": programme.series_id and waves[-1] != programme,
            "instruments": Instrument.objects.order_by("-version"),
            "errors": errors,
            "date_errors": date_errors,
            "date_parts": DATE_PARTS,
            "values": values,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@lead_view
def programme_lineage(request, programme):
    """Which areas of the last wave each area follows on from (merged, split or new)."""
    previous = programme.previous_wave()
    error = ""
    if request.method == "POST" and previous is not None:
        area = Area.objects.filter(programme=programme, pk=request.POST.get("area") or None).first()
        chosen = list(
            previous.areas.filter(
                pk__in=[p for p in request.POST.getlist("predecessor") if p.isdigit()]
            )
        )
        if area is not None:
            try:
                area_lineage_set(
                    area=area, predecessors=chosen, note=request.POST.get("note", "")[:500]
                )
            except WaveError as problem:
                error = str(problem)
            else:
                messages.success(request, f"Saved the lineage of {area.name}.")
                return HttpResponseRedirect(request.path)
    areas = list(programme.areas.prefetch_related("predecessor_links__predecessor"))
    return render(
        request,
        "scoring/waves/lineage.html",
        {
            "programme": programme,
            "previous": previous,
            "areas": [
                (
                    a,
                    {link.predecessor_id for link in a.predecessor_links.all()},
                    next((link.note for link in a.predecessor_links.all() if link.note), ""),
                )
                for a in areas
            ],
            "previous_areas": list(previous.areas.order_by("name")) if previous else [],
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@lead_view
def programme_wording(request, programme):
    """Statements whose wording differs between the last wave's instrument versions and this
    wave's: a lead marks the new wording comparable (or not)."""
    previous = programme.previous_wave()
    earlier_ids: set[int] = set()
    later_ids: set[int] = set()
    if previous is not None:
        earlier_ids = set(previous.areas.values_list("survey__instrument", flat=True)) - {None}
        later_ids = set(programme.areas.values_list("survey__instrument", flat=True)) - {None}
    pairs = []
    for statement in Statement.objects.filter(instrument_id__in=later_ids).order_by("position"):
        for earlier in Statement.objects.filter(instrument_id__in=earlier_ids, code=statement.code):
            if earlier.text != statement.text:
                pairs.append((statement, earlier))
    if request.method == "POST":
        chosen = {f"{s.pk}-{e.pk}": (s, e) for s, e in pairs}.get(request.POST.get("pair", ""))
        if chosen is not None:
            comparable_wording_mark(
                statement=chosen[0],
                earlier=chosen[1],
                comparable=request.POST.get("comparable") == "yes",
                by=request.user,
            )
            messages.success(request, f"Saved your decision on {chosen[0].code}.")
            return HttpResponseRedirect(request.path)
    marked = {
        (s, e)
        for s, e in ComparableWording.objects.filter(
            statement__in=[s for s, _e in pairs]
        ).values_list("statement_id", "earlier_id")
    }
    return render(
        request,
        "scoring/waves/wording.html",
        {
            "programme": programme,
            "previous": previous,
            "pairs": [(s, e, (s.pk, e.pk) in marked) for s, e in pairs],
        },
    )


@require_GET
@lead_view
def series_responses(request, programme):
    """The series' responses.csv: every wave the person leads, one row per response."""
    waves = [w for w in programme.waves_so_far() if is_lead(user=request.user, programme=w)]
    audit_record(
        user=request.user,
        action=AuditEvent.EXPORT,
        subject=programme.slug,
        detail="series-responses.csv",
    )
    name = f"{programme.slug}-series-responses"
    return attachment(table_csv(series_responses_table(waves=waves)), "csv", name)
