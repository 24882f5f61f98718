"""HTML forms of the follow-through pages. They read the input into types (choices, dates, ids)
and, bound to request.POST, show again what the user typed when a submission is refused. The
rules (required, lengths, dates not in the future…) and their messages stay in the services,
which remain the only writers; their field errors are put back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.api.common import MAX_ID
from followup.models import ActivityKind, KeyItemStatus
from suggestions.forms import DateInput, PkChoiceField, PkMultipleChoiceField
from suggestions.models import Grade, Session

YES_NO = [("1", _("yes")), ("0", _("no"))]


def _text(label, limit: int, *, required_in_browser: bool = True) -> forms.CharField:
    """A free text: the service says when it is missing or too long; the browser is told too."""
    attrs = {"maxlength": limit, **({"required": True} if required_in_browser else {})}
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs=attrs))


def _line(label, limit: int, *, required_in_browser: bool = False) -> forms.CharField:
    attrs = {"maxlength": limit, **({"required": True} if required_in_browser else {})}
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _yes_no(label) -> forms.TypedChoiceField:
    """Yes / no as radio buttons ("1" / "0"); left out it is None, which the service refuses."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _id(**kwargs) -> forms.IntegerField:
    """An object id chosen on the page (hidden): a database integer, never an overflow."""
    return forms.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, widget=forms.HiddenInput, **kwargs
    )


def _date(label, *, required_in_browser: bool = False) -> forms.DateField:
    attrs = {"required": True} if required_in_browser else {}
    return forms.DateField(label=label, required=False, widget=DateInput(attrs=attrs))


# --- satisfaction -----------------------------------------------------------------------------
class RatingChangeForm(forms.Form):
    process = forms.ChoiceField(
        label=_("handling process"), choices=Grade.choices, required=False, widget=forms.RadioSelect
    )
    result = forms.ChoiceField(
        label=_("handling result"), choices=Grade.choices, required=False, widget=forms.RadioSelect
    )
    met = _yes_no(_("Did the unit meet you face to face?"))
    comment = _text(_("Comment"), 5000, required_in_browser=False)

    @classmethod
    def initial_for(cls, rating) -> dict:
        return {
            "process": rating.process,
            "result": rating.result,
            "met": "1" if rating.met else "0",
            "comment": rating.comment,
        }


# --- survey -----------------------------------------------------------------------------------
class SurveyAnswerForm(forms.Form):
    """One block of questions per unit that handled the deputy's suggestions, named
    satisfaction_<unit id>, met_<unit id> and comment_<unit id>."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"satisfaction_{unit.pk}"] = forms.ChoiceField(
                label=_("satisfaction"),
                choices=Grade.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"met_{unit.pk}"] = _yes_no(_("Did the unit meet you face to face?"))
            self.fields[f"comment_{unit.pk}"] = _text(_("Comment"), 2000, required_in_browser=False)

    def blocks(self) -> list[dict]:
        return [
            {
                "unit": unit,
                "satisfaction": self[f"satisfaction_{unit.pk}"],
                "met": self[f"met_{unit.pk}"],
                "comment": self[f"comment_{unit.pk}"],
            }
            for unit in self.units
        ]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            str(unit.pk): {
                "satisfaction": data.get(f"satisfaction_{unit.pk}"),
                "met": data.get(f"met_{unit.pk}"),
                "comment": data.get(f"comment_{unit.pk}", ""),
            }
            for unit in self.units
        }

    @staticmethod
    def field_for(key: str) -> str:
        """The service names a unit's answer "<unit id>.<question>"; the page "<question>_<id>"."""
        unit, dot, question = key.partition(".")
        return f"{question}_{unit}" if dot else key


class SurveyCreateForm(forms.Form):
    session = PkChoiceField(
        label=_("session"), queryset=Session.objects.all(), required=False, empty_label=None
    )
    title = _line(_("title"), 200, required_in_browser=True)


# --- key supervision: the list --------------------------------------------------------------
class KeyListFilterForm(forms.Form):
    """The staff list's filters, bound to request.GET so the choice stays shown."""

    session = PkChoiceField(
        label=_("Session"), queryset=Session.objects.all(), required=False, empty_label=None
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "—"), *KeyItemStatus.choices], required=False
    )


class KeyProposeForm(forms.Form):
    title = _line(_("title"), 200, required_in_browser=True)
    suggestions = PkMultipleChoiceField(
        label=_("suggestions (several make a topic)"), queryset=None, required=False
    )
    leader = PkChoiceField(
        label=_("leading committee leader"), queryset=None, required=False, empty_label=None
    )
    responsible_committee = _line(_("responsible committee"), 100, required_in_browser=True)
    lead_unit = PkChoiceField(label=_("lead unit"), queryset=None, required=False, empty_label=None)
    reason = _text(_("reason for proposing"), 5000, required_in_browser=False)

    def __init__(self, *args, candidates, leaders, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].queryset = candidates
        self.fields["leader"].queryset = leaders
        self.fields["lead_unit"].queryset = units

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "suggestions": [s.pk for s in data["suggestions"]],
            "leader": data["leader"].pk if data["leader"] else None,
            "responsible_committee": data["responsible_committee"],
            "lead_unit": data["lead_unit"].pk if data["lead_unit"] else None,
            "reason": data["reason"],
        }


