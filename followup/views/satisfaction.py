"""Satisfaction pages: the deputy changes their own rating; staff see disputed meetings, the
rating audit trail, first- and latest-round figures and where the survey disagrees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from followup import services
from followup.forms import RatingChangeForm
from followup.selectors.overview import satisfaction_overview, session_or_current
from followup.views.common import perform_form
from suggestions import permissions as perms
from suggestions.models import Rating, Session
from suggestions.views.common import require


def _visible_rating(request, pk: int) -> Rating:
    rating = get_object_or_404(
        Rating.objects.select_related("suggestion", "deputy").filter(
            suggestion__in=perms.visible_suggestions(request.user)
        ),
        pk=pk,
    )
    require(perms.can_change_rating(request.user, rating))
    return rating


def _rating_page(request, rating: Rating, *, form=None, error=None, status: int = 200):
    if form is None:
        form = RatingChangeForm(initial=RatingChangeForm.initial_for(rating))
    context = {"rating": rating, "form": form, "error": error}
    return render(request, "followup/rating_change.html", context, status=status)


@login_required
def rating_change(request, pk: int):
    """Only the deputy who rated, with their own account, may change the rating before closure."""
    rating = _visible_rating(request, pk)
    if request.method != "POST":
        return _rating_page(request, rating)
    return perform_form(
        request,
        RatingChangeForm(request.POST),
        lambda d: services.rating_change(
            user=request.user,
            rating=pk,
            process=d.get("process"),
            result=d.get("result"),
            met=d.get("met"),
            comment=d.get("comment", ""),
        ),
        page=lambda **kw: _rating_page(request, rating, **kw),
        success_url=reverse("followup:rating_change", args=[pk]),
    )


def current_session(request):
    return session_or_current(request.GET.get("session"))


@login_required
@require_GET
def staff_satisfaction(request):
    """The staff page: disputed meetings, every rating change, figures, survey disagreement."""
    require(perms.can_view_meeting_disputes(request.user))
    context = {
        **satisfaction_overview(current_session(request)),
        "sessions": Session.objects.all(),
    }
    return render(request, "followup/staff_satisfaction.html", context)
