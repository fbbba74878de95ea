"""Checks on names that reach email headers, file names and pages."""

import unicodedata

from django.core.exceptions import ValidationError

# Control characters (line breaks, tabs, NUL ...) and the Unicode line and paragraph
# separators: in a name they could end an email header ("Name\nBcc: x@y") or a CSV row.
_REFUSED_CATEGORIES = {"Cc", "Zl", "Zp"}
CONTROL_CHARACTERS_MESSAGE = (
    "must not contain line breaks, tabs or other control characters: type it on one line"
)


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character) in _REFUSED_CATEGORIES for character in text)


def validate_no_control_characters(value: str) -> None:
    if has_control_characters(value or ""):
        raise ValidationError(f"The name {CONTROL_CHARACTERS_MESSAGE}.", code="control_characters")
