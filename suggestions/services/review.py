"""Committee staff review a submitted suggestion and assign it to handling units."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import deadlines, notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput
from suggestions.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    Status,
    Suggestion,
    Unit,
)
from suggestions.services.base import (
    check_transition,
    lock_suggestion,
    log_event,
    transition_suggestion,
)

REASON_MAX = 5000


def _deputies_told(user, suggestion, verb, event):
    notify.send(
        actor=user,
        recipients=notify.deputy_users(suggestion),
        verb=verb,
        suggestion=suggestion,
        event=event,
    )


@transaction.atomic
def suggestion_accept(*, user, suggestion, category=None) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "accept", user)
    if category is not None:
        suggestion.category = category
    before = transition_suggestion(suggestion, "accept")
    event = log_event(suggestion, "accepted", user, from_status=before)
    _deputies_told(user, suggestion, "accepted", event)
    return suggestion


@transaction.atomic
def suggestion_not_accept(*, user, suggestion, reason: str) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "not_accept", user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Please give the reason.")]})
    if len(reason) > REASON_MAX:
        raise InvalidInput(fields={"reason": [_("At most 5000 characters.")]})
    suggestion.not_accepted_reason = reason
    before = transition_suggestion(suggestion, "not_accept")
    event = log_event(suggestion, "not_accepted", user, from_status=before, reason=reason)
    _deputies_told(user, suggestion, "not_accepted", event)
    return suggestion


@transaction.atomic
def suggestion_merge(*, user, suggestion, into) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "merge", user)
    into_pk = getattr(into, "pk", into)
    try:
        into_pk = int(into_pk)
    except (TypeError, ValueError):
        raise InvalidInput(fields={"into": [_("Choose the suggestion to merge into.")]}) from None
    target = Suggestion.objects.filter(pk=into_pk).first()
    # A draft the caller may not see is no suggestion to them (it must not show by its message).
    if target is not None and not perms.can_view_suggestion(user, target):
        target = None
    if target is None or target.pk == suggestion.pk:
        raise InvalidInput(fields={"into": [_("Choose another suggestion to merge into.")]})
    if target.session_id != suggestion.session_id:
        raise InvalidInput(
            fields={"into": [_("Only suggestions of the same session can be merged.")]}
        )
    if target.status in (Status.DRAFT, Status.WITHDRAWN, Status.NOT_ACCEPTED, Status.MERGED):
        raise InvalidInput(fields={"into": [_("That suggestion cannot take merged suggestions.")]})
    suggestion.merged_into = target
    before = transition_suggestion(suggestion, "merge")
    event = log_event(
        suggestion,
        "merged",
        user,
        from_status=before,
        into=target.pk,
        into_number=target.number,
    )
    _deputies_told(user, suggestion, "merged", event)
    return suggestion


def _unit_ids(values, field: str, errors: dict) -> list[int]:
    ids = []
    for value in values or []:
        value = getattr(value, "pk", value)
        # Only whole numbers: int(1.5) or int(True) would silently pick another unit.
        if isinstance(value, bool) or not isinstance(value, int | str):
            value = None
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            errors[field] = [_("Unknown unit.")]
            return []
    return list(dict.fromkeys(ids))


def new_assignment(suggestion, unit_id: int, role: str, when, *, round_: int = 1) -> Assignment:
    """An unsaved assignment with every due date computed from `when`."""
    start = timezone.localtime(when).date()
    reply = deadlines.reply_due(suggestion.session, start).date
    return Assignment(
        suggestion=suggestion,
        unit_id=unit_id,
        role=role,
        round=round_,
        assigned_at=when,
        due_date=reply,
        original_due_date=reply,
        reassignment_due=deadlines.reassignment_due(suggestion.session, start).date,
        opinion_due=(
            deadlines.opinion_due(suggestion.session, start).date
            if role == AssignmentRole.CO
            else None
        ),
    )


@transaction.atomic
def suggestion_assign(
    *, user, suggestion, lead_unit=None, co_units=(), split_units=()
) -> Suggestion:
    """Assign to one lead unit plus co-units (主办/协办), or to several units that each reply (分办)."""
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "assign", user)
    errors: dict = {}
    lead = _unit_ids([lead_unit] if lead_unit not in (None, "") else [], "lead_unit", errors)
    co = _unit_ids(co_units, "co_units", errors)
    split = _unit_ids(split_units, "split_units", errors)
    if not errors:
        if split and (lead or co):
            errors["split_units"] = [_("Choose either a lead unit with co-units, or split units.")]
        elif not split and not lead:
            errors["lead_unit"] = [_("Please choose the lead unit.")]
        elif split and len(split) < 2:
            errors["split_units"] = [_("A split assignment needs at least two units.")]
        elif lead and lead[0] in co:
            errors["co_units"] = [_("The lead unit cannot also be a co-unit.")]
    wanted = set(lead + co + split)
    if not errors:
        found = set(Unit.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
        if found != wanted:
            field = "split_units" if split else ("co_units" if set(lead) <= found else "lead_unit")
            errors[field] = [_("Unknown unit.")]
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    rows = (
        [new_assignment(suggestion, u, AssignmentRole.SPLIT, now) for u in split]
        if split
        else [new_assignment(suggestion, lead[0], AssignmentRole.LEAD, now)]
        + [new_assignment(suggestion, u, AssignmentRole.CO, now) for u in co]
    )
    Assignment.objects.bulk_create(rows)
    suggestion.assignment_mode = AssignmentMode.SPLIT if split else AssignmentMode.JOINT
    suggestion.assigned_at = now
    before = transition_suggestion(suggestion, "assign")
    event = log_event(
        suggestion,
        "assigned",
        user,
        from_status=before,
        lead_unit=lead[0] if lead else None,
        co_units=co,
        split_units=split,
        due_date=rows[0].due_date.isoformat(),
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users(wanted),
        verb="assigned",
        suggestion=suggestion,
        event=event,
    )
    _deputies_told(user, suggestion, "assigned", event)
    return suggestion
