"""Bad input against every service that takes text, choices, dates or ids: empty, 1 MB, wrong
type, XSS, SQL-looking, control characters, emoji and rare CJK (Extension B). Each either succeeds
and stores the text exactly (rendered inert by escaping) or fails with InvalidInput naming the
field — never another exception, never a partial write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from notifications.models import Notification

from security.models import AuditEntry
from suggestions import services
from suggestions.errors import InvalidInput
from suggestions.models import Contact, Event, Rating, Reply, Suggestion, UnitRequest
from tests import steps

MB = 1024 * 1024
HARMLESS = {
    "xss_script": "<script>alert(1)</script>",
    "xss_link": '<a href="javascript:alert(1)">点我</a>',
    "xss_svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>1</script></svg>',
    "sql": "'; DROP TABLE suggestions_suggestion; -- OR 1=1",
    "emoji": "关于👍🏻增设🚦信号灯的建议👨‍👩‍👧",
    "cjk_ext_b": "𠀀𠀁𪚥𫝀 的建议",
}
HARMFUL = {
    "empty": "",
    "blank": "  \n\t ",
    "huge": "字" * MB,
    "int": 12345,
    "list": ["标题"],
    "dict": {"title": "标题"},
    "nul": "标题\x00后缀",
    "escape": "标题\x1b[31m红色",
    "bell": "\x07\x08",
}
MODELS = (Suggestion, Event, Notification, AuditEntry, Reply, Contact, Rating, UnitRequest)


def counts() -> tuple:
    return tuple(model.objects.count() for model in MODELS)


def attempt(call, field: str, value, *, optional: bool = False, check=None) -> None:
    """Call once in a savepoint that is then rolled back, so every value meets the same state.

    Harmless values must succeed (and `check(result)` then runs); harmful ones must fail with a
    clean InvalidInput naming a field and must leave no row behind.
    """
    harmless = isinstance(value, str) and value in HARMLESS.values()
    allowed_empty = optional and isinstance(value, str) and not value.strip()
    with transaction.atomic():
        before = counts()
        try:
            with transaction.atomic():
                result = call(value)
        except InvalidInput as error:
            assert not harmless, f"{field}: harmless {value!r:.40} refused: {error.fields}"
            assert error.fields, f"{field}: no field message"
            assert all(messages and all(messages) for messages in error.fields.values())
            assert counts() == before, f"{field}: partial write for {value!r:.40}"
            return
        assert harmless or allowed_empty, f"{field}: {value!r:.40} was accepted"
        if check is not None:
            check(result)
        transaction.set_rollback(True)


def values():
    return {**HARMLESS, **HARMFUL}


def test_suggestion_text_fields(world):
    for field in ("title", "content"):
        for name, value in values().items():

            def call(v, field=field):
                kwargs = {"title": "关于增设信号灯的建议", "content": "建议内容。", field: v}
                return services.suggestion_create(user=world.zhang, session=world.session, **kwargs)

            def stored_inert(created, field=field, value=value, name=name):
                stored = getattr(Suggestion.objects.get(pk=created.pk), field)
                assert stored == value.strip(), name
                shown = Template("{{ v }}").render(Context({"v": stored}))
                assert "<script" not in shown and "<svg" not in shown and "<a " not in shown

            attempt(call, field, value, check=stored_inert)


def test_reasons_opinions_and_replies(world):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    co = steps.assignment_of(s, world.edu)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    calls = {
        "opinion.text": lambda v: services.assignment_submit_opinion(
            user=world.edu_handler, assignment=co, text=v
        ),
        "reply.text": lambda v: services.assignment_draft_reply(
            user=world.traffic_handler, assignment=lead, result_class="A", text=v
        ),
        "extension.reason": lambda v: services.assignment_request_extension(
            user=world.traffic_handler,
            assignment=lead,
            reason=v,
            due_date=lead.due_date + dt.timedelta(days=5),
        ),
    }
    for field, call in calls.items():
        for value in values().values():
            attempt(call, field, value)


def test_optional_note_and_comment(world):
    s = steps.replied(world)
    a = steps.assignment_of(s, world.traffic)
    for value in values().values():
        attempt(
            lambda v: services.assignment_record_contact(
                user=world.traffic_handler,
                assignment=a,
                kind="meeting",
                date=timezone.localdate(),
                note=v,
            ),
            "note",
            value,
            optional=True,
        )
    for value in values().values():
        rating = attempt(
            lambda v: services.suggestion_rate(
                user=world.zhang,
                suggestion=s,
                process="satisfied",
                result="satisfied",
                met=True,
                comment=v,
            ),
            "comment",
            value,
            optional=True,
        )
        if rating is not None:
            assert Rating.objects.get(pk=rating.pk).comment == value
            return  # rated: the suggestion has moved on


def test_choices_dates_and_ids(world):
    s = steps.replied(world, title="评价")
    junk = ["", None, 5, "满意", "satisfied'; --", ["satisfied"], {"a": 1}, "\x00"]
    for value in junk:
        attempt(
            lambda v: services.suggestion_rate(
                user=world.zhang, suggestion=s, process=v, result="satisfied", met=True
            ),
            "process",
            value,
        )
        attempt(
            lambda v: services.suggestion_rate(
                user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=v
            ),
            "met",
            value,
        )
    accepted = steps.accepted(world, title="交办")
    for value in ["", "abc", -1, 10**12, {"x": 1}, "1; DROP TABLE x", 1.5, "𠀀"]:
        attempt(
            lambda v: services.suggestion_assign(
                user=world.staff, suggestion=accepted, lead_unit=v
            ),
            "lead_unit",
            value,
        )
    for value in [5, "1,2", {"a": 1}]:
        attempt(
            lambda v: services.suggestion_assign(
                user=world.staff, suggestion=accepted, lead_unit=world.edu.pk, co_units=v
            ),
            "co_units",
            value,
        )
    assigned = steps.assigned(world, title="延期")
    a = steps.assignment_of(assigned, world.traffic)
    for value in ["", "2026-13-45", "明天", 20260101, None, ["2026-01-01"], "'; --"]:
        attempt(
            lambda v: services.assignment_request_extension(
                user=world.traffic_handler, assignment=a, reason="需要协调", due_date=v
            ),
            "due_date",
            value,
        )


@pytest.mark.parametrize("promises", [[{"text": "\x00", "due_date": "2030-01-01"}], "x", [5]])
def test_malformed_promises_are_refused_whole(world, promises):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    attempt(
        lambda v: services.assignment_draft_reply(
            user=world.traffic_handler, assignment=a, result_class="B", text="答复", promises=v
        ),
        "promises",
        promises,
    )
