"""Reminders before due dates and escalation after them, each step once per recipient.

Unit deadlines (reply, co-unit opinion): at each of `REMINDER_STEPS_WORKDAYS` working days before
the due date the unit's handlers are reminded; once overdue, the handlers and the unit head every
working day; after `ESCALATE_AFTER_WORKDAYS` working days overdue, committee staff once. The
re-assignment window and the deputy's rating have their own steps. A run that comes late sends
only the step now in force (never a burst of stale ones).

"Once" is enforced by `ReminderLog`'s unique key (kind, target, step, day, recipient), inserted in
the same transaction as the in-app notification: a crash before commit leaves neither, a crash
after leaves both, and a second run (even a concurrent one) finds the key and sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from notifications.signals import notify

from delivery.models import ReminderLog
from followup.reminders import promise_deadline_reminders
from suggestions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Role,
    Suggestion,
    User,
)
from suggestions.models import Status as SuggestionStatus
from suggestions.workdays import add_workdays, is_workday, workdays_between


@dataclass(frozen=True)
class Reminder:
    """One message to one recipient, identified by its ReminderLog key."""

    kind: str
    target_id: int
    step: str
    day: dt.date
    recipient: User
    verb: str
    actor: object
    target: object
    data: dict

    @property
    def key(self) -> tuple:
        return (self.kind, self.target_id, self.step, self.day, self.recipient.pk)


def send_once(reminders: list[Reminder]) -> int:
    """Write each reminder's log row and notification together, skipping those already sent."""
    if not reminders:
        return 0
    existing = set(
        ReminderLog.objects.filter(
            kind__in={r.kind for r in reminders},
            target_id__in={r.target_id for r in reminders},
            day__in={r.day for r in reminders},
        ).values_list("kind", "target_id", "step", "day", "recipient_id")
    )
    sent = 0
    for r in reminders:
        if r.key in existing:
            continue
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    kind=r.kind,
                    target_id=r.target_id,
                    step=r.step,
                    day=r.day,
                    recipient=r.recipient,
                )
                created = notify.send(
                    r.actor, recipient=[r.recipient], verb=r.verb, target=r.target, data=r.data
                )
                written = next(resp for _recv, resp in created if isinstance(resp, list))
                log.notification_id = written[0].pk
                log.save(update_fields=["notification_id"])
        except IntegrityError:
            continue  # a concurrent run wrote this step first
        existing.add(r.key)
        sent += 1
    return sent


def pre_due_step(remaining: int, steps: list[int]) -> int | None:
    """The reminder step in force with `remaining` working days left (0 = due today)."""
    candidates = [s for s in steps if s >= remaining]
    return min(candidates) if candidates else None


def _unit_people(unit_ids) -> tuple[dict, dict]:
    handlers: dict[int, list[User]] = defaultdict(list)
    heads: dict[int, list[User]] = defaultdict(list)
    users = User.objects.filter(
        unit_id__in=set(unit_ids), role__in=[Role.UNIT_HANDLER, Role.UNIT_HEAD], is_active=True
    )
    for user in users:
        (heads if user.role == Role.UNIT_HEAD else handlers)[user.unit_id].append(user)
    return handlers, heads


def _staff() -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, is_active=True))


def _assignment_data(a: Assignment, due: dt.date) -> dict:
    return {
        "title": a.suggestion.title,
        "suggestion": a.suggestion_id,
        "assignment": a.pk,
        "unit": a.unit_id,
        "unit_name": a.unit.name,
        "due": due.isoformat(),
    }


def unit_deadline_steps(
    today: dt.date, due: dt.date, *, working_day: bool
) -> list[tuple[str, dt.date, str, str, dict]]:
    """The steps in force today for one due date: (step, key day, audience, verb suffix, data).

    Pre-due steps are keyed by the due date (so an extension starts them again); the daily
    overdue step by today; the escalation once per due date.
    """
    remaining = workdays_between(today, due)
    if remaining >= 0:
        step = pre_due_step(remaining, list(settings.REMINDER_STEPS_WORKDAYS))
        if step is None:
            return []
        return [(str(step), due, "handlers", "due_soon", {"days_left": remaining})]
    overdue = -remaining
    steps = []
    if working_day:
        steps.append(("overdue", today, "unit", "overdue", {"days_overdue": overdue}))
    if overdue >= settings.ESCALATE_AFTER_WORKDAYS:
        steps.append(("escalation", due, "staff", "escalated", {"days_overdue": overdue}))
    return steps


