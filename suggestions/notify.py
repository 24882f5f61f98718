"""In-app notifications: who is told what, written in the same transaction as the change.

Texts are rendered at display time from the verb (see `notification_text`) so each reader sees
them in their own language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from notifications.signals import notify

from suggestions import permissions as perms
from suggestions import unread_badge
from suggestions.models import AssignmentStatus, CoSigner, Role, Suggestion, User

# The newest notices a reader can page through, on the web and in the API: a notice is news, and
# counting ten years of a staff account's (every submission told to all staff) grew with history.
LISTED = 10_000

MESSAGES = {
    "cosign_invited": _("%(deputy)s invites you to co-sign “%(title)s”"),
    "cosign_confirmed": _("A co-signer confirmed “%(title)s”"),
    "cosign_declined": _("A co-signer declined “%(title)s”"),
    "submitted": _("New suggestion to review: “%(title)s”"),
    "accepted": _("Your suggestion “%(title)s” was accepted"),
    "not_accepted": _("Your suggestion “%(title)s” was not accepted"),
    "merged": _("Your suggestion “%(title)s” was merged into another"),
    "withdrawn": _("“%(title)s” was withdrawn"),
    "assigned": _("Suggestion “%(title)s” was assigned"),
    "reassignment_requested": _("A unit asks to be relieved of “%(title)s”"),
    "reassignment_approved": _("Re-assignment of “%(title)s” approved"),
    "reassignment_rejected": _("Re-assignment of “%(title)s” refused"),
    "extension_requested": _("A unit asks for more time on “%(title)s”"),
    "extension_approved": _("Extension for “%(title)s” approved"),
    "extension_rejected": _("Extension for “%(title)s” refused"),
    "opinion_submitted": _("A co-unit sent its opinion on “%(title)s”"),
    "reply_drafted": _("A reply to “%(title)s” awaits your sign-off"),
    "reply_signed_off": _("A reply to “%(title)s” awaits your check"),
    "reply_returned": _("The reply to “%(title)s” was returned for revision"),
    "replied": _("You have received the reply to “%(title)s”"),
    "rated": _("The deputy rated the reply to “%(title)s”"),
    "rehandling": _("The deputy is dissatisfied: “%(title)s” is to be handled again"),
    "rating_entered_on_paper": _(
        "Committee staff entered your rating of the reply to “%(title)s” from your paper "
        "feedback form: please check what was recorded in your name"
    ),
    "closed": _("“%(title)s” was closed"),
    "key_supervision": _("“%(title)s” is under key supervision"),
    # Deadline reminders and escalations (written by delivery.reminders).
    "reply_due_soon": _("Reply to “%(title)s” due %(due)s: %(days_left)s working days left"),
    "reply_overdue": _("Reply to “%(title)s” is overdue (due %(due)s)"),
    "reply_escalated": _(
        "%(unit_name)s is %(days_overdue)s working days late replying to “%(title)s”"
    ),
    "opinion_due_soon": _(
        "Co-unit opinion on “%(title)s” due %(due)s: %(days_left)s working days left"
    ),
    "opinion_overdue": _("Co-unit opinion on “%(title)s” is overdue (due %(due)s)"),
    "opinion_escalated": _(
        "%(unit_name)s is %(days_overdue)s working days late with its opinion on “%(title)s”"
    ),
    "reassignment_window_closing": _("Sign for “%(title)s” or ask for re-assignment by %(due)s"),
    "rating_due_soon": _("Please rate the reply to “%(title)s” by %(due)s"),
    "rating_overdue": _("Your rating of the reply to “%(title)s” was due %(due)s"),
    "unit_digest": _(
        "%(unit_name)s: %(n_open)s open, %(n_due_soon)s due soon, %(n_overdue)s overdue"
    ),
    "calendar_missing": _(
        "The official holiday schedule of %(year)s is missing: add it under Calendar days"
    ),
}


def notification_text(notification) -> str:
    data = notification.data or {}
    template = MESSAGES.get(notification.verb)
    if template is None:
        return notification.description or notification.verb
    # Reminders carry more fields (due, days_left, unit_name…); every message may use them.
    values = {**data, "title": data.get("title", ""), "deputy": data.get("deputy", "")}
    return str(template) % values


@dataclass(frozen=True)
class Target:
    """What a notice opens for its reader: a `kind` of page ("suggestion", "key_item"…), the id
    of its object (None for a page of the reader's own, such as their invitations) and its URL."""

    kind: str
    pk: int | None
    url: str


# The apps whose notices are about something other than the suggestion register here a function
# (reader, notices) → {notice id: Target} for the notices they know a better page of (followup:
# a key item's notices open the key item); it must ask the same rules as that page, in a fixed
# number of queries for any number of notices. Registered, not imported: the core imports no app.
TARGET_RESOLVERS: list[Callable[[object, Sequence], dict[int, Target]]] = []


def targets_of(user, notifications: Sequence) -> dict[int, Target | None]:
    """The page each notice opens for `user`: its suggestion's unless a registered resolver knows
    a better one the user may see; None for a notice about no suggestion (a digest)."""
    targets: dict[int, Target | None] = {}
    for n in notifications:
        pk = (n.data or {}).get("suggestion")
        ok = isinstance(pk, int)
        targets[n.pk] = (
            Target("suggestion", pk, reverse("suggestion_detail", args=[pk])) if ok else None
        )
    targets.update(_unit_work_targets(user, notifications, targets))
    for resolve in TARGET_RESOLVERS:
        targets.update(resolve(user, notifications))
    return targets


def _unit_work_targets(user, notifications: Sequence, targets: dict) -> dict[int, Target]:
    """A handling unit works on its assignment's page, not the suggestion's: a unit reader's
    notice about a suggestion opens the unit's own assignment of it (its open one, else the
    newest, e.g. after the unit was relieved). One query for any number of notices."""
    if perms.unit_id(user) is None:
        return {}
    about = {t.pk for t in targets.values() if t is not None and t.kind == "suggestion"}
    if not about:
        return {}
    rows = (
        perms.visible_assignments(user)
        .filter(suggestion_id__in=about)
        .order_by("suggestion_id", "round", "pk")
        .values_list("suggestion_id", "pk", "status")
    )
    newest: dict[int, int] = {}
    held: dict[int, int] = {}
    for suggestion_id, pk, status in rows:  # oldest first: later rows overwrite
        newest[suggestion_id] = pk
        if status != AssignmentStatus.RELIEVED:
            held[suggestion_id] = pk
    chosen = {**newest, **held}
    return {
        n_pk: Target("assignment", chosen[t.pk], reverse("assignment_detail", args=[chosen[t.pk]]))
        for n_pk, t in targets.items()
        if t is not None and t.kind == "suggestion" and t.pk in chosen
    }


def staff_users():
    return User.objects.filter(role=Role.STAFF, is_active=True)


def unit_users(unit_ids: Iterable[int] | QuerySet, heads_only: bool = False):
    roles = [Role.UNIT_HEAD] if heads_only else [Role.UNIT_HANDLER, Role.UNIT_HEAD]
    # A queryset of ids stays a subquery: one statement instead of two.
    ids = unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids)
    return User.objects.filter(unit_id__in=ids, role__in=roles, is_active=True)


