"""Working-day arithmetic on the editable holiday calendar, with a human explanation of each result.

Weekends and official holidays are off; official make-up working days (调休上班日) on weekends
count. A year missing from the calendar is never silently treated as "weekends only": results that
touch it carry `missing_years` and say so loudly in their explanation.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

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
HOLIDAY_NAMES_EN = {zh: en for en, zh in HOLIDAY_NAMES_ZH.items()}
MAKEUP_SUFFIX = "调休上班"

# The explanation is one structured sentence whose punctuation differs by language (、，：（）
# against , : ()), and tests and users rely on its exact form, so both forms live here rather
# than in a .po file where a translation edit could silently break the structure.
PHRASES = {
    "zh": {
        "workdays": "{label} {start} + {n} 个工作日：{days}",
        "makeup": "（调休上班）",
        "list_sep": "、",
        "part_sep": "，",
        "skip": "跳过{items}",
        "skip_item": "{name} {span}",
        "months": "{label} {start} + {n} 个月",
        "days": "{label} {start} + {n} 天",
        "moved": " = {raw}（{why}，休息日），顺延至下一个工作日",
        "weekend": "周末",
        "missing": "（注意：日历中缺少 {years} 年的官方节假日安排，该年暂按周末推算，"
        "结果可能不准，请管理员补录）",
        "start": "起算日",
        "assigned": "交办日",
        "replied": "答复日",
        "original_due": "原截止日",
        "reopened": "重新办理日",
    },
    "en": {
        "workdays": "{label} {start} + {n} working days: {days}",
        "makeup": " (make-up working day)",
        "list_sep": ", ",
        "part_sep": "; ",
        "skip": "skipping {items}",
        "skip_item": "{name} {span}",
        "months": "{label} {start} + {n} months",
        "days": "{label} {start} + {n} days",
        "moved": " = {raw} ({why}, a day off), moved to the next working day",
        "weekend": "weekend",
        "missing": " (WARNING: the official holiday schedule of {years} is missing from the "
        "calendar; that year is counted by weekends only and may be wrong until an administrator "
        "adds it)",
        "start": "Start",
        "assigned": "Assigned",
        "replied": "Replied",
        "original_due": "Originally due",
        "reopened": "Re-opened",
    },
}

_CACHE_SECONDS = 60
_cache_lock = threading.Lock()
_cache: dict = {"loaded_at": None, "days": {}, "years": set()}


def invalidate_cache(*args, **kwargs) -> None:
    """Called whenever the calendar changes (admin edits, seeding, signals below)."""
    with _cache_lock:
        _cache["loaded_at"] = None


@receiver(post_save, sender="suggestions.CalendarDay")
@receiver(post_delete, sender="suggestions.CalendarDay")
@receiver(post_save, sender="suggestions.CalendarYear")
@receiver(post_delete, sender="suggestions.CalendarYear")
def _calendar_changed(sender, **kwargs) -> None:
    invalidate_cache()


def _calendar() -> tuple[dict[dt.date, tuple[bool, str]], set[int]]:
    """The whole calendar (a few hundred rows), cached per process for a minute: other processes
    (the periodic runner, workers) see an administrator's edit at most that late."""
    from suggestions.models import CalendarDay, CalendarYear

    with _cache_lock:
        loaded = _cache["loaded_at"]
        if loaded is None or time.monotonic() - loaded > _CACHE_SECONDS:
            _cache["days"] = {
                d.date: (d.is_workday, d.name) for d in CalendarDay.objects.all().iterator()
            }
            _cache["years"] = set(CalendarYear.objects.values_list("year", flat=True))
            _cache["loaded_at"] = time.monotonic()
        return _cache["days"], _cache["years"]


def known_years() -> set[int]:
    return set(_calendar()[1])


def missing_years(years) -> list[int]:
    """Those of `years` whose official schedule is not in the calendar (for warnings)."""
    known = known_years()
    return sorted({int(y) for y in years} - known)


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

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "explanation": self.explanation,
            "missing_years": list(self.missing_years),
        }


def _phrases() -> dict[str, str]:
    language = translation.get_language() or "zh-hans"
    return PHRASES["en"] if language.startswith("en") else PHRASES["zh"]


def _label(key_or_text: str | None, p: dict[str, str]) -> str:
    key = key_or_text or "start"
    return p.get(key, key)


def _holiday_name(name: str, p: dict[str, str]) -> str:
    if p is PHRASES["en"]:
        return HOLIDAY_NAMES_EN.get(name, name)
    return name


def _md(day: dt.date, year: int) -> str:
    """9-29 / 10-08 within the start's year; the full date when the count crossed into another."""
    if day.year != year:
        return day.isoformat()
    return f"{day.month}-{day.day:02d}"


def _missing_note(missing: set[int], p: dict[str, str]) -> str:
    if not missing:
        return ""
    return p["missing"].format(years=p["list_sep"].join(str(y) for y in sorted(missing)))


