"""The role matrix: for every persona and every action on suggestions and assignments in many
states, `available_actions` lists an action exactly when the service lets that caller past its
visibility, status and permission checks. Each attempt runs the real service through the API
and is rolled back."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from suggestions import services
from suggestions.actions import ASSIGNMENT_ACTIONS, SUGGESTION_ACTIONS
from tests import steps
from tests.api.client import Api, ok

PERSONAS = ["zhang", "li", "staff", "leader", "traffic_handler", "traffic_head", "edu_handler"]
PASSED_CHECKS = (200, 204, 400)  # 400: the body was judged, so visibility/status/role passed


def suggestion_bodies(world, other_pk: int) -> dict:
    return {
        "withdraw": {},
        "accept": {},
        "not_accept": {"reason": "个人事务"},
        "merge": {"into": other_pk},
        "assign": {"lead_unit": world.edu.pk},
        "return_reply": {"reason": "答复笼统"},
        "rate": {"process": "satisfied", "result": "satisfied", "met": True},
        "set_key_supervision": {"leader": world.leader.pk},
    }


def assignment_bodies(world) -> dict:
    later = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    return {
        "request_reassignment": {"reason": "不属于本单位职责"},
        "record_contact": {"kind": "phone", "date": timezone.localdate().isoformat()},
        "submit_opinion": {"text": "协办意见"},
        "draft_reply": {"result_class": "A", "text": "已解决"},
        "request_extension": {"reason": "需协调", "due_date": later},
        "approve_reassignment": {"unit": world.other.pk},
        "reject_reassignment": {"reason": "x"},
        "approve_extension": {},
        "reject_extension": {"reason": "x"},
    }


def attempt(client: Api, kind: str, pk: int, action: str, body: dict) -> int:
    with transaction.atomic():
        status = client.act(kind, pk, action, body).status_code
        transaction.set_rollback(True)
    return status


def check(world, kind: str, objects: list, actions: dict, bodies: dict) -> list[str]:
    mismatches = []
    for name in PERSONAS:
        client = Api(getattr(world, name))
        for obj in objects:
            detail = client.get(f"{kind}/{obj.pk}/")
            listed = set(detail.json()["available_actions"]) if detail.status_code == 200 else set()
            for action in actions:
                status = attempt(client, kind, obj.pk, action, bodies.get(action, {}))
                assert status != 500
                if (status in PASSED_CHECKS) != (action in listed):
                    label = getattr(obj, "status", "")
                    mismatches.append(f"{name} {action} on {kind} {label}: {status}, {listed}")
    return mismatches


def test_available_suggestion_actions_match_the_services(world):
    other = steps.accepted(world, title="可并入的建议", cosign=False)
    suggestions = [
        steps.draft(world),
        steps.paper_draft(world),
        steps.submitted(world),
        steps.accepted(world),
        steps.assigned(world),
        steps.handled(world),
        steps.replied(world),
        steps.rated(world),
    ]
    bodies = suggestion_bodies(world, other.pk)
    assert check(world, "suggestions", suggestions, SUGGESTION_ACTIONS, bodies) == []


def test_available_assignment_actions_match_the_services(world):
    s = steps.assigned(world)
    lead, co = steps.assignment_of(s, world.traffic), steps.assignment_of(s, world.edu)
    ok(Api(world.edu_handler).act("assignments", co.pk, "request_reassignment", {"reason": "x"}))
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    services.assignment_request_extension(
        user=world.traffic_handler,
        assignment=lead,
        reason="需协调",
        due_date=lead.due_date + dt.timedelta(days=20),
    )
    handled = steps.handled(world)
    objects = [lead, co, steps.assignment_of(handled, world.traffic)]
    objects = [type(a).objects.get(pk=a.pk) for a in objects]
    bodies = assignment_bodies(world)
    assert check(world, "assignments", objects, ASSIGNMENT_ACTIONS, bodies) == []
