"""What every transition service shares: lock, check (404 → 409 → 403), apply, log one event."""

from __future__ import annotations

from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from suggestions import permissions as perms
from suggestions.errors import Conflict, InvalidState, NotPermitted, NotVisible
from suggestions.models import Assignment, Event, Suggestion
from suggestions.signals import suggestion_status_changed


def today():
    return timezone.localdate()


def lock_suggestion(user, suggestion_or_pk) -> Suggestion:
    """Lock the suggestion row for the rest of the transaction and check the caller may see it.

    Every service on a suggestion or its assignments locks this row first, so concurrent changes
    of one suggestion are serialised and the loser sees the winner's status.
    """
    pk = getattr(suggestion_or_pk, "pk", suggestion_or_pk)
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("session", "lead_deputy")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None or not perms.can_view_suggestion(user, suggestion):
        raise NotVisible()
    return suggestion


def lock_assignment(user, assignment_or_pk) -> Assignment:
    pk = getattr(assignment_or_pk, "pk", assignment_or_pk)
    suggestion_id = Assignment.objects.filter(pk=pk).values_list("suggestion_id", flat=True).first()
    if suggestion_id is None:
        raise NotVisible()
    suggestion = lock_suggestion(user, suggestion_id)
    assignment = (
        Assignment.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pk)
    )
    if not perms.can_view_assignment(user, assignment):
        raise NotVisible()
    assignment.suggestion = suggestion
    return assignment


def check_transition(obj, name: str, user, *, status_field: str = "status") -> None:
    """409 when the transition is impossible in the current state for anyone; 403 when it is
    possible but not for this caller. The FSM permission is only a query: this enforces it."""
    method = getattr(obj, name)
    current = getattr(obj, status_field)
    if not can_proceed(method):
        raise InvalidState(status=current)
    if not has_transition_perm(method, user):
        raise NotPermitted(status=current)


def save_transition(obj) -> None:
    try:
        obj.save()
    except ConcurrentTransition as exc:
        raise Conflict() from exc


def apply(obj, name: str, *args) -> str:
    """Run an already-checked transition and save; returns the previous state."""
    field = "state" if hasattr(obj, "state") and not hasattr(obj, "status") else "status"
    before = getattr(obj, field)
    getattr(obj, name)(*args)
    save_transition(obj)
    return before


def transition_suggestion(suggestion: Suggestion, name: str, *args) -> str:
    """Apply a checked suggestion transition and let the workflow follow it."""
    before = apply(suggestion, name, *args)
    suggestion_status_changed.send(sender=Suggestion, suggestion=suggestion, from_status=before)
    return before


def log_event(
    suggestion: Suggestion,
    verb: str,
    actor,
    *,
    from_status: str | None = None,
    assignment: Assignment | None = None,
    **payload,
) -> Event:
    """Append the one event row of this service call."""
    return Event.objects.create(
        suggestion=suggestion,
        assignment=assignment,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        from_status=from_status if from_status is not None else suggestion.status,
        to_status=suggestion.status,
        round=suggestion.round,
        payload=payload,
    )
