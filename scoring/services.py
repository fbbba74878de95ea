"""Closing surveys and computing results: the work behind the Celery tasks and commands."""

import json
import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from relaudit.broker import enqueue
from surveys.models import Instrument, Programme, Survey
from surveys.outbox import email_queue

from .comparison_basis import publication_moments
from .models import ProgrammePublication, ProgrammeSnapshot, SurveySnapshot
from .positions import position_effect_compute
from .programme_summary import programme_release_build
from .regrouping import latest_breakdowns, recodings_now
from .snapshot_writing import (
    SnapshotItem,
    late_taken_record,
    latest_step,
    snapshots_write,
)
from .summary import instrument_meta
from .summary_shape import SummaryData, breakdowns_from_json, breakdowns_to_json
from .tallies import DEADLINE, LATEST, SurveyTally, tallies_collect

logger = logging.getLogger(__name__)
POSITION_EFFECT_TASK = "scoring.tasks.programme_position_effect_compute_task"


class SurveyCloseError(ValueError):
    pass


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
        recodings = recodings_now(survey_ids=[survey.pk for survey in claimed])
        items, took_step = [], set()
        for s in claimed:
            deadline, fresh = tallies[s.pk][DEADLINE], tallies[s.pk][LATEST]
            late = fresh.overall.late
            items.append(SnapshotItem(s, DEADLINE, deadline, deadline, 0, recodings[s.pk]))
            latest = latest_step(fresh, deadline)
            if latest is fresh and late:
                took_step.add(s.pk)
            items.append(SnapshotItem(s, LATEST, latest, deadline, late, recodings[s.pk]))
        late_taken_record(claimed, took_step)
        snapshots_write(items, now)
        Survey.objects.filter(pk__in=[s.pk for s in claimed]).update(
            closed_at=now, latest_stale_since=None
        )
        for programme in {survey.area.programme for survey in claimed}:
            programme_summary_compute(programme=programme, now=now)
        if notify:
            # Into the outbox, in this transaction: a broker outage delays it, never loses it.
            for survey in claimed:
                results_ready_queue(survey=survey)
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
    for pk in (
        ProgrammeSnapshot.objects.filter(_position_effect_to_compute(now))
        .values_list("programme_id", flat=True)
        .distinct()
        .order_by()
    ):
        transaction.on_commit(partial(enqueue, POSITION_EFFECT_TASK, pk))
    return closed


# Longer than the position effect has taken (74 s at 1M responses), shorter than an hour.
POSITION_EFFECT_CLAIM = timedelta(minutes=15)