# --- key supervision: one item --------------------------------------------------------------
class DecideForm(forms.Form):
    meeting_ref = _line(_("leaders' meeting"), 100, required_in_browser=True)
    # Given by the button pressed, not by a field of its own.
    selected = forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda value: value == "1", empty_value=None, required=False
    )


class MilestoneForm(forms.Form):
    # The milestone a row edits (hidden); a row without one adds a milestone.
    id = _id()
    title = _line(_("milestone"), 200)
    due_date = _date(_("due date"))

    @property
    def is_filled(self) -> bool:
        """A row of a milestone is always sent (emptied, the service says what is missing):
        only the box "delete" removes a milestone."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("id") or data.get("title") or data.get("due_date"))


# The rows of the open milestones come first, each with its box "delete"; then empty rows.
MilestoneFormSet = forms.formset_factory(
    MilestoneForm, extra=3, max_num=20, can_delete=True, can_delete_extra=False
)


class PlanForm(forms.Form):
    """The plan with its milestone rows (`milestone_rows`, prefix "milestones"): valid when
    both are. Unbound, the rows show the milestones not yet done (`milestones`), so that
    saving the plan again keeps them. Only the rows filled in and not deleted are sent
    (`sent_rows`), so the service's errors on "milestones.<n>.<field>" are about the n-th of
    those; the deleted rows' milestones are sent in `remove`."""

    plan = _text(_("plan"), 10000)

    def __init__(self, data=None, *, milestones=(), **kwargs):
        super().__init__(data, **kwargs)
        rows = [{"id": m.pk, "title": m.title, "due_date": m.due_date} for m in milestones]
        self.milestone_rows = MilestoneFormSet(data, prefix="milestones", initial=rows)
        self.sent_rows: list = []

    def is_valid(self) -> bool:
        valid = super().is_valid() & self.milestone_rows.is_valid()  # both, for all errors
        if valid:
            deleted = self.milestone_rows.deleted_forms
            self.sent_rows = [
                f for f in self.milestone_rows.forms if f.is_filled and f not in deleted
            ]
        return valid

    def service_kwargs(self) -> dict:
        return {
            "plan": self.cleaned_data["plan"],
            "milestones": [
                {
                    "id": f.cleaned_data["id"],
                    "title": f.cleaned_data["title"],
                    "due_date": f.cleaned_data["due_date"],
                }
                for f in self.sent_rows
            ],
            "remove": [
                f.cleaned_data["id"]
                for f in self.milestone_rows.deleted_forms
                if f.cleaned_data.get("id")
            ],
        }


class MilestoneDoneForm(forms.Form):
    milestone = _id()
    done_on = _date(_("done on"), required_in_browser=True)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ActivityKind.choices, required=False)
    date = _date(_("date"), required_in_browser=True)
    place = _line(_("place"), 200)
    deputies = PkMultipleChoiceField(label=_("invite deputies"), queryset=None, required=False)

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies


class HoldForm(forms.Form):
    activity = _id()
    attended = forms.TypedMultipleChoiceField(
        label=_("attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = _text(_("findings"), 20000)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.user_id, str(p.user)) for p in participants]


class MidtermForm(forms.Form):
    note = _text(_("Mid-term check"), 10000)


class ConcludeForm(forms.Form):
    conclusion = _text(_("conclusion"), 10000)
    committee_opinion = _text(_("committee's opinion"), 10000)


# --- promises ---------------------------------------------------------------------------------
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files; the service checks their number, names, sizes and types."""

    def __init__(self, **kwargs):
        attrs = {"accept": ".jpg,.jpeg,.png,.pdf,.doc,.docx"}
        super().__init__(widget=MultipleFileInput(attrs=attrs), required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(EvidenceField, self).clean(f, initial) for f in files]


class ProgressForm(forms.Form):
    text = _text(_("Progress"), 5000)
    files = EvidenceField(label=_("Evidence (photos JPG/PNG, PDF, Word)"))


class ConfirmForm(forms.Form):
    note = _line(_("Note"), 2000)


class NotFulfilledForm(forms.Form):
    explanation = _text(_("Why it was not fulfilled"), 5000)


class UpgradeClassForm(forms.Form):
    result_class = forms.ChoiceField(label=_("result class"), choices=(), required=False)

    def __init__(self, *args, better_classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_class"].choices = better_classes


class ImplementationRatingForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Implementation rating"),
        choices=Grade.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = _text(_("Comment"), 5000, required_in_browser=False)
