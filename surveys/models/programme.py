"""Programmes and the areas (local systems) reviewed in them."""

from django.conf import settings
from django.db import models

from ..validators import validate_no_control_characters


class Programme(models.Model):
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_control_characters]
    )
    slug = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who is asking: shown to respondents on every page, so that the link can be trusted.
    organisation_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who runs the review, e.g. Care Quality Commission",
        validators=[validate_no_control_characters],
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
    # Run again: the programme may be one wave of a series (issue 20).
    series = models.ForeignKey(
        "Series",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The series this programme is a wave of, if it is run again",
    )
    wave = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its place in the series: 1 for the first run"
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
        constraints = [
            models.UniqueConstraint(fields=["series", "wave"], name="programme_wave_once"),
            models.CheckConstraint(
                condition=models.Q(series__isnull=True) | models.Q(wave__isnull=False),
                name="programme_in_series_has_wave",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def wave_label(self) -> str:
        return f"wave {self.wave}" if self.wave else ""

    def previous_wave(self) -> "Programme | None":
        """The wave before this one in its series (None for a first wave or no series)."""
        if self.series_id is None:
            return None
        return (
            Programme.objects.filter(series_id=self.series_id, wave__lt=self.wave)
            .order_by("-wave")
            .first()
        )

    def waves_so_far(self) -> list["Programme"]:
        """This programme's series up to this wave, first wave first (itself alone if none)."""
        if self.series_id is None:
            return [self]
        return list(
            Programme.objects.filter(series_id=self.series_id, wave__lte=self.wave).order_by("wave")
        )


class Area(models.Model):
    """A local health and social care system reviewed in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200, validators=[validate_no_control_characters])
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

    def predecessors(self) -> list["Area"]:
        """The areas of the last wave this area follows on from (two or more: a merger)."""
        return [link.predecessor for link in self.predecessor_links.select_related("predecessor")]
