"""HTML forms of the workspaces. They check the shape of the input (required, length, dates, file
size) so the page can answer field by field; the services re-check every rule and remain the
only writers."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suggestions.models import (
    Category,
    Consent,
    Contact,
    Deputy,
    Grade,
    ResultClass,
    Role,
    Suggestion,
    Unit,
    User,
)

TITLE_MAX = 200
CONTENT_MAX = 20000
REASON_MAX = 5000
REPLY_MAX = 50000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _fits_bigint(value) -> bool:
    try:
        return abs(int(str(value))) < 2**63
    except (TypeError, ValueError):
        return True  # not a number: Django's own check answers "invalid choice"


class PkChoiceField(forms.ModelChoiceField):
    """Refuses ids too large for the database instead of letting SQLite overflow (a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and not _fits_bigint(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class PkMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if not _fits_bigint(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def not_in_past(value):
    """Django's own (translated) 'greater than or equal to' message, with today's date."""
    MinValueValidator(timezone.localdate())(value)


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    content = forms.CharField(label=_("Content"), max_length=CONTENT_MAX, widget=forms.Textarea)
    category = PkChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    co_signers = PkMultipleChoiceField(
        label=_("Co-signers"),
        queryset=Deputy.objects.filter(is_active=True),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    publication_consent = forms.ChoiceField(
        label=_("Publication consent"),
        choices=Consent.choices,
        initial=Consent.FULL,
        widget=forms.RadioSelect,
    )
    in_session = forms.BooleanField(
        label=_("Submitted during the congress session"), required=False
    )
    # Only when committee staff register a suggestion that arrived on paper.
    lead_deputy = PkChoiceField(
        label=_("Lead deputy"), queryset=Deputy.objects.filter(is_active=True)
    )

    def __init__(self, *args, lead_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not lead_choice:
            del self.fields["lead_deputy"]

    @classmethod
    def initial_for(cls, suggestion: Suggestion) -> dict:
        return {
            "title": suggestion.title,
            "content": suggestion.content,
            "category": suggestion.category_id,
            "co_signers": [c.deputy_id for c in suggestion.cosigners.all()],
            "publication_consent": suggestion.publication_consent,
            "in_session": suggestion.in_session,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea, required=False
    )


class RatingForm(forms.Form):
    process = forms.ChoiceField(
        label=_("Satisfaction with the handling process"),
        choices=Grade.choices,
        widget=forms.RadioSelect,
    )
    result = forms.ChoiceField(
        label=_("Satisfaction with the result"), choices=Grade.choices, widget=forms.RadioSelect
    )
    met = forms.TypedChoiceField(
        label=_("Did the unit meet you face to face?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=REASON_MAX, widget=forms.Textarea, required=False
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Merge into suggestion (number)"), min_value=1, max_value=10**9
    )


class AssignForm(forms.Form):
    MODES = [("joint", _("Lead unit with co-units")), ("split", _("Several units each reply"))]
    mode = forms.ChoiceField(
        label=_("Assignment"), choices=MODES, widget=forms.RadioSelect, initial="joint"
    )
    lead_unit = PkChoiceField(
        label=_("Lead unit"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    co_units = PkMultipleChoiceField(
        label=_("Co-units"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    split_units = PkMultipleChoiceField(
        label=_("Units that each reply"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["mode"] == "split":
            return {"split_units": [u.pk for u in data["split_units"]]}
        lead = data["lead_unit"]
        return {
            "lead_unit": lead.pk if lead else None,
            "co_units": [u.pk for u in data["co_units"]],
        }


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Contact.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"), max_length=REASON_MAX, widget=forms.Textarea, required=False
    )


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Co-unit opinion"), max_length=REPLY_MAX, widget=forms.Textarea)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked against MAX_UPLOAD_BYTES."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        limit = settings.MAX_UPLOAD_BYTES
        for upload in cleaned:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("The file %(name)s is too large (at most %(mb)s MB)."),
                    params={"name": upload.name, "mb": max(limit // (1024 * 1024), 1)},
                    code="too_large",
                )
        return cleaned


class ReplyForm(forms.Form):
    result_class = forms.ChoiceField(
        label=_("Result class"), choices=ResultClass.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Reply text"), max_length=REPLY_MAX, widget=forms.Textarea)
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class PromiseForm(forms.Form):
    text = forms.CharField(label=_("Promise"), max_length=1000, required=False)
    due_date = forms.DateField(
        label=_("Promised by"), required=False, widget=DateInput, validators=[not_in_past]
    )

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error(
                "due_date",
                forms.ValidationError(
                    forms.Field.default_error_messages["required"], code="required"
                ),
            )
        if data.get("due_date") and not data.get("text") and "text" not in self.errors:
            self.add_error(
                "text",
                forms.ValidationError(
                    forms.Field.default_error_messages["required"], code="required"
                ),
            )
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("text")) if hasattr(self, "cleaned_data") else False


PromiseFormSet = forms.formset_factory(PromiseForm, extra=3, max_num=20)


class ReassignmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea)
    suggested_unit = PkChoiceField(
        label=_("Suggested unit"), queryset=Unit.objects.filter(is_active=True), required=False
    )


class ExtensionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea)
    due_date = forms.DateField(label=_("New due date"), widget=DateInput, validators=[not_in_past])


def _required_when(form, field: str, decision: str) -> None:
    data = form.cleaned_data
    if data.get("decision") == decision and not data.get(field) and field not in form.errors:
        form.add_error(
            field,
            forms.ValidationError(forms.Field.default_error_messages["required"], code="required"),
        )


class DecisionForm(forms.Form):
    DECISIONS = [("approve", _("Approve")), ("reject", _("Refuse"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    unit = PkChoiceField(
        label=_("Unit that takes over"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
    )
    due_date = forms.DateField(
        label=_("New due date"), widget=DateInput, required=False, validators=[not_in_past]
    )
    reason = forms.CharField(
        label=_("Reason for refusing"), max_length=REASON_MAX, widget=forms.Textarea, required=False
    )

    def clean(self):
        data = super().clean()
        _required_when(self, "reason", "reject")
        return data


class CheckForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve: send the reply to the deputies")),
        ("return", _("Return for revision")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=REASON_MAX,
        widget=forms.Textarea,
        required=False,
    )

    def clean(self):
        data = super().clean()
        _required_when(self, "reason", "return")
        return data


class KeySupervisionForm(forms.Form):
    leader = PkChoiceField(
        label=_("Leading committee leader"),
        queryset=User.objects.filter(role=Role.LEADER, is_active=True),
    )
    responsible_committee = forms.CharField(
        label=_("Responsible committee"), max_length=100, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=REASON_MAX, widget=forms.Textarea, required=False
    )
