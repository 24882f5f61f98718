"""A deputy writes a suggestion: drafts, co-signers, submission, withdrawal."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Consent, CoSigner, Deputy, Session, Status, Suggestion
from suggestions.services.base import (
    check_transition,
    lock_suggestion,
    log_event,
    transition_suggestion,
)
from suggestions.signals import suggestion_created

TITLE_MAX = 200
CONTENT_MAX = 20000


def _validate_text(title: str, content: str) -> dict:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Please enter a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("The title may have at most %(n)s characters.") % {"n": TITLE_MAX}]
    content = (content or "").strip()
    if not content:
        errors["content"] = [_("Please enter the content.")]
    elif len(content) > CONTENT_MAX:
        errors["content"] = [
            _("The content may have at most %(n)s characters.") % {"n": CONTENT_MAX}
        ]
    return errors


def _validate_cosigners(lead_deputy_id: int, co_signers) -> tuple[list[Deputy], dict]:
    ids = []
    for item in co_signers or []:
        pk = getattr(item, "pk", item)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            return [], {"co_signers": [_("Unknown deputy.")]}
    ids = list(dict.fromkeys(i for i in ids if i != lead_deputy_id))
    deputies = list(Deputy.objects.filter(pk__in=ids, is_active=True))
    if len(deputies) != len(ids):
        return [], {"co_signers": [_("Unknown deputy.")]}
    return deputies, {}


def _invite(suggestion: Suggestion, deputies: list[Deputy], actor) -> None:
    wanted = {d.pk for d in deputies}
    suggestion.cosigners.exclude(deputy_id__in=wanted).delete()
    existing = set(suggestion.cosigners.values_list("deputy_id", flat=True))
    new = [CoSigner(suggestion=suggestion, deputy=d) for d in deputies if d.pk not in existing]
    CoSigner.objects.bulk_create(new)
    if new:
        from suggestions.models import User

        notify.send(
            actor=actor,
            recipients=User.objects.filter(
                deputy_id__in=[c.deputy_id for c in new], is_active=True
            ),
            verb="cosign_invited",
            suggestion=suggestion,
            deputy=suggestion.lead_deputy.name,
        )


@transaction.atomic
def suggestion_create(
    *,
    user,
    session: Session,
    title: str,
    content: str,
    category=None,
    co_signers=(),
    publication_consent: str = Consent.FULL,
    in_session: bool = False,
    lead_deputy: Deputy | None = None,
) -> Suggestion:
    """A deputy drafts their own suggestion; staff register one received on paper for a deputy."""
    if not perms.can_create_suggestion(user):
        raise NotPermitted()
    if perms.deputy_id(user) is not None:
        lead_deputy = user.deputy
    errors = _validate_text(title, content)
    if lead_deputy is None:
        errors["lead_deputy"] = [_("Please choose the lead deputy.")]
    if publication_consent not in Consent.values:
        errors["publication_consent"] = [_("Please choose a valid option.")]
    deputies, cos_errors = _validate_cosigners(getattr(lead_deputy, "pk", None), co_signers)
    errors.update(cos_errors)
    if errors:
        raise InvalidInput(fields=errors)
    suggestion = Suggestion.objects.create(
        session=session,
        title=title.strip(),
        content=content.strip(),
        category=category,
        lead_deputy=lead_deputy,
        publication_consent=publication_consent,
        in_session=bool(in_session),
        created_by=user,
        registered_by_staff=perms.is_staff(user),
    )
    suggestion_created.send(sender=Suggestion, suggestion=suggestion)
    log_event(suggestion, "created", user, from_status="")
    _invite(suggestion, deputies, user)
    return suggestion


@transaction.atomic
def suggestion_update_draft(
    *,
    user,
    suggestion,
    title: str,
    content: str,
    category=None,
    co_signers=(),
    publication_consent: str = Consent.FULL,
    in_session: bool = False,
) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    if suggestion.status != Status.DRAFT:
        raise InvalidState(status=suggestion.status)
    if not perms.can_edit_draft(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    errors = _validate_text(title, content)
    if publication_consent not in Consent.values:
        errors["publication_consent"] = [_("Please choose a valid option.")]
    deputies, cos_errors = _validate_cosigners(suggestion.lead_deputy_id, co_signers)
    errors.update(cos_errors)
    if errors:
        raise InvalidInput(fields=errors)
    suggestion.title = title.strip()
    suggestion.content = content.strip()
    suggestion.category = category
    suggestion.publication_consent = publication_consent
    suggestion.in_session = bool(in_session)
    suggestion.save()
    _invite(suggestion, deputies, user)
    log_event(suggestion, "draft_updated", user)
    return suggestion


@transaction.atomic
def suggestion_submit(*, user, suggestion) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "submit", user)
    if suggestion.cosigners.filter(state=CoSigner.State.INVITED).exists():
        raise InvalidInput(
            _("Every invited co-signer must confirm or decline before submission."),
            fields={"co_signers": [_("Some co-signers have not answered yet.")]},
        )
    # Number per session, allocated under the session's row lock so two submissions never clash.
    session = Session.objects.select_for_update().get(pk=suggestion.session_id)
    suggestion.number = session.next_number
    session.next_number += 1
    session.save(update_fields=["next_number"])
    suggestion.submitted_at = timezone.now()
    before = transition_suggestion(suggestion, "submit")
    event = log_event(suggestion, "submitted", user, from_status=before, number=suggestion.number)
    notify.send(
        actor=user,
        recipients=notify.staff_users(),
        verb="submitted",
        suggestion=suggestion,
        event=event,
    )
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, user, suggestion, reason: str = "") -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    check_transition(suggestion, "withdraw", user)
    if len(reason or "") > 5000:
        raise InvalidInput(fields={"reason": [_("At most 5000 characters.")]})
    before = transition_suggestion(suggestion, "withdraw")
    event = log_event(suggestion, "withdrawn", user, from_status=before, reason=reason or "")
    if before != Status.DRAFT:
        notify.send(
            actor=user,
            recipients=notify.staff_users(),
            verb="withdrawn",
            suggestion=suggestion,
            event=event,
        )
    return suggestion


def _respond_cosign(user, suggestion, state: str) -> Suggestion:
    suggestion = lock_suggestion(user, suggestion)
    if suggestion.status != Status.DRAFT:
        raise InvalidState(status=suggestion.status)
    if not perms.can_respond_cosign(user, suggestion):
        # A co-signer who already answered (e.g. a double click) meets a state conflict (409).
        if perms.deputy_id(user) and suggestion.cosigners.filter(deputy_id=user.deputy_id).exists():
            raise InvalidState(status=suggestion.status)
        raise NotPermitted(status=suggestion.status)
    cosigner = suggestion.cosigners.get(deputy_id=user.deputy_id)
    cosigner.state = state
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["state", "responded_at"])
    verb = "cosign_confirmed" if state == CoSigner.State.CONFIRMED else "cosign_declined"
    event = log_event(suggestion, verb, user, deputy=user.deputy_id)
    from suggestions.models import User

    notify.send(
        actor=user,
        recipients=User.objects.filter(deputy_id=suggestion.lead_deputy_id, is_active=True),
        verb=verb,
        suggestion=suggestion,
        event=event,
    )
    return suggestion


@transaction.atomic
def cosign_confirm(*, user, suggestion) -> Suggestion:
    return _respond_cosign(user, suggestion, CoSigner.State.CONFIRMED)


@transaction.atomic
def cosign_decline(*, user, suggestion) -> Suggestion:
    return _respond_cosign(user, suggestion, CoSigner.State.DECLINED)
