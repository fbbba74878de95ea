"""Decorators for the coding pages: they load the programme a URL names and apply
scoring.coding_selectors' rules (anonymous people get the sign-in page, others a 403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from surveys.models import Programme

from ..coding_selectors import may_code
from ..selectors import is_lead
from .access import no_store


def coding_view(*, lead_only: bool = False):
    """The view gets (request, programme). Leads and admins pass; analysts of the programme
    too unless lead_only."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, programme, **kwargs):
            programme = get_object_or_404(Programme, slug=programme)
            allowed = (
                is_lead(user=request.user, programme=programme)
                if lead_only
                else may_code(user=request.user, programme=programme)
            )
            if not allowed:
                raise PermissionDenied("Coding is for the programme's leads and analysts")
            return no_store(view(request, programme, **kwargs))

        return wrapper

    return decorator
