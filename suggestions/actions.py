"""Which actions a user may take on a suggestion or an assignment right now.

One mapping "action name → availability" shared by the API's `available_actions` and the web views.
An action is available when the state machine allows it now AND the caller's permission predicate
holds; the services enforce the same rules (this module only answers the question).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from suggestions import permissions as perms
from suggestions.models import AssignmentStatus, Status, UnitRequest

# Assignment statuses in which a unit may still ask for re-assignment or an extension.
OPEN_FOR_REQUESTS = (AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED)


@dataclass(frozen=True)
class Action:
    name: str
    # possible(obj): allowed in the current status for someone (else the service answers 409).
    possible: Callable[[object], bool]
    # permitted(user, obj): allowed for this caller, given it is possible (else 403).
    permitted: Callable[[object, object], bool]
    # ready(user, obj): further conditions the service checks as input (400), e.g. a deadline;
    # they hide the action but do not decide the error code.
    ready: Callable[[object, object], bool] | None = None

    def available(self, user, obj) -> bool:
        if not (self.possible(obj) and self.permitted(user, obj)):
            return False
        return self.ready is None or self.ready(user, obj)


def _fsm(method: str, name: str | None = None) -> Action:
    """An action that is exactly one FSM transition of the same model."""
    return Action(
        name or method,
        lambda obj: can_proceed(getattr(obj, method)),
        lambda user, obj: has_transition_perm(getattr(obj, method), user),
    )


def _rate_possible(suggestion) -> bool:
    return (
        suggestion.status in (Status.REPLIED, Status.RATED)
        if settings.CO_SIGNERS_RATE
        else (suggestion.status == Status.REPLIED)
    )


def _rate_permitted(user, suggestion) -> bool:
    if perms.deputy_id(user) == suggestion.lead_deputy_id:
        return suggestion.status == Status.REPLIED and perms.can_rate(user, suggestion)
    return perms.can_rate(user, suggestion)


SUGGESTION_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _fsm("submit"),
        _fsm("withdraw"),
        Action("confirm_cosign", lambda s: s.status == Status.DRAFT, perms.can_respond_cosign),
        Action("decline_cosign", lambda s: s.status == Status.DRAFT, perms.can_respond_cosign),
        _fsm("accept"),
        _fsm("not_accept"),
        _fsm("merge"),
        _fsm("assign"),
        _fsm("approve_reply"),
        _fsm("return_reply"),
        Action("rate", _rate_possible, _rate_permitted),
        _fsm("close"),
        # The service sets key supervision in any status once filed; only the role matters.
        Action(
            "set_key_supervision", lambda s: s.status != Status.DRAFT, perms.can_set_key_supervision
        ),
    ]
}


def _open_for_requests(assignment) -> bool:
    return assignment.status in OPEN_FOR_REQUESTS


def _reassignment_in_time(user, assignment) -> bool:
    due = assignment.reassignment_due
    return due is None or timezone.localdate() <= due


def _pending(kind: str) -> Callable[[object], bool]:
    def possible(assignment) -> bool:
        # Uses the prefetched requests when the caller prefetched them.
        return any(
            r.kind == kind and r.state == UnitRequest.State.PENDING
            for r in assignment.requests.all()
        )

    return possible


def _no_pending(kind: str) -> Callable[[object], bool]:
    pending = _pending(kind)
    return lambda a: _open_for_requests(a) and not pending(a)


ASSIGNMENT_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _fsm("sign"),
        Action(
            "request_reassignment",
            _no_pending(UnitRequest.Kind.REASSIGNMENT),
            perms.can_request,
            ready=_reassignment_in_time,
        ),
        Action(
            "record_contact",
            lambda a: a.status != AssignmentStatus.RELIEVED,
            perms.can_record_contact,
        ),
        _fsm("submit_opinion"),
        _fsm("draft_reply"),
        Action("request_extension", _no_pending(UnitRequest.Kind.EXTENSION), perms.can_request),
        _fsm("sign_off"),
        Action(
            "approve_reassignment",
            _pending(UnitRequest.Kind.REASSIGNMENT),
            perms.can_decide_request,
        ),
        Action(
            "reject_reassignment", _pending(UnitRequest.Kind.REASSIGNMENT), perms.can_decide_request
        ),
        Action("approve_extension", _pending(UnitRequest.Kind.EXTENSION), perms.can_decide_request),
        Action("reject_extension", _pending(UnitRequest.Kind.EXTENSION), perms.can_decide_request),
    ]
}


SUGGESTION_ACTION_NAMES = list(SUGGESTION_ACTIONS)
ASSIGNMENT_ACTION_NAMES = list(ASSIGNMENT_ACTIONS)


def available_suggestion_actions(user, suggestion) -> list[str]:
    return [name for name, a in SUGGESTION_ACTIONS.items() if a.available(user, suggestion)]


def available_assignment_actions(user, assignment) -> list[str]:
    return [name for name, a in ASSIGNMENT_ACTIONS.items() if a.available(user, assignment)]
