"""The respondent's journey: start page, questionnaire, confirmation. No login, no session.

Pages a respondent sees are marked `never_cache` so that a shared computer's back button
does not show someone else's answers from the browser cache.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core import signing
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from relaudit.throttle import ACCESS_CODES, throttle_attempt
from relaudit.views import too_many_attempts

from .anonymity import count_in_steps
from .forms import AccessCodeForm, QuestionnaireForm, QuestionnaireToken, fresh_page_html
from .invitations import ReachError, contact_reach_declare
from .models import RATING_CODES, Contact, Instrument, Survey
from .selectors import branch_counts
from .services import SurveyNotAccepting, response_submit, statement_order_new

logger = logging.getLogger(__name__)


def _entry_or_none(token: str) -> tuple[Survey | None, Survey | Contact | None]:
    """The survey a link's token opens, and the entry point: the survey's own link, or a
    contact's branch of it (the cascade). Pages keep the token in every link they show, so
    a response through a contact's link counts to that branch, with no cookie."""
    survey = Survey.for_respondent_pages(token)
    if survey is not None:
        return survey, survey
    # A contact's link: the same lookups (see Survey.for_respondent_pages), by its area.
    contacts = Contact.objects.raw("SELECT * FROM surveys_contact WHERE token = %s", [token])
    contact = next(iter(contacts), None)
    survey = contact and Survey.of_area_for_respondent_pages(contact.area_id)
    if survey is None:
        return None, None
    return survey, contact


def link_not_recognised(request):
    return render(request, "surveys/link_not_recognised.html", status=404)