def unit_deadline_reminders(
    today: dt.date, *, kind: str, field: str, statuses, roles
) -> list[Reminder]:
    """Due-soon, overdue and escalation messages for one kind of unit deadline."""
    horizon = add_workdays(today, max(settings.REMINDER_STEPS_WORKDAYS, default=0)).date
    assignments = list(
        Assignment.objects.filter(
            status__in=statuses, role__in=roles, **{f"{field}__lte": horizon}
        ).select_related("suggestion", "unit")
    )
    handlers, heads = _unit_people(a.unit_id for a in assignments)
    staff = _staff() if assignments else []
    working_day = is_workday(today)
    out: list[Reminder] = []
    for a in assignments:
        due = getattr(a, field)
        audiences = {
            "handlers": handlers[a.unit_id],
            "unit": handlers[a.unit_id] + heads[a.unit_id],
            "staff": staff,
        }
        for step, day, audience, suffix, extra in unit_deadline_steps(
            today, due, working_day=working_day
        ):
            data = {**_assignment_data(a, due), **extra}
            out += [
                Reminder(kind, a.pk, step, day, user, f"{kind}_{suffix}", a.suggestion, a, data)
                for user in audiences[audience]
            ]
    return out


def reassignment_window_reminders(today: dt.date) -> list[Reminder]:
    """Units that have neither signed nor asked to be relieved, before the window closes."""
    steps = list(settings.REASSIGNMENT_REMINDER_STEPS_WORKDAYS)
    horizon = add_workdays(today, max(steps, default=0)).date
    assignments = list(
        Assignment.objects.filter(
            status=AssignmentStatus.ASSIGNED,
            reassignment_due__gte=today,
            reassignment_due__lte=horizon,
        ).select_related("suggestion", "unit")
    )
    handlers, _heads = _unit_people(a.unit_id for a in assignments)
    out = []
    for a in assignments:
        remaining = workdays_between(today, a.reassignment_due)
        step = pre_due_step(remaining, steps)
        if step is None:
            continue
        data = {**_assignment_data(a, a.reassignment_due), "days_left": remaining}
        for user in handlers[a.unit_id]:
            out.append(
                Reminder(
                    "reassignment",
                    a.pk,
                    str(step),
                    a.reassignment_due,
                    user,
                    "reassignment_window_closing",
                    a.suggestion,
                    a,
                    data,
                )
            )
    return out


def _raters(suggestions: list[Suggestion]) -> dict[int, list[User]]:
    """Deputies who still have to rate each suggestion's current round."""
    from suggestions.models import CoSigner, Rating

    ids = [s.pk for s in suggestions]
    deputy_ids: dict[int, set[int]] = {s.pk: {s.lead_deputy_id} for s in suggestions}
    if settings.CO_SIGNERS_RATE:
        for sid, did in CoSigner.objects.filter(
            suggestion_id__in=ids, state="confirmed"
        ).values_list("suggestion_id", "deputy_id"):
            deputy_ids[sid].add(did)
    rounds = {s.pk: s.round for s in suggestions}
    for sid, did, rnd in Rating.objects.filter(suggestion_id__in=ids).values_list(
        "suggestion_id", "deputy_id", "round"
    ):
        if rnd == rounds[sid]:
            deputy_ids[sid].discard(did)
    wanted = set().union(*deputy_ids.values()) if deputy_ids else set()
    users = {
        u.deputy_id: u
        for u in User.objects.filter(deputy_id__in=wanted, role=Role.DEPUTY, is_active=True)
    }
    return {sid: [users[d] for d in dids if d in users] for sid, dids in deputy_ids.items()}


def rating_reminders(today: dt.date) -> list[Reminder]:
    """The deputy before the rating is due, and once when it has passed."""
    steps = list(settings.REMINDER_STEPS_WORKDAYS)
    horizon = add_workdays(today, max(steps, default=0)).date
    suggestions = list(
        Suggestion.objects.filter(status=SuggestionStatus.REPLIED, rating_due__lte=horizon)
    )
    raters = _raters(suggestions)
    out = []
    for s in suggestions:
        remaining = workdays_between(today, s.rating_due)
        data = {"title": s.title, "suggestion": s.pk, "due": s.rating_due.isoformat()}
        if remaining >= 0:
            step = pre_due_step(remaining, steps)
            verb, key_step, extra = "rating_due_soon", str(step), {"days_left": remaining}
            if step is None:
                continue
        else:
            verb, key_step, extra = "rating_overdue", "overdue", {"days_overdue": -remaining}
        for user in raters.get(s.pk, []):
            out.append(
                Reminder(
                    "rating", s.pk, key_step, s.rating_due, user, verb, s, s, {**data, **extra}
                )
            )
    return out


def run_reminders(now: dt.datetime | None = None) -> int:
    """One pass of every reminder kind; safe to run any number of times a day."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDER_HOUR:
        return 0
    today = now.date()
    open_reply = (AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED)
    reminders = unit_deadline_reminders(
        today,
        kind="reply",
        field="due_date",
        statuses=open_reply,
        roles=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
    )
    reminders += unit_deadline_reminders(
        today,
        kind="opinion",
        field="opinion_due",
        statuses=(AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED),
        roles=(AssignmentRole.CO,),
    )
    reminders += reassignment_window_reminders(today)
    reminders += rating_reminders(today)
    reminders += promise_deadline_reminders(today)
    return send_once(reminders)