def _position_effect_to_compute(now: datetime) -> Q:
    """Snapshots without a position effect that no live task has claimed."""
    return Q(position_effect__isnull=True) & (
        Q(position_effect_claimed_at__isnull=True)
        | Q(position_effect_claimed_at__lt=now - POSITION_EFFECT_CLAIM)
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
        recodings = recodings_now(survey_ids=[survey.pk for survey in claimed])
        stored = {
            (snapshot.survey_id, snapshot.kind): snapshot
            for snapshot in SurveySnapshot.objects.filter(survey__in=claimed)
        }
        items, took_step = [], set()
        for s in claimed:
            fresh, deadline = tallies[s.pk][LATEST], stored[(s.pk, DEADLINE)]
            latest = stored.get((s.pk, LATEST))
            figures = latest_step(fresh, SurveyTally.from_json((latest or deadline).tally))
            if figures is fresh:
                took_step.add(s.pk)
            # Latest breakdowns: the deadline's respondents (the same people whatever late
            # batches the figures took in), by role as recoded now.
            breakdowns, reasons = latest_breakdowns(
                deadline_tally=deadline.tally,
                deadline_summary=deadline.summary,
                latest_tally=latest and latest.tally,
                latest_summary=latest and latest.summary,
                recodings=recodings[s.pk],
                min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            )
            items.append(
                SnapshotItem(
                    s, LATEST, figures, breakdowns, fresh.overall.late, recodings[s.pk], reasons
                )
            )
        late_taken_record([s for s in claimed if s.pk in took_step], took_step)
        snapshots_write(items, now)
        for programme in {survey.area.programme for survey in claimed}:
            programme_summary_compute(programme=programme, now=now)
    return len(claimed)


def programme_summary_compute(*, programme: Programme, now: datetime | None = None) -> None:
    """Store the programme (national) summary of each kind. Its breakdowns are live once
    every area has closed; before that they are the ones a lead last published, or none."""
    now = now or timezone.now()
    release = programme_release_build(programme=programme, now=now)
    _programme_summaries_store(programme=programme, summaries=release.summaries, now=now)


def _programme_summaries_store(
    *, programme: Programme, summaries: dict[str, SummaryData], now: datetime
) -> None:
    all_closed = not Survey.objects.filter(
        area__programme=programme, closed_at__isnull=True
    ).exists()
    published = {p.kind: p for p in programme.publications.all()}
    for kind, summary in summaries.items():
        if all_closed:
            summary = replace(summary, breakdowns_as_at="all_areas_closed")
        elif kind in published:
            summary = replace(
                summary,
                breakdowns=breakdowns_from_json(json.loads(published[kind].breakdowns_json)),
                breakdowns_as_at=published[kind].published_at.isoformat(),
            )
        else:
            summary = replace(summary, breakdowns={}, breakdowns_as_at=None)
        ProgrammeSnapshot.objects.update_or_create(
            programme=programme,
            kind=kind,
            defaults={
                "computed_at": now,
                "summary_json": json.dumps(summary.to_json()),
                "position_effect": None,
                "position_effect_claimed_at": None,
            },
        )


def _rounded(values: dict) -> dict:
    return {key: None if value is None else round(value, 2) for key, value in values.items()}


def programme_results_publish(*, programme: Programme, now: datetime | None = None) -> bool:
    """A lead publishes the programme's figures as they are now: rounded means for the
    area reviewers' comparison, and the programme breakdowns, counting roles as recoded now
    (after bringing any area's latest results up to date with them). False if nothing has
    closed."""
    now = now or timezone.now()
    surveys_latest_recompute(
        surveys=Survey.objects.filter(area__programme=programme, latest_stale_since__isnull=False),
        now=now,
    )
    release = programme_release_build(programme=programme, now=now, recodings="current")
    summaries = release.summaries
    if not summaries:
        return False
    with transaction.atomic():
        for kind, summary in summaries.items():
            figures = {
                "statements": _rounded(
                    {code: figures.mean for code, figures in summary.statements.items()}
                ),
                **{
                    part: _rounded(getattr(summary, part))
                    for part in ("attributes", "dimensions", "domains", "frameworks")
                },
                # The recodings these breakdowns count, by survey: the next release is
                # checked against them (scoring.programme_parts).
                "roles_recoded": {
                    str(survey): {str(pk): value for pk, value in recodings.items()}
                    for survey, recodings in (release.recodings or {}).items()
                },
            }
            ProgrammePublication.objects.update_or_create(
                programme=programme,
                kind=kind,
                defaults={
                    "published_at": now,
                    "figures": figures,
                    "breakdowns_json": json.dumps(breakdowns_to_json(summary.breakdowns)),
                    "area_ids": release.area_ids,
                    "moments": publication_moments(
                        areas=release.figures_areas[kind], metas=release.metas
                    ),
                },
            )
        # The summaries just built, stored with the breakdowns now published: not built again.
        _programme_summaries_store(programme=programme, summaries=summaries, now=now)
    return True


def programme_position_effect_compute(*, programme: Programme, now: datetime | None = None) -> None:
    """Fill in the position effect of the programme's snapshots that lack it, each one
    claimed first, so that a second task for the same programme skips it."""
    now = now or timezone.now()
    metas = None
    for snapshot in ProgrammeSnapshot.objects.filter(
        programme=programme, position_effect__isnull=True
    ):
        claimed = ProgrammeSnapshot.objects.filter(
            _position_effect_to_compute(now), pk=snapshot.pk
        ).update(position_effect_claimed_at=now)
        if not claimed:
            continue  # another task is computing it
        if metas is None:
            versions = SummaryData.from_json(snapshot.summary).instrument_version
            newest = max(versions.split(","))
            metas = instrument_meta(Instrument.objects.get(version=newest))
        snapshot.position_effect = position_effect_compute(
            programme=programme,
            metas=metas,
            min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            late=snapshot.kind == LATEST,
            survey_ids=_surveys_added_up(programme, snapshot.kind),
        )
        snapshot.save(update_fields=["position_effect"])


def _surveys_added_up(programme: Programme, kind: str) -> list[int]:
    """The surveys whose results of this kind the programme figures add up: those of at
    least the threshold (scoring.programme_summary)."""
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    return [
        snapshot.survey_id
        for snapshot in SurveySnapshot.objects.filter(
            survey__area__programme=programme, survey__closed_at__isnull=False, kind=kind
        ).only("survey_id", "tally")
        if snapshot.tally["overall"]["respondents"] >= threshold
    ]


def results_ready_queue(*, survey: Survey) -> int:
    """Queue the email to the area's reviewers (the admins if none is assigned) with a link
    to its report. Once per survey and address, whoever closes it and however often."""
    area = survey.area
    link = settings.SITE_ROOT + reverse("area_report", args=[area.programme.slug, area.slug])
    recipients = [user.email for user in area.reviewers.all() if user.email and user.is_active]
    recipients = recipients or [address for _name, address in settings.ADMINS]
    context = {
        "area": area,
        "survey": survey,
        "programme": area.programme,
        "link": link,
        "min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE,
    }
    return sum(
        email_queue(
            key=f"results:{survey.pk}:{address.lower()}",
            to=address,
            template="email/results_ready",
            context=context,
        )
        for address in recipients
    )