def _skip_text(runs: list[list[tuple[dt.date, str]]], year: int, p: dict[str, str]) -> str:
    items = []
    for run in runs:
        names = list(dict.fromkeys(_holiday_name(name, p) for _day, name in run))
        first, last = run[0][0], run[-1][0]
        span = _md(first, year) if first == last else f"{_md(first, year)}…{_md(last, year)}"
        items.append(p["skip_item"].format(name=p["list_sep"].join(names), span=span))
    return p["skip"].format(items=p["list_sep"].join(items))


def add_workdays(start: dt.date, amount: int, start_label: str | None = None) -> DueDate:
    """`amount` (≥ 0) working days after `start`, the start day itself not counted.

    E.g. "交办日 2026-09-28 + 5 个工作日：9-29、9-30、10-08、10-09、10-10（调休上班），
    跳过国庆节 10-01…10-07 → 2026-10-10".
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    p = _phrases()
    days, years = _calendar()
    counted: list[str] = []
    runs: list[list[tuple[dt.date, str]]] = []  # consecutive named holidays skipped
    missing: set[int] = set()
    day, remaining = start, amount
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.year not in years:
            missing.add(day.year)
        workday, name = days.get(day, (day.weekday() < 5, ""))
        if workday:
            remaining -= 1
            counted.append(_md(day, start.year) + (p["makeup"] if day.weekday() >= 5 else ""))
        elif name:
            if runs and runs[-1][-1][0] == day - dt.timedelta(days=1):
                runs[-1].append((day, name))
            else:
                runs.append([(day, name)])
    text = p["workdays"].format(
        label=_label(start_label, p),
        start=start.isoformat(),
        n=amount,
        days=p["list_sep"].join(counted),
    )
    if runs:
        text += p["part_sep"] + _skip_text(runs, start.year, p)
    text += f" → {day.isoformat()}" + _missing_note(missing, p)
    return DueDate(day, text, sorted(missing))


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
    """Same day `months` later, clamped to the month's end (1-31 + 1 month → 2-28/29)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = pycalendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def check_rule(rule: dict) -> tuple[int, str]:
    """A deadline rule's (amount, unit); ValueError with a clear message when malformed."""
    try:
        amount, unit = int(rule["amount"]), str(rule["unit"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"deadline rule {rule!r} needs an integer amount and a unit") from exc
    if unit not in ("workdays", "days", "months") or amount < 0:
        raise ValueError(f"deadline rule {rule!r}: unit workdays/days/months, amount ≥ 0")
    return amount, unit


def add_period(start: dt.date, rule: dict, start_label: str | None = None) -> DueDate:
    """Apply a deadline rule {"amount": n, "unit": "workdays" | "days" | "months"} to `start`.

    Calendar-day and month deadlines that end on a day off move to the next working day.
    """
    amount, unit = check_rule(rule)
    if unit == "workdays":
        return add_workdays(start, amount, start_label)
    p = _phrases()
    raw = add_months_date(start, amount) if unit == "months" else start + dt.timedelta(days=amount)
    due, missing = next_workday_on_or_after(raw)
    text = p[unit].format(label=_label(start_label, p), start=start.isoformat(), n=amount)
    if due != raw:
        name = _calendar()[0].get(raw, (False, ""))[1]
        why = _holiday_name(name, p) if name else p["weekend"]
        text += p["moved"].format(raw=raw.isoformat(), why=why)
    text += f" → {due.isoformat()}" + _missing_note(missing, p)
    return DueDate(due, text, sorted(missing))


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


def package_years() -> list[int]:
    """The years whose official schedule the installed chinese-calendar knows."""
    from chinese_calendar import constants

    return sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})


def seed_from_package(
    years: list[int] | None = None, *, day_model=None, year_model=None
) -> list[int]:
    """Load the official schedule for every year chinese-calendar knows (or those given).

    Idempotent: years already in the calendar (perhaps corrected by an administrator) are left
    alone. The model arguments let a data migration pass its historical models.
    """
    from chinese_calendar import constants

    if day_model is None or year_model is None:
        from suggestions.models import CalendarDay as day_model
        from suggestions.models import CalendarYear as year_model

    wanted = [y for y in package_years() if years is None or y in years]
    existing = set(year_model.objects.filter(year__in=wanted).values_list("year", flat=True))
    new_years = [y for y in wanted if y not in existing]
    rows: dict[dt.date, object] = {}
    for day, name in constants.holidays.items():
        if day.year in new_years:
            rows[day] = day_model(date=day, is_workday=False, name=HOLIDAY_NAMES_ZH.get(name, name))
    for day, name in constants.workdays.items():
        if day.year in new_years and day.weekday() >= 5:
            label = HOLIDAY_NAMES_ZH.get(name, name)
            rows[day] = day_model(date=day, is_workday=True, name=f"{label}{MAKEUP_SUFFIX}")
    day_model.objects.bulk_create(list(rows.values()), ignore_conflicts=True)
    year_model.objects.bulk_create(
        [year_model(year=y, source="chinese-calendar") for y in new_years], ignore_conflicts=True
    )
    invalidate_cache()
    return new_years
