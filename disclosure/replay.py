"""Recompute the figures from the event log alone, by a different method than
`disclosure.statistics` (a replay in Python, event by event), so each can check the other.

From events: assignment and re-assignment of units, first-round due dates (the `assigned` due
date, approved extensions, and the rule for a re-assigned unit's fresh due date), formal replies
and their dates, the class each unit drafted, and the lead deputy's ratings (with whether staff
entered them from a paper form). Identity data that never changes is read from its table: a
suggestion's session, category and lead deputy (with the deputy's street committee), and an
assignment's unit and role. Promise follow-up is not in the event log, so promise figures are
not replayed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from disclosure.statistics import CLASSES, GRADES
from suggestions import deadlines
from suggestions.models import Assignment, Event, Grade, Session, Suggestion

REPLAYED_COUNTS = (
    "assigned",
    "replied",
    "on_time",
    "on_time_original",
    "rated",
    "met",
    "rated_by_staff",
    "satisfied_by_staff",
    *[g for g, _ in GRADES],
    *[f"process_{g}" for g, _ in GRADES],
    *[f"class_{c.lower()}" for c in CLASSES],
)


@dataclass
class Replayed:
    """What the events say about one suggestion."""

    units: dict = field(default_factory=dict)  # unit id → role, relieved units removed
    due: dict = field(default_factory=dict)  # unit id → round-1 due date in force
    original_due: dict = field(default_factory=dict)
    drafted: dict = field(default_factory=dict)  # (assignment id, round) → class
    replies: dict = field(default_factory=dict)  # round → {unit id: (date, class)}
    ratings: dict = field(default_factory=dict)  # round → rating payload


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _apply(r: Replayed, e: Event, session, assignment_units: dict) -> None:
    p = e.payload
    when = timezone.localtime(e.created_at).date()
    if e.verb == "assigned":
        due = _date(p.get("due_date"))
        roles = [(p.get("lead_unit"), "lead")] if p.get("lead_unit") else []
        roles += [(u, "co") for u in p.get("co_units") or []]
        roles += [(u, "split") for u in p.get("split_units") or []]
        for unit, role in roles:
            r.units[unit], r.due[unit], r.original_due[unit] = role, due, due
    elif e.verb == "reassignment_approved":
        old_unit, role = assignment_units[e.assignment_id]
        r.units.pop(old_unit, None)
        due = deadlines.reply_due(session, when).date
        r.units[p["new_unit"]], r.due[p["new_unit"]], r.original_due[p["new_unit"]] = role, due, due
    elif e.verb == "extension_approved" and e.round == 1:
        r.due[assignment_units[e.assignment_id][0]] = _date(p.get("due_date"))
    elif e.verb == "reply_drafted":
        r.drafted[(e.assignment_id, e.round)] = p.get("result_class")
    elif e.verb == "replied":
        for assignment_id in p.get("assignments") or []:
            unit = assignment_units[assignment_id][0]
            cls = r.drafted.get((assignment_id, e.round))
            r.replies.setdefault(e.round, {})[unit] = (when, cls)
    elif e.verb == "rated":
        r.ratings[p.get("rated_round", e.round)] = p


def _outcome(r: Replayed, round_: str) -> dict:
    """The same per-suggestion outcome `statistics.with_outcomes` annotates."""
    first = r.replies.get(1, {})
    late = any(day > r.due[u] for u, (day, _c) in first.items() if r.due.get(u))
    late_original = any(
        day > r.original_due[u] for u, (day, _c) in first.items() if r.original_due.get(u)
    )
    rounds = sorted(r.replies)
    reply_round = (
        (1 if 1 in r.replies else None) if round_ == "first" else (rounds[-1] if rounds else None)
    )
    classes = [c for _d, c in r.replies.get(reply_round, {}).values() if c]
    rating_round = 1 if round_ == "first" else max(r.ratings, default=None)
    rating = r.ratings.get(rating_round) or {}
    return {
        "replied": bool(r.replies),
        "late": late,
        "late_original": late_original,
        "class": max(classes) if classes else None,
        "result": rating.get("result"),
        "process": rating.get("process"),
        "met": rating.get("met"),
        "by_staff": bool(rating.get("entered_by_staff")),
    }


def _add(counts: dict, o: dict) -> None:
    counts["assigned"] += 1
    counts["replied"] += o["replied"]
    counts["on_time"] += o["replied"] and not o["late"]
    counts["on_time_original"] += o["replied"] and not o["late_original"]
    counts["rated"] += o["result"] is not None
    counts["met"] += o["met"] is True
    by_staff = o["result"] is not None and o["by_staff"]
    counts["rated_by_staff"] += by_staff
    counts["satisfied_by_staff"] += by_staff and o["result"] == Grade.SATISFIED
    for name, grade in GRADES:
        counts[name] += o["result"] == grade
        counts[f"process_{name}"] += o["process"] == grade
    for cls in CLASSES:
        counts[f"class_{cls.lower()}"] += o["class"] == cls


def replay(session: Session, round_: str = "latest") -> dict:
    """{"totals": counts, "by_unit": {(unit id, role): counts}, "by_category": {id: counts},
    "by_group": {...}, "by_deputy": {...}} recomputed from the events of `session`."""
    assignment_units = {
        pk: (unit, role)
        for pk, unit, role in Assignment.objects.filter(suggestion__session=session).values_list(
            "pk", "unit_id", "role"
        )
    }
    identity = {
        pk: (cat, group, deputy)
        for pk, cat, group, deputy in Suggestion.objects.filter(session=session).values_list(
            "pk", "category_id", "lead_deputy__group_id", "lead_deputy_id"
        )
    }
    replayed: dict[int, Replayed] = {}
    events = Event.objects.filter(suggestion__session=session).order_by("created_at", "id")
    for e in events.iterator():
        if e.verb == "assigned":
            replayed.setdefault(e.suggestion_id, Replayed())
        if e.suggestion_id in replayed:
            _apply(replayed[e.suggestion_id], e, session, assignment_units)

    def blank():
        return dict.fromkeys(REPLAYED_COUNTS, 0)

    out = {"totals": blank()} | {
        k: defaultdict(blank) for k in ("by_unit", "by_category", "by_group", "by_deputy")
    }
    for pk, r in replayed.items():
        o = _outcome(r, round_)
        category, group, deputy = identity[pk]
        _add(out["totals"], o)
        _add(out["by_category"][category], o)
        _add(out["by_group"][group], o)
        _add(out["by_deputy"][deputy], o)
        for unit, role in r.units.items():
            _add(out["by_unit"][(unit, role)], o)
    return out
