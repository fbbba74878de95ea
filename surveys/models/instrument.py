"""The instrument: its versions, statements and the 35 statement codes they share."""

from django.db import models

from ..kept import kept_for_a_minute

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
