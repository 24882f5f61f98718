"""The working-day calendar: the one writer of its years (whose official schedule is entered) and
of its days (holidays and weekend make-up working days). The admin site calls these; each write is
checked by the calendar rules, audited like a directory entry and, once committed, seen by every
due date computed after it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from suggestions import after_commit, workdays
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, NotPermitted, NotVisible
from suggestions.models import CalendarDay, CalendarYear
from suggestions.services.directory import record_admin_change

FIRST_YEAR, LAST_YEAR = 1949, 2200


def calendar_day_errors(values: dict) -> dict:
    """The rules of one calendar day's values, {field: [messages]}: asked by the admin's form
    (so they come with its own messages) and by the service."""
    errors: dict = {}
    day = values.get("date")
    if isinstance(day, dt.date) and not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["date"] = [_("Enter a date from 1949 to 2200.")]
    elif isinstance(day, dt.date) and values.get("is_workday") and day.weekday() < 5:
        # A row is an exception to the Monday–Friday rule; a "working" weekday is no exception
        # and would hide a wrong holiday that should have been removed instead.
        errors["is_workday"] = [
            _(
                "Monday to Friday are working days anyway: only a make-up working day on a "
                "weekend is entered as a working day."
            )
        ]
    if "name" in values and not (values["name"] or "").strip():
        # Due-date explanations name what they skip ("跳过国庆节 10-01–10-07").
        errors["name"] = [_("Enter the name of the holiday or of the make-up working day.")]
    return errors


def calendar_year_errors(values: dict) -> dict:
    errors: dict = {}
    year = values.get("year")
    if isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [_("Enter a year from 1949 to 2200.")]
    return errors


def _check_keeper(user) -> None:
    if not perms.can_manage_calendar(user):
        raise NotPermitted()


def _save(user, model, pk, values: dict):
    """Create or change the row `pk` with `values` and audit it; nothing when nothing changes."""
    row = model.objects.select_for_update().filter(pk=pk).first()
    created = row is None
    row = row or model(pk=pk)
    changed = sorted(f for f, v in values.items() if created or getattr(row, f) != v)
    if not changed:
        return row
    for field, value in values.items():
        setattr(row, field, value)
    row.save()
    record_admin_change(user, row, flag="add" if created else "change", fields=changed)
    _refresh_after_commit()
    return row


def _remove(user, model, pk) -> None:
    row = model.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise NotVisible()
    record_admin_change(user, row, flag="delete", fields=[])
    row.delete()
    _refresh_after_commit()


def _refresh_after_commit() -> None:
    # The save signals already drop this process's cache, but before the commit: a due date
    # computed in between would cache the old calendar for a minute. Once per transaction,
    # however many days it changes.
    after_commit.once(workdays.invalidate_cache)


@transaction.atomic
def calendar_day_set(*, user, date: dt.date, is_workday: bool, name: str) -> CalendarDay:
    """Enter (or correct) one exception to the Monday–Friday rule: an official holiday, or a
    make-up working day (调休上班日) on a weekend."""
    _check_keeper(user)
    values = {"date": date, "is_workday": is_workday, "name": (name or "").strip()}
    errors = calendar_day_errors(values)
    if errors:
        raise InvalidInput(fields=errors)
    del values["date"]
    return _save(user, CalendarDay, date, values)


@transaction.atomic
def calendar_day_remove(*, user, date: dt.date) -> None:
    """Remove an exception entered by mistake: the day follows the Monday–Friday rule again."""
    _check_keeper(user)
    _remove(user, CalendarDay, date)


@transaction.atomic
def calendar_year_set(*, user, year: int, source: str = "") -> CalendarYear:
    """Declare a year's official schedule entered (its due dates are no longer flagged), with
    where it came from."""
    _check_keeper(user)
    errors = calendar_year_errors({"year": year})
    if errors:
        raise InvalidInput(fields=errors)
    return _save(user, CalendarYear, year, {"source": (source or "").strip()})


@transaction.atomic
def calendar_year_remove(*, user, year: int) -> None:
    """Take a year back out: its due dates are flagged as counted by weekends only again."""
    _check_keeper(user)
    _remove(user, CalendarYear, year)
