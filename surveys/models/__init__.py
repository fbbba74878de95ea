"""The survey side's models, one module per subject; imported from here by everyone."""

from .contact import Contact, OutboundEmail, new_manage_token
from .exclusion import ResponseExclusion
from .instrument import (
    MAX_POSITION,
    RATING_CODES,
    SCALE_POINTS,
    Instrument,
    Statement,
    rating_field,
)
from .programme import Area, Programme
from .series import AreaLineage, ComparableWording, Series
from .survey import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    Response,
    Survey,
    new_access_code,
    new_link_token,
)

__all__ = [
    "ACCESS_CODE_ALPHABET",
    "ACCESS_CODE_LENGTH",
    "MAX_POSITION",
    "RATING_CODES",
    "SCALE_POINTS",
    "Area",
    "AreaLineage",
    "ComparableWording",
    "Contact",
    "Instrument",
    "OutboundEmail",
    "Programme",
    "Response",
    "ResponseExclusion",
    "Series",
    "Statement",
    "Survey",
    "new_access_code",
    "new_link_token",
    "new_manage_token",
    "rating_field",
]
