"""Two-tier assignment through a dispatcher unit (政府办/督查室): it forwards its assignment to
its departments (the deadline keeps running from the committee's assignment), follows their
progress, checks each department's reply and consolidates them into its own reply, which its head
signs off to the committee with the ordinary services. Departments' replies stay on record, so
statistics can credit the departments (Assignment.role == "dept")."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import notify, services
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Assignment, AssignmentRole, AssignmentStatus, Reply, Unit
from suggestions.services.base import apply, check_transition, lock_assignment, log_event


def _children(assignment: Assignment):
    return assignment.forwarded.filter(round=assignment.round).exclude(
        status=AssignmentStatus.RELIEVED
    )


@transaction.atomic
def assignment_forward(*, user, assignment, departments) -> list[Assignment]:
    """The dispatcher forwards its signed assignment to one or more of its departments."""
    assignment = lock_assignment(user, assignment)
    if assignment.status != AssignmentStatus.SIGNED:
        raise InvalidState(status=assignment.status)
    if not perms.can_forward(user, assignment):
        raise NotPermitted(status=assignment.status)
    ids = list(dict.fromkeys(int(getattr(d, "pk", d)) for d in departments or []))
    found = set(
        Unit.objects.filter(pk__in=ids, parent_id=assignment.unit_id, is_active=True).values_list(
            "pk", flat=True
        )
    )
    if not ids or found != set(ids):
        raise InvalidInput(fields={"departments": [_("Choose departments of this unit.")]})
    already = set(_children(assignment).values_list("unit_id", flat=True))
    now = timezone.now()
    rows = [
        Assignment(
            suggestion=assignment.suggestion,
            unit_id=unit_id,
            role=AssignmentRole.DEPT,
            parent=assignment,
            round=assignment.round,
            assigned_at=now,
            # The committee's deadline keeps running: the department has no time of its own.
            due_date=assignment.due_date,
            original_due_date=assignment.due_date,
        )
        for unit_id in ids
        if unit_id not in already
    ]
    Assignment.objects.bulk_create(rows)
    event = log_event(
        assignment.suggestion,
        "forwarded",
        user,
        assignment=assignment,
        departments=[r.unit_id for r in rows],
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users([r.unit_id for r in rows]),
        verb="assigned",
        suggestion=assignment.suggestion,
        event=event,
    )
    return rows


def forwarded_progress(user, assignment) -> list[Assignment]:
    """The departments' assignments with their status and reply, for the dispatcher."""
    if not perms.can_view_unit_work(user, assignment):
        raise NotPermitted()
    return list(
        assignment.forwarded.select_related("unit")
        .prefetch_related("replies")
        .order_by("round", "id")
    )


@transaction.atomic
def forwarded_return(*, user, child, reason: str) -> Assignment:
    """The dispatcher returns a department's signed-off reply for revision."""
    child = lock_assignment(user, child)
    check_transition(child, "return_reply", user)
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Please give the reason.")]})
    apply(child, "return_reply")
    log_event(child.suggestion, "forwarded_reply_returned", user, assignment=child, reason=reason)
    return child


def forwarded_consolidate_check(*, user, assignment, children=None) -> None:
    """409 unless every department has signed off its reply (none forwarded: never possible);
    then 403 unless the caller is the dispatcher unit drafting its reply."""
    if children is None:
        children = list(_children(assignment))
    if not children or any(c.status != AssignmentStatus.SIGNED_OFF for c in children):
        raise InvalidState(status=assignment.status)
    if not perms.can_accept_forwarded(user, assignment):
        raise NotPermitted(status=assignment.status)


@transaction.atomic
def forwarded_consolidate(
    *, user, assignment, result_class: str, text: str = "", promises=()
) -> Reply:
    """When every department has signed off, the dispatcher accepts their replies and drafts its
    own reply from them (the text given, or the departments' replies one after another). Its
    head then signs off with `assignment_sign_off`, as any unit."""
    assignment = lock_assignment(user, assignment)
    children = list(_children(assignment).select_for_update().select_related("unit"))
    forwarded_consolidate_check(user=user, assignment=assignment, children=children)
    # Every department's current reply in one query, approved in one statement.
    replies = {
        (r.assignment_id, r.round): r
        for r in Reply.objects.filter(assignment_id__in=[c.pk for c in children])
    }
    current = [replies[(c.pk, c.round)] for c in children]
    parts = []
    for child, reply in zip(children, current, strict=True):
        check_transition(child, "approve_reply", user)
        apply(child, "approve_reply")
        parts.append(f"{child.unit.name}：{reply.text}")
    # No post_save is missed: the texts (what the search index reads) are unchanged, and the
    # event logged below moves the statistics' cache generation.
    Reply.objects.filter(pk__in=[r.pk for r in current]).update(approved_at=timezone.now())
    log_event(
        assignment.suggestion,
        "forwarded_replies_accepted",
        user,
        assignment=assignment,
        departments=[c.unit_id for c in children],
    )
    return services.assignment_draft_reply(
        user=user,
        assignment=assignment,
        result_class=result_class,
        text=text or "\n".join(parts),
        promises=promises,
    )
