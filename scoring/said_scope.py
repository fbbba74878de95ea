"""What a "What people said" page or report section reads: the released coded-comment counts
of an area, or of a programme's ready areas, and, only for a quote, the areas and comments
it comes from (scoring.what_people_said shows them, through the suppression rules)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cached_property

from django.db.models import F
from django.utils import timezone

from surveys.models import Area, Programme

from .coding_comments import CodingComment
from .coding_models import CodingRelease, CommentCoding, CommentSuggestion
from .comments import comments_read, surveys_joint_sizes
from .models import SurveySnapshot
from .reader import Summary, summary_read
from .tallies import LATEST

COMMENTS_READ_FIRST = 20  # comments read with a quote's, then as many as read before
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
        # by (area id, response id): None where the comment may not be quoted
        self._comments: dict[tuple[int, int], CodingComment | None] = {}
        self._summaries: dict[int, Summary | None] = {}
        self._joints: dict[int, Counter] = {}  # by survey id
        self._texts: dict[int, str | None] = {}
        self._expected: dict[tuple[int, int], None] = {}
        self._released: dict[int, set[int]] = {}

    def area(self, area_id: int) -> Area:
        """An area of the scope, read (with its latest summary's text) together with the
        next few areas a quote may come from."""
        if area_id not in self._areas:
            ahead = (i for i, _response in self._expected if i not in self._areas)
            self._areas_read(list(dict.fromkeys([area_id, *ahead]))[:AREAS_READ])
        return self._areas[area_id]

    def _areas_read(self, batch: list[int]) -> None:
        self._areas.update(Area.objects.select_related("survey", "programme").in_bulk(batch))
        self._texts.update(
            SurveySnapshot.objects.filter(survey__area_id__in=batch, kind=LATEST).values_list(
                "survey__area_id", "summary_json"
            )
        )

    def _summaries_read(self, areas: list[Area]) -> None:
        """The areas' latest summaries and their joint group sizes (for quoting), read once:
        the group sizes of all of them in one query."""
        new = [area for area in areas if area.pk not in self._summaries]
        missing = [area.pk for area in new if area.pk not in self._texts]
        if missing:  # areas given to the scope: not read with others
            self._texts.update(
                SurveySnapshot.objects.filter(survey__area_id__in=missing, kind=LATEST).values_list(
                    "survey__area_id", "summary_json"
                )
            )
        for area in new:
            text = self._texts.get(area.pk)
            self._summaries[area.pk] = summary_read(text) if text else None
        uncounted = {
            area.survey.pk: self._summaries[area.pk]
            for area in areas
            if self._summaries[area.pk] is not None and area.survey.pk not in self._joints
        }
        if uncounted:
            self._joints.update(surveys_joint_sizes(summaries=uncounted))

    def summary_given(self, area: Area, summary: Summary) -> None:
        """The area's latest summary, read by the page already."""
        self._summaries[area.pk] = summary

    def expect(self, area_id: int, response_ids: Iterable[int]) -> None:
        """Comments that may be quoted, in the order quotes take them: a quote's comment is
        read with the next of them (in growing batches, from any area), never an area's all
        at once."""
        self._expected.update(dict.fromkeys((area_id, i) for i in response_ids))

    def comment(self, area: Area, response_id: int) -> CodingComment | None:
        """The comment as reviewers read it now, or None (hidden, or not shown any more)."""
        key = (area.pk, response_id)
        if key not in self._comments:
            batch = max(COMMENTS_READ_FIRST, len(self._comments))
            ahead = [k for k in self._expected if k not in self._comments and k != key][:batch]
            wanted = [key, *ahead]
            for k in wanted:
                self._expected.pop(k, None)
            self._areas.setdefault(area.pk, area)
            ids = list(dict.fromkeys(a for a, _r in wanted))
            unread = [i for i in ids if i not in self._areas]
            if unread:
                self._areas_read(unread)
            areas = {i: self._areas[i] for i in ids}
            self._summaries_read(list(areas.values()))
            quoted = {a: area for a, area in areas.items() if self._summaries[a] is not None}
            found = comments_read(
                summaries={area.survey.pk: self._summaries[a] for a, area in quoted.items()},
                joints={area.survey.pk: self._joints[area.survey.pk] for area in quoted.values()},
                ids=[r for a, r in wanted if a in quoted],
            )
            self._comments.update(dict.fromkeys(wanted))
            for a, r in wanted:
                comment = found.get((areas[a].survey.pk, r)) if a in quoted else None
                if comment is not None:
                    self._comments[(a, r)] = CodingComment(comment, areas[a])
        return self._comments[key]

    def released(self, area_id: int) -> set[int]:
        """The comments counted in the area's release (read when a quote needs them)."""
        if area_id not in self._released:
            self.released_read([area_id])
        return self._released[area_id]

    def released_read(self, area_ids: Iterable[int]) -> None:
        """The released comments of these areas, read together."""
        wanted = [i for i in dict.fromkeys(area_ids) if i not in self._released]
        if not wanted:
            return
        rows = CodingRelease.objects.filter(survey__area_id__in=wanted).values_list(
            "survey__area_id", "comment_ids"
        )
        self._released.update({i: set() for i in wanted})
        for area_id, ids in rows:
            self._released[area_id] = set(ids or ())

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


def scope_build(*, areas: list[Area], latest: Summary | None = None) -> Scope:
    """The scope of these areas; `latest`: the one area's latest summary, where the page has
    read it already (quotes are read with it)."""
    scope = _scope([area.pk for area in areas], {area.pk: area for area in areas})
    if latest is not None and len(areas) == 1 and latest.snapshot == LATEST:
        scope.summary_given(areas[0], latest)
    return scope


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
