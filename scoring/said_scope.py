"""What a "What people said" page or report section reads: the released coded-comment counts
of an area, or of a programme's ready areas, and, only for a quote, the areas and comments
it comes from (scoring.what_people_said shows them, through the suppression rules)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.db.models import F
from django.utils import timezone

from surveys.models import Area, Programme

from .coding_comments import CodingComment, area_coding_comments
from .coding_models import CodingRelease, CommentCoding, CommentSuggestion
from .comments import area_joint_sizes
from .models import SurveySnapshot
from .reader import summary_read
from .selectors import area_snapshot
from .tallies import LATEST

COMMENTS_READ_FIRST = 10  # comments read with a quote's, then as many as read before
AREAS_READ = 10  # areas read together when a quote needs one


class Scope:
    """What one page reads: the released counts of an area, or of every ready area, and the
    comments behind its quotes, read area by area only when a quote needs them (a report's
    render time must not grow with the programme's areas or comments): areas are known by
    id, and read, with the comments released in them, only for a quote."""

    def __init__(
        self,
        area_ids: list[int],
        releases: dict[int, CodingRelease],
        known: dict[int, Area] | None = None,
    ):
        self.area_ids = area_ids
        self.releases = releases  # by area id, without their comment ids (see released)
        self._areas: dict[int, Area] = dict(known or {})
        self._comments: dict[int, dict[int, CodingComment | None]] = {}
        self._summaries: dict[int, tuple] = {}
        self._texts: dict[int, str | None] = {}
        self._expected: dict[int, dict[int, None]] = {}
        self._released: dict[int, set[int]] = {}

    def area(self, area_id: int) -> Area:
        """An area of the scope, read (with its latest summary's text) together with the
        next few areas a quote may come from."""
        if area_id not in self._areas:
            batch = [area_id, *(i for i in self._expected if i not in self._areas)]
            batch = list(dict.fromkeys(batch))[:AREAS_READ]
            self._areas.update(Area.objects.select_related("survey", "programme").in_bulk(batch))
            self._texts.update(
                SurveySnapshot.objects.filter(survey__area_id__in=batch, kind=LATEST).values_list(
                    "survey__area_id", "summary_json"
                )
            )
        return self._areas[area_id]

    def _summary(self, area: Area) -> tuple:
        """The area's latest summary and its joint group sizes (for quoting), read once."""
        if area.pk not in self._summaries:
            if area.pk not in self._texts:  # an area given to the scope: not read with others
                snapshot = area_snapshot(survey=area.survey, kind=LATEST)
                self._texts[area.pk] = snapshot.summary_json if snapshot else None
            text = self._texts[area.pk]
            summary = summary_read(text) if text else None
            joint = area_joint_sizes(survey=area.survey, summary=summary) if summary else None
            self._summaries[area.pk] = (summary, joint)
        return self._summaries[area.pk]

    def expect(self, area_id: int, response_ids: Iterable[int]) -> None:
        """Comments that may be quoted from an area, most likely first: a quote's comment is
        read with the next of them (in growing batches), never the area's all at once."""
        self._expected.setdefault(area_id, {}).update(dict.fromkeys(response_ids))

    def comment(self, area: Area, response_id: int) -> CodingComment | None:
        """The comment as reviewers read it now, or None (hidden, or not shown any more)."""
        known = self._comments.setdefault(area.pk, {})
        if response_id not in known:
            expected = self._expected.get(area.pk, {})
            batch = max(COMMENTS_READ_FIRST, len(known))
            ahead = [i for i in expected if i not in known and i != response_id][:batch]
            wanted = [response_id, *ahead]
            for i in wanted:
                expected.pop(i, None)
            summary, joint = self._summary(area)
            found = (
                area_coding_comments(area=area, summary=summary, ids=wanted, joint=joint)
                if summary
                else []
            )
            known.update(dict.fromkeys(wanted))
            known.update({c.pk: c for c in found})
        return known[response_id]

    def released(self, area_id: int) -> set[int]:
        """The comments counted in the area's release (read when a quote needs them)."""
        if area_id not in self._released:
            ids = CodingRelease.objects.filter(survey__area_id=area_id).values_list(
                "comment_ids", flat=True
            )
            self._released[area_id] = set(next(iter(ids), None) or ())
        return self._released[area_id]

    @property
    def coded(self) -> int:
        return sum(r.counts.get("coded", 0) for r in self.releases.values())

    @cached_property
    def pending(self) -> int:
        """Coded comments not in a release yet (about: a comment hidden since is counted).
        A release's "coded" count is the number of comments it holds."""
        coded = CommentCoding.objects.filter(
            sample__isnull=True, response__survey__area_id__in=self.area_ids
        ).count()
        return max(0, coded - self.coded)

    @cached_property
    def suggested(self) -> bool:
        """Whether any comment of these areas has a stored suggestion."""
        return CommentSuggestion.objects.filter(
            response__survey__area_id__in=self.area_ids
        ).exists()

    def area_counts(self, key: str) -> list[dict]:
        return [r.counts.get("codes", {}).get(key, {}) for r in self.releases.values()]

    @property
    def released_at(self):
        return max((r.released_at for r in self.releases.values()), default=None)


def scope_build(*, areas: list[Area]) -> Scope:
    return _scope([area.pk for area in areas], {area.pk: area for area in areas})


def programme_scope_build(*, programme: Programme) -> Scope:
    """The scope of a programme's report: its ready areas (as coding_comments.ready_areas
    chooses them, past the deadline and computed), by id."""
    ids = Area.objects.filter(
        programme=programme,
        survey__closes_at__lte=timezone.now(),
        survey__closed_at__isnull=False,
    ).order_by("review_order", "name")
    return _scope(list(ids.values_list("pk", flat=True)), {})


def _scope(area_ids: list[int], known: dict[int, Area]) -> Scope:
    releases = (
        CodingRelease.objects.filter(survey__area_id__in=area_ids)
        .defer("comment_ids")
        .annotate(area_id=F("survey__area_id"))
    )
    by_area = {release.area_id: release for release in releases}
    return Scope(area_ids, {pk: by_area[pk] for pk in area_ids if pk in by_area}, known)
