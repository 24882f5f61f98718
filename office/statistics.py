"""Figures the office needs to keep apart: ratings deputies gave in person versus paper forms
entered by staff (so 满意率 can be reported with and without them)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from suggestions.models import Rating


def rating_sources(ratings: QuerySet[Rating] | None = None) -> dict[str, int]:
    """Counts of ratings by source and grade, aggregated in the database in one query."""
    qs = Rating.objects.all() if ratings is None else ratings
    figures = {}
    for source, flag in (("in_person", False), ("staff_entered", True)):
        for grade in ("satisfied", "basically_satisfied", "dissatisfied"):
            figures[f"{source}_{grade}"] = Count(
                "pk", filter=Q(entered_by_staff=flag, result=grade)
            )
        figures[source] = Count("pk", filter=Q(entered_by_staff=flag))
    return qs.aggregate(**figures)
