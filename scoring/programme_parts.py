"""What a programme lead already knows of each area's groups, for the programme's
suppression across areas (surveys.anonymity.suppression_across_parts) once roles have
been recoded: a lead reads each area's deadline and latest breakdowns, which may count roles
differently from the programme's. A group an area shows, counted the same way, is known; a
group it shows but counted differently is known but for the people recoded in or out of it;
a group it hides is unknown."""

from __future__ import annotations

from collections import Counter

from surveys.anonymity import Moves
from surveys.choices import reporting_group
from surveys.models import Response

from .regrouping import ROLE, Recodings, hidden_in, recodings_stored
from .tallies import SurveyTally


def role_moves(source: Recodings, target: Recodings) -> Moves:
    """People by (role group counted with `source`, with `target`), where they differ."""
    changed = [pk for pk in set(source) | set(target) if source.get(pk) != target.get(pk)]
    moves: Counter = Counter()
    for pk, role in Response.objects.filter(pk__in=changed).values_list("pk", "primary_role"):
        before = reporting_group(source.get(pk) or role)
        after = reporting_group(target.get(pk) or role)
        if before != after:
            moves[(before, after)] += 1
    return dict(moves)


def _touching(moves: Moves) -> Counter:
    """How many moved people each group gained or lost."""
    touched: Counter = Counter()
    for (before, after), n in moves.items():
        touched[before] += n
        touched[after] += n
    return touched


def area_part(question: str, record, tally: SurveyTally, target: Recodings | None):
    """The area's part of a programme question: its groups' sizes as the programme counts
    them, or, for roles counted otherwise than the area's own releases, (what is unknown of
    each group, the groups not fully known)."""
    sizes = {key: group.respondents for key, group in tally.breakdowns[question].items()}
    if question != ROLE or target is None:
        return sizes
    mine = target.get(record.survey_id, {})
    unknown = dict(sizes)
    for snapshot in (record.deadline, record.latest):
        if snapshot is None:
            continue
        hidden = hidden_in(snapshot.summary)
        touched = _touching(role_moves(recodings_stored(snapshot.tally), mine))
        for key in sizes:
            if key not in hidden:
                unknown[key] = min(unknown[key], touched.get(key, 0))
    hidden = {key for key, n in unknown.items() if n}
    if not hidden:
        return sizes  # every group is known as the area's releases show it
    return ({key: unknown[key] if key in hidden else sizes[key] for key in sizes}, hidden)


def release_moves(earlier, records, target: Recodings | None) -> list:
    """The people recoded between the last programme release a lead may hold and this one,
    area by area, as parts of their own: (people moved in or out by group, those groups).
    The last release is the last publication (with the recodings it counted), or, before
    any, the breakdowns at every area's deadline."""
    if target is None:
        return []
    counted = None
    if earlier is not None and "roles_recoded" in earlier.figures:
        counted = {
            int(survey): {int(pk): value for pk, value in recodings.items()}
            for survey, recodings in earlier.figures["roles_recoded"].items()
        }
    parts = []
    for record in records:
        if earlier is not None and record.area.pk not in earlier.area_ids:
            continue  # added since: checked as a release of its own
        source = (
            counted.get(record.survey_id, {})
            if counted is not None
            else recodings_stored(record.deadline.tally)
        )
        touched = _touching(role_moves(source, target.get(record.survey_id, {})))
        if touched:
            parts.append((dict(touched), set(touched)))
    return parts
