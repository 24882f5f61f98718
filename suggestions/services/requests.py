"""Units ask staff to be relieved (申请调整) or for more time (延期); staff decide."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import deadlines, notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import AssignmentStatus, Unit, UnitRequest
from suggestions.services.base import (
    apply,
    check_transition,
    lock_assignment,
    log_event,
)
from suggestions.services.review import new_assignment
from suggestions.services.unit_work import _parse_date

REASON_MAX = 5000
OPEN_FOR_REQUESTS = (AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED)


def _check_can_request(user, assignment, kind: str) -> None:
    if assignment.status not in OPEN_FOR_REQUESTS:
        raise InvalidState(status=assignment.status)
    if not perms.can_request(user, assignment):
        raise NotPermitted(status=assignment.status)
    if assignment.requests.filter(kind=kind, state=UnitRequest.State.PENDING).exists():
        raise InvalidState(
            _("A request of this kind is already waiting for a decision."),
            status=assignment.status,
        )


def _reason(reason, errors: dict) -> str:
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Please give the reason.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("At most 5000 characters.")]
    return reason


@transaction.atomic
def assignment_request_reassignment(
    *, user, assignment, reason: str, suggested_unit=None
) -> UnitRequest:
    assignment = lock_assignment(user, assignment)
    _check_can_request(user, assignment, UnitRequest.Kind.REASSIGNMENT)
    errors: dict = {}
    reason = _reason(reason, errors)
    if assignment.reassignment_due and timezone.localdate() > assignment.reassignment_due:
        errors["reason"] = [
            _("Re-assignment had to be requested by %(date)s; the unit keeps handling it.")
            % {"date": assignment.reassignment_due.isoformat()}
        ]
    unit = None
    if suggested_unit not in (None, ""):
        unit = Unit.objects.filter(pk=getattr(suggested_unit, "pk", suggested_unit)).first()
        if unit is None:
            errors["suggested_unit"] = [_("Unknown unit.")]
    if errors:
        raise InvalidInput(fields=errors)
    request = UnitRequest.objects.create(
        assignment=assignment,
        kind=UnitRequest.Kind.REASSIGNMENT,
        reason=reason,
        suggested_unit=unit,
        requested_by=user,
    )
    event = log_event(
        assignment.suggestion,
        "reassignment_requested",
        user,
        assignment=assignment,
        request=request.pk,
        reason=reason,
    )
    notify.send(
        actor=user,
        recipients=notify.staff_users(),
        verb="reassignment_requested",
        suggestion=assignment.suggestion,
        event=event,
    )
    return request


@transaction.atomic
def assignment_request_extension(*, user, assignment, reason: str, due_date) -> UnitRequest:
    assignment = lock_assignment(user, assignment)
    _check_can_request(user, assignment, UnitRequest.Kind.EXTENSION)
    errors: dict = {}
    reason = _reason(reason, errors)
    day = _parse_date(due_date, "due_date", errors)
    if day and assignment.due_date and day <= assignment.due_date:
        errors["due_date"] = [_("The new date must be later than the current due date.")]
    if day and assignment.original_due_date:
        cap = deadlines.extension_cap(assignment.suggestion.session, assignment.original_due_date)
        if day > cap:
            errors["due_date"] = [
                _("An extension may run at most until %(date)s.") % {"date": cap.isoformat()}
            ]
    if errors:
        raise InvalidInput(fields=errors)
    request = UnitRequest.objects.create(
        assignment=assignment,
        kind=UnitRequest.Kind.EXTENSION,
        reason=reason,
        requested_due_date=day,
        requested_by=user,
    )
    event = log_event(
        assignment.suggestion,
        "extension_requested",
        user,
        assignment=assignment,
        request=request.pk,
        reason=reason,
        due_date=day.isoformat(),
    )
    notify.send(
        actor=user,
        recipients=notify.staff_users(),
        verb="extension_requested",
        suggestion=assignment.suggestion,
        event=event,
    )
    return request


def _lock_request(user, request, kind: str | None = None) -> UnitRequest:
    pk = getattr(request, "pk", request)
    row = UnitRequest.objects.filter(pk=pk).values_list("assignment_id", "kind").first()
    if row is None or (kind and row[1] != kind):
        raise NotVisible()
    assignment = lock_assignment(user, row[0])
    request = UnitRequest.objects.select_for_update().get(pk=pk)
    request.assignment = assignment
    return request


def pending_request(assignment, kind: str) -> UnitRequest | None:
    return assignment.requests.filter(kind=kind, state=UnitRequest.State.PENDING).first()


@transaction.atomic
def request_approve(*, user, request, unit=None, due_date=None) -> UnitRequest:
    """Staff approve: a re-assignment moves the work to `unit`; an extension sets the new date."""
    request = _lock_request(user, request)
    check_transition(request, "approve", user, status_field="state")
    assignment = request.assignment
    suggestion = assignment.suggestion
    errors: dict = {}
    if request.kind == UnitRequest.Kind.REASSIGNMENT:
        target = unit if unit not in (None, "") else request.suggested_unit
        target_unit = Unit.objects.filter(pk=getattr(target, "pk", target), is_active=True).first()
        if target_unit is None:
            errors["unit"] = [_("Choose the unit that takes over.")]
        elif (
            suggestion.assignments.filter(unit=target_unit)
            .exclude(status=AssignmentStatus.RELIEVED)
            .exists()
        ):
            errors["unit"] = [_("That unit already handles this suggestion.")]
        if errors:
            raise InvalidInput(fields=errors)
        check_transition(assignment, "relieve", user)
    else:
        day = _parse_date(due_date, "due_date", errors) if due_date else request.requested_due_date
        cap = deadlines.extension_cap(suggestion.session, assignment.original_due_date)
        if day and day > cap:
            errors["due_date"] = [
                _("An extension may run at most until %(date)s.") % {"date": cap.isoformat()}
            ]
        if errors:
            raise InvalidInput(fields=errors)
    request.decided_by, request.decided_at = user, timezone.now()
    apply(request, "approve")
    if request.kind == UnitRequest.Kind.REASSIGNMENT:
        replacement = new_assignment(suggestion, target_unit.pk, assignment.role, timezone.now())
        replacement.round = assignment.round
        replacement.save()
        assignment.replaced_by = replacement
        apply(assignment, "relieve")
        event = log_event(
            suggestion,
            "reassignment_approved",
            user,
            assignment=assignment,
            request=request.pk,
            new_unit=target_unit.pk,
            new_assignment=replacement.pk,
        )
        recipients = list(notify.unit_users([assignment.unit_id, target_unit.pk]))
        recipients += list(notify.deputy_users(suggestion))
        verb = "reassignment_approved"
    else:
        previous = assignment.due_date
        assignment.due_date = day
        assignment.save(update_fields=["due_date"])
        event = log_event(
            suggestion,
            "extension_approved",
            user,
            assignment=assignment,
            request=request.pk,
            previous_due=previous.isoformat() if previous else None,
            due_date=day.isoformat(),
        )
        recipients = list(notify.unit_users([assignment.unit_id]))
        recipients += list(notify.deputy_users(suggestion))
        verb = "extension_approved"
    notify.send(actor=user, recipients=recipients, verb=verb, suggestion=suggestion, event=event)
    return request


@transaction.atomic
def request_reject(*, user, request, reason: str) -> UnitRequest:
    request = _lock_request(user, request)
    check_transition(request, "reject", user, status_field="state")
    errors: dict = {}
    reason = _reason(reason, errors)
    if errors:
        raise InvalidInput(fields=errors)
    request.decided_by, request.decided_at = user, timezone.now()
    request.decision_note = reason
    apply(request, "reject")
    assignment = request.assignment
    verb = f"{request.kind}_rejected"
    event = log_event(
        assignment.suggestion,
        verb,
        user,
        assignment=assignment,
        request=request.pk,
        reason=reason,
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users([assignment.unit_id]),
        verb=verb,
        suggestion=assignment.suggestion,
        event=event,
    )
    return request


def assignment_for_request(user, assignment_pk: int, kind: str) -> UnitRequest:
    """The pending request of `kind` on an assignment (the API decides by assignment id)."""
    with transaction.atomic():
        assignment = lock_assignment(user, assignment_pk)
        request = pending_request(assignment, kind)
    if request is None:
        raise InvalidState(_("There is no pending request to decide."), status=assignment.status)
    return request
