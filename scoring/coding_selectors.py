"""Who may code, flag and read what of a programme's comments (the coding side of
scoring.selectors' rules; tests/test_results_authorisation.py walks every URL).

- Programme leads (and admins) do everything: name analysts and the safeguarding contact,
  add themes, code, ask for agreement samples and settle them, export and import, moderate.
- Analysts a lead named read and code the programme's comments (areas whose results are
  ready), flag them, export and import the coding. They see no scores, no report, no
  ratings, and cannot moderate, publish or see another programme.
- An area's reviewers read "What people said" for their area and flag its comments.
- A flag is read by the programme's leads, its safeguarding contact and whoever raised it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from surveys.models import Area, Programme

from .coding_models import ProgrammeAnalyst, SafeguardingFlag
from .selectors import AreaAccess, area_access, is_lead


def is_analyst(*, user, programme: Programme) -> bool:
    return (
        user.is_authenticated
        and ProgrammeAnalyst.objects.filter(programme=programme, user=user).exists()
    )


def may_code(*, user, programme: Programme) -> bool:
    return is_lead(user=user, programme=programme) or is_analyst(user=user, programme=programme)


def programmes_coded(*, user) -> QuerySet[Programme]:
    """Programmes whose comments the user codes as an analyst (leads reach them through
    the programme report)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(analysts__user=user).distinct()


def may_flag(*, user, area: Area) -> bool:
    """Anyone who may read the area's comments: its reviewers (after the deadline), the
    programme's analysts and leads."""
    if may_code(user=user, programme=area.programme):
        return True
    return area_access(user=user, area=area) is AreaAccess.FULL


def may_read_flag(*, user, flag: SafeguardingFlag) -> bool:
    if is_lead(user=user, programme=flag.programme):
        return True
    contact = getattr(
        getattr(flag.programme, "coding_settings", None), "safeguarding_contact_id", None
    )
    return user.is_authenticated and user.pk in (contact, flag.flagged_by_id)


def may_record_outcome(*, user, flag: SafeguardingFlag) -> bool:
    if is_lead(user=user, programme=flag.programme):
        return True
    contact = getattr(
        getattr(flag.programme, "coding_settings", None), "safeguarding_contact_id", None
    )
    return user.is_authenticated and contact is not None and user.pk == contact
