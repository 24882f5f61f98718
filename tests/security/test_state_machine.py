"""Random sequences of actions by random people against the services, with the invariants checked
after every step: status and workflow task agree; ratings only after a reply and only by the
deputy; one event per successful call and none for a refused one; nothing visible to a unit
outside its assignments. 200 examples in CI (CI=true), fewer locally."""

from __future__ import annotations

import collections
import datetime as dt
import os

from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from security.models import AuditEntry
from suggestions import permissions as perms
from suggestions import services
from suggestions.errors import NotVisible, ServiceError
from suggestions.models import Assignment, Event, Rating, Suggestion, UnitRequest
from workflows.flows import NODE_FOR_STATUS
from workflows.sync import waiting_task

CI = os.environ.get("CI") == "true"
REACHED: collections.Counter = collections.Counter()


def profile() -> settings:
    """200 examples in CI on SQLite (the PostgreSQL run repeats a smaller sample; the races
    there are tested with real processes); a quick fixed sample locally."""
    examples = (200 if connection.vendor == "sqlite" else 25) if CI else 8
    return settings(
        max_examples=examples,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=not CI,
    )


PEOPLE = [
    "zhang",
    "li",
    "wang",
    "staff",
    "leader",
    "edu_handler",
    "edu_head",
    "traffic_handler",
    "traffic_head",
    "env_handler",
    "env_head",
    "other_handler",
]
UNITS = ["edu", "traffic", "env", "other"]
SUGGESTION_ACTIONS = [
    "submit",
    "withdraw",
    "cosign_confirm",
    "cosign_decline",
    "accept",
    "not_accept",
    "merge",
    "assign",
    "assign_split",
    "approve_reply",
    "return_reply",
    "rate_ok",
    "rate_bad",
    "close",
    "key_supervision",
]
ASSIGNMENT_ACTIONS = [
    "sign",
    "contact",
    "opinion",
    "draft_reply",
    "sign_off",
    "ask_reassignment",
    "ask_extension",
    "approve_request",
    "reject_request",
]


def call(action: str, world, user, suggestion, assignment, pick: int):
    today = timezone.localdate()
    unit = getattr(world, UNITS[pick % len(UNITS)])
    other_unit = getattr(world, UNITS[(pick + 1) % len(UNITS)])
    others = list(Suggestion.objects.exclude(pk=suggestion.pk).values_list("pk", flat=True))
    table = {
        "submit": lambda: services.suggestion_submit(user=user, suggestion=suggestion),
        "withdraw": lambda: services.suggestion_withdraw(user=user, suggestion=suggestion),
        "cosign_confirm": lambda: services.cosign_confirm(user=user, suggestion=suggestion),
        "cosign_decline": lambda: services.cosign_decline(user=user, suggestion=suggestion),
        "accept": lambda: services.suggestion_accept(user=user, suggestion=suggestion),
        "not_accept": lambda: services.suggestion_not_accept(
            user=user, suggestion=suggestion, reason="属于个人事项"
        ),
        "merge": lambda: services.suggestion_merge(
            user=user, suggestion=suggestion, into=others[pick % len(others)] if others else 0
        ),
        "assign": lambda: services.suggestion_assign(
            user=user, suggestion=suggestion, lead_unit=unit.pk, co_units=[other_unit.pk]
        ),
        "assign_split": lambda: services.suggestion_assign(
            user=user, suggestion=suggestion, split_units=[unit.pk, other_unit.pk]
        ),
        "approve_reply": lambda: services.suggestion_approve_reply(
            user=user, suggestion=suggestion
        ),
        "return_reply": lambda: services.suggestion_return_reply(
            user=user, suggestion=suggestion, reason="答复过于笼统"
        ),
        "rate_ok": lambda: services.suggestion_rate(
            user=user, suggestion=suggestion, process="satisfied", result="satisfied", met=True
        ),
        "rate_bad": lambda: services.suggestion_rate(
            user=user,
            suggestion=suggestion,
            process="satisfied",
            result="dissatisfied",
            met=False,
        ),
        "close": lambda: services.suggestion_close(user=user, suggestion=suggestion),
        "key_supervision": lambda: services.suggestion_set_key_supervision(
            user=user, suggestion=suggestion, leader=world.leader.pk
        ),
        "sign": lambda: services.assignment_sign(user=user, assignment=assignment),
        "contact": lambda: services.assignment_record_contact(
            user=user, assignment=assignment, kind="meeting", date=today
        ),
        "opinion": lambda: services.assignment_submit_opinion(
            user=user, assignment=assignment, text="同意主办单位意见"
        ),
        "draft_reply": lambda: services.assignment_draft_reply(
            user=user,
            assignment=assignment,
            result_class="BA"[pick % 2],
            text="已研究办理。",
            promises=[{"text": "年内完成", "due_date": today + dt.timedelta(days=90)}],
        ),
        "sign_off": lambda: services.assignment_sign_off(user=user, assignment=assignment),
        "ask_reassignment": lambda: services.assignment_request_reassignment(
            user=user, assignment=assignment, reason="不属于本单位职责", suggested_unit=unit.pk
        ),
        "ask_extension": lambda: services.assignment_request_extension(
            user=user,
            assignment=assignment,
            reason="需要协调资金",
            due_date=(assignment.due_date or today) + dt.timedelta(days=20),
        ),
        "approve_request": lambda: services.request_approve(
            user=user, request=_request(assignment), unit=unit.pk
        ),
        "reject_request": lambda: services.request_reject(
            user=user, request=_request(assignment), reason="理由不充分"
        ),
    }
    return table[action]()


