"""Drive a suggestion to a closed B reply with two promises, as the real actors would."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from suggestions import services
from tests import steps
from tests.security.test_uploads import png

# A real (1×1) PNG: evidence is checked like every upload, by the type read from its content.
PNG = png()


def png(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def closed_b_reply(world, *, title="关于增设学校周边交通信号灯的建议", days=(30, 60)):
    """A closed suggestion whose lead unit (traffic) replied B with one promise per entry of
    `days` (due that many days from today). Returns (suggestion, reply)."""
    s = steps.assigned(world, title=title)
    a = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    today = timezone.localdate()
    promises = [
        {"text": f"第{i + 1}项承诺：完成信号灯安装", "due_date": today + dt.timedelta(days=d)}
        for i, d in enumerate(days)
    ]
    reply = services.assignment_draft_reply(
        user=world.traffic_handler,
        assignment=a,
        result_class="B",
        text="我局已列入年度计划，分两步实施。",
        promises=promises,
    )
    services.assignment_sign_off(user=world.traffic_head, assignment=a)
    services.suggestion_approve_reply(user=world.staff, suggestion=s)
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="basically_satisfied", met=True
    )
    services.suggestion_close(user=world.staff, suggestion=s)
    return steps.refreshed(s), reply
