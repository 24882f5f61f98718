"""Tell committee staff, once a week, when a year they will need is missing from the calendar."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from delivery.reminders import Reminder, _staff, send_once
from suggestions.workdays import missing_years

# From this month on, next year's schedule (published late in the year) is needed too.
NEXT_YEAR_FROM_MONTH = 11


def needed_years(today: dt.date) -> list[int]:
    years = [today.year]
    if today.month >= NEXT_YEAR_FROM_MONTH:
        years.append(today.year + 1)
    return years


def check_calendar(now: dt.datetime | None = None) -> int:
    today = timezone.localtime(now).date()
    missing = missing_years(needed_years(today))
    if not missing:
        return 0
    monday = today - dt.timedelta(days=today.weekday())
    staff = list(_staff())
    return send_once(
        [
            # No object is to blame: the staff member is their own notification's actor.
            Reminder(
                "calendar",
                year,
                "calendar",
                monday,
                user,
                "calendar_missing",
                user,
                None,
                {"title": "", "year": year},
            )
            for year in missing
            for user in staff
        ]
    )