def _unavailable(request, survey: Survey, now):
    """The survey is not open yet, or closed: say when, and nothing else happens."""
    return render(
        request,
        "surveys/unavailable.html",
        {"survey": survey, "status": survey.status(now)},
        status=403 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def home(request):
    if request.method == "POST":
        # Counted before the code is looked up, given back if it is right: however many
        # guesses arrive at once, no more than the limit are checked.
        attempt = throttle_attempt(request, ACCESS_CODES)
        if attempt.refused:
            return too_many_attempts(request, "access codes", attempt.retry_after)
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt.succeeded()
        return HttpResponseRedirect(reverse("survey_start", args=[form.entry.token]))
    return render(request, "surveys/home.html", {"form": form}, status=400 if form.errors else 200)


def survey_entry_required(view):
    """Load the survey a link's token opens (its own or a contact's) and remember the entry
    for the pages' links (surveys.context_processors.entry); an unknown token gets the
    friendly "not recognised" page. The view gets (request, survey, entry)."""

    @wraps(view)
    def wrapper(request, token):
        survey, entry = _entry_or_none(token)
        if survey is None:
            return link_not_recognised(request)
        request.relaudit_entry = entry
        return view(request, survey, entry)

    return wrapper


def open_survey_required(view):
    """As survey_entry_required, and the survey must accept responses; otherwise the
    friendly page that says why. The view gets (request, survey, now)."""

    @survey_entry_required
    @wraps(view)
    def wrapper(request, survey, entry):
        now = timezone.now()
        if not survey.accepts_responses(now):
            return _unavailable(request, survey, now)
        return view(request, survey, now)

    return wrapper


@never_cache
@require_http_methods(["GET"])
@open_survey_required
def survey_start(request, survey, now):
    return render(request, "surveys/start.html", {"survey": survey, "status": survey.status(now)})


@never_cache
@require_http_methods(["GET", "POST"])
@open_survey_required
def survey_questions(request, survey, now):
    if request.method == "GET":
        page = QuestionnaireToken.new(survey=survey, order=statement_order_new(survey=survey))
        return _questionnaire_page(request, survey, page, survey.instrument)

    page = QuestionnaireToken.loads(request.POST.get("form_token", ""), survey=survey)
    # The version the page showed, even if the survey moved to a rewording since.
    instrument = page and (
        survey.instrument
        if page.instrument_id == survey.instrument_id
        else Instrument.objects.filter(pk=page.instrument_id).first()
    )
    if not instrument or sorted(page.order) != sorted(RATING_CODES):
        return render(request, "surveys/form_expired.html", {"survey": survey}, status=400)
    form = _questionnaire_form(instrument, page, data=request.POST, for_validation=True)
    if not form.is_valid():
        # Shown again with its errors: rendering wants a form of its own.
        form = _questionnaire_form(instrument, page, data=request.POST)
        form.is_valid()
        return _questionnaire_page(request, survey, page, instrument, form=form, status=400)
    choice = request.POST.get("unrated")
    if choice == GO_BACK:
        # Every answer kept, no error shown: the respondent carries on rating.
        form = _questionnaire_form(instrument, page, initial=form.cleaned_data_for_page())
        return _questionnaire_page(request, survey, page, instrument, form=form)
    unrated = form.unrated_statements()
    if unrated and choice != SUBMIT_ANYWAY:
        # Nothing is stored until the respondent says so: Enter on a radio submits the form.
        return render(
            request,
            "surveys/unrated.html",
            {
                "survey": survey,
                "unrated": unrated,
                "total": len(form.statements),
                "answers": _hidden_answers(request.POST),
            },
        )
    # A valid questionnaire is always stored, however many came from the same address (a
    # trust's staff share one): ballot stuffing is detected afterwards (surveys.stuffing).
    try:
        response_submit(
            survey=survey,
            instrument=instrument,
            submission_key=page.submission_key,
            statement_order=page.order,
            ratings=form.ratings(),
            comment=form.cleaned_data["comment"],
            organisation_type=form.cleaned_data["organisation_type"],
            primary_role=form.cleaned_data["primary_role"],
            primary_role_other=form.cleaned_data["primary_role_other"],
            time_in_system=form.cleaned_data["time_in_system"],
            branch=request.relaudit_entry if isinstance(request.relaudit_entry, Contact) else None,
        )
    except SurveyNotAccepting:
        return _unavailable(request, survey, now)
    except DatabaseError:
        # The database is unavailable: say so, keep every answer on the page to resubmit.
        logger.exception("Could not store a response")
        return _questionnaire_page(
            request, survey, page, instrument, form=form, status=503, database_down=True
        )
    # A short-lived signed value proves the visitor has just submitted; nothing is stored.
    receipt = signing.TimestampSigner(salt=THANKS_SALT).sign(str(survey.pk))
    entry = request.relaudit_entry
    return HttpResponseRedirect(f"{reverse('survey_thanks', args=[entry.token])}?r={receipt}")


GO_BACK = "back"
SUBMIT_ANYWAY = "submit"
THANKS_SALT = "relaudit.thanks"
THANKS_MAX_AGE = 15 * 60


def _hidden_answers(post) -> list[tuple[str, str]]:
    """The submitted answers as (name, value) pairs for hidden fields on the unrated page."""
    return [
        (name, value)
        for name in post
        if name not in ("csrfmiddlewaretoken", "unrated", "submit")
        for value in post.getlist(name)
    ]


def _shown_statements(instrument, page) -> list:
    """The instrument's statements in the order the page showed them."""
    statements = {statement.code: statement for statement in instrument.statements_in_order()}
    return [statements[code] for code in page.order]


def _questionnaire_form(
    instrument, page, *, data=None, initial=None, for_validation=False
) -> QuestionnaireForm:
    return QuestionnaireForm(
        data,
        initial=initial,
        statements=_shown_statements(instrument, page),
        scale=instrument.scale,
        shared_statement_fields=for_validation,
    )


def _questionnaire_page(
    request, survey, page, instrument, *, form=None, status=200, database_down=False
):
    form_html = None
    if form is None:  # a fresh page, nearly every one served: no form object is built
        form_html = fresh_page_html(
            statements=_shown_statements(instrument, page),
            scale=instrument.scale,
            form_token=page.dumps(survey=survey),
        )
    return render(
        request,
        "surveys/questions.html",
        {
            "survey": survey,
            "form": form,
            "form_html": form_html or form.page_html(),
            "status": survey.status(timezone.now()),
            "database_down": database_down,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
@survey_entry_required
def survey_thanks(request, survey, entry):
    """Shown only right after a submission: anyone else is sent to the start page."""
    try:
        signed = signing.TimestampSigner(salt=THANKS_SALT).unsign(
            request.GET.get("r", ""), max_age=THANKS_MAX_AGE
        )
    except signing.BadSignature:
        signed = None
    if signed != str(survey.pk):
        return HttpResponseRedirect(reverse("survey_start", args=[entry.token]))
    return render(request, "surveys/thanks.html", {"survey": survey})


@never_cache
@require_http_methods(["GET"])
@survey_entry_required
def survey_privacy(request, survey, entry):
    return render(request, "surveys/privacy.html", {"survey": survey})


@never_cache
@require_http_methods(["GET", "POST"])
def contact_page(request, manage_token):
    """A system contact's own page (their token, no account): responses through their link
    and in the whole area, and how many colleagues they forwarded it to."""
    contact = (
        Contact.objects.select_related("area__survey", "area__programme")
        .filter(manage_token=manage_token)
        .first()
    )
    if contact is None or not hasattr(contact.area, "survey"):
        return link_not_recognised(request)
    survey = contact.area.survey
    request.relaudit_entry = contact
    error, saved = "", False
    if request.method == "POST":
        try:
            contact_reach_declare(contact=contact, text=request.POST.get("reach", "")[:40])
        except ReachError as problem:
            error = str(problem)
        else:
            saved = True
    return render(
        request,
        "surveys/contact.html",
        {
            "survey": survey,
            "contact": contact,
            "branch": _in_steps(branch_counts(survey=survey)[contact.pk]),
            "area_responses": _in_steps(survey.responses.counted().count()),
            "error": error,
            "saved": saved,
            "typed": request.POST.get("reach", "") if error else "",
            "open": timezone.now() <= survey.closes_at,
        },
        status=400 if error else 200,
    )


def _in_steps(count: int | str) -> str:
    """A count on a contact's page, whose link anyone forwarded the email to can open: in
    steps, so that watching it does not show each response arrive."""
    if isinstance(count, str) and not count.isdecimal():
        return count  # already "fewer than 10"
    return count_in_steps(int(count), settings.RELAUDIT_MIN_GROUP_SIZE)
