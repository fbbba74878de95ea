"""Programmes run again: a series of waves, each area's lineage to the areas of the last
wave (systems merge and split) and statement wordings a lead marked comparable."""

from django.conf import settings
from django.db import models

from ..validators import validate_no_control_characters


class Series(models.Model):
    """Programmes run again and again ("Local system reviews"), one wave each."""

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_control_characters]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name

    def waves(self) -> models.QuerySet:
        """The series' programmes, first wave first."""
        return self.programmes.order_by("wave")


class AreaLineage(models.Model):
    """An area of a wave and one of its predecessors in the wave before. An area with two
    predecessors is a merger, two areas with the same predecessor a split: the link is many
    to many, and comparisons across it are labelled as such."""

    area = models.ForeignKey("Area", on_delete=models.CASCADE, related_name="predecessor_links")
    predecessor = models.ForeignKey(
        "Area", on_delete=models.CASCADE, related_name="successor_links"
    )
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="For example: merged with Wirral in April 2026",
        validators=[validate_no_control_characters],
    )

    class Meta:
        ordering = ["area", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "predecessor"], name="lineage_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.area}"


class ComparableWording(models.Model):
    """A lead's judgement that a statement reworded in a later instrument version still
    measures what the earlier wording did, so that the two are compared across waves."""

    statement = models.ForeignKey(
        "Statement", on_delete=models.CASCADE, related_name="comparable_with"
    )
    earlier = models.ForeignKey("Statement", on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True, validators=[validate_no_control_characters])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "earlier"], name="comparable_wording_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.code}: comparable with {self.earlier_id}"

    @classmethod
    def comparable_codes(cls, *, earlier: set[int], later: set[int]) -> set[str]:
        """The statement codes to compare between a wave answered on the instrument versions
        `earlier` (pks, as stored per response) and one answered on `later`: those whose
        wording is the same in every such pair of versions, or marked comparable (either
        way round). Any other code's wording changed: no trend."""
        from .instrument import Statement

        texts: dict[str, dict[int, tuple[int, str]]] = {}
        for pk, instrument_id, code, text in Statement.objects.filter(
            instrument_id__in=earlier | later
        ).values_list("pk", "instrument_id", "code", "text"):
            texts.setdefault(code, {})[instrument_id] = (pk, text)
        marked = {
            frozenset(pair)
            for pair in cls.objects.filter(
                statement__instrument_id__in=earlier | later,
                earlier__instrument_id__in=earlier | later,
            ).values_list("statement_id", "earlier_id")
        }
        comparable = set()
        for code, by_version in texts.items():
            pairs = [
                (by_version[e], by_version[v])
                for e in earlier
                for v in later
                if e in by_version and v in by_version
            ]
            if pairs and all(a[1] == b[1] or frozenset((a[0], b[0])) in marked for a, b in pairs):
                comparable.add(code)
        return comparable
