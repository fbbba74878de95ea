"""The demo's coding, so that a newcomer sees the feature at once: the annex's themes (one
nested), an analyst, the lead as safeguarding contact, the comments of the two closed areas
with the most comments coded passage by passage, and suggestions and released counts for the whole
programme computed here, in-process, as the worker would.

The demo's comments are made of an opening and an ending (surveys.demo); each part is coded
as its own passage with the statement, reading and theme a person would give it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from surveys.demo import COMMENT_ENDINGS, COMMENT_OPENINGS, NAMED_COMMENT
from surveys.models import Programme, Response

from .coding_comments import ready_areas
from .coding_frame import frame_build, theme_key
from .coding_models import CodingSettings, Passage, ProgrammeAnalyst, Theme
from .coding_refresh import coding_refresh
from .coding_services import passage_code

CODED_AREAS = 2
# The annex's themes (pages 10-23); one with a theme under it, to show the nesting.
THEMES = {
    "Financial and resource pressure": ["Budgets and funding"],
    "Blame culture and risk aversion": [],
    "Leadership and organisational change": [],
    "VCSE recognition": [],
    "Communication": [],
}
OPENING_CODES = [
    ["statement:RV-INT-CUL", "enabler"],
    ["statement:RV-EMP-PRO", "barrier", "Leadership and organisational change"],
    ["statement:RV-INT-VIS", "enabler"],
    ["statement:RP-COM", "barrier", "Budgets and funding"],
    ["statement:RP-CON", "barrier", "Leadership and organisational change"],
    ["statement:RV-TRU-TEC", "barrier", "Communication"],
]
ENDING_CODES = [
    ["statement:RV-EMP-VIS", "enabler"],
    ["statement:RV-INT-PRO", "barrier"],
    ["statement:RV-INT-TEC", "barrier", "Communication"],
    ["statement:RV-TRU-CUL", "barrier"],
    ["statement:RP-PAR", "barrier", "VCSE recognition"],
]
NAMED_CODES = ["statement:RV-RES-PEO", "enabler"]


def _themes(programme: Programme, lead) -> dict[str, str]:
    now, keys = timezone.now(), {}
    for name, children in THEMES.items():
        parent, _ = Theme.objects.get_or_create(
            programme=programme, name=name, defaults={"created_by": lead, "created_at": now}
        )
        keys[name] = theme_key(parent.pk)
        for child_name in children:
            child, _ = Theme.objects.get_or_create(
                programme=programme,
                name=child_name,
                defaults={"parent": parent, "created_by": lead, "created_at": now},
            )
            keys[child_name] = theme_key(child.pk)
    return keys


def _parts(text: str) -> list[tuple[int, int, list[str]]]:
    """The passages of a demo comment and the codes a person would give each."""
    if text == NAMED_COMMENT:
        return [(0, len(text), NAMED_CODES)]
    for opening, opening_codes in zip(COMMENT_OPENINGS, OPENING_CODES, strict=True):
        if text.startswith(opening + " "):
            ending = text[len(opening) + 1 :]
            codes = ENDING_CODES[COMMENT_ENDINGS.index(ending)]
            return [(0, len(opening), opening_codes), (len(opening) + 1, len(text), codes)]
    return []


def _most_commented(areas):
    """The areas with the most comments (enough to count and quote by group)."""
    counts = {
        area.pk: Response.objects.filter(survey=area.survey).exclude(comment="").count()
        for area in areas
    }
    return sorted(areas, key=lambda area: -counts[area.pk])


def demo_coding_load(*, programme: Programme, lead, analyst) -> int:
    """Code the demo comments of the first closed areas (once), then compute suggestions
    and counts for the whole programme. Returns how many comments were coded."""
    if Passage.objects.filter(response__survey__area__programme=programme).exists():
        return 0
    coded = 0
    with transaction.atomic():
        settings_row, _ = CodingSettings.objects.get_or_create(programme=programme)
        settings_row.safeguarding_contact = lead
        settings_row.save(update_fields=["safeguarding_contact"])
        ProgrammeAnalyst.objects.get_or_create(
            programme=programme,
            user=analyst,
            defaults={"named_by": lead, "named_at": timezone.now()},
        )
        themes = _themes(programme, lead)
        frame = frame_build(programme=programme)
        for area in _most_commented(ready_areas(programme=programme))[:CODED_AREAS]:
            responses = Response.objects.filter(survey=area.survey, comment_hidden=False)
            for number, response in enumerate(responses.exclude(comment="").order_by("pk")):
                coder = lead if number % 4 == 0 else analyst  # two people coding
                for start, end, codes in _parts(response.comment):
                    passage_code(
                        programme=programme,
                        response=response,
                        start=start,
                        end=end,
                        codes=[themes.get(code, code) for code in codes],
                        frame=frame,
                        user=coder,
                    )
                coded += 1
    coding_refresh(programme=programme)
    return coded
