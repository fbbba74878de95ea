"""Recoded roles in results already computed. A programme lead may recode written "other"
roles into a role category after areas have closed: an area's latest breakdowns, and the
programme's from its next publication, then count the respondents at their deadline by
role as recoded. The deadline snapshot keeps the roles as they were when it was computed.

Each snapshot stores the recodings it counted (`roles_recoded` in its tally: response id ->
the recoded ticks), so a stored tally can be regrouped to any later recoding by moving only
the recoded respondents between groups, and the people who moved between two releases are
known: the suppression rule (surveys.anonymity.suppression_after_regrouping) hides the
groups through which comparing the releases would single them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from surveys.anonymity import Moves, suppression_after_regrouping, suppression_reasons
from surveys.choices import reporting_group
from surveys.models import RATING_CODES, Response, rating_field

from .tallies import SurveyTally, Tally

ROLE = "primary_role"
Recodings = dict[int, str]  # response id -> recoded ticks ("" or absent: as answered)


def recodings_now(*, survey_ids) -> dict[int, Recodings]:
    """Each survey's recodings of its respondents at the deadline, as they are now: of the
    responses the deadline tally counts (Response.objects.in_results), so a response
    excluded as ballot stuffing, in no tally, is never moved between the tally's groups."""
    result: dict[int, Recodings] = {pk: {} for pk in survey_ids}
    for survey_id, pk, recoded in (
        Response.objects.in_results(with_late=False)
        .filter(survey_id__in=survey_ids)
        .exclude(primary_role_recoded="")
        .values_list("survey_id", "pk", "primary_role_recoded")
    ):
        result[survey_id][pk] = recoded
    return result


def recodings_stored(tally_json: dict) -> Recodings:
    return {int(pk): value for pk, value in (tally_json.get("roles_recoded") or {}).items()}


@dataclass(frozen=True)
class Regrouped:
    tally: SurveyTally  # breakdowns by role as recoded in `to`; everything else as given
    moves: Moves  # people by (role group before, role group after), where they differ


def regroup(tally: SurveyTally, source: Recodings, target: Recodings) -> Regrouped:
    """A deadline tally counted with the `source` recodings, counted with `target` instead:
    respondents whose role group differs are moved between the role groups."""
    changed = [pk for pk in set(source) | set(target) if source.get(pk) != target.get(pk)]
    if not changed:
        return Regrouped(tally, {})
    fields = [rating_field(code) for code in RATING_CODES]
    result = SurveyTally.from_json(tally.to_json())
    groups = result.breakdowns[ROLE]
    moves: Counter = Counter()
    for pk, role, comment, *ratings in Response.objects.filter(pk__in=changed).values_list(
        "pk", "primary_role", "comment", *fields
    ):
        before = reporting_group(source.get(pk) or role)
        after = reporting_group(target.get(pk) or role)
        if before == after:
            continue
        moves[(before, after)] += 1
        one = Tally(respondents=1, with_comment=int(bool(comment)))
        for code, rating in zip(RATING_CODES, ratings, strict=True):
            if rating is not None:
                one.distributions[code][rating] = 1
        _subtract(groups[before], one)
        groups[after].add(one)
    return Regrouped(result, dict(moves))


def _subtract(tally: Tally, one: Tally) -> None:
    tally.respondents -= one.respondents
    tally.with_comment -= one.with_comment
    for code, counts in one.distributions.items():
        mine = tally.distributions[code]
        for position, count in enumerate(counts):
            mine[position] -= count


def role_sizes(tally: SurveyTally) -> dict[str, int]:
    return {key: group.respondents for key, group in tally.breakdowns[ROLE].items()}


def hidden_in(summary_json: dict) -> set[str]:
    """The role groups a stored summary hid."""
    groups = summary_json.get("breakdowns", {}).get(ROLE, {})
    return {key for key, group in groups.items() if group.get("suppressed")}


def latest_breakdowns(
    *,
    deadline_tally: dict,
    deadline_summary: dict,
    latest_tally: dict | None,
    latest_summary: dict | None,
    recodings: Recodings,
    min_group_size: int,
) -> tuple[SurveyTally, dict[str, dict[str, str]]]:
    """An area's latest breakdowns: its respondents at the deadline by role as recoded now,
    and per question the groups to suppress. The role groups are checked against the
    deadline snapshot and against the latest snapshot they replace (both of which a
    reviewer may have read): the people recoded since must not be singled out."""
    deadline = SurveyTally.from_json(deadline_tally)
    counted = recodings_stored(deadline_tally)
    now = regroup(deadline, counted, recodings)
    earlier = [(role_sizes(deadline), hidden_in(deadline_summary), now.moves)]
    if latest_tally is not None and latest_summary is not None:
        shown = recodings_stored(latest_tally)
        before = regroup(deadline, counted, shown)
        since = regroup(before.tally, shown, recodings)
        earlier.append((role_sizes(before.tally), hidden_in(latest_summary), since.moves))
    reasons = {
        question: suppression_reasons(
            {key: group.respondents for key, group in groups.items()}, min_group_size
        )
        for question, groups in now.tally.breakdowns.items()
    }
    if any(moves for _sizes, _hidden, moves in earlier):
        reasons[ROLE] = suppression_after_regrouping(role_sizes(now.tally), earlier, min_group_size)
    return now.tally, reasons
