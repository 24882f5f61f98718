"""Staff check replies; the deputy rates them (dissatisfied → re-handling); staff close;
staff put a suggestion under key supervision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import deadlines, notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import (
    AssignmentStatus,
    Grade,
    KeySupervision,
    Rating,
    Role,
    Status,
    Suggestion,
    User,
)
from suggestions.services.base import (
    apply,
    check_transition,
    lock_suggestion,
    log_event,
    today,
    transition_suggestion,
)
from suggestions.services.unit_work import replying_assignments

REASON_MAX = 5000


def _signed_off(suggestion):
    return list(
        replying_assignments(suggestion)
        .filter(status=AssignmentStatus.SIGNED_OFF)
        .select_for_update()
    )


@transaction.atomic
def suggestion_approve_reply(*, user, suggestion) -> Suggestion:
    """Staff approve the signed-off replies: the formal reply reaches every deputy."""
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "approve_reply", user)
    assignments = _signed_off(suggestion)
    now = timezone.now()
    for assignment in assignments:
        check_transition(assignment, "approve_reply", user)
        apply(assignment, "approve_reply")
    from suggestions.models import Reply

    Reply.objects.filter(assignment__in=assignments, round=suggestion.round).update(approved_at=now)
    suggestion.replied_at = now
    suggestion.rating_due = deadlines.rating_due(suggestion.session, today()).date
    before = transition_suggestion(suggestion, "approve_reply")
    event = log_event(
        suggestion,
        "replied",
        user,
        from_status=before,
        assignments=[a.pk for a in assignments],
        rating_due=suggestion.rating_due.isoformat(),
    )
    notify.send(
        actor=user,
        recipients=notify.deputy_users(suggestion),
        verb="replied",
        suggestion=suggestion,
        event=event,
    )
    return suggestion


@transaction.atomic
def suggestion_return_reply(*, user, suggestion, reason: str, assignments=None) -> Suggestion:
    """Staff return a formulaic or off-point reply for revision (all, or the units named)."""
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "return_reply", user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Please give the reason.")]})
    if len(reason) > REASON_MAX:
        raise InvalidInput(fields={"reason": [_("At most 5000 characters.")]})
    returned = _signed_off(suggestion)
    if assignments:
        wanted = {int(getattr(a, "pk", a)) for a in assignments}
        returned = [a for a in returned if a.pk in wanted]
        if not returned:
            raise InvalidInput(fields={"assignments": [_("Choose a reply to return.")]})
    for assignment in returned:
        check_transition(assignment, "return_reply", user)
        apply(assignment, "return_reply")
    before = transition_suggestion(suggestion, "return_reply")
    event = log_event(
        suggestion,
        "reply_returned",
        user,
        from_status=before,
        reason=reason,
        assignments=[a.pk for a in returned],
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users([a.unit_id for a in returned]),
        verb="reply_returned",
        suggestion=suggestion,
        event=event,
    )
    return suggestion


def _grade(value, field: str, errors: dict) -> str:
    if value not in Grade.values:
        errors[field] = [_("Choose satisfied, basically satisfied or dissatisfied.")]
    return value


@transaction.atomic
def suggestion_rate(
    *, user, suggestion, process: str, result: str, met: bool, comment: str = ""
) -> Rating:
    """The deputy rates the reply with their own account. A dissatisfied result re-opens
    handling for a new round with its own deadline."""
    suggestion = lock_suggestion(user, suggestion)
    is_lead = perms.deputy_id(user) == suggestion.lead_deputy_id
    if is_lead or not perms.can_rate(user, suggestion):
        check_transition(suggestion, "rate", user)
    elif suggestion.status not in (Status.REPLIED, Status.RATED):
        raise InvalidState(status=suggestion.status)
    errors: dict = {}
    _grade(process, "process", errors)
    _grade(result, "result", errors)
    if not isinstance(met, bool):
        errors["met"] = [_("Say whether the unit met you face to face.")]
    if len(comment or "") > REASON_MAX:
        errors["comment"] = [_("At most 5000 characters.")]
    if (
        not is_lead
        and Rating.objects.filter(
            suggestion=suggestion, deputy_id=user.deputy_id, round=suggestion.round
        ).exists()
    ):
        errors["result"] = [_("You have already rated this reply.")]
    if errors:
        raise InvalidInput(fields=errors)
    rating = Rating.objects.create(
        suggestion=suggestion,
        deputy_id=user.deputy_id,
        round=suggestion.round,
        process=process,
        result=result,
        met=met,
        comment=comment or "",
        rated_by=user,
    )
    if not is_lead:
        log_event(suggestion, "cosigner_rated", user, rating=rating.pk, result=result)
        return rating
    dissatisfied = result == Grade.DISSATISFIED
    rated_round = suggestion.round
    if dissatisfied:
        _open_next_round(user, suggestion)
    before = transition_suggestion(suggestion, "rate", dissatisfied)
    event = log_event(
        suggestion,
        "rated",
        user,
        from_status=before,
        rating=rating.pk,
        process=process,
        result=result,
        met=met,
        rated_round=rated_round,
    )
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    recipients = list(notify.unit_users(units)) + list(notify.staff_users())
    notify.send(
        actor=user,
        recipients=recipients,
        verb="rehandling" if dissatisfied else "rated",
        suggestion=suggestion,
        event=event,
    )
    return rating


def _open_next_round(user, suggestion) -> None:
    suggestion.round += 1
    due = deadlines.reply_due(suggestion.session, today(), rehandling=True).date
    for assignment in replying_assignments(suggestion).select_for_update():
        if assignment.status != AssignmentStatus.REPLIED:
            continue
        check_transition(assignment, "reopen", user)
        assignment.round = suggestion.round
        assignment.due_date = due
        apply(assignment, "reopen")


@transaction.atomic
def suggestion_close(*, user, suggestion) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "close", user)
    suggestion.closed_at = timezone.now()
    before = transition_suggestion(suggestion, "close")
    event = log_event(suggestion, "closed", user, from_status=before)
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    notify.send(
        actor=user,
        recipients=list(notify.deputy_users(suggestion)) + list(notify.unit_users(units)),
        verb="closed",
        suggestion=suggestion,
        event=event,
    )
    return suggestion


@transaction.atomic
def suggestion_set_key_supervision(
    *, user, suggestion, leader, responsible_committee: str = "", note: str = ""
) -> KeySupervision:
    suggestion = lock_suggestion(user, suggestion)
    if not perms.can_set_key_supervision(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    errors: dict = {}
    leader_user = (
        User.objects.filter(
            pk=getattr(leader, "pk", leader), role=Role.LEADER, is_active=True
        ).first()
        if str(getattr(leader, "pk", leader) or "").isdigit()
        else None
    )
    if leader_user is None:
        errors["leader"] = [_("Choose a committee leader.")]
    if len(responsible_committee or "") > 100:
        errors["responsible_committee"] = [_("At most 100 characters.")]
    if len(note or "") > REASON_MAX:
        errors["note"] = [_("At most 5000 characters.")]
    if errors:
        raise InvalidInput(fields=errors)
    supervision, _created = KeySupervision.objects.update_or_create(
        suggestion=suggestion,
        defaults={
            "leader": leader_user,
            "responsible_committee": responsible_committee or "",
            "note": note or "",
            "decided_by": user,
        },
    )
    event = log_event(
        suggestion,
        "key_supervision",
        user,
        leader=leader_user.pk,
        responsible_committee=responsible_committee or "",
    )
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    recipients = [leader_user, *notify.unit_users(units), *notify.deputy_users(suggestion)]
    notify.send(
        actor=user,
        recipients=recipients,
        verb="key_supervision",
        suggestion=suggestion,
        event=event,
    )
    return supervision
