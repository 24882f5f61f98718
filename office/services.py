"""Staff services for what arrives on paper: co-signatures already signed on the paper form, and
the deputy's answers on a printed feedback form (征询意见表), marked as entered by staff."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import CoSigner, Deputy, Status, Suggestion
from suggestions.services.base import lock_suggestion, log_event


@transaction.atomic
def paper_cosigners_register(*, user, suggestion, deputies) -> Suggestion:
    """Record co-signers who signed the paper suggestion as confirmed, in one event.

    Staff are the actor: the deputies did not act in the system, so their own `cosign_confirm`
    (which would log them as actors) is not used, and no invitation is sent.
    """
    suggestion = lock_suggestion(user, suggestion)
    if suggestion.status != Status.DRAFT:
        raise InvalidState(status=suggestion.status)
    if not perms.can_register_paper_cosigners(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    ids = list(dict.fromkeys(int(getattr(d, "pk", d)) for d in deputies))
    ids = [i for i in ids if i != suggestion.lead_deputy_id]
    if Deputy.objects.filter(pk__in=ids, is_active=True).count() != len(ids):
        raise InvalidInput(fields={"co_signers": [_("Unknown deputy.")]})
    now = timezone.now()
    existing = set(suggestion.cosigners.values_list("deputy_id", flat=True))
    suggestion.cosigners.filter(deputy_id__in=ids).update(
        state=CoSigner.State.CONFIRMED, responded_at=now
    )
    CoSigner.objects.bulk_create(
        CoSigner(
            suggestion=suggestion, deputy_id=i, state=CoSigner.State.CONFIRMED, responded_at=now
        )
        for i in ids
        if i not in existing
    )
    if ids:
        log_event(suggestion, "cosign_confirmed_on_paper", user, deputies=ids)
    return suggestion


def _paper_rater(suggestion: Suggestion, deputy_id: int) -> str:
    """'lead' or 'cosigner' when this deputy's paper form may be entered, else raise."""
    from django.conf import settings

    from suggestions.models import User

    if User.objects.filter(deputy_id=deputy_id, is_active=True).exists():
        # Deputies with an account rate themselves: staff never rate on their behalf.
        raise InvalidInput(
            fields={"deputy": [_("This deputy has an account and must rate in person.")]}
        )
    if deputy_id == suggestion.lead_deputy_id:
        return "lead"
    confirmed = suggestion.cosigners.filter(
        deputy_id=deputy_id, state=CoSigner.State.CONFIRMED
    ).exists()
    if confirmed and settings.CO_SIGNERS_RATE:
        return "cosigner"
    raise InvalidInput(fields={"deputy": [_("This deputy cannot rate this suggestion.")]})


@transaction.atomic
def rating_enter_from_paper(
    *, user, suggestion, deputy, process: str, result: str, met: bool, comment: str = ""
):
    """Staff enter the answers of a paper feedback form for a deputy without an account.

    The rating is marked `entered_by_staff` and its event says so, so statistics and the audit
    can count these apart. The lead deputy's form moves the suggestion on exactly as their own
    rating would (dissatisfied → re-handling).
    """
    from django_fsm import can_proceed

    from suggestions import notify
    from suggestions.models import Grade, Rating
    from suggestions.services.base import transition_suggestion
    from suggestions.services.closing import _open_next_round
    from suggestions.services.unit_work import replying_assignments

    suggestion = lock_suggestion(user, suggestion)
    if not perms.can_enter_paper_rating(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    deputy_id = int(getattr(deputy, "pk", deputy))
    kind = _paper_rater(suggestion, deputy_id)
    if kind == "lead" and not can_proceed(suggestion.rate):
        raise InvalidState(status=suggestion.status)
    if kind == "cosigner" and suggestion.status not in (Status.REPLIED, Status.RATED):
        raise InvalidState(status=suggestion.status)
    errors: dict = {}
    for field, value in (("process", process), ("result", result)):
        if value not in Grade.values:
            errors[field] = [_("Choose satisfied, basically satisfied or dissatisfied.")]
    if not isinstance(met, bool):
        errors["met"] = [_("Say whether the unit met the deputy face to face.")]
    if len(comment or "") > 5000:
        errors["comment"] = [_("At most 5000 characters.")]
    if Rating.objects.filter(
        suggestion=suggestion, deputy_id=deputy_id, round=suggestion.round
    ).exists():
        errors["deputy"] = [_("This deputy's rating of this reply is already recorded.")]
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
        entered_by_staff=True,
    )
    payload = {"rating": rating.pk, "result": result, "deputy": deputy_id, "entered_by_staff": True}
    if kind == "cosigner":
        log_event(suggestion, "cosigner_rated", user, **payload)
        return rating
    dissatisfied = result == Grade.DISSATISFIED
    rated_round = suggestion.round
    if dissatisfied:
        _open_next_round(user, suggestion)
    # The FSM permission of `rate` is the deputy's own (can_rate); staff are authorised for paper
    # forms by can_enter_paper_rating above, so the transition is applied without that query.
    before = transition_suggestion(suggestion, "rate", dissatisfied)
    event = log_event(
        suggestion,
        "rated",
        user,
        from_status=before,
        process=process,
        met=met,
        rated_round=rated_round,
        **payload,
    )
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    notify.send(
        actor=user,
        recipients=list(notify.unit_users(units)) + list(notify.staff_users()),
        verb="rehandling" if dissatisfied else "rated",
        suggestion=suggestion,
        event=event,
    )
    return rating
