"""Staff check replies; the deputy rates them, or staff enter a deputy's paper feedback form
(dissatisfied → re-handling); staff close."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from suggestions import deadlines, notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import (
    AssignmentStatus,
    CoSigner,
    Grade,
    Rating,
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


def _rating_messages(on_paper: bool) -> tuple[str, tuple[str, str]]:
    """The messages in the voice of who enters the rating (the deputy, or staff from a paper
    form): the missing meeting answer, and (field, message) for a second rating of a round."""
    if on_paper:
        return _("Say whether the unit met the deputy face to face."), (
            "deputy",
            _("This deputy's rating of this reply is already recorded."),
        )
    return _("Say whether the unit met you face to face."), (
        "result",
        _("You have already rated this reply."),
    )


def _own_rater(user, suggestion) -> tuple[int | None, bool]:
    """(deputy id, is lead) of a deputy rating with their own account, else raise."""
    is_lead = perms.deputy_id(user) == suggestion.lead_deputy_id
    if is_lead or not perms.can_rate(user, suggestion):
        check_transition(suggestion, "rate", user)
    elif suggestion.status not in (Status.REPLIED, Status.RATED):
        raise InvalidState(status=suggestion.status)
    return user.deputy_id, is_lead


def _paper_rater(user, suggestion, deputy) -> tuple[int, bool]:
    """(deputy id, is lead) of a deputy whose paper feedback form staff enter, else raise."""
    if not perms.can_enter_paper_rating(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    deputy_id = getattr(deputy, "pk", deputy)
    deputy_id = int(deputy_id) if str(deputy_id or "").isdigit() else None
    if deputy_id is None:
        # Checked first: filtering accounts by a missing deputy would match every non-deputy.
        raise InvalidInput(fields={"deputy": [_("Choose the deputy whose form this is.")]})
    if User.objects.filter(deputy_id=deputy_id, is_active=True).exists():
        # Deputies with an account rate themselves: staff never rate on their behalf.
        raise InvalidInput(
            fields={"deputy": [_("This deputy has an account and must rate in person.")]}
        )
    is_lead = deputy_id is not None and deputy_id == suggestion.lead_deputy_id
    confirmed = suggestion.cosigners.filter(
        deputy_id=deputy_id, state=CoSigner.State.CONFIRMED
    ).exists()
    if not is_lead and not (confirmed and settings.CO_SIGNERS_RATE):
        raise InvalidInput(fields={"deputy": [_("This deputy cannot rate this suggestion.")]})
    # The FSM permission of `rate` is the deputy's own (can_rate); staff are authorised for
    # paper forms by can_enter_paper_rating above, so only the state is checked here.
    if is_lead and not can_proceed(suggestion.rate):
        raise InvalidState(status=suggestion.status)
    if not is_lead and suggestion.status not in (Status.REPLIED, Status.RATED):
        raise InvalidState(status=suggestion.status)
    return deputy_id, is_lead


@transaction.atomic
def suggestion_rate(
    *,
    user,
    suggestion,
    process: str,
    result: str,
    met: bool,
    comment: str = "",
    paper_form_of=None,
) -> Rating:
    """The deputy rates the reply with their own account; or, with `paper_form_of` (a deputy
    without an account), staff enter that deputy's paper feedback form (征询意见表), and the
    rating and its event are marked `entered_by_staff`. The lead deputy's rating moves the
    suggestion on; a dissatisfied one re-opens handling for a new round with its own deadline."""
    suggestion = lock_suggestion(user, suggestion)
    on_paper = paper_form_of is not None
    if on_paper:
        deputy_id, is_lead = _paper_rater(user, suggestion, paper_form_of)
    else:
        deputy_id, is_lead = _own_rater(user, suggestion)
    no_meeting_answer, rated_again = _rating_messages(on_paper)
    errors: dict = {}
    _grade(process, "process", errors)
    _grade(result, "result", errors)
    if not isinstance(met, bool):
        errors["met"] = [no_meeting_answer]
    if len(comment or "") > REASON_MAX:
        errors["comment"] = [_("At most 5000 characters.")]
    # A lead deputy's second rating of a round is refused by the state machine above.
    if (
        not is_lead
        and Rating.objects.filter(
            suggestion=suggestion, deputy_id=deputy_id, round=suggestion.round
        ).exists()
    ):
        field, message = rated_again
        errors[field] = [message]
    if errors:
        raise InvalidInput(fields=errors)
    rating = Rating.objects.create(
        suggestion=suggestion,
        deputy_id=deputy_id,
        round=suggestion.round,
        process=process,
        result=result,
        met=met,
        comment=comment or "",
        rated_by=user,
        entered_by_staff=on_paper,
    )
    marked = {"deputy": deputy_id, "entered_by_staff": True} if on_paper else {}
    if not is_lead:
        event = log_event(
            suggestion, "cosigner_rated", user, rating=rating.pk, result=result, **marked
        )
        if on_paper:
            _tell_deputy_of_paper_rating(user, suggestion, deputy_id, event)
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
        **marked,
    )
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    recipients = notify.unit_users(units) | notify.staff_users()
    notify.send(
        actor=user,
        recipients=recipients,
        verb="rehandling" if dissatisfied else "rated",
        suggestion=suggestion,
        event=event,
    )
    if on_paper:
        _tell_deputy_of_paper_rating(user, suggestion, deputy_id, event)
    return rating


def _tell_deputy_of_paper_rating(user, suggestion, deputy_id: int, event) -> None:
    """A rating typed in on a deputy's behalf is where pressure to be "satisfied" could hide:
    the deputy is told, so that what was entered in their name is never news to them."""
    notify.send(
        actor=user,
        recipients=notify.accounts_of_deputy(deputy_id),
        verb="rating_entered_on_paper",
        suggestion=suggestion,
        event=event,
    )


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
        recipients=notify.deputy_users(suggestion) | notify.unit_users(units),
        verb="closed",
        suggestion=suggestion,
        event=event,
    )
    return suggestion
