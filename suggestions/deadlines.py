"""The due dates of an assignment or a suggestion, computed from the session's deadline rules.

`assignment_due_dates` and `suggestion_due_dates` are what pages and the API show: the date in
force (as stored on the row) with how it was computed, and any calendar years that are missing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from suggestions.workdays import DueDate, add_period

# Sentences around an extended or re-opened due date; see workdays.PHRASES for why not gettext.
PHRASES = {
    "zh": {
        "extended": "{original}；经批准延期至 {due}",
        "rehandling": "第 {round} 轮重新办理，截止 {due}（原截止日 {original}）",
        "stored": "；交办时确定的截止日为 {due}（此后日历或期限设置有变动）",
    },
    "en": {
        "extended": "{original}; extension approved to {due}",
        "rehandling": "re-handling round {round}, due {due} (originally due {original})",
        "stored": "; the due date fixed at assignment is {due} (calendar or rules changed since)",
    },
}


DEADLINE_UNITS = ("workdays", "days", "months")
# Far beyond any real deadline; a bigger amount would only overflow the date arithmetic.
MAX_AMOUNT = 1000


def _rule_usable(rule) -> bool:
    if not isinstance(rule, dict) or not set(rule) <= {"amount", "unit"}:
        return False
    amount = rule.get("amount", 0)
    # bool is an int in Python, but `true` is no amount.
    if not isinstance(amount, int) or isinstance(amount, bool):
        return False
    return 0 <= amount <= MAX_AMOUNT and rule.get("unit", "days") in DEADLINE_UNITS


def override_errors(overrides) -> list[str]:
    """What is wrong with a session's deadline overrides (empty when they are usable).

    The one rule for every way a session is written (the admin site, the API, through
    `services.directory`); a rule may leave out its amount or unit to keep the default one.
    """
    if not isinstance(overrides, dict):
        return [_('Deadline overrides must be an object such as {"reply": {"amount": 2}}.')]
    errors = []
    for key, rule in overrides.items():
        if key not in settings.SUGGESTION_DEADLINES:
            errors.append(_("Unknown deadline “%(key)s”.") % {"key": str(key)[:50]})
        elif not _rule_usable(rule):
            errors.append(
                _(
                    "%(key)s: give only an amount (a whole number from 0 to %(max)s) and a unit "
                    "(workdays, days or months)."
                )
                % {"key": key, "max": MAX_AMOUNT}
            )
    return errors


def _phrases() -> dict[str, str]:
    language = translation.get_language() or "zh-hans"
    return PHRASES["en"] if language.startswith("en") else PHRASES["zh"]


def reply_due(session, start: dt.date, *, rehandling: bool = False) -> DueDate:
    key = "rehandling_reply" if rehandling else "reply"
    return add_period(start, session.deadline(key), "reopened" if rehandling else "assigned")


def reassignment_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("reassignment_request"), "assigned")


def opinion_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("co_unit_opinion"), "assigned")


def rating_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("rating"), "replied")


def extension_cap(session, original_due: dt.date) -> dt.date:
    return add_period(original_due, session.deadline("extension_cap"), "original_due").date


def _as_stored(computed: DueDate, stored: dt.date | None) -> DueDate:
    """The stored date is the one in force; say so when today's rules would give another."""
    if stored is None or stored == computed.date:
        return computed
    note = _phrases()["stored"].format(due=stored.isoformat())
    return DueDate(stored, computed.explanation + note, computed.missing_years)


def _reply(assignment, session, start: dt.date) -> DueDate:
    computed = reply_due(session, start)
    original = assignment.original_due_date or computed.date
    if assignment.due_date is None or assignment.due_date == original:
        return _as_stored(computed, assignment.due_date)
    p = _phrases()
    due = assignment.due_date.isoformat()
    if assignment.round > 1:
        text = p["rehandling"].format(round=assignment.round, due=due, original=original)
        return DueDate(assignment.due_date, text, computed.missing_years)
    text = p["extended"].format(original=_as_stored(computed, original).explanation, due=due)
    return DueDate(assignment.due_date, text, computed.missing_years)


def assignment_due_dates(assignment) -> dict[str, DueDate | None]:
    """Every due date that applies to an assignment, with how it was computed.

    Keys: "due_date" (the suggestion's reply, in force for every unit), "reassignment_due" and
    "opinion_due" (co-units only, else None). Empty before the assignment has a date. Reads
    `assignment.suggestion.session`: select_related it when listing.
    """
    if not assignment.assigned_at:
        return {}
    session = assignment.suggestion.session
    start = timezone.localtime(assignment.assigned_at).date()
    is_co = assignment.role == "co"
    return {
        "due_date": _reply(assignment, session, start),
        "reassignment_due": _as_stored(
            reassignment_due(session, start), assignment.reassignment_due
        ),
        "opinion_due": (
            _as_stored(opinion_due(session, start), assignment.opinion_due) if is_co else None
        ),
    }


def suggestion_due_dates(suggestion) -> dict[str, DueDate | None]:
    """The suggestion's own due dates: "rating_due" once replied (else None)."""
    if not suggestion.replied_at:
        return {"rating_due": None}
    start = timezone.localtime(suggestion.replied_at).date()
    computed = rating_due(suggestion.session, start)
    return {"rating_due": _as_stored(computed, suggestion.rating_due)}
