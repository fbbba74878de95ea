import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

# The 35 statement codes every instrument version shares. They are stable identifiers
# (forms, exports and reports use them) and each is one column of Response: a version that
# rewords statements reuses its codes; one that adds a statement needs a migration.
RATING_CODES = (
    "RV-INT-CUL", "RV-INT-VIS", "RV-INT-PEO", "RV-INT-PRO", "RV-INT-INF", "RV-INT-TEC",
    "RV-RES-CUL", "RV-RES-VIS", "RV-RES-PEO", "RV-RES-PRO", "RV-RES-INF", "RV-RES-TEC",
    "RV-FAI-CUL", "RV-FAI-VIS", "RV-FAI-PEO", "RV-FAI-PRO", "RV-FAI-INF", "RV-FAI-TEC",
    "RV-EMP-CUL", "RV-EMP-VIS", "RV-EMP-PEO", "RV-EMP-PRO", "RV-EMP-INF", "RV-EMP-TEC",
    "RV-TRU-CUL", "RV-TRU-VIS", "RV-TRU-PEO", "RV-TRU-PRO", "RV-TRU-INF", "RV-TRU-TEC",
    "RP-DIR", "RP-CON", "RP-MUL", "RP-PAR", "RP-COM",
)  # fmt: skip
SCALE_POINTS = 6  # positions 0 ("Consistently not true") .. 5 ("Consistently true")
MAX_POSITION = SCALE_POINTS - 1
Kept = TypeVar("Kept")


def rating_field(code: str) -> str:
    """The Response column that holds the rating of statement `code` (RV-INT-CUL -> rv_int_cul)."""
    return code.lower().replace("-", "_")


class Instrument(models.Model):
    version = models.CharField(max_length=20, unique=True, help_text="For example 2017-09")
    name = models.CharField(max_length=200)
    scale = models.JSONField(help_text="The six option labels, scale position 0 first")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    def statements_in_order(self) -> list["Statement"]:
        """The statements in instrument order, read once a minute per process: every
        questionnaire page and submission needs all 35, and they change only when someone
        corrects a wording in the admin (which pages then show within the minute). The
        objects are shared between requests: read them, never change them."""
        key = ("statements", self.pk, self.created_at)
        return list(kept_for_a_minute(key, lambda: list(self.statements.order_by("position"))))


# What every respondent page needs and only an administrator's correction changes (an
# instrument's statements and labels, an area's and programme's names): each process reads
# it at most once a minute. Shared between requests: read it, never change it.
KEPT_SECONDS = 60
_kept: dict[tuple, tuple[float, object]] = {}


def kept_for_a_minute(key: tuple, read: Callable[[], Kept]) -> Kept:
    now = time.monotonic()
    read_at, value = _kept.get(key, (None, None))
    if read_at is None or now - read_at > KEPT_SECONDS:
        value = read()
        _kept[key] = (now, value)
    return value


class Statement(models.Model):
    RELATIONAL_VALUE = "relational_value"
    RELATIONAL_PROXIMITY = "relational_proximity"
    FRAMEWORKS = [
        (RELATIONAL_VALUE, "Relational value"),
        (RELATIONAL_PROXIMITY, "Relational proximity"),
    ]

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="statements")
    code = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(help_text="Order in the instrument")
    framework = models.CharField(max_length=30, choices=FRAMEWORKS)
    attribute = models.CharField(max_length=30, blank=True)
    dimension = models.CharField(max_length=30, blank=True)
    domain = models.CharField(max_length=30, blank=True)
    is_negative = models.BooleanField(default=False, help_text="Negatively worded: reverse-scored")
    text = models.TextField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="statement_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class Programme(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who is asking: shown to respondents on every page, so that the link can be trusted.
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="Who runs the review, e.g. Care Quality Commission"
    )
    contact_email = models.EmailField(blank=True, help_text="For respondents' questions")
    retention_until = models.DateField(
        null=True,
        blank=True,
        help_text="After this day comments are deleted (ratings are kept)",
    )
    comments_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_days = models.PositiveSmallIntegerField(
        default=3, help_text="Days before each deadline that contacts get a reminder"
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_programmes",
        help_text="Programme leads see every area of the programme, the programme summary, "
        "response counts while surveys are open, and moderate comments.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A local health and social care system reviewed in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    review_order = models.PositiveIntegerField(null=True, blank=True)
    sent_to = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many system contacts the invitation went to"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reviewed_areas"
    )

    class Meta:
        ordering = ["programme", "review_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="area_slug_once"),
            models.UniqueConstraint(fields=["programme", "name"], name="area_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


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


def new_manage_token() -> str:
    return secrets.token_urlsafe(24)


class Contact(models.Model):
    """A system contact of an area: invited by email, asked to cascade the survey. Their
    own link and code are a branch of the area's survey, so the responses that came through
    them can be counted (never anything else about those responses)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    # The branch link and code they share; the manage token opens their own page.
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    access_code = models.CharField(
        max_length=ACCESS_CODE_LENGTH, unique=True, default=new_access_code, editable=False
    )
    manage_token = models.CharField(
        max_length=64, unique=True, default=new_manage_token, editable=False
    )
    declared_reach = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many colleagues they say they forwarded it to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "email"], name="contact_email_once_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"

    @property
    def formatted_access_code(self) -> str:
        half = ACCESS_CODE_LENGTH // 2
        return f"{self.access_code[:half]}-{self.access_code[half:]}"

    @property
    def link(self) -> str:
        return settings.SITE_ROOT + reverse("survey_start", args=[self.token])

    @property
    def page_link(self) -> str:
        return settings.SITE_ROOT + reverse("contact_page", args=[self.manage_token])


class OutboundEmail(models.Model):
    """The outbox: every email is written here first, in the same transaction as what
    caused it, then sent by a task (or, if the broker was down, by the next beat run). The
    key makes queueing idempotent: a second click or a retry queues nothing new."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    STATUSES = [(QUEUED, "Queued"), (SENT, "Sent"), (FAILED, "Failed")]

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why the last attempt failed")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.status})"
