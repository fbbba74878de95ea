"""Closing surveys and computing results: the work behind the Celery tasks and commands."""

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from surveys.models import Instrument, Programme, Survey

from .models import ProgrammeSnapshot, SurveySnapshot
from .positions import position_effect_compute
from .summary import area_means, instrument_meta, summary_build
from .tallies import DEADLINE, LATEST, SurveyTally, tallies_collect

logger = logging.getLogger(__name__)


class SurveyCloseError(ValueError):
    pass


def _snapshots_write(items: list[tuple[Survey, str, SurveyTally]], now: datetime) -> None:
    """Store snapshots in bulk. A deadline snapshot is written only where none exists: what
    the review team saw at the deadline is never rewritten. Latest ones are replaced."""
    metas = {}  # by instrument: surveys of a programme share one or two versions
    rows = {DEADLINE: [], LATEST: []}
    for survey, kind, tally in items:
        if survey.instrument_id not in metas:
            metas[survey.instrument_id] = instrument_meta(survey.instrument)
        summary = summary_build(
            tally=tally,
            metas=metas[survey.instrument_id],
            min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            area=survey.area.slug,
            programme=survey.area.programme.slug,
            instrument_version=survey.instrument.version,
            snapshot=kind,
            computed_at=now.isoformat(),
        )
        rows[kind].append(
            SurveySnapshot(
                survey=survey,
                kind=kind,
                computed_at=now,
                tally=tally.to_json(),
                summary_json=json.dumps(summary),
            )
        )
    # One row per INSERT: in a multi-row insert Django sends each column as an array, and
    # psycopg escapes large text array elements with a regex, seconds for 200 summaries.
    SurveySnapshot.objects.bulk_create(rows[DEADLINE], ignore_conflicts=True, batch_size=1)
    SurveySnapshot.objects.bulk_create(
        rows[LATEST],
        batch_size=1,
        update_conflicts=True,
        unique_fields=["survey", "kind"],
        update_fields=["computed_at", "tally", "summary_json"],
    )


def _claim(pks: list[int], *, closed: bool) -> list[Survey]:
    """Lock the surveys to work on, skipping rows another worker or a submission in flight
    holds: they are picked up by the next run. Call inside a transaction."""
    return list(
        Survey.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=pks, closed_at__isnull=not closed)
        .select_related("area__programme", "instrument")
        .order_by("pk")
    )


def surveys_close(
    *, surveys: Iterable[Survey], now: datetime | None = None, notify: bool = True
) -> list[Survey]:
    """Close surveys: store their deadline and latest snapshots, mark them closed, recompute
    their programmes' summaries, then tell their reviewers. Surveys already closed (or being
    closed by another worker) are skipped, so running it twice changes nothing."""
    now = now or timezone.now()
    wanted = [survey.pk for survey in surveys]
    with transaction.atomic():
        claimed = _claim(wanted, closed=False)
        if not claimed:
            return []
        tallies = tallies_collect(survey_ids=[survey.pk for survey in claimed])
        _snapshots_write(
            [(s, kind, tallies[s.pk][kind]) for s in claimed for kind in (DEADLINE, LATEST)], now
        )
        Survey.objects.filter(pk__in=[s.pk for s in claimed]).update(
            closed_at=now, latest_stale_since=None
        )
        for programme in {survey.area.programme for survey in claimed}:
            programme_summary_compute(programme=programme, now=now)
        if notify:
            from .tasks import enqueue, results_ready_notify_task

            for survey in claimed:
                transaction.on_commit(lambda pk=survey.pk: enqueue(results_ready_notify_task, pk))
    logger.info("Closed %d survey(s)", len(claimed))
    return claimed


def survey_close(*, survey: Survey, now: datetime | None = None, notify: bool = True) -> bool:
    """Close one survey now. Before its deadline this is "close early": the deadline moves
    to now and the grace period is dropped, so no further responses are accepted."""
    now = now or timezone.now()
    if survey.closed_at is not None:
        return False
    if now < survey.closes_at:
        if now <= survey.opens_at:
            raise SurveyCloseError(f"The survey for {survey.area} has not opened yet.")
        Survey.objects.filter(pk=survey.pk).update(closes_at=now, late_until=None)
        survey.refresh_from_db()
    return bool(surveys_close(surveys=[survey], now=now, notify=notify))


