"""Working-day arithmetic on the editable holiday calendar, with a human explanation of each result.

Weekends and official holidays are off; official make-up working days (调休上班日) on weekends
count. A year missing from the calendar is never silently treated as "weekends only": results that
touch it carry `missing_years`, which the pages and the staff dashboard show as a warning.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Chinese names of the holidays as chinese-calendar spells them in English.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

_CACHE_SECONDS = 60
_cache_lock = threading.Lock()
_cache: dict = {"loaded_at": 0.0, "days": {}, "years": set()}


def invalidate_cache(*args, **kwargs) -> None:
    """Called when an administrator edits the calendar."""
    with _cache_lock:
        _cache["loaded_at"] = 0.0


def _calendar() -> tuple[dict[dt.date, tuple[bool, str]], set[int]]:
    from suggestions.models import CalendarDay, CalendarYear

    with _cache_lock:
        if time.monotonic() - _cache["loaded_at"] > _CACHE_SECONDS:
            _cache["days"] = {
                d.date: (d.is_workday, d.name) for d in CalendarDay.objects.all().iterator()
            }
            _cache["years"] = set(CalendarYear.objects.values_list("year", flat=True))
            _cache["loaded_at"] = time.monotonic()
        return _cache["days"], _cache["years"]


def known_years() -> set[int]:
    return set(_calendar()[1])


def is_workday(day: dt.date) -> bool:
    days, _years = _calendar()
    if day in days:
        return days[day][0]
    return day.weekday() < 5


@dataclass
class DueDate:
    date: dt.date
    explanation: str
    missing_years: list[int] = field(default_factory=list)

    @property
    def is_certain(self) -> bool:
        return not self.missing_years


def _md(day: dt.date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _missing_note(missing: set[int]) -> str:
    if not missing:
        return ""
    years = "、".join(str(y) for y in sorted(missing))
    return _("(warning: the official holiday schedule of %(years)s is not in the calendar)") % {
        "years": years
    }


def add_workdays(start: dt.date, amount: int, start_label: str | None = None) -> DueDate:
    """`amount` working days after `start` (the start day itself not counted)."""
    days, years = _calendar()
    counted: list[str] = []
    skipped: dict[str, list[dt.date]] = {}
    missing: set[int] = set()
    day = start
    remaining = amount
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.year not in years:
            missing.add(day.year)
        workday, name = days.get(day, (day.weekday() < 5, ""))
        if workday:
            remaining -= 1
            label = _md(day)
            if day.weekday() >= 5:
                label += _("(make-up working day)")
            counted.append(label)
        elif name:
            skipped.setdefault(name, []).append(day)
    parts = [
        _("%(label)s %(start)s + %(n)s working days: %(days)s")
        % {
            "label": start_label or _("Start"),
            "start": start.isoformat(),
            "n": amount,
            "days": "、".join(counted),
        }
    ]
    for name, dates in skipped.items():
        span = _md(dates[0]) if len(dates) == 1 else f"{_md(dates[0])}…{_md(dates[-1])}"
        parts.append(_("skipping %(name)s %(span)s") % {"name": name, "span": span})
    text = ", ".join(parts) + f" → {day.isoformat()}"
    note = _missing_note(missing)
    return DueDate(day, f"{text} {note}".strip(), sorted(missing))


def next_workday_on_or_after(day: dt.date) -> tuple[dt.date, set[int]]:
    _days, years = _calendar()
    missing: set[int] = set()
    while True:
        if day.year not in years:
            missing.add(day.year)
        if is_workday(day):
            return day, missing
        day += dt.timedelta(days=1)


def add_months_date(start: dt.date, months: int) -> dt.date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = pycalendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def add_period(start: dt.date, rule: dict, start_label: str | None = None) -> DueDate:
    """Apply a deadline rule {"amount": n, "unit": "workdays" | "days" | "months"} to `start`.

    Calendar-day and month deadlines that end on a day off move to the next working day.
    """
    amount, unit = int(rule["amount"]), rule["unit"]
    if unit == "workdays":
        return add_workdays(start, amount, start_label)
    if unit == "months":
        raw = add_months_date(start, amount)
        period = _("%(n)s months") % {"n": amount}
    elif unit == "days":
        raw = start + dt.timedelta(days=amount)
        period = _("%(n)s days") % {"n": amount}
    else:
        raise ValueError(f"unknown deadline unit {unit!r}")
    due, missing = next_workday_on_or_after(raw)
    text = _("%(label)s %(start)s + %(period)s") % {
        "label": start_label or _("Start"),
        "start": start.isoformat(),
        "period": period,
    }
    if due != raw:
        text += _(" = %(raw)s, a day off, moved to the next working day") % {"raw": raw.isoformat()}
    text += f" → {due.isoformat()}"
    note = _missing_note(missing)
    return DueDate(due, f"{text} {note}".strip(), sorted(missing))


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    count = 0
    day = lo
    while day < hi:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return sign * count


def seed_from_package(years: list[int] | None = None) -> list[int]:
    """Load the official schedule for every year chinese-calendar knows (or those given)."""
    from chinese_calendar import constants

    from suggestions.models import CalendarDay, CalendarYear

    package_years = sorted(
        {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    )
    wanted = [y for y in package_years if years is None or y in years]
    rows: dict[dt.date, CalendarDay] = {}
    for day, name in constants.holidays.items():
        if day.year in wanted:
            rows[day] = CalendarDay(
                date=day, is_workday=False, name=HOLIDAY_NAMES_ZH.get(name, name)
            )
    for day, name in constants.workdays.items():
        if day.year in wanted and day.weekday() >= 5:
            label = HOLIDAY_NAMES_ZH.get(name, name)
            rows[day] = CalendarDay(date=day, is_workday=True, name=f"{label}调休上班")
    existing = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    new_years = [y for y in wanted if y not in existing]
    # Years an administrator already maintains are left alone.
    CalendarDay.objects.bulk_create(
        [r for d, r in rows.items() if d.year in new_years], ignore_conflicts=True
    )
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese-calendar") for y in new_years], ignore_conflicts=True
    )
    invalidate_cache()
    return new_years
