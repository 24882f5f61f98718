"""Schemathesis drives every operation of /api/schema/ through the Django WSGI app, as each role:
no response may be a server error or break the schema (status code, content type, body).

Bounded: a few derandomised examples per operation, so the whole run stays well under 2 minutes.
"""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from followup import services as followup
from suggestions.models import Role, User
from tests import steps
from tests.followup.helpers import closed_b_reply, png

EXAMPLES_PER_OPERATION = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = [
    "anonymous",
    "zhang",
    "li",
    "edu_handler",
    "traffic_head",
    "staff",
    "leader",
    "sysadmin",
]


def populate(world) -> int:
    """Suggestions in many states, so that generated ids often hit real objects."""
    steps.draft(world, title="草稿")
    steps.submitted(world, title="已提交")
    steps.assigned(world, title="已交办")
    steps.handled(world, split=True, title="已办理")
    steps.replied(world, title="已答复")
    closed = steps.closed(world, title="已办结").pk
    populate_followup(world)
    return closed


def populate_followup(world) -> None:
    """A running key item with a scheduled activity, an open survey with an answer, and a
    promise with an evidence file: the follow-through endpoints answer with real objects too."""
    today = timezone.localdate()
    item = followup.key_item_propose(
        user=world.staff,
        session=world.session,
        title="重点督办",
        suggestions=[steps.assigned(world, title="督办件", cosign=False).pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )
    followup.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="主任会议")
    followup.key_item_set_plan(
        user=world.leader, item=item, plan="计划", milestones=[{"title": "一", "due_date": today}]
    )
    followup.activity_schedule(
        user=world.staff, item=item, kind="meeting", date=today, deputies=[world.zhang.pk]
    )
    _, reply = closed_b_reply(world, days=(30,))
    followup.promise_report_progress(
        user=world.traffic_handler, promise=reply.promises.get(), text="进展", files=[png()]
    )
    survey = followup.survey_create(user=world.staff, session=world.session, title="调查")
    followup.survey_open(user=world.staff, survey=survey)
    followup.survey_answer(
        user=world.zhang,
        survey=survey,
        answers={str(world.traffic.pk): {"satisfaction": "satisfied", "met": True}},
    )


@contextmanager
def connection_kept_open():
    """Django's WSGI app closes the database connection after each request; like Django's test
    client, keep it open so that the test's transaction survives every call."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


_RAW_SCHEMA: dict = {}


def load_schema(client, max_id: int):
    if not _RAW_SCHEMA:  # generating the schema takes seconds: once per run is enough
        _RAW_SCHEMA.update(json.loads(client.get("/api/schema/?format=json").content))
    raw = copy.deepcopy(_RAW_SCHEMA)
    for item in raw["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                # Aim path ids at the rows that exist (plus a few that do not) instead of at
                # random 64-bit numbers that all answer 404.
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": max_id + 3}
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def headers_for(world, role: str) -> dict:
    if role == "anonymous":
        return {}
    if role == "sysadmin":
        user = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    else:
        user = getattr(world, role)
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


def exercise(operation, headers: dict, mode=schemathesis.GenerationMode.POSITIVE, examples=None):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples or EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_within_the_schema(world, client, role):
    max_id = populate(world)
    schema = load_schema(client, max_id)
    headers = headers_for(world, role)
    failures, count = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        count += 1
        try:
            with connection_kept_open():
                exercise(operation, headers)
        except Exception as exc:  # collect every operation's failure, not only the first
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert count >= 50
    assert not failures, "\n\n".join(failures)


def test_invalid_input_never_causes_a_server_error(world, client):
    """Schemathesis' negative mode, as staff (who reach the deepest code): bodies, queries and
    paths that break the schema must be refused cleanly."""
    schema = load_schema(client, populate(world))
    headers = headers_for(world, "staff")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            with connection_kept_open():
                exercise(operation, headers, schemathesis.GenerationMode.NEGATIVE, examples=2)
        except Unsatisfiable:
            continue  # nothing in this operation can be made invalid (no parameters, no body)
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)
