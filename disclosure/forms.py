"""Forms of the staff award page. They read numbers and ids (no overflow, no NaN) and, bound to
request.POST, show again what staff typed when a submission is refused; the ranges and rules
stay in `disclosure.awards`, the only writer, whose field errors are put back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# Ids and numbers that fit a database integer, so that a lookup never overflows.
MAX_INT = 2**31 - 1


class AwardOpenForm(forms.Form):
    min_satisfaction = forms.DecimalField(label=_("Minimum satisfaction (fraction)"), initial="0.8")
    unit_share = forms.DecimalField(
        label=_("Share of units named advanced (fraction)"), initial="0.25"
    )
    excellent_count = forms.IntegerField(label=_("Number of excellent suggestions"), initial=10)


class NominateForm(forms.Form):
    number = forms.IntegerField(label=_("Suggestion number"), min_value=1, max_value=MAX_INT)
    reason = forms.CharField(label=_("Reason"), required=False)

    @staticmethod
    def field_for(key: str) -> str:
        """The service speaks of the suggestion; the page asks for its number."""
        return "number" if key == "suggestion" else key


class ScoreForm(forms.Form):
    nomination = forms.IntegerField(min_value=1, max_value=MAX_INT, widget=forms.HiddenInput)
    score = forms.IntegerField(label=_("Score"))
