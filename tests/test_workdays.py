"""Working-day arithmetic pinned on the real 2025 and 2026 schedules, a year boundary, and a year
missing from the calendar; due-date explanations as users read them, in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from suggestions import deadlines, services
from suggestions.models import CalendarDay, CalendarYear, Session
from suggestions.workdays import (
    add_period,
    add_workdays,
    invalidate_cache,
    seed_from_package,
    workdays_between,
)
from tests import steps

D = dt.date
WD = {"unit": "workdays"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # The rollback at the end of a test sends no signals: drop what this test cached.
    invalidate_cache()


@pytest.fixture
def calendar(db):
    seed_from_package([2025, 2026])


def test_2026_national_day_explained_in_chinese(calendar):
    due = add_workdays(D(2026, 9, 28), 5, "assigned")
    assert due.date == D(2026, 10, 10)
    assert due.explanation == (
        "交办日 2026-09-28 + 5 个工作日：9-29、9-30、10-08、10-09、10-10（调休上班），"
        "跳过国庆节 10-01…10-07 → 2026-10-10"
    )
    assert due.missing_years == []


def test_2026_national_day_explained_in_english(calendar):
    with translation.override("en"):
        due = add_workdays(D(2026, 9, 28), 5, "assigned")
    assert due.explanation == (
        "Assigned 2026-09-28 + 5 working days: 9-29, 9-30, 10-08, 10-09, "
        "10-10 (make-up working day); skipping National Day 10-01…10-07 → 2026-10-10"
    )


def test_2026_make_up_sunday_before_national_day_counts(calendar):
    # 2026-09-20 is a Sunday worked in exchange for National Day; Mid-autumn 9-25…9-27 is off.
    due = add_workdays(D(2026, 9, 18), 2)
    assert due.date == D(2026, 9, 21)
    assert "9-20（调休上班）" in due.explanation
    assert add_workdays(D(2026, 9, 24), 1).date == D(2026, 9, 28)


def test_2025_national_day_and_mid_autumn_share_one_span(calendar):
    due = add_workdays(D(2025, 9, 29), 5, "assigned")
    assert due.date == D(2025, 10, 13)
    assert due.explanation == (
        "交办日 2025-09-29 + 5 个工作日：9-30、10-09、10-10、10-11（调休上班）、10-13，"
        "跳过国庆节、中秋节 10-01…10-08 → 2025-10-13"
    )


def test_2025_make_up_sunday_before_national_day(calendar):
    assert add_workdays(D(2025, 9, 26), 1).date == D(2025, 9, 28)


def test_2025_spring_festival(calendar):
    due = add_workdays(D(2025, 1, 24), 3, "assigned")
    assert due.date == D(2025, 2, 5)
    assert due.explanation == (
        "交办日 2025-01-24 + 3 个工作日：1-26（调休上班）、1-27、2-05，"
        "跳过春节 1-28…2-04 → 2025-02-05"
    )
    # 2025-02-08 is a Saturday worked in exchange.
    assert add_workdays(D(2025, 2, 7), 1).date == D(2025, 2, 8)


def test_2026_spring_festival(calendar):
    due = add_workdays(D(2026, 2, 13), 2)
    assert due.date == D(2026, 2, 24)
    assert "2-14（调休上班）、2-24" in due.explanation
    assert "跳过春节 2-15…2-23" in due.explanation
    assert add_workdays(D(2026, 2, 27), 1).date == D(2026, 2, 28)  # make-up Saturday


def test_year_boundary_shows_full_dates_of_the_next_year(calendar):
    due = add_workdays(D(2025, 12, 30), 3, "assigned")
    assert due.date == D(2026, 1, 5)
    assert due.explanation == (
        "交办日 2025-12-30 + 3 个工作日：12-31、2026-01-04（调休上班）、2026-01-05，"
        "跳过元旦 2026-01-01…2026-01-03 → 2026-01-05"
    )
    assert due.missing_years == []


def test_missing_year_is_flagged_loudly_never_silently_weekends_only(calendar):
    due = add_workdays(D(2026, 12, 30), 3, "assigned")
    assert due.date == D(2027, 1, 4)  # weekends only, because nothing else is known…
    assert due.missing_years == [2027]  # …and said so
    assert not due.is_certain
    assert "缺少 2027 年的官方节假日安排" in due.explanation
    months = add_period(D(2026, 11, 16), {"amount": 3, "unit": "months"}, "assigned")
    assert months.date == D(2027, 2, 16) and months.missing_years == [2027]
    with translation.override("en"):
        assert "WARNING" in add_workdays(D(2026, 12, 30), 3).explanation
    # Within known years nothing is flagged.
    assert add_workdays(D(2026, 12, 1), 3).missing_years == []


def test_adding_the_missing_year_in_the_admin_takes_effect_at_once(calendar):
    assert add_workdays(D(2026, 12, 31), 1).date == D(2027, 1, 1)
    CalendarYear.objects.create(year=2027, source="admin")
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    due = add_workdays(D(2026, 12, 31), 1)
    assert due.date == D(2027, 1, 4)
    assert due.missing_years == []
    assert "跳过元旦 2027-01-01" in due.explanation


def test_months_ending_on_a_holiday_move_to_the_next_working_day(calendar):
    due = add_period(D(2026, 7, 1), {"amount": 3, "unit": "months"}, "assigned")
    assert due.date == D(2026, 10, 8)
    assert due.explanation == (
        "交办日 2026-07-01 + 3 个月 = 2026-10-01（国庆节，休息日），顺延至下一个工作日 → 2026-10-08"
    )
    # 1-31 + 1 month clamps to 2-28, a Saturday worked in exchange for the Spring Festival.
    assert add_period(D(2026, 1, 31), {"amount": 1, "unit": "months"}).date == D(2026, 2, 28)
    assert add_period(D(2026, 3, 7), {"amount": 1, "unit": "months"}).date == D(2026, 4, 7)
    assert add_period(D(2026, 6, 1), {"amount": 10, "unit": "days"}).date == D(2026, 6, 11)


def test_workdays_between_across_holidays(calendar):
    assert workdays_between(D(2026, 9, 28), D(2026, 10, 10)) == 5
    assert workdays_between(D(2026, 10, 10), D(2026, 9, 28)) == -5
    assert workdays_between(D(2025, 1, 27), D(2025, 2, 5)) == 1


def test_malformed_rule_is_refused_with_a_clear_message(calendar):
    with pytest.raises(ValueError, match="integer amount"):
        add_period(D(2026, 1, 5), {"amount": "three", "unit": "months"})
    with pytest.raises(ValueError, match="unit"):
        add_period(D(2026, 1, 5), {"amount": 3, "unit": "weeks"})


def test_seed_calendar_is_idempotent_and_keeps_admin_corrections(db):
    call_command("seed_calendar", verbosity=0)
    assert {2025, 2026} <= set(CalendarYear.objects.values_list("year", flat=True))
    count = CalendarDay.objects.count()
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(is_workday=False, name="更正")
    call_command("seed_calendar", verbosity=0)
    assert CalendarDay.objects.count() == count
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "更正"


def test_malformed_session_overrides_are_refused_in_the_admin(calendar):
    from suggestions.admin import SessionForm

    data = {"name": "x", "year": 2026, "start_date": "2026-01-01", "end_date": "2026-12-31"}
    bad = SessionForm(data={**data, "deadlines": '{"reply": {"amount": "x"}, "nap": {}}'})
    assert not bad.is_valid()
    assert len(bad.errors["deadlines"]) == 2
    good = SessionForm(data={**data, "deadlines": '{"reply": {"amount": 2}}'})
    assert good.is_valid(), good.errors


def test_session_override_changes_the_rule(calendar):
    session = Session(name="x", year=2026, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    session.deadlines = {"reply": {"amount": 2}}
    assert session.deadline("reply") == {"amount": 2, "unit": "months"}
    assert deadlines.reply_due(session, D(2026, 6, 1)).date == D(2026, 8, 3)  # 8-01 is Saturday


@time_machine.travel(dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), tick=False)
def test_assignment_due_dates_carry_their_explanations(world):
    suggestion = steps.assigned(world)
    lead = steps.assignment_of(suggestion, world.traffic)
    co = steps.assignment_of(suggestion, world.edu)
    dates = deadlines.assignment_due_dates(lead)
    assert dates["due_date"].date == lead.due_date == D(2026, 12, 28)
    assert dates["due_date"].explanation == "交办日 2026-09-28 + 3 个月 → 2026-12-28"
    assert dates["reassignment_due"].date == lead.reassignment_due == D(2026, 10, 10)
    assert dates["reassignment_due"].explanation.endswith(
        "10-10（调休上班），跳过国庆节 10-01…10-07 → 2026-10-10"
    )
    assert dates["opinion_due"] is None
    co_dates = deadlines.assignment_due_dates(co)
    assert co_dates["opinion_due"].date == co.opinion_due == D(2026, 10, 28)
    assert deadlines.suggestion_due_dates(suggestion) == {"rating_due": None}


@time_machine.travel(dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC), tick=False)
def test_extended_due_date_keeps_the_original_in_its_explanation(world):
    suggestion = steps.assigned(world)
    lead = steps.assignment_of(suggestion, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    request = services.assignment_request_extension(
        user=world.traffic_handler, assignment=lead, reason="需要跨部门协调", due_date="2027-01-29"
    )
    services.request_approve(user=world.staff, request=request)
    lead = steps.refreshed(lead)
    due = deadlines.assignment_due_dates(lead)["due_date"]
    assert (lead.original_due_date, due.date) == (D(2026, 12, 28), D(2027, 1, 29))
    assert due.explanation == "交办日 2026-09-28 + 3 个月 → 2026-12-28；经批准延期至 2027-01-29"


def test_rating_due_once_replied(world):
    with time_machine.travel(dt.datetime(2026, 9, 21, 2, 0, tzinfo=dt.UTC), tick=False):
        suggestion = steps.replied(world)
    rating = deadlines.suggestion_due_dates(suggestion)["rating_due"]
    assert rating.date == suggestion.rating_due
    assert rating.explanation.startswith("答复日 2026-09-21 + 20 个工作日：")
    assert "跳过中秋节 9-25…9-27，国庆节 10-01…10-07" not in rating.explanation
    assert "跳过中秋节 9-25…9-27、国庆节 10-01…10-07" in rating.explanation


def test_re_handling_due_date_says_which_round(world):
    with time_machine.travel(dt.datetime(2026, 9, 21, 2, 0, tzinfo=dt.UTC), tick=False):
        suggestion = steps.rated(world, result="dissatisfied")
    lead = steps.assignment_of(suggestion, world.traffic)
    due = deadlines.assignment_due_dates(lead)["due_date"]
    assert lead.round == 2 and due.date == lead.due_date == D(2026, 10, 21)
    assert due.explanation == "第 2 轮重新办理，截止 2026-10-21（原截止日 2026-12-21）"
