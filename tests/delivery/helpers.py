"""Shared helpers for the delivery tests: local times, running a job at a moment, counting."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from notifications.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


def run_at(moment: dt.datetime, job, times: int = 1):
    with time_machine.travel(moment, tick=False):
        return [job() for _ in range(times)]


def count(user, verb: str) -> int:
    return Notification.objects.filter(recipient=user, verb=verb).count()


def give_email(*users) -> None:
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
