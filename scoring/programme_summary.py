"""A programme's (national) summaries, built from its closed areas' snapshots: the figures
of the areas with at least the threshold of responses added up, and breakdowns suppressed
so that nothing a lead also sees (each area's results, earlier publications) can be
subtracted from them to reveal a small group. Reads only; scoring.services stores them."""

import json
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings

from surveys.anonymity import suppression_across_parts
from surveys.models import Programme

from .models import SurveySnapshot
from .programme_parts import area_part, release_moves
from .regrouping import ROLE, Recodings, recodings_now, recodings_stored, regroup
from .summary import StatementMeta, area_means, instrument_meta, summary_build
from .summary_shape import AreaLine, SummaryData, breakdowns_from_json
from .tallies import DEADLINE, LATEST, SurveyTally, Tally


@dataclass
class ProgrammeRelease:
    summaries: dict[str, SummaryData]  # by kind; empty when no area has closed
    area_ids: list[int]  # the areas added up in the breakdowns
    # By kind, the overall tallies of the areas added up in the figures (by area pk), and
    # the statements they are scored with: what fair comparisons take one area out of.
    figures_areas: dict[str, dict[int, Tally]] = field(default_factory=dict)
    metas: list[StatementMeta] = field(default_factory=list)
    # The recoded roles the breakdowns count, by survey (None: each area's as at its
    # deadline), for the publication to keep.
    recodings: dict[int, Recodings] | None = None


@dataclass
class _Area:
    area: object
    survey_id: int
    deadline: SurveySnapshot | None = None
    latest: SurveySnapshot | None = None


def published_recodings(programme: Programme) -> dict[int, Recodings] | None:
    """The recoded roles the last publication counted, by survey (None: none yet)."""
    last = programme.publications.order_by("-published_at").first()
    if last is None or "roles_recoded" not in last.figures:
        return None
    return {
        int(survey): {int(pk): value for pk, value in recodings.items()}
        for survey, recodings in last.figures["roles_recoded"].items()
    }


