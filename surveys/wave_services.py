"""Running a programme again: starting its next wave, recording area lineage and marking
reworded statements comparable. Keyword-only services, as in surveys.services."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Area,
    AreaLineage,
    ComparableWording,
    Contact,
    Instrument,
    Programme,
    Series,
    Statement,
    Survey,
)


class WaveError(ValueError):
    """A next wave that cannot be started as asked (the message says why, for the form)."""


@transaction.atomic
def programme_next_wave_start(
    *,
    programme: Programme,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    instrument: Instrument,
    late_until: datetime | None = None,
    series_name: str = "",
) -> Programme:
    """The next wave of `programme`, in one step: the programme's settings and leads, each
    area with its reviewers and system contacts, a survey per area on the new dates and the
    chosen instrument version, and each new area's lineage to the area it copies (one to one;
    a lead edits it for mergers and splits). Nothing else is copied: no responses, comments,
    coding, results, invitations or declared reach. A programme outside any series starts
    one (named `series_name`, or after the programme) as its first wave."""
    if closes_at <= opens_at:
        raise WaveError("The deadline must be after the opening date")
    if late_until is not None and late_until < closes_at:
        raise WaveError("The grace period must end on or after the deadline")
    if Programme.objects.filter(name=name).exists():
        raise WaveError("A programme with this name already exists")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.series_id is None:
        series, _created = Series.objects.get_or_create(name=series_name.strip() or programme.name)
        if series.programmes.exists():
            raise WaveError("A series with this name already exists: choose another name")
        programme.series, programme.wave = series, 1
        programme.save(update_fields=["series", "wave"])
    if Programme.objects.filter(series_id=programme.series_id, wave__gt=programme.wave).exists():
        raise WaveError("This programme already has a next wave: start it from the latest wave")
    wave = Programme.objects.create(
        name=name,
        slug=_free_slug(name),
        series_id=programme.series_id,
        wave=programme.wave + 1,
        organisation_name=programme.organisation_name,
        contact_email=programme.contact_email,
        reminder_days=programme.reminder_days,
    )
    wave.leads.set(programme.leads.all())
    for area in programme.areas.prefetch_related("reviewers", "contacts"):
        copy = Area.objects.create(
            programme=wave,
            name=area.name,
            slug=area.slug,
            review_order=area.review_order,
            sent_to=area.sent_to,
        )
        copy.reviewers.set(area.reviewers.all())
        Contact.objects.bulk_create(
            Contact(
                area=copy,
                name=contact.name,
                email=contact.email,
                organisation=contact.organisation,
                role=contact.role,
            )
            for contact in area.contacts.all()
        )
        Survey.objects.create(
            area=copy,
            instrument=instrument,
            opens_at=opens_at,
            closes_at=closes_at,
            late_until=late_until,
        )
        AreaLineage.objects.create(area=copy, predecessor=area)
    return wave


def _free_slug(name: str) -> str:
    base = slugify(name)[:90] or "programme"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def area_lineage_set(*, area: Area, predecessors: list[Area], note: str = "") -> None:
    """Area `area` follows on from `predecessors` (areas of the wave before; several: a
    merger; one shared with another area: a split; none: a new system)."""
    previous = area.programme.previous_wave()
    if any(p.programme_id != getattr(previous, "pk", None) for p in predecessors):
        raise WaveError("Predecessors must be areas of the wave before")
    AreaLineage.objects.filter(area=area).exclude(predecessor__in=predecessors).delete()
    for predecessor in predecessors:
        AreaLineage.objects.update_or_create(
            area=area, predecessor=predecessor, defaults={"note": note}
        )


@transaction.atomic
def comparable_wording_mark(
    *, statement: Statement, earlier: Statement, comparable: bool, by=None, note: str = ""
) -> None:
    """Mark (or unmark) a reworded statement as comparable with its earlier wording."""
    if statement.code != earlier.code or statement.instrument_id == earlier.instrument_id:
        raise WaveError("Compare one statement's wordings in two instrument versions")
    if not comparable:
        ComparableWording.objects.filter(statement=statement, earlier=earlier).delete()
        return
    ComparableWording.objects.update_or_create(
        statement=statement,
        earlier=earlier,
        defaults={"marked_by": by, "marked_at": timezone.now(), "note": note},
    )


@transaction.atomic
def instrument_version_reword(
    *, instrument: Instrument, version: str, rewordings: dict[str, str]
) -> Instrument:
    """A new instrument version: `instrument`'s statements, codes and scale, with the
    statements named in `rewordings` (code -> new wording) reworded."""
    if Instrument.objects.filter(version=version).exists():
        raise WaveError(f"Instrument version {version} already exists")
    new = Instrument.objects.create(version=version, name=instrument.name, scale=instrument.scale)
    Statement.objects.bulk_create(
        Statement(
            instrument=new,
            code=s.code,
            position=s.position,
            framework=s.framework,
            attribute=s.attribute,
            dimension=s.dimension,
            domain=s.domain,
            is_negative=s.is_negative,
            text=rewordings.get(s.code, s.text),
        )
        for s in instrument.statements.order_by("position")
    )
    return new
