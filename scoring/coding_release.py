"""Released counts of coded comments, area by area: what "What people said" and the themes
page count. Worked out by the worker (scoring.coding_refresh), never in a request.

Why releases: coding changes counts one comment at a time, and the person coding knows which
comment they just coded. If the counts by group were live, the count that moved would give
that comment's group (its time in the system, say, which no quote shows). So an area's counts
change only when at least the threshold of comments has been coded (or uncoded, or hidden)
since its last release, and then take them all, as late responses join the latest results
in tens. Comparing two releases then describes at least that many comments.

A comment counts under a role or organisation type group only where scoring.comments' group
filter matches it (the group its quote and the comments page would show), and under a time in
the system group only where that group is shown in the area's breakdowns; otherwise under
"unattributed", which is never shown and is hidden with the suppressed groups.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings

from surveys.models import Area

from .coding_comments import CodingComment, group_attribution, tenure_groups
from .coding_frame import Frame, statement_key, theme_key
from .coding_models import BARRIER, ENABLER, CodingRelease, CommentCoding, PassageCode
from .reader import Summary

UNATTRIBUTED = "unattributed"
GROUP_QUESTIONS = ("organisation_type", "primary_role", "time_in_system")


def _comment_codes(response_ids, frame: Frame) -> dict[int, dict[str, set[str]]]:
    """For each comment: code key -> the polarities its passages with that code carry
    (a comment's statement counts as an enabler where a passage has both codes)."""
    parents = frame.theme_parent()
    by_passage: dict[int, list[PassageCode]] = defaultdict(list)
    owner = {}
    for code in PassageCode.objects.filter(
        passage__response_id__in=response_ids, passage__sample__isnull=True
    ).select_related("passage"):
        by_passage[code.passage_id].append(code)
        owner[code.passage_id] = code.passage.response_id
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for passage_id, codes in by_passage.items():
        polarities = {code.polarity for code in codes if code.polarity}
        comment = found[owner[passage_id]]
        for code in codes:
            keys = [code.key]
            if code.theme_id in parents:  # a child theme counts for its parent too
                keys.append(theme_key(parents[code.theme_id]))
            for key in keys:
                comment[key] |= polarities
    return found


def release_counts(
    *, area: Area, summary: Summary, comments: list[CodingComment], ids: set[int], frame: Frame
) -> dict:
    """Raw counts over the comments `ids` (never shown as they are: read through
    scoring.what_people_said, which suppresses)."""
    chosen = [c for c in comments if c.pk in ids]
    attribution = group_attribution(area=area, summary=summary)
    tenure = tenure_groups(comments=chosen, summary=summary)
    codes = _comment_codes([c.pk for c in chosen], frame)

    def groups_of(pk: int) -> dict[str, str]:
        found = dict(attribution.get(pk, {}))
        found["time_in_system"] = tenure.get(pk, "")
        return {q: found.get(q) or UNATTRIBUTED for q in GROUP_QUESTIONS}

    coded_groups = {q: defaultdict(int) for q in GROUP_QUESTIONS}
    by_code: dict[str, dict] = {}
    for comment in chosen:
        groups = groups_of(comment.pk)
        for question, key in groups.items():
            coded_groups[question][key] += 1
        for key, polarities in codes.get(comment.pk, {}).items():
            entry = by_code.setdefault(
                key,
                {
                    "comments": 0,
                    ENABLER: 0,
                    BARRIER: 0,
                    "groups": {q: defaultdict(int) for q in GROUP_QUESTIONS},
                },
            )
            entry["comments"] += 1
            for polarity in polarities & {ENABLER, BARRIER}:
                entry[polarity] += 1
            for question, group in groups.items():
                entry["groups"][question][group] += 1
    return {
        "coded": len(chosen),
        "coded_groups": {q: dict(v) for q, v in coded_groups.items()},
        "codes": {
            key: {**entry, "groups": {q: dict(v) for q, v in entry["groups"].items()}}
            for key, entry in by_code.items()
        },
    }


def area_release_refresh(
    *, area: Area, summary: Summary, comments: list[CodingComment], frame: Frame, now: datetime
) -> bool:
    """Release the area's counts again if at least the threshold of comments changed their
    coded state since the last release. True if it did."""
    visible = {c.pk for c in comments}
    coded = set(
        CommentCoding.objects.filter(response_id__in=visible, sample__isnull=True).values_list(
            "response_id", flat=True
        )
    )
    release = CodingRelease.objects.filter(survey=area.survey).first()
    released = set(release.comment_ids) if release else set()
    if len(coded ^ released) < settings.RELAUDIT_MIN_GROUP_SIZE:
        return False
    counts = release_counts(area=area, summary=summary, comments=comments, ids=coded, frame=frame)
    CodingRelease.objects.update_or_create(
        survey=area.survey,
        defaults={"released_at": now, "comment_ids": sorted(coded), "counts": counts},
    )
    return True


def statement_keys(frame: Frame) -> list[str]:
    return [statement_key(s.code) for s in frame.statements]