NATURAL = {
    "submit": "zhang",
    "withdraw": "zhang",
    "rate_ok": "zhang",
    "rate_bad": "zhang",
    "cosign_confirm": "li",
    "cosign_decline": "li",
}
HANDLER = {
    "edu": "edu_handler",
    "traffic": "traffic_handler",
    "env": "env_handler",
    "other": "other_handler",
}
HEAD = {"edu": "edu_head", "traffic": "traffic_head", "env": "env_head", "other": "edu_head"}


def natural_actor(world, action: str, assignment) -> str:
    """Who would normally do `action` (the rule mostly picks them, sometimes anyone)."""
    if action in NATURAL:
        return NATURAL[action]
    if action in ASSIGNMENT_ACTIONS[:-2] and assignment is not None:
        unit = next(u for u in UNITS if getattr(world, u).pk == assignment.unit_id)
        return HEAD[unit] if action == "sign_off" else HANDLER[unit]
    return "staff"


NEXT_FOR_ASSIGNMENT = {"assigned": "sign", "signed": "draft_reply", "drafted": "sign_off"}
NEXT_FOR_STATUS = {
    "submitted": ["accept", "accept", "accept", "not_accept", "merge"],
    "accepted": ["assign", "assign_split"],
    "handled": ["approve_reply", "approve_reply", "return_reply"],
    "replied": ["rate_ok", "rate_ok", "rate_bad", "close"],
    "rated": ["close", "key_supervision"],
}


def next_action(suggestion, pick: int):
    """The step that moves `suggestion` on, so that sequences reach the late stages."""
    if suggestion.status == "draft":
        invited = suggestion.cosigners.filter(state="invited").exists()
        return ("cosign_confirm" if invited else "submit"), None
    if suggestion.status in NEXT_FOR_STATUS:
        options = NEXT_FOR_STATUS[suggestion.status]
        return options[pick % len(options)], None
    for assignment in suggestion.assignments.exclude(status="relieved").order_by("pk"):
        if assignment.role == "co" and assignment.status in ("assigned", "signed"):
            return "opinion", assignment
        if assignment.status in NEXT_FOR_ASSIGNMENT:
            return NEXT_FOR_ASSIGNMENT[assignment.status], assignment
    return "withdraw", None


def _request(assignment) -> int:
    pending = UnitRequest.objects.filter(assignment=assignment, state="pending").first()
    return pending.pk if pending else 0


def assigned_suggestions(unit_id) -> set[int]:
    return set(Assignment.objects.filter(unit_id=unit_id).values_list("suggestion_id", flat=True))


