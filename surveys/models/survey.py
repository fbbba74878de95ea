"""An area's survey (dates, link, access code) and the responses to it."""

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..kept import kept_for_a_minute
from .instrument import MAX_POSITION, RATING_CODES, Instrument, rating_field
from .programme import Area

# Letters and digits a person can read aloud and type without confusion: no 0/O, 1/I/L.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 8


def new_link_token() -> str:
    return secrets.token_urlsafe(24)


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


class Survey(models.Model):
    NOT_OPEN = "not_open"
    OPEN = "open"
    LATE = "late"  # past the deadline, within the grace period: accepted and marked late
    CLOSED = "closed"

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="survey")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="surveys")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text="The deadline")
    late_until = models.DateTimeField(
        null=True, blank=True, help_text="Optional grace period: late responses until then"
    )
    randomise_order = models.BooleanField(default=True)
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    access_code = models.CharField(
        max_length=ACCESS_CODE_LENGTH, unique=True, default=new_access_code, editable=False
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When results were first computed"
    )
    # Set by the first late response of a burst, cleared by the recomputation it triggers.
    latest_stale_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Which late responses the latest results took in: the highest late response id of each
    # group ("batch") of at least the threshold added, in order. Written while this row is
    # locked, which every submission also locks, so it is exact: a late response is in the
    # latest results if and only if its id is at most the last of these. Comments, the
    # position effect and the row-level export read the same set through it.
    late_batch_ends = models.JSONField(default=list, blank=True, editable=False)
    late_taken_through = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["area__programme", "area__review_order", "area__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(late_until__isnull=True) | Q(late_until__gte=models.F("closes_at")),
                name="survey_grace_after_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.area.programme})"

    @classmethod
    def for_respondent_pages(cls, token: str) -> "Survey | None":
        """The survey a link's token opens, as every respondent page needs it: its own row
        read afresh (dates, status and instrument version always current), its area (with
        the programme) and instrument as this process read them within the minute.

        The lookup every respondent page makes, three times a response: as one ORM query
        joining the four tables it cost 0.7 ms, over half of it compiling the query; the
        row by its unique token, written out, costs 0.14 ms."""
        return cls._with_kept_relations(
            cls.objects.raw("SELECT * FROM surveys_survey WHERE token = %s", [token])
        )

    @classmethod
    def of_area_for_respondent_pages(cls, area_id: int) -> "Survey | None":
        """As for_respondent_pages, for a contact's link (its area's survey)."""
        return cls._with_kept_relations(
            cls.objects.raw("SELECT * FROM surveys_survey WHERE area_id = %s", [area_id])
        )

    @classmethod
    def _with_kept_relations(cls, rows) -> "Survey | None":
        survey = next(iter(rows), None)
        if survey is None:
            return None
        area = kept_for_a_minute(
            ("area", survey.area_id),
            lambda: Area.objects.select_related("programme").filter(pk=survey.area_id).first(),
        )
        instrument = kept_for_a_minute(
            ("instrument", survey.instrument_id),
            lambda: Instrument.objects.filter(pk=survey.instrument_id).first(),
        )
        if area is None or instrument is None:
            return None  # deleted a moment ago
        # Cached on this survey only: the descriptor would also point the shared area back
        # at this request's survey.
        cls._meta.get_field("area").set_cached_value(survey, area)
        cls._meta.get_field("instrument").set_cached_value(survey, instrument)
        return survey

    def status(self, now: datetime) -> str:
        if now < self.opens_at:
            return self.NOT_OPEN
        if now <= self.closes_at:
            return self.OPEN
        if self.late_until and now <= self.late_until:
            return self.LATE
        return self.CLOSED

    def accepts_responses(self, now: datetime) -> bool:
        return self.status(now) in (self.OPEN, self.LATE)

    def results_ready(self, now: datetime) -> bool:
        """Past the deadline and computed: the review team may read the results."""
        return self.closes_at <= now and self.closed_at is not None

    def results_mark_stale(self, *, now: datetime) -> None:
        """A response arrived after results were computed: mark them stale. A database
        write only, so a submission never waits on the broker; the beat recomputes once the
        mark is older than the debounce window, so a burst costs one recomputation."""
        Survey.objects.filter(pk=self.pk, latest_stale_since__isnull=True).update(
            latest_stale_since=now
        )

    def late_batch_record(self, *, through: int | None) -> None:
        """Results were just computed and took in every late response up to id `through`
        (None: none yet, as when a survey closes with fewer than the threshold late). Call
        with the row locked, by the computation itself. A null late_taken_through means
        results computed before this was recorded: their late responses count as neither
        taken in nor waiting."""
        if through is None:
            if self.late_taken_through is None:
                self.late_taken_through = 0
                Survey.objects.filter(pk=self.pk).update(late_taken_through=0)
            return
        if self.late_taken_through is not None and through <= self.late_taken_through:
            return
        self.late_batch_ends = [*self.late_batch_ends, through]
        self.late_taken_through = through
        Survey.objects.filter(pk=self.pk).update(
            late_batch_ends=self.late_batch_ends, late_taken_through=through
        )

    @property
    def formatted_access_code(self) -> str:
        half = ACCESS_CODE_LENGTH // 2
        return f"{self.access_code[:half]}-{self.access_code[half:]}"

    @staticmethod
    def normalise_access_code(typed: str) -> str:
        """Case-insensitive, spaces and dashes ignored: "hk7p m3qd" -> "HK7PM3QD"."""
        return re.sub(r"[\s\-‐-―]+", "", typed or "").upper()

    @property
    def link(self) -> str:
        # No get_absolute_url on purpose: the admin's "view on site" redirect would hand
        # any staff account the survey's link, whatever its permissions.
        return settings.SITE_ROOT + reverse("survey_start", args=[self.token])


class ResponseQuerySet(models.QuerySet):
    def counted(self) -> "ResponseQuerySet":
        """Responses that count: not excluded as ballot stuffing (surveys.stuffing)."""
        return self.filter(exclusion__isnull=True)

    def in_results(self, *, with_late: bool) -> "ResponseQuerySet":
        """The responses a snapshot's figures hold: those received by the deadline, and
        with_late, the late ones the latest results have taken in (Survey.late_batch_ends),
        never the ones still waiting for a group of at least the threshold."""
        taken = Q(is_late=False)
        if with_late:
            taken |= Q(is_late=True, pk__lte=models.F("survey__late_taken_through"))
        return self.counted().filter(taken)

    def not_in_results(self) -> "ResponseQuerySet":
        """Responses no result has taken in yet: those of surveys not yet computed, and late
        ones waiting for their group. Only these may be excluded: taking out answers that
        are already in published figures would let anyone comparing the figures before and
        after the exclusion read them."""
        waiting_late = Q(is_late=True, pk__gt=models.F("survey__late_taken_through"))
        return self.counted().filter(Q(survey__closed_at__isnull=True) | waiting_late)


class Response(models.Model):
    """One respondent's answers. Nothing here identifies them: no IP address, no user agent,
    no cookie or session id, and the day of submission rather than the time.

    Ratings are one nullable smallint column per statement code (see RATING_CODES), so that
    scores are computed by aggregate queries over columns: the fastest layout measured.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    # Random per questionnaire page, so a double click or a resubmission stores one response.
    submission_key = models.UUIDField(unique=True, editable=False)
    submitted_on = models.DateField()
    is_late = models.BooleanField(default=False)
    statement_order = models.JSONField(help_text="Statement codes in the order shown")
    comment = models.TextField(blank=True)
    # Ticked option values joined by commas in option order; "" when none was ticked.
    organisation_type = models.CharField(max_length=200, blank=True)
    primary_role = models.CharField(max_length=200, blank=True)
    primary_role_other = models.CharField(max_length=200, blank=True)
    time_in_system = models.CharField(max_length=100, blank=True)
    # Set by a programme lead: the role as counted in breakdowns once an "other" role was
    # recoded into a category (same form as primary_role); "" means as answered.
    primary_role_recoded = models.CharField(
        max_length=200, blank=True, editable=False, db_default=""
    )
    # Moderation by a programme lead: a hidden comment reaches no reviewer and no export; a
    # redacted one replaces the original everywhere but on the lead's moderation page.
    comment_hidden = models.BooleanField(default=False, editable=False, db_default=False)
    comment_redacted = models.TextField(blank=True, editable=False, db_default="")
    # The cascade branch the response came through (a contact's own link or code); null
    # for the area's general link. Only ever counted, per area.
    branch = models.ForeignKey(
        "Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip
    # Set when a lead or administrator excluded it from results (ballot stuffing), with
    # their reason: it is then counted nowhere.
    exclusion = models.ForeignKey(
        "ResponseExclusion", null=True, blank=True, on_delete=models.PROTECT,
        related_name="responses", editable=False,
    )  # fmt: skip

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{rating_field(code)}__lte": MAX_POSITION}),
                name=f"response_{rating_field(code)}_on_scale",
            )
            for code in RATING_CODES
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey_id}"

    def rating(self, code: str) -> int | None:
        return getattr(self, rating_field(code))

    @property
    def comment_shown(self) -> str:
        """The comment as reviewers and every export see it."""
        if self.comment_hidden:
            return ""
        return self.comment_redacted or self.comment

    @property
    def primary_role_counted(self) -> str:
        return self.primary_role_recoded or self.primary_role

    @property
    def ratings(self) -> dict[str, int]:
        return {code: self.rating(code) for code in RATING_CODES if self.rating(code) is not None}


for _code in RATING_CODES:
    Response.add_to_class(
        rating_field(_code),
        models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_code),
    )
