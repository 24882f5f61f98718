"""Key supervision (重点督办) of a suggestion: the one writer of its `KeySupervision` row, and the
staff's direct decision. The leaders' meeting selecting a key item (`followup.services.
key_item_decide`) is the other decision that puts suggestions under key supervision; it writes
the rows through the same writer and logs its own event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import KeySupervision, Role, Status, User
from suggestions.services.base import lock_suggestion, log_event
from suggestions.services.unit_work import replying_assignments

NOTE_MAX = 5000
COMMITTEE_MAX = 100


def _active_leader(leader) -> User | None:
    if isinstance(leader, User):
        # Read by the caller inside this transaction (a key item's leader, once for all its
        # suggestions): checked as read, not fetched again per suggestion.
        return leader if leader.role == Role.LEADER and leader.is_active else None
    pk = leader
    if not str(pk or "").isdigit():
        return None
    return User.objects.filter(pk=pk, role=Role.LEADER, is_active=True).first()


def key_supervision_put(
    *, suggestion, leader, responsible_committee: str, note: str, decided_by
) -> KeySupervision:
    """Put the (locked) suggestion under key supervision led by an active committee leader, or
    change who leads it. Callers check who may decide and log the event of their decision."""
    errors: dict = {}
    leader_user = _active_leader(leader)
    if leader_user is None:
        errors["leader"] = [_("Choose a committee leader.")]
    if len(responsible_committee or "") > COMMITTEE_MAX:
        errors["responsible_committee"] = [_("At most 100 characters.")]
    if len(note or "") > NOTE_MAX:
        errors["note"] = [_("At most 5000 characters.")]
    if errors:
        raise InvalidInput(fields=errors)
    supervision, _created = KeySupervision.objects.update_or_create(
        suggestion=suggestion,
        defaults={
            "leader": leader_user,
            "responsible_committee": responsible_committee or "",
            "note": note or "",
            "decided_by": decided_by,
        },
    )
    return supervision


@transaction.atomic
def suggestion_set_key_supervision(
    *, user, suggestion, leader, responsible_committee: str = "", note: str = ""
) -> KeySupervision:
    """Staff put one suggestion under key supervision directly (outside a key item)."""
    suggestion = lock_suggestion(user, suggestion)
    if suggestion.status == Status.DRAFT:
        # Key suggestions are picked among filed ones; and the leader would be shown a draft
        # (staff's paper one) that leaders may not see.
        raise InvalidState(status=suggestion.status)
    if not perms.can_set_key_supervision(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    supervision = key_supervision_put(
        suggestion=suggestion,
        leader=leader,
        responsible_committee=responsible_committee,
        note=note,
        decided_by=user,
    )
    event = log_event(
        suggestion,
        "key_supervision",
        user,
        leader=supervision.leader_id,
        responsible_committee=responsible_committee or "",
    )
    units = replying_assignments(suggestion).values_list("unit_id", flat=True)
    recipients = [supervision.leader, *notify.unit_users(units), *notify.deputy_users(suggestion)]
    notify.send(
        actor=user,
        recipients=recipients,
        verb="key_supervision",
        suggestion=suggestion,
        event=event,
    )
    return supervision
