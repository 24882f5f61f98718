"""Staff services for what arrives on paper: co-signatures already signed on the paper form, and
the deputy's answers on a printed feedback form (征询意见表), marked as entered by staff."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import permissions as perms
from suggestions import services
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


def rating_enter_from_paper(
    *, user, suggestion, deputy, process: str, result: str, met: bool, comment: str = ""
):
    """Staff enter the answers of a paper feedback form for a deputy without an account.

    The one rating service does it (`suggestion_rate` with `paper_form_of`): the rating and its
    event are marked `entered_by_staff`, and the lead deputy's form moves the suggestion on
    exactly as their own rating would (dissatisfied → re-handling).
    """
    return services.suggestion_rate(
        user=user,
        suggestion=suggestion,
        process=process,
        result=result,
        met=met,
        comment=comment,
        paper_form_of=deputy,
    )
