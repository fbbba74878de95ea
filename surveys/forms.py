import uuid
from dataclasses import dataclass

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .choices import ORGANISATION_TYPES, PRIMARY_ROLES, TIME_IN_SYSTEM
from .models import Contact, Statement, Survey

COMMENT_GUIDANCE_WORDS = 150
COMMENT_MAX_WORDS = 300
COMMENT_MAX_CHARACTERS = 2000
ORDER_SALT = "relaudit.questionnaire"

# Fields a questionnaire POST may carry besides the statement codes.
OTHER_FIELDS = {
    "csrfmiddlewaretoken",
    "form_token",
    "comment",
    "organisation_type",
    "primary_role",
    "primary_role_other",
    "time_in_system",
    "submit",
    "unrated",  # the choice made on the "statements not rated" page
}


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label="Enter your access code",
        help_text="The 8-character code in your invitation, for example HK7P-M3QD. "
        "Capital or small letters, spaces and dashes are all fine.",
        max_length=40,
        error_messages={"required": "Enter the access code from your invitation"},
    )

    def clean_code(self):
        code = Survey.normalise_access_code(self.cleaned_data["code"])
        # The area's own code, or a contact's (their branch of the cascade).
        entry = Survey.objects.filter(access_code=code).first()
        entry = entry or Contact.objects.filter(access_code=code).first()
        if entry is None:
            raise forms.ValidationError(
                "We could not find a survey with that code. Check it against your invitation: "
                "it has 8 letters and numbers, for example HK7P-M3QD."
            )
        self.entry = entry
        return code

    @property
    def helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Field.text("code", field_width=10, autocomplete="off", spellcheck="false"),
            Submit("submit", "Continue"),
        )
        return helper


