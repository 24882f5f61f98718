"""Promises in the reminder engine (`delivery.reminders`): each open promise of an approved reply
gets the steps of a unit deadline — due soon to the unit's handlers, overdue daily to the unit,
escalated once to staff — and the engine's log sends each step once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings

from followup.selectors.promises import tracked_promises
from suggestions.models import Promise, Role, User
from suggestions.workdays import add_workdays, is_workday


def _people(unit_ids) -> tuple[dict, dict, list]:
    handlers: dict[int, list[User]] = defaultdict(list)
    unit: dict[int, list[User]] = defaultdict(list)
    staff: list[User] = []
    users = User.objects.filter(
        is_active=True, role__in=(Role.STAFF, Role.UNIT_HANDLER, Role.UNIT_HEAD)
    )
    for user in users.filter(role=Role.STAFF) | users.filter(unit_id__in=set(unit_ids)):
        if user.role == Role.STAFF:
            staff.append(user)
            continue
        unit[user.unit_id].append(user)
        if user.role == Role.UNIT_HANDLER:
            handlers[user.unit_id].append(user)
    return handlers, unit, staff


def promise_deadline_reminders(today: dt.date) -> list:
    """The engine's `Reminder` rows for promises today (two queries for any number)."""
    from delivery.reminders import Reminder, unit_deadline_steps

    horizon = add_workdays(today, max(settings.REMINDER_STEPS_WORKDAYS, default=0)).date
    promises = list(
        tracked_promises()
        .filter(state=Promise.State.OPEN, due_date__lte=horizon)
        .select_related("unit", "reply__assignment__suggestion")
    )
    if not promises:
        return []
    handlers, unit, staff = _people(p.unit_id for p in promises)
    working_day = is_workday(today)
    out = []
    for promise in promises:
        suggestion = promise.reply.assignment.suggestion
        audiences = {
            "handlers": handlers[promise.unit_id],
            "unit": unit[promise.unit_id],
            "staff": staff,
        }
        for step, day, audience, suffix, extra in unit_deadline_steps(
            today, promise.due_date, working_day=working_day
        ):
            data = {
                "title": suggestion.title,
                "suggestion": suggestion.pk,
                "promise": promise.pk,
                "promise_text": promise.text[:200],
                "unit": promise.unit_id,
                "unit_name": promise.unit.name,
                "due": promise.due_date.isoformat(),
                **extra,
            }
            out += [
                Reminder(
                    "promise",
                    promise.pk,
                    step,
                    day,
                    user,
                    f"promise_{suffix}",
                    suggestion,
                    promise,
                    data,
                )
                for user in audiences[audience]
            ]
    return out