def programme_release_build(
    *, programme: Programme, now: datetime, recodings: str = "published"
) -> ProgrammeRelease:
    """Both kinds of programme summary, breakdowns included (callers decide whether to
    show them): the sum of the tallies of the closed areas with at least the threshold of
    responses. Smaller areas are listed with their counts only: added to the programme,
    they could be read off as the difference before and after they closed.

    Breakdowns count each area's respondents at its deadline, by role as recoded when a lead
    last published (`recodings="published"`; before any publication, as each area counted
    them at its deadline), or as recoded now (`"current"`: a publication being made)."""
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    snapshots = (
        SurveySnapshot.objects.filter(
            survey__area__programme=programme, survey__closed_at__isnull=False
        )
        .select_related("survey__area", "survey__instrument")
        .order_by("survey__area__review_order", "survey__area__name")
    )
    totals = {DEADLINE: SurveyTally(), LATEST: SurveyTally()}
    area_tallies = {DEADLINE: {}, LATEST: {}}
    late_received = {DEADLINE: {}, LATEST: {}}
    participation = {DEADLINE: {}, LATEST: {}}
    late_in_figures = {DEADLINE: 0, LATEST: 0}
    figures_areas = {DEADLINE: {}, LATEST: {}}
    instruments = {}
    records: dict[int, _Area] = {}
    for snapshot in snapshots:
        tally = SurveyTally.from_json(snapshot.tally)
        area = snapshot.survey.area
        record = records.setdefault(area.pk, _Area(area, snapshot.survey_id))
        setattr(record, snapshot.kind, snapshot)
        area_tallies[snapshot.kind][area] = tally
        late_received[snapshot.kind][area] = snapshot.tally.get("late_received", 0)
        participation[snapshot.kind][area] = snapshot.tally.get("participation")
        if tally.overall.respondents >= threshold:
            totals[snapshot.kind].add(tally)
            figures_areas[snapshot.kind][area.pk] = tally.overall
            late_in_figures[snapshot.kind] += late_received[snapshot.kind][area]
        instruments[snapshot.survey.instrument.version] = snapshot.survey.instrument
    if not instruments:
        return ProgrammeRelease(summaries={}, area_ids=[])
    metas = instrument_meta(instruments[max(instruments)])
    # The areas the breakdowns add up: those with at least the threshold by their deadline.
    added_up = [
        record
        for record in records.values()
        if record.deadline is not None
        and area_tallies[DEADLINE][record.area].overall.respondents >= threshold
    ]
    target = (
        recodings_now(survey_ids=[r.survey_id for r in added_up])
        if recodings == "current"
        else published_recodings(programme)
    )
    breakdowns = SurveyTally()
    regrouped = {}
    for record in added_up:
        tally = area_tallies[DEADLINE][record.area]
        if target is not None:
            counted = recodings_stored(record.deadline.tally)
            tally = regroup(tally, counted, target.get(record.survey_id, {})).tally
        regrouped[record.area.pk] = tally
        breakdowns.add(tally)
    reasons = _breakdown_reasons(
        programme=programme, totals=breakdowns, records=added_up, tallies=regrouped,
        target=target,
    )  # fmt: skip
    summaries = {}
    for kind in (DEADLINE, LATEST):
        # Breakdowns of both kinds are those at the areas' deadlines, as each area's are:
        # latest minus deadline would otherwise show late respondents by group, a few at a
        # time (ten late responses step the figures, two of them may be one group).
        summary = summary_build(
            tally=totals[kind],
            breakdown_tally=breakdowns,
            breakdown_reasons=reasons,
            metas=metas,
            min_group_size=threshold,
            area=None,
            programme=programme.slug,
            instrument_version=",".join(sorted(instruments)),
            snapshot=kind,
            computed_at=now.isoformat(),
            late=late_in_figures[kind],
        )
        summaries[kind] = replace(
            summary,
            areas={
                area.slug: AreaLine(
                    responses=tally.overall.respondents,
                    with_comment=tally.overall.with_comment,
                    late=late_received[kind][area],
                    sent_to=area.sent_to,
                    responses_by_day=tally.days,
                    means=area_means(tally.overall, metas, threshold),
                    participation=participation[kind][area],
                )
                for area, tally in area_tallies[kind].items()
            },
        )
    return ProgrammeRelease(
        summaries=summaries,
        area_ids=[r.area.pk for r in added_up],
        figures_areas=figures_areas,
        metas=metas,
        recodings=target,
    )


def _breakdown_reasons(*, programme, totals, records, tallies, target) -> dict[str, dict]:
    """Per question, the programme groups to suppress and why. A lead sees the areas'
    results and every publication as well as these: no programme group minus the areas'
    shown ones, nor these minus the last publication, may give back what an area hid
    (suppression_across_parts). Each area's part is what a lead does not know of its groups
    counted this way (programme_parts.area_part)."""
    earlier = programme.publications.order_by("-published_at").first()
    earlier_breakdowns = (
        breakdowns_from_json(json.loads(earlier.breakdowns_json)) if earlier else {}
    )
    moves_since = release_moves(earlier, records, target)
    reasons = {}
    for question, groups in totals.breakdowns.items():
        parts = {r.area.pk: area_part(question, r, tallies[r.area.pk], target) for r in records}
        reasons[question] = suppression_across_parts(
            {key: group.respondents for key, group in groups.items()},
            list(parts.values()),
            settings.RELAUDIT_MIN_GROUP_SIZE,
            earlier_hidden=[
                key
                for key, group in earlier_breakdowns.get(question, {}).items()
                if group.suppressed
            ],
            parts_since=None
            if earlier is None
            else [part for pk, part in parts.items() if pk not in earlier.area_ids],
            other_releases=[moves_since] if question == ROLE and moves_since else [],
        )
    return reasons
