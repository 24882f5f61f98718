"""Bad input through the REST API, for every suggestion and assignment action and for creating a
suggestion: empty, 1 MB, wrong-type, XSS, SQL-looking, control-character, emoji and CJK
Extension B values. The answer is JSON 2xx or 4xx `{"detail", "code"}` (400: `fields` names the
field), never a 500; harmless text, if accepted, is stored exactly; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from notifications.models import Notification

from security.models import AuditEntry
from suggestions import services
from suggestions.models import (
    Assignment,
    Contact,
    Event,
    KeySupervision,
    Promise,
    Rating,
    Reply,
    Suggestion,
    UnitRequest,
)
from tests import steps
from tests.api.client import Api

MB = 1024 * 1024
HARMLESS = [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">点我</a>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "'; DROP TABLE suggestions_suggestion; -- OR 1=1",
    "关于👍🏻增设🚦信号灯的建议👨‍👩‍👧",
    "𠀀𠀁𪚥𫝀 的建议",
]
BAD = {
    "text": ["", "字" * MB, 12345, ["标题"], {"title": "标题"}, "标题\x00后缀", "标题\x1b[31m"],
    "id": ["abc", {"id": 1}, ["1"], -1, 2**63, "1 OR 1=1", "<script>"],
    "list": ["1,2", {"a": 1}, [{"id": 1}], ["x"], [None], 5],
    "choice": ["", "<script>", "𠀀", {"a": 1}, ["A"], "A\x00"],
    "date": ["", "2026-13-45", "<script>", 20260101, {"y": 1}, "2026-01-01\x1b"],
    "bool": ["<script>", {"a": 1}, [True], "𠀀"],
}
JUNK_BODIES = [{"reason": "<script>", "x": {"y": [1]}}, [1, 2], "字" * MB]
# (text column, model) pairs where accepted text may land; events keep theirs in `payload`.
TEXT_COLUMNS = [
    (Suggestion, "title"),
    (Suggestion, "content"),
    (Suggestion, "not_accepted_reason"),
    (Assignment, "opinion"),
    (Reply, "text"),
    (Contact, "note"),
    (Rating, "comment"),
    (KeySupervision, "note"),
    (KeySupervision, "responsible_committee"),
    (UnitRequest, "reason"),
    (UnitRequest, "decision_note"),
]


def snapshot(suggestion) -> tuple:
    models = (Event, Notification, AuditEntry, Suggestion, Reply, Contact, Rating, UnitRequest)
    assignments = Assignment.objects.filter(suggestion=suggestion).order_by("pk")
    return (
        tuple(m.objects.count() for m in (*models, KeySupervision, Promise)),
        Suggestion.objects.get(pk=suggestion.pk).status,
        list(assignments.values_list("unit_id", "status", "opinion", "due_date")),
        list(UnitRequest.objects.order_by("pk").values_list("state", "decision_note")),
    )


def stored_exactly(value: str, events) -> bool:
    if any(m.objects.filter(**{field: value}).exists() for m, field in TEXT_COLUMNS):
        return True
    return any(value in strings(e.payload) for e in events)


def strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return [data] if isinstance(data, str) else []


class Rollback(Exception):
    """Undo one attempt so that every value meets the same state."""


def post(api, path: str, body, suggestion, *, field: str | None, kind: str, value):
    """POST in a savepoint that is then rolled back; check the answer against the rules above."""
    try:
        with transaction.atomic():
            before, last_event = snapshot(suggestion), Event.objects.order_by("pk").last()
            response = api.post(path, body)
            label = f"{path} {field}={value!r:.40}"
            assert response.status_code < 500, label
            if response.status_code != 204:
                data = response.json()  # JSON, escaped by the encoder, never HTML
            if response.status_code >= 400:
                assert {"detail", "code"} <= set(data), label
                assert snapshot(suggestion) == before, f"partial write: {label}"
                if field is not None and kind != "junk":
                    assert response.status_code == 400, (label, data)
                    assert any(k.split(".")[0] == field for k in data["fields"]), (label, data)
            elif field is not None:
                harmless = value in HARMLESS
                optional_empty = value == "" and kind == "optional"
                assert harmless or optional_empty, f"accepted: {label}"
                new = Event.objects.filter(pk__gt=last_event.pk if last_event else 0)
                if harmless:
                    assert stored_exactly(value.strip(), new), f"not stored exactly: {label}"
            else:
                new_events = Event.objects.count() - before[0][0]
                assert new_events <= 1, label
            raise Rollback
    except Rollback:
        pass


def check_endpoint(api, path: str, base: dict, fields: dict[str, str], suggestion) -> None:
    """The valid body works; then each field gets every bad value of its kind."""
    try:
        with transaction.atomic():
            response = api.post(path, base)
            assert response.status_code < 300, (path, response.status_code, response.content)
            raise Rollback
    except Rollback:
        pass
    if not fields:
        for body in JUNK_BODIES:
            post(api, path, body, suggestion, field=None, kind="junk", value=body)
    for field, kind in fields.items():
        values = BAD["text"] + HARMLESS if kind in ("text", "optional") else BAD[kind]
        for value in values:
            post(api, path, {**base, field: value}, suggestion, field=field, kind=kind, value=value)


def _lead(s):
    return Assignment.objects.get(suggestion=s, role="lead")


def state_draft(w):
    return steps.draft(w)


def state_signed(w):
    s = steps.assigned(w)
    services.assignment_sign(user=w.traffic_handler, assignment=_lead(s))
    services.assignment_sign(user=w.edu_handler, assignment=steps.assignment_of(s, w.edu))
    return s


def state_drafted(w):
    s = state_signed(w)
    services.assignment_draft_reply(
        user=w.traffic_handler, assignment=_lead(s), result_class="A", text="已完成。"
    )
    return s


def state_reassignment(w):
    s = steps.assigned(w)
    services.assignment_request_reassignment(
        user=w.traffic_handler, assignment=_lead(s), reason="不属于我局职责。"
    )
    return s


def state_extension(w):
    s = state_signed(w)
    a = _lead(s)
    services.assignment_request_extension(
        user=w.traffic_handler, assignment=a, reason="需要实地勘查。", due_date=later(a, 10)
    )
    return s


def later(a, days: int) -> str:
    return (a.due_date + dt.timedelta(days=days)).isoformat()


# state → [(actor, "suggestions"/"assignments"/"create", action, base body, {field: kind})];
# a lambda body gets (world, suggestion) when it needs ids from the state.
CASES = {
    "draft": (
        state_draft,
        [
            ("zhang", "create", "", lambda w, s: create_body(w), CREATE_FIELDS := {}),
            ("li", "suggestions", "confirm_cosign", {}, {}),
            ("li", "suggestions", "decline_cosign", {}, {}),
        ],
    ),
    "submitted": (
        steps.submitted,
        [
            ("zhang", "suggestions", "withdraw", {}, {"reason": "optional"}),
            ("staff", "suggestions", "accept", {}, {"category": "id"}),
            ("staff", "suggestions", "not_accept", {"reason": "重复。"}, {"reason": "text"}),
            ("staff", "suggestions", "merge", lambda w, s: {"into": other(w)}, {"into": "id"}),
        ],
    ),
    "accepted": (
        steps.accepted,
        [
            (
                "staff",
                "suggestions",
                "assign",
                lambda w, s: {"lead_unit": w.traffic.pk, "co_units": [w.edu.pk]},
                {"lead_unit": "id", "co_units": "list", "split_units": "list"},
            ),
            (
                "staff",
                "suggestions",
                "set_key_supervision",
                lambda w, s: {"leader": w.leader.pk},
                {"leader": "id", "responsible_committee": "optional", "note": "optional"},
            ),
        ],
    ),
    "assigned": (
        steps.assigned,
        [
            ("traffic_handler", "assignments", "sign", {}, {}),
            (
                "traffic_handler",
                "assignments",
                "request_reassignment",
                {"reason": "不属于我局职责。"},
                {"reason": "text", "suggested_unit": "id"},
            ),
        ],
    ),
    "signed": (
        state_signed,
        [
            (
                "traffic_handler",
                "assignments",
                "record_contact",
                lambda w, s: {"kind": "meeting", "date": timezone.localdate().isoformat()},
                {"kind": "choice", "date": "date", "note": "optional"},
            ),
            ("edu_handler", "co", "submit_opinion", {"text": "同意。"}, {"text": "text"}),
            (
                "traffic_handler",
                "assignments",
                "draft_reply",
                {"result_class": "A", "text": "已完成。"},
                {"result_class": "choice", "text": "text", "promises": "list"},
            ),
            (
                "traffic_handler",
                "assignments",
                "request_extension",
                lambda w, s: {"reason": "需要勘查。", "due_date": later(_lead(s), 10)},
                {"reason": "text", "due_date": "date"},
            ),
        ],
    ),
    "drafted": (state_drafted, [("traffic_head", "assignments", "sign_off", {}, {})]),
    "reassignment": (
        state_reassignment,
        [
            (
                "staff",
                "assignments",
                "approve_reassignment",
                lambda w, s: {"unit": w.other.pk},
                {"unit": "id"},
            ),
            ("staff", "assignments", "reject_reassignment", {"reason": "否。"}, {"reason": "text"}),
        ],
    ),
    "extension": (
        state_extension,
        [
            ("staff", "assignments", "approve_extension", {}, {"due_date": "date"}),
            ("staff", "assignments", "reject_extension", {"reason": "否。"}, {"reason": "text"}),
        ],
    ),
    "handled": (
        steps.handled,
        [
            ("staff", "suggestions", "approve_reply", {}, {}),
            (
                "staff",
                "suggestions",
                "return_reply",
                {"reason": "请补充。"},
                {"reason": "text", "assignments": "list"},
            ),
        ],
    ),
    "replied": (
        steps.replied,
        [
            (
                "zhang",
                "suggestions",
                "rate",
                {"process": "satisfied", "result": "satisfied", "met": True},
                {"process": "choice", "result": "choice", "met": "bool", "comment": "optional"},
            ),
        ],
    ),
    "rated": (steps.rated, [("staff", "suggestions", "close", {}, {})]),
}
CREATE_FIELDS.update(
    {"title": "text", "content": "text", "session": "id", "category": "id", "co_signers": "list"}
)


def create_body(w) -> dict:
    return {"session": w.session.pk, "title": "关于增设信号灯的建议", "content": "建议内容。"}


def other(w) -> int:
    return steps.submitted(w, title="另一件建议", cosign=False).pk


@pytest.mark.parametrize("state", list(CASES))
def test_every_action_answers_bad_input_cleanly_and_saves_nothing(world, state):
    make, endpoints = CASES[state]
    s = make(world)
    for actor, kind, action, base, fields in endpoints:
        body = base(world, s) if callable(base) else base
        if kind == "create":
            path = "suggestions/"
        elif kind == "co":
            path = f"assignments/{steps.assignment_of(s, world.edu).pk}/actions/{action}/"
        elif kind == "assignments":
            path = f"assignments/{_lead(s).pk}/actions/{action}/"
        else:
            path = f"suggestions/{s.pk}/actions/{action}/"
        check_endpoint(Api(getattr(world, actor)), path, body, fields, s)
