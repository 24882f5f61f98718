"""The suggestion list filters as a django-filter FilterSet, so a list page and its Excel export
apply exactly the same filters from the same query string."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from suggestions.models import Assignment, Category, Session, Status, Suggestion, Unit


class SuggestionFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(queryset=Session.objects.all(), label=_("session"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("category")
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(), method="filter_unit", label=_("unit")
    )
    in_session = django_filters.BooleanFilter(label=_("submitted during the congress session"))
    q = django_filters.CharFilter(method="filter_text", label=_("title, number or deputy"))

    class Meta:
        model = Suggestion
        fields = ["session", "status", "category", "unit", "in_session", "q"]

    def filter_unit(self, qs, name, unit):
        handled = Assignment.objects.filter(suggestion=OuterRef("pk"), unit=unit).exclude(
            status="relieved"
        )
        return qs.filter(Exists(handled))

    def filter_text(self, qs, name, value):
        value = value.strip()
        match = Q(title__icontains=value) | Q(lead_deputy__name__icontains=value)
        digits = value.strip("第号")
        if digits.isdigit():
            match |= Q(number=int(digits))
        return qs.filter(match)


def filtered(qs, params) -> tuple[object, bool]:
    """(queryset, valid). Invalid filter values give the unfiltered-by-them form errors, never a
    server error; the caller shows them."""
    f = SuggestionFilter(params, queryset=qs)
    if not f.is_valid():
        return qs.none(), False
    return f.qs, True