def surveys_close_due(*, now: datetime | None = None) -> list[Survey]:
    """The beat task's work: close every survey whose deadline has passed (including any
    that fell due while the workers or the broker were down), then recompute the results
    that late responses left stale for longer than the debounce window."""
    now = now or timezone.now()
    closed = surveys_close(
        surveys=Survey.objects.filter(closes_at__lte=now, closed_at__isnull=True), now=now
    )
    quiet_since = now - timedelta(seconds=settings.RELAUDIT_LATE_DEBOUNCE_SECONDS)
    surveys_latest_recompute(
        surveys=Survey.objects.filter(closed_at__isnull=False, latest_stale_since__lte=quiet_since),
        now=now,
    )
    # Position effects are a separate task: they read every response's stored order, which
    # takes longer than closing, and nobody waits for them. A programme whose summary was
    # rewritten lacks one until that task has run; if the broker was down, the next beat
    # run enqueues it again.
    from .tasks import enqueue, position_effect_task

    for pk in (
        Programme.objects.filter(snapshots__position_effect__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
    ):
        enqueue(position_effect_task, pk)
    return closed


def survey_results_mark_stale(*, survey: Survey, now: datetime) -> None:
    """A response arrived after the survey's deadline: mark its results stale. This is a
    database write only, so a submission never waits on the broker; the beat recomputes
    once the mark is older than the debounce window, so a burst costs one recomputation."""
    Survey.objects.filter(pk=survey.pk, latest_stale_since__isnull=True).update(
        latest_stale_since=now
    )


def surveys_latest_recompute(*, surveys: Iterable[Survey], now: datetime | None = None) -> int:
    """Rewrite the latest snapshots of closed surveys (the deadline ones stay frozen), then
    their programmes' summaries, once each. Returns how many surveys were recomputed."""
    now = now or timezone.now()
    with transaction.atomic():
        # Clear the marks first: a response landing during the computation marks it again.
        claimed = _claim([survey.pk for survey in surveys], closed=True)
        if not claimed:
            return 0
        Survey.objects.filter(pk__in=[s.pk for s in claimed]).update(latest_stale_since=None)
        tallies = tallies_collect(survey_ids=[survey.pk for survey in claimed])
        _snapshots_write([(s, LATEST, tallies[s.pk][LATEST]) for s in claimed], now)
        for programme in {survey.area.programme for survey in claimed}:
            programme_summary_compute(programme=programme, now=now)
    return len(claimed)


def programme_summary_compute(*, programme: Programme, now: datetime | None = None) -> None:
    """The national summary: the sum of the closed areas' tallies, one per snapshot kind."""
    now = now or timezone.now()
    snapshots = (
        SurveySnapshot.objects.filter(
            survey__area__programme=programme, survey__closed_at__isnull=False
        )
        .select_related("survey__area", "survey__instrument")
        .order_by("survey__area__review_order", "survey__area__name")
    )
    totals = {DEADLINE: SurveyTally(), LATEST: SurveyTally()}
    area_tallies = {DEADLINE: {}, LATEST: {}}
    instruments = {}
    for snapshot in snapshots:
        tally = SurveyTally.from_json(snapshot.tally)
        totals[snapshot.kind].add(tally)
        area_tallies[snapshot.kind][snapshot.survey.area] = tally
        instruments[snapshot.survey.instrument.version] = snapshot.survey.instrument
    if not instruments:
        return
    newest = instruments[max(instruments)]
    metas = instrument_meta(newest)
    areas = {
        kind: {
            area.slug: {
                "responses": tally.overall.respondents,
                "with_comment": tally.overall.with_comment,
                "late": tally.overall.late,
                "sent_to": area.sent_to,
                "responses_by_day": tally.days,
                "means": area_means(tally.overall, metas, settings.RELAUDIT_MIN_GROUP_SIZE),
            }
            for area, tally in by_area.items()
        }
        for kind, by_area in area_tallies.items()
    }
    for kind in (DEADLINE, LATEST):
        summary = summary_build(
            tally=totals[kind],
            metas=metas,
            min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            area=None,
            programme=programme.slug,
            instrument_version=",".join(sorted(instruments)),
            snapshot=kind,
            computed_at=now.isoformat(),
        )
        summary["areas"] = areas[kind]
        ProgrammeSnapshot.objects.update_or_create(
            programme=programme,
            kind=kind,
            defaults={
                "computed_at": now,
                "summary_json": json.dumps(summary),
                "position_effect": None,
            },
        )


def programme_position_effect_compute(*, programme: Programme) -> None:
    """Fill in the position effect of the programme's snapshots that lack it."""
    metas = None
    for snapshot in ProgrammeSnapshot.objects.filter(
        programme=programme, position_effect__isnull=True
    ):
        if metas is None:
            newest = max(json.loads(snapshot.summary_json)["instrument_version"].split(","))
            metas = instrument_meta(Instrument.objects.get(version=newest))
        snapshot.position_effect = position_effect_compute(
            programme=programme,
            metas=metas,
            min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            late=snapshot.kind == LATEST,
        )
        snapshot.save(update_fields=["position_effect"])


def results_ready_notify(*, survey: Survey) -> None:
    """Email the area's reviewers (the admins if none is assigned) a link to its report."""
    area = survey.area
    link = settings.SITE_ROOT + reverse("area_report", args=[area.programme.slug, area.slug])
    subject = f"Relational audit results ready: {area.name}"
    body = render_to_string(
        "email/results_ready.txt",
        {
            "area": area,
            "survey": survey,
            "link": link,
            "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
        },
    )
    recipients = [user.email for user in area.reviewers.all() if user.email and user.is_active]
    if recipients:
        send_mail(subject, body, None, recipients)
    else:
        mail_admins(subject, body)