def build_machine(world):
    class Lifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def teardown(self):
            REACHED.update(Suggestion.objects.values_list("status", flat=True))
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        @precondition(lambda self: Suggestion.objects.count() < 3)
        @rule(author=st.sampled_from(["zhang", "li", "staff"]), cosign=st.booleans())
        def create(self, author, cosign):
            author_user = getattr(world, author)
            co = [world.li.deputy_id] if cosign and author != "li" else []
            services.suggestion_create(
                user=author_user,
                session=world.session,
                title="关于改善学校周边交通的建议",
                content="建议增设信号灯。",
                co_signers=co,
                lead_deputy=world.zhang.deputy if author == "staff" else None,
            )

        @precondition(lambda self: Suggestion.objects.exists())
        @rule(
            action=st.one_of(st.none(), st.sampled_from(SUGGESTION_ACTIONS + ASSIGNMENT_ACTIONS)),
            anyone=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(PEOPLE)),
            pick=st.integers(min_value=0, max_value=50),
        )
        def act(self, action, anyone, pick):
            suggestions = list(Suggestion.objects.order_by("pk"))
            suggestion = suggestions[pick % len(suggestions)]
            assignments = list(suggestion.assignments.exclude(status="relieved").order_by("pk"))
            assignment = assignments[pick % len(assignments)] if assignments else None
            if action is None:
                action, assignment = next_action(suggestion, pick)
            if action in ASSIGNMENT_ACTIONS and assignment is None:
                return
            who = anyone or natural_actor(world, action, assignment)
            user = getattr(world, who)
            before_status = suggestion.status
            events = Event.objects.count()
            try:
                call(action, world, user, suggestion, assignment, pick)
            except ServiceError as error:
                assert Event.objects.count() == events, f"{action} refused but left an event"
                assert Suggestion.objects.get(pk=suggestion.pk).status == before_status
                target = suggestion.pk
                if isinstance(error, NotVisible):
                    return
                # Whoever was told more than "not found" may see the suggestion.
                assert target in set(
                    perms.visible_suggestions(user).values_list("pk", flat=True)
                ), f"{who} got {type(error).__name__} on an invisible suggestion"
                return
            assert Event.objects.count() == events + 1, f"{action} by {who}: not exactly 1 event"

        @invariant()
        def status_and_workflow_agree(self):
            for suggestion in Suggestion.objects.all():
                task = waiting_task(suggestion)
                current = task.flow_task.name if task else None
                assert current == NODE_FOR_STATUS[suggestion.status], (
                    f"#{suggestion.pk} is {suggestion.status} but the process waits at {current}"
                )

        @invariant()
        def ratings_only_after_a_reply_and_only_by_the_deputy(self):
            for rating in Rating.objects.select_related("rated_by", "suggestion"):
                assert rating.rated_by.role == "deputy"
                assert rating.rated_by.deputy_id == rating.deputy_id
                assert rating.deputy_id == rating.suggestion.lead_deputy_id
                assert Event.objects.filter(
                    suggestion=rating.suggestion,
                    verb="replied",
                    round=rating.round,
                    created_at__lte=rating.created_at,
                ).exists()

        @invariant()
        def units_see_only_their_assignments(self):
            for name in ("edu_handler", "traffic_head", "other_handler"):
                user = getattr(world, name)
                visible = set(perms.visible_suggestions(user).values_list("pk", flat=True))
                assert visible == assigned_suggestions(user.unit_id)
                assert not Suggestion.objects.filter(pk__in=visible, status="draft").exists()

        @invariant()
        def every_event_is_audited(self):
            events = Event.objects.count()
            assert AuditEntry.objects.filter(action="transition").count() == events

    return Lifecycle


def test_random_lifecycles_keep_every_invariant(world):
    run_state_machine_as_test(build_machine(world), settings=profile())
    # The sequences must get far: a machine that only ever refuses would prove nothing.
    assert REACHED["closed"] + REACHED["rated"] + REACHED["replied"] > 0, REACHED
