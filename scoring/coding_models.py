"""Coding comments against the instrument's framework: analysts, themes, passages and their
codes, agreement samples, stored suggestions, released counts and safeguarding flags.

Imported into scoring.models, where Django finds them. A passage's offsets count characters
of the respondent's ORIGINAL comment, which moderation never changes: every page maps them
onto the text people are shown (scoring.passage_offsets), so a redaction made after coding
reaches every passage at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from surveys.models import Programme, Response, Survey

ENABLER = "enabler"
BARRIER = "barrier"
POLARITY_CHOICES = [(ENABLER, "Enabler"), (BARRIER, "Barrier")]


class CodingSettings(models.Model):
    """A programme's coding settings and the state of its worker-computed suggestions."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="coding_settings"
    )
    safeguarding_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Gets an email (never the comment's text) when a comment is flagged",
    )
    # Set by the first code change of a burst; the beat refreshes suggestions and released
    # counts once it is older than RELAUDIT_CODING_DEBOUNCE_SECONDS.
    stale_since = models.DateTimeField(null=True, blank=True, editable=False)
    refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a task took the refresh on: no other is enqueued meanwhile, unless it is old.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"Coding settings of {self.programme}"


class ProgrammeAnalyst(models.Model):
    """Someone a lead named to read and code the programme's comments (nothing else)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="analysts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analysed_programmes"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="analyst_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.programme})"


class Theme(models.Model):
    """A theme a lead adds to the code frame; nested one level at most (a theme with a
    parent has no children), which scoring.coding_setup checks."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="theme_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class AgreementSample(models.Model):
    """Comments a lead asked two analysts to code independently, to measure agreement."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="agreement_samples"
    )
    first_analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    second_analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    responses = models.ManyToManyField(Response, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sample {self.pk} of {self.programme}"

    def coders(self) -> tuple:
        return (self.first_analyst, self.second_analyst)


class Passage(models.Model):
    """A stretch of a comment [start, end) in the ORIGINAL text's characters (code points).
    The whole comment is the default passage. `sample` is null for the programme's coding
    (what reports read); otherwise this is one analyst's independent coding in a sample."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sample = models.ForeignKey(
        AgreementSample, null=True, blank=True, on_delete=models.CASCADE, related_name="passages"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["response", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="passage_span"),
        ]

    def __str__(self) -> str:
        return f"Passage {self.start}-{self.end} of comment {self.response_id}"


class PassageCode(models.Model):
    """One code on a passage: a statement, enabler or barrier, or a theme; who applied it
    and when (an import also keeps the coder the other tool named)."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="codes")
    statement_code = models.CharField(max_length=20, blank=True)
    polarity = models.CharField(max_length=10, blank=True, choices=POLARITY_CHOICES)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="codes"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField()
    imported_coder = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["passage", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(~Q(statement_code=""), polarity="", theme__isnull=True)
                    | Q(~Q(polarity=""), statement_code="", theme__isnull=True)
                    | Q(theme__isnull=False, statement_code="", polarity="")
                ),
                name="passage_code_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """The code's key in the frame: statement:RV-INT-CUL, enabler, barrier, theme:7."""
        if self.statement_code:
            return f"statement:{self.statement_code}"
        if self.polarity:
            return self.polarity
        return f"theme:{self.theme_id}"


class CommentCoding(models.Model):
    """A comment's coding is done in one layer: the programme's (sample null) or one
    analyst's in a sample. `nothing_to_code` marks a comment read and left without codes."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codings")
    sample = models.ForeignKey(
        AgreementSample, null=True, blank=True, on_delete=models.CASCADE, related_name="codings"
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nothing_to_code = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response"], condition=Q(sample__isnull=True), name="coded_once"
            ),
            models.UniqueConstraint(
                fields=["response", "sample", "coder"],
                condition=Q(sample__isnull=False),
                name="sample_coded_once_per_coder",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.response_id} coded" + (
            f" in sample {self.sample_id}" if self.sample_id else ""
        )


class SampleSettlement(models.Model):
    """How a lead settled one disagreement of a sample: the code applies or it does not."""

    sample = models.ForeignKey(
        AgreementSample, on_delete=models.CASCADE, related_name="settlements"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    code_key = models.CharField(max_length=40)
    applies = models.BooleanField()
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sample", "response", "code_key"], name="settled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code_key} on comment {self.response_id}: {self.applies}"


class CommentSuggestion(models.Model):
    """What the model suggests for a whole comment, computed by a worker: never a code."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="suggestion")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    statements = models.JSONField(help_text="[[code, score], ...], best first")
    # The first three codes as ",A,B,C,": "comments suggested for a statement" is a filter.
    top_codes = models.CharField(max_length=100, default="", editable=False)
    polarity = models.CharField(max_length=10, choices=POLARITY_CHOICES)
    polarity_score = models.FloatField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Suggestion for comment {self.response_id}"


class CodingRelease(models.Model):
    """An area's coded-comment counts as reports show them. They change only in steps of at
    least the threshold of newly coded comments, so that comparing two releases never
    tells one comment's group. Raw counts: suppression is applied when they are read."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="coding_release")
    released_at = models.DateTimeField()
    comment_ids = models.JSONField(default=list)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Coding release of {self.survey}"


class SafeguardingFlag(models.Model):
    """A comment flagged as a possible safeguarding or whistleblowing concern."""

    OPEN = "open"
    OUTCOMES = [
        (OPEN, "Open: not yet looked at"),
        ("referred", "Referred under the safeguarding or whistleblowing procedure"),
        ("no_action", "Looked at: no action needed"),
        ("other", "Other action taken"),
    ]

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="safeguarding_flags"
    )
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="safeguarding_flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField()
    reason = models.TextField(blank=True, help_text="Why, in the flagger's words (not emailed)")
    outcome = models.CharField(max_length=20, choices=OUTCOMES, default=OPEN)
    outcome_note = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-flagged_at", "-pk"]

    def __str__(self) -> str:
        return f"Flag {self.pk} on comment {self.response_id}"


class CodingEvent(models.Model):
    """The audit trail of coding and safeguarding: who did what, when. Never a comment's
    text: a comment is referred to by its id."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)  # kept if the account goes
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flag = models.ForeignKey(
        SafeguardingFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["programme", "at"], name="coding_event_programme_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action}"