def accounts_of_deputy(deputy_id: int):
    """The deputy's account, active or not. Staff enter paper forms only for deputies without an
    active account, so a deactivated one gets the notice too, but only in the inbox, read once it
    is active again: nothing is e-mailed or texted to a deactivated account (see
    `delivery.channels.reachable`). Whoever writes for a deputy with no active account must tell
    the person some other way (`deputy_is_reachable`)."""
    return User.objects.filter(deputy_id=deputy_id, role=Role.DEPUTY)


def deputy_is_reachable(deputy_id: int) -> bool:
    """Whether a notice to this deputy reaches them: only an active account is told."""
    return User.objects.filter(deputy_id=deputy_id, role=Role.DEPUTY, is_active=True).exists()


def deputy_users(suggestion, cosigners: bool = True):
    """Every deputy who must be told: lead, confirmed co-signers, and deputies of merged ones."""
    return deputy_users_of([suggestion], cosigners=cosigners)


def deputy_users_of(suggestions: Iterable[Suggestion], cosigners: bool = True):
    """`deputy_users` of several suggestions (a key item's) in one query, not one per suggestion."""
    suggestions = list(suggestions)
    ids = [s.pk for s in suggestions]
    q = Q(deputy_id__in={s.lead_deputy_id for s in suggestions})
    if cosigners:
        # Subqueries, not joins: OR across joined tables defeats the indexes (1.5 s per call at
        # 100,000 suggestions); each subquery here is one index lookup.
        confirmed = CoSigner.objects.filter(suggestion_id__in=ids, state="confirmed")
        merged = Suggestion.objects.filter(merged_into_id__in=ids)
        q |= Q(deputy_id__in=confirmed.values("deputy_id"))
        q |= Q(deputy_id__in=merged.values("lead_deputy_id"))
    return User.objects.filter(q, role=Role.DEPUTY, is_active=True)


def send(*, actor, recipients, verb: str, suggestion, event=None, **data) -> None:
    """Write one notification per distinct recipient (never to the actor themself)."""
    users = {u.pk: u for u in recipients if u.pk != getattr(actor, "pk", None)}
    if not users or actor is None:
        return
    payload = {"title": suggestion.title, "suggestion": suggestion.pk, **data}
    if event is not None:
        payload["event"] = event.pk
    notify.send(
        actor,
        recipient=list(users.values()),
        verb=verb,
        target=suggestion,
        action_object=event,
        data=payload,
    )


def mark_all_read(user) -> int:
    """Mark every unread notice of `user` read (one UPDATE, which sends no row signal, so the
    cached unread badge is forgotten here); returns how many were marked."""
    marked = user.notifications.mark_all_as_read()
    unread_badge.forget(user.pk)
    return marked
