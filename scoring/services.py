"""Closing surveys and computing results: the work behind the Celery tasks and commands."""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
from surveys.selectors import surveys_participation

from .models import ProgrammePublication, ProgrammeSnapshot, SurveySnapshot
from .positions import position_effect_compute
from .programme_summary import programme_release_build
from .regrouping import Recodings, latest_breakdowns, recodings_now
from .summary import instrument_meta, summary_build
from .summary_shape import SummaryData, breakdowns_from_json, breakdowns_to_json
from .tallies import DEADLINE, LATEST, SurveyTally, tallies_collect

logger = logging.getLogger(__name__)
POSITION_EFFECT_TASK = "scoring.tasks.programme_position_effect_compute_task"


class SurveyCloseError(ValueError):
    pass


@dataclass(frozen=True)
class _SnapshotItem:
    """One snapshot to store: its figures' tally, the tally its breakdowns come from (the
    deadline's, for both kinds) and the late count to report."""

    survey: Survey
    kind: str
    tally: SurveyTally
    breakdowns: SurveyTally
    late: int
    recodings: Recodings  # the recoded roles the breakdowns count (scoring.regrouping)
    reasons: dict[str, dict[str, str]] | None = None  # groups to hide, where decided here


def _latest_step(fresh: SurveyTally, published: SurveyTally) -> SurveyTally:
    """Late responses enter the latest figures in steps of at least the threshold, all of
    them at once: latest minus deadline (or minus the previous step) then describes no
    fewer people than any other group shown. Until a step, the figures stay as published."""
    if fresh.overall.late - published.overall.late >= settings.RELAUDIT_MIN_GROUP_SIZE:
        return fresh
    return published


def _snapshots_write(items: list[_SnapshotItem], now: datetime) -> None:
    """Store snapshots in bulk. A deadline snapshot is written only where none exists: what
    the review team saw at the deadline is never rewritten. Latest ones are replaced."""
    metas = {}  # by instrument: surveys of a programme share one or two versions
    rows = {DEADLINE: [], LATEST: []}
    # Stored beside the tallies, so that reports read it instead of counting responses.
    participation = surveys_participation(
        surveys=Survey.objects.filter(pk__in={item.survey.pk for item in items})
    )
    for item in items:
        survey, kind, tally = item.survey, item.kind, item.tally
        if survey.instrument_id not in metas:
            metas[survey.instrument_id] = instrument_meta(survey.instrument)
        summary = summary_build(
            tally=tally,
            breakdown_tally=item.breakdowns,
            breakdown_reasons=item.reasons,
            late=item.late,
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
                # Late responses received, in the figures or not, for the programme report.
                tally={
                    **tally.to_json(),
                    "late_received": item.late,
                    "participation": participation[survey.pk].to_json(),
                    "roles_recoded": {str(pk): value for pk, value in item.recodings.items()},
                },
                summary_json=json.dumps(summary.to_json()),
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
        recodings = recodings_now(survey_ids=[survey.pk for survey in claimed])
        items = []
        for s in claimed:
            deadline, fresh = tallies[s.pk][DEADLINE], tallies[s.pk][LATEST]
            late = fresh.overall.late
            items.append(_SnapshotItem(s, DEADLINE, deadline, deadline, 0, recodings[s.pk]))
            latest = _latest_step(fresh, deadline)
            items.append(_SnapshotItem(s, LATEST, latest, deadline, late, recodings[s.pk]))
        _snapshots_write(items, now)
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
        items = []
        for s in claimed:
            fresh, deadline = tallies[s.pk][LATEST], stored[(s.pk, DEADLINE)]
            latest = stored.get((s.pk, LATEST))
            shown = SurveyTally.from_json((latest or deadline).tally)
            # Latest breakdowns: the deadline's respondents, by role as recoded now.
            breakdowns, reasons = latest_breakdowns(
                deadline_tally=deadline.tally,
                deadline_summary=deadline.summary,
                latest_tally=latest and latest.tally,
                latest_summary=latest and latest.summary,
                recodings=recodings[s.pk],
                min_group_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            )
            items.append(
                _SnapshotItem(
                    s, LATEST, _latest_step(fresh, shown), breakdowns, fresh.overall.late,
                    recodings[s.pk], reasons,
                )
            )  # fmt: skip
        _snapshots_write(items, now)
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
        )
        snapshot.save(update_fields=["position_effect"])


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