@dataclass(frozen=True)
class QuestionnaireToken:
    """What the questionnaire page was: the instrument version and statement order shown,
    and a fresh key that makes a resubmission of the page store one response. Signed into a
    hidden field; it carries nothing about the respondent."""

    instrument_id: int
    order: list[str]
    submission_key: uuid.UUID

    @classmethod
    def new(cls, *, survey: Survey, order: list[str]) -> "QuestionnaireToken":
        return cls(survey.instrument_id, order, uuid.uuid4())

    def dumps(self, *, survey: Survey) -> str:
        data = {
            "s": survey.pk,
            "i": self.instrument_id,
            "o": self.order,
            "k": self.submission_key.hex,
        }
        return signing.dumps(data, salt=ORDER_SALT)

    @classmethod
    def loads(cls, text: str, *, survey: Survey) -> "QuestionnaireToken | None":
        """The token, or None if it was altered or belongs to another survey."""
        try:
            data = signing.loads(text, salt=ORDER_SALT)
            if data["s"] != survey.pk:
                return None
            return cls(int(data["i"]), list(data["o"]), uuid.UUID(data["k"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None


def tick_all_that_apply(label: str, choices, *, invalid: str, hint: str = "") -> forms.Field:
    """An optional "about you" question: checkboxes, any number ticked."""
    return forms.MultipleChoiceField(
        label=label,
        help_text=f"Optional. Tick all that apply. {hint}".strip(),
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": invalid},
    )


def statement_field(statement: Statement, number: int, total: int, scale) -> forms.Field:
    """One statement: a radio group named by its code, values 0..5 (scale positions)."""
    return forms.TypedChoiceField(
        label=format_html(
            '<span class="relaudit-statement__number">Statement {} of {}</span>{}',
            number,
            total,
            statement.text,
        ),
        choices=[(str(position), label) for position, label in enumerate(scale)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose one of the six ratings for this statement, "
            "from “Consistently not true” to “Consistently true”"
        },
    )


_shared_fields: dict = {}


def _shared_statement_field(statement: Statement, number: int, total: int, scale) -> forms.Field:
    key = (statement.pk, statement.text, number, total, tuple(scale))
    if key not in _shared_fields:
        _shared_fields[key] = statement_field(statement, number, total, scale)
    return _shared_fields[key]


def statement_layout(code: str) -> Div:
    return Div(
        Field.radios(code, legend_size=Size.SMALL, small=True), css_class="relaudit-statement"
    )


class QuestionnaireForm(forms.Form):
    """The 35 statements in the order given, the comment and the "about you" questions.

    Each statement is a radio group named by its code with values 0..5 (scale positions).
    """

    form_token = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Please add any comments that you would like to make about the way different "
        "parts of the system work together to deliver health and care provision for older "
        "people in your area.",
        help_text=f"Optional. Please limit your comment to about {COMMENT_GUIDANCE_WORDS} words "
        f"({COMMENT_MAX_WORDS} words at most). Do not include names or anything that could "
        "identify you or others.",
        required=False,
        widget=forms.Textarea,
    )
    organisation_type = tick_all_that_apply(
        "Type of organisation you work for",
        ORGANISATION_TYPES,
        invalid="Choose organisation types from the list",
    )
    primary_role = tick_all_that_apply(
        "Your primary role in the system",
        PRIMARY_ROLES,
        hint="Practitioners such as social workers, nurses, occupational therapists, "
        "therapists and care workers choose direct service delivery.",
        invalid="Choose roles from the list",
    )
    primary_role_other = forms.CharField(
        label="Please specify your role", required=False, max_length=200
    )
    time_in_system = tick_all_that_apply(
        "Length of time working in this local system",
        TIME_IN_SYSTEM,
        invalid="Choose a length of time from the list",
    )

    def __init__(
        self,
        *args,
        statements: list[Statement],
        scale: list[str],
        shared_statement_fields: bool = False,
        **kwargs,
    ):
        """With shared_statement_fields, the 35 statement fields are built once per process
        and shared: they validate without being changed, but rendering may change a field's
        widget, so a form that is shown is always built with fields of its own."""
        super().__init__(*args, **kwargs)
        self.statements = statements
        self.scale = scale
        build = _shared_statement_field if shared_statement_fields else statement_field
        for number, statement in enumerate(statements, start=1):
            self.fields[statement.code] = build(statement, number, len(statements), scale)

    @property
    def statement_codes(self) -> list[str]:
        return [statement.code for statement in self.statements]

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        words = len(comment.split())
        if words > COMMENT_MAX_WORDS or len(comment) > COMMENT_MAX_CHARACTERS:
            raise forms.ValidationError(
                f"Your comment must be {COMMENT_MAX_WORDS} words or fewer and at most "
                f"{COMMENT_MAX_CHARACTERS:,} characters: it has {words:,} words and "
                f"{len(comment):,} characters. Please shorten it."
            )
        return comment

    def clean(self):
        cleaned = super().clean()
        unknown = set(self.data) - OTHER_FIELDS - set(self.statement_codes)
        if unknown:
            raise forms.ValidationError(
                "The form contained answers we do not recognise, so nothing was saved. "
                "Please check your answers and submit again."
            )
        ratings = self.ratings()
        if not ratings and not cleaned.get("comment") and not self.errors:
            raise forms.ValidationError(
                "Rate at least one statement or add a comment before you submit"
            )
        other_text = cleaned.get("primary_role_other", "").strip()
        if other_text and "other" not in cleaned.get("primary_role", []):
            self.add_error(
                "primary_role_other",
                "Tick “Other” if you want to tell us your role, or delete what you wrote",
            )
        return cleaned

    def unrated_statements(self) -> list[Statement]:
        """Statements left unrated, in the order shown."""
        rated = self.ratings()
        return [statement for statement in self.statements if statement.code not in rated]

    def cleaned_data_for_page(self) -> dict:
        """The valid answers as initial values, to show the page again with them."""
        data = {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
        return {
            key: str(value) if key in self.statement_codes else value for key, value in data.items()
        }

    def ratings(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[code]
            for code in self.statement_codes
            if self.cleaned_data.get(code) is not None
        }

    @property
    def helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.form_show_errors = True
        helper.layout = Layout(
            *self._head_layout(),
            *[statement_layout(code) for code in self.statement_codes],
            *self._tail_layout(),
        )
        return helper

    @staticmethod
    def _head_layout() -> list:
        return [
            Field("form_token"),
            HTML('<h2 class="govuk-heading-l">Statements</h2>'),
            HTML(
                '<p class="govuk-body">Please rate each statement against the choice that is '
                "closest to your view. You can leave out any you cannot answer.</p>"
            ),
        ]

    @staticmethod
    def _tail_layout() -> list:
        return [
            HTML('<h2 class="govuk-heading-l">Your comments</h2>'),
            Field.textarea("comment", label_size=Size.SMALL, rows=8, max_words=COMMENT_MAX_WORDS),
            Fieldset(
                HTML(
                    '<p class="govuk-body">This response is confidential. We ask for some general '
                    "information so that we can understand differences between broad staff "
                    f"groups. No group of fewer than {settings.RELAUDIT_MIN_GROUP_SIZE} people is "
                    "ever reported.</p>"
                ),
                Field.checkboxes("organisation_type", legend_size=Size.SMALL, small=True),
                Field("primary_role", template="surveys/primary_role_checkboxes.html"),
                Field.checkboxes("time_in_system", legend_size=Size.SMALL, small=True),
                legend="About you",
                legend_size=Size.LARGE,
                legend_tag="h2",
            ),
            Submit("submit", "Submit your response"),
        ]

    def page_html(self) -> str:
        """The form as HTML. A fresh page (nothing answered, no errors), which is nearly
        every page served, is put together from fragments rendered once per process: each
        statement at each position, and the questions after them. Only the form token
        differs between two fresh pages. Anything else is rendered in full."""
        if self.is_bound or set(self.initial) - {"form_token"}:
            return render_crispy_form(self)
        return fresh_page_html(
            statements=self.statements, scale=self.scale, form_token=self.initial["form_token"]
        )

    @staticmethod
    def _render_part(form, layout: list) -> str:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(*layout)
        return render_crispy_form(form, helper)


_fragments: dict = {}
# Stands for the form token while the head is rendered (signed tokens never contain it).
_SIGNED_VALUE_MARK = "\u2063token\u2063"


def fresh_page_html(*, statements: list[Statement], scale, form_token: str) -> str:
    """A fresh questionnaire (nothing answered, no errors) from cached fragments: the
    head with this page's signed token, each statement at its position, the rest. The
    same markup as rendering QuestionnaireForm in full (tested), without building it."""
    scale = tuple(scale)
    if "head" not in _fragments:
        form = QuestionnaireForm(
            initial={"form_token": _SIGNED_VALUE_MARK}, statements=[], scale=list(scale)
        )
        _fragments["head"] = QuestionnaireForm._render_part(form, QuestionnaireForm._head_layout())
    total = len(statements)
    return mark_safe(  # noqa: S308  (fragments rendered by crispy-forms, escaped there)
        _fragments["head"].replace(_SIGNED_VALUE_MARK, escape(form_token), 1)
        + "".join(
            _statement_fragment(statement, number, total, scale)
            for number, statement in enumerate(statements, start=1)
        )
        + _tail_fragment(scale, settings.RELAUDIT_MIN_GROUP_SIZE)
    )


# Stands for the position while a fragment is rendered: no statement text contains it.
_NUMBER = "\u2063number\u2063"


def _statement_fragment(statement: Statement, number: int, total: int, scale) -> str:
    """One statement's fieldset, unanswered, with its position filled in: rendered once per
    process and statement wording, whatever position it is shown at."""
    key = ("statement", statement.pk, statement.text, total, scale)
    if key not in _fragments:
        form = forms.Form()
        form.fields[statement.code] = statement_field(statement, _NUMBER, total, scale)
        _fragments[key] = QuestionnaireForm._render_part(form, [statement_layout(statement.code)])
    return _fragments[key].replace(_NUMBER, str(number), 1)


def _tail_fragment(scale, threshold: int) -> str:
    """The comment and "about you" questions and the submit button, unanswered."""
    key = ("tail", threshold)
    if key not in _fragments:
        form = QuestionnaireForm(statements=[], scale=list(scale))
        _fragments[key] = QuestionnaireForm._render_part(form, QuestionnaireForm._tail_layout())
    return _fragments[key]
