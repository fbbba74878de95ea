import json

from django.db import models

from surveys.models import Programme, Survey

from .tallies import SNAPSHOT_KINDS


class SurveySnapshot(models.Model):
    """An area's results at one moment. The deadline snapshot is written once, when the
    survey closes, and never changes; the latest one is rewritten as late responses land."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=SNAPSHOT_KINDS)
    computed_at = models.DateTimeField()
    # Unsuppressed counts the programme summary is summed from; never shown to anyone.
    tally = models.JSONField()
    # What reviewers, exports and the API see, suppression applied. Stored as JSON text, not
    # jsonb, so that keys keep their documented order (instrument order, option order).
    summary_json = models.TextField()
    # The statement counts the summary shows (None where it hides them) and its responses,
    # {"responses": n, "statements": {code: counts} | null}, written with the summary: what
    # the trend pages compare across waves, read without decoding each summary.
    shown_counts = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["survey", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "kind"], name="one_snapshot_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.kind})"

    @property
    def summary(self) -> dict:
        return json.loads(self.summary_json)


class ProgrammeSnapshot(models.Model):
    """The national summary over every closed survey of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=SNAPSHOT_KINDS)
    computed_at = models.DateTimeField()
    summary_json = models.TextField()
    # Mean score by the position a statement was shown at (scoring.positions). Cleared when
    # the summary is rewritten and computed after it, by a task or else the next beat.
    position_effect = models.JSONField(null=True, blank=True, editable=False)
    # When a task took on computing it: the beat enqueues no other meanwhile (at 1M
    # responses it runs longer than a beat interval), unless the claim is older than
    # POSITION_EFFECT_CLAIM (the task died).
    position_effect_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["programme", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"], name="one_programme_snapshot_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.kind})"

    @property
    def summary(self) -> dict:
        return json.loads(self.summary_json)


class ProgrammePublication(models.Model):
    """Programme figures a lead has published. Area reviewers compare their area with these
    (rounded means only) and the programme's breakdowns show these until every area has
    closed: figures that change only when a lead publishes cannot be differenced, area by
    area, as surveys close one after another."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=10, choices=SNAPSHOT_KINDS)
    published_at = models.DateTimeField()
    # Statement, attribute, dimension, domain and framework means rounded to two decimals.
    figures = models.JSONField()
    # The programme summary's breakdowns as published (suppression applied).
    breakdowns_json = models.TextField()
    # The areas those breakdowns add up: a later release minus this one describes the areas
    # added since, which scoring.services checks as a release of its own.
    area_ids = models.JSONField(default=list)
    # Each area added into the published figures, its statement moments as added ({"areas":
    # {pk: {code: [n, total, squares]}}}): area reviewers' "rest of the programme" is this
    # publication without their area (scoring.comparison_basis), never the live sums.
    moments = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="one_publication_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.kind}, published {self.published_at:%Y-%m-%d})"


# Coding comments (issue 19): in their own module, registered here where Django looks.
from .coding_models import (  # noqa: E402, F401
    AgreementSample,
    CodingEvent,
    CodingRelease,
    CodingSettings,
    CommentCoding,
    CommentSuggestion,
    Passage,
    PassageCode,
    ProgrammeAnalyst,
    SafeguardingFlag,
    SampleSettlement,
    Theme,
)
from .prepared_models import PreparedFile  # noqa: E402, F401
