"""Satisfaction that is the deputy's own: a deputy may change their rating before closure (every
change is an event with before and after); a rating that denies a meeting the unit recorded is
flagged to staff."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Contact, Grade, Rating, Status
from suggestions.services.base import lock_suggestion, log_event
from suggestions.services.unit_work import replying_assignments

FIELDS = ("process", "result", "met", "comment")


def _snapshot(rating) -> dict:
    return {name: getattr(rating, name) for name in FIELDS}


@transaction.atomic
def rating_change(
    *, user, rating, process: str, result: str, met: bool, comment: str = ""
) -> Rating:
    """The deputy changes their own rating of the current round while it is still open (rated,
    not yet closed). Turning it into "dissatisfied" is refused here: that re-opens handling, which
    staff do on the deputy's request."""
    pk = getattr(rating, "pk", rating)
    suggestion_id = Rating.objects.filter(pk=pk).values_list("suggestion_id", flat=True).first()
    if suggestion_id is None:
        raise NotVisible()
    suggestion = lock_suggestion(user, suggestion_id)
    rating = Rating.objects.select_for_update(of=("self",)).get(pk=pk)
    if suggestion.status != Status.RATED or rating.round != suggestion.round:
        raise InvalidState(status=suggestion.status)
    if not perms.can_change_rating(user, rating):
        raise NotPermitted(status=suggestion.status)
    errors: dict = {}
    for name, value in (("process", process), ("result", result)):
        if value not in Grade.values:
            errors[name] = [_("Choose satisfied, basically satisfied or dissatisfied.")]
    if result == Grade.DISSATISFIED and rating.result != Grade.DISSATISFIED:
        errors["result"] = [
            _("A dissatisfied result re-opens handling; please ask committee staff to re-open it.")
        ]
    if not isinstance(met, bool):
        errors["met"] = [_("Say whether the unit met you face to face.")]
    if len(comment or "") > 5000:
        errors["comment"] = [_("At most 5000 characters.")]
    if errors:
        raise InvalidInput(fields=errors)
    before = _snapshot(rating)
    rating.process, rating.result, rating.met, rating.comment = process, result, met, comment or ""
    after = _snapshot(rating)
    if before == after:
        return rating
    rating.save(update_fields=list(FIELDS))
    event = log_event(
        suggestion,
        "rating_changed",
        user,
        rating=rating.pk,
        rated_round=rating.round,
        before=before,
        after=after,
    )
    notify.send(
        actor=user,
        recipients=notify.staff_users(),
        verb="rating_changed",
        suggestion=suggestion,
        event=event,
    )
    flag_denied_meeting(rating, actor=user)
    return rating


def claimed_meetings(suggestion):
    """Face-to-face meetings the replying units recorded for this suggestion."""
    return Contact.objects.filter(
        assignment__in=replying_assignments(suggestion), kind=Contact.Kind.MEETING
    )


def flag_denied_meeting(rating, *, actor) -> bool:
    """Tell staff when the lead deputy denies a meeting a unit claims to have held. Called in the
    rating's own transaction (by `rating_change` and after `suggestion_rate`)."""
    suggestion = rating.suggestion
    if rating.met or rating.deputy_id != suggestion.lead_deputy_id:
        return False
    if not claimed_meetings(suggestion).exists():
        return False
    notify.send(
        actor=actor,
        recipients=notify.staff_users(),
        verb="meeting_disputed",
        suggestion=suggestion,
        rating=rating.pk,
    )
    return True
