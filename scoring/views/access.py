"""Decorators that load the area or programme a results URL names and apply selectors'
rules: anonymous people get the sign-in page, everyone else without access a 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from surveys.models import Area, Programme

from ..selectors import AreaAccess, area_access, is_lead, snapshot_kind


def no_store(response: HttpResponse) -> HttpResponse:
    # Results must not linger in a shared computer's cache or a proxy.
    response["Cache-Control"] = "private, no-store"
    return response


def requested_kind(request) -> str:
    kind = snapshot_kind(requested=request.GET.get("snapshot"))
    if kind is None:
        raise Http404("snapshot must be deadline or latest")
    return kind


def area_view(*, ready: bool = True):
    """The view gets (request, area, access). With ready=True (scores, comments, exports)
    only FULL access passes; with ready=False the page also renders before the deadline
    (dates for reviewers, the count so far for leads)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, programme, area, **kwargs):
            area = get_object_or_404(
                Area.objects.select_related("programme", "survey__instrument"),
                programme__slug=programme,
                slug=area,
            )
            access = area_access(user=request.user, area=area)
            if access is AreaAccess.NONE or (ready and access is not AreaAccess.FULL):
                raise PermissionDenied("Results are for the area's reviewers, after its deadline")
            return no_store(view(request, area, access, **kwargs))

        return wrapper

    return decorator


def lead_view(view):
    """Programme-wide pages: the programme's leads and admins only."""

    @login_required
    @wraps(view)
    def wrapper(request, programme, **kwargs):
        programme = get_object_or_404(Programme, slug=programme)
        if not is_lead(user=request.user, programme=programme):
            raise PermissionDenied("Programme results are for the programme's leads")
        return no_store(view(request, programme, **kwargs))

    return wrapper


def sort_header(*, sort: str, descending: bool, key: str, query: str = "") -> dict:
    """A sortable table's column link (GET, so it works without JavaScript): the sorted
    column's link reverses its order; another column sorts areas first ascending, figures
    descending. `query` carries the page's other parameters ("snapshot=deadline&")."""
    if key == sort:
        order = "asc" if descending else "desc"
        aria_sort = "descending" if descending else "ascending"
    else:
        order = "asc" if key == "area" else "desc"
        aria_sort = None
    return {"href": f"?{query}sort={key}&order={order}", "aria_sort": aria_sort}
