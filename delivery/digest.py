"""A unit's daily digest: one message per unit user with everything open, due soon and overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from delivery.reminders import Reminder, _unit_people, send_once
from suggestions.models import OPEN_ASSIGNMENT_STATUSES, Assignment, AssignmentRole
from suggestions.workdays import is_workday, workdays_between

# Each list in the message is cut here; the counts stay exact.
MAX_ITEMS = 30


def _due_of(a: Assignment) -> dt.date | None:
    return a.opinion_due if a.role == AssignmentRole.CO else a.due_date


def unit_sections(assignments: list[Assignment], today: dt.date) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {"overdue": [], "due_soon": [], "open": []}
    for a in sorted(assignments, key=lambda a: (_due_of(a) or dt.date.max, a.pk)):
        due = _due_of(a)
        item = {
            "title": a.suggestion.title,
            "suggestion": a.suggestion_id,
            "assignment": a.pk,
            "due": due.isoformat() if due else "",
        }
        if due and due < today:
            sections["overdue"].append(item)
        elif due and workdays_between(today, due) <= settings.DUE_SOON_WORKDAYS:
            sections["due_soon"].append(item)
        else:
            sections["open"].append(item)
    return sections


def digest_reminders(today: dt.date) -> list[Reminder]:
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES).select_related(
        "suggestion", "unit"
    ):
        by_unit[a.unit_id].append(a)
    handlers, heads = _unit_people(by_unit)
    out = []
    for unit_id, assignments in by_unit.items():
        sections = unit_sections(assignments, today)
        unit = assignments[0].unit
        data = {
            "title": "",
            "unit": unit_id,
            "unit_name": unit.name,
            "day": today.isoformat(),
            **{f"n_{name}": len(items) for name, items in sections.items()},
            **{name: items[:MAX_ITEMS] for name, items in sections.items()},
        }
        for user in handlers[unit_id] + heads[unit_id]:
            out.append(
                Reminder("digest", unit_id, "digest", today, user, "unit_digest", unit, unit, data)
            )
    return out


def run_digests(now: dt.datetime | None = None) -> int:
    """Once per working day from REMINDER_HOUR, to every unit that has open work."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDER_HOUR or not is_workday(now.date()):
        return 0
    return send_once(digest_reminders(now.date()))
