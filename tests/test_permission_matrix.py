"""Every role × every transition × own / other object: allowed, 403 or 404, never anything else;
and every role against the named rules the pages and the API ask before they call a service.

Each attempt runs in a savepoint that is rolled back, so all roles try the same starting state.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from suggestions import permissions as perms
from suggestions import services
from suggestions.errors import InvalidState, NotPermitted, NotVisible
from tests import steps

pytestmark = pytest.mark.django_db

ROLES = [
    "lead",
    "cosigner",
    "other_deputy",
    "staff",
    "leader",
    "unit",
    "unit_head",
    "co_unit",
    "other_unit",
    "sysadmin",
]


class _Rollback(Exception):
    pass


def attempt(fn) -> object:
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        return "ok"
    except NotVisible:
        return 404
    except NotPermitted:
        return 403
    except InvalidState:
        return 409


def role_user(world, role):
    from suggestions.models import Role, User

    return {
        "lead": world.zhang,
        "cosigner": world.li,
        "other_deputy": world.wang,
        "staff": world.staff,
        "leader": world.leader,
        "unit": world.traffic_handler,
        "unit_head": world.traffic_head,
        "co_unit": world.edu_handler,
        "other_unit": world.other_handler,
        "sysadmin": User.objects.get_or_create(username="sys", defaults={"role": Role.SYSADMIN})[0],
    }[role]


def expect(ok=(), hidden=("other_deputy", "other_unit", "sysadmin")):
    return {role: "ok" if role in ok else 404 if role in hidden else 403 for role in ROLES}


BEFORE_ASSIGNMENT_HIDDEN = (
    "other_deputy",
    "other_unit",
    "sysadmin",
    "unit",
    "unit_head",
    "co_unit",
)
TODAY = timezone.localdate


def _lead(s):
    return steps.assignment_of(s, s.assignments.get(role="lead").unit)


def _co(s, world):
    return steps.assignment_of(s, world.edu)


def _draft_confirmed(world):
    s = steps.draft(world)
    return services.cosign_confirm(user=world.li, suggestion=s)


def _signed(world):
    s = steps.assigned(world)
    services.assignment_sign(user=world.traffic_handler, assignment=_lead(s))
    return s


def _drafted(world):
    s = _signed(world)
    services.assignment_draft_reply(
        user=world.traffic_handler, assignment=_lead(s), result_class="A", text="已解决。"
    )
    return s


def _pending_request(world):
    s = steps.assigned(world)
    return services.assignment_request_reassignment(
        user=world.traffic_handler, assignment=_lead(s), reason="不属于本单位职责。"
    )


def _paper_draft_confirmed(world):
    s = steps.paper_draft(world)
    return services.cosign_confirm(user=world.li, suggestion=s)


# A deputy's own draft is theirs and their co-signers' alone until submitted.
DRAFT_HIDDEN = (*BEFORE_ASSIGNMENT_HIDDEN, "staff", "leader")

CASES = {
    "submit": (
        _draft_confirmed,
        lambda u, s, w: services.suggestion_submit(user=u, suggestion=s),
        expect(ok=("lead",), hidden=DRAFT_HIDDEN),
    ),
    "submit_paper_draft": (
        _paper_draft_confirmed,
        lambda u, s, w: services.suggestion_submit(user=u, suggestion=s),
        expect(ok=("lead", "staff"), hidden=(*BEFORE_ASSIGNMENT_HIDDEN, "leader")),
    ),
    "withdraw": (
        steps.submitted,
        lambda u, s, w: services.suggestion_withdraw(user=u, suggestion=s),
        expect(ok=("lead", "staff"), hidden=BEFORE_ASSIGNMENT_HIDDEN),
    ),
    "confirm_cosign": (
        lambda w: steps.draft(w),
        lambda u, s, w: services.cosign_confirm(user=u, suggestion=s),
        expect(ok=("cosigner",), hidden=DRAFT_HIDDEN),
    ),
    "accept": (
        steps.submitted,
        lambda u, s, w: services.suggestion_accept(user=u, suggestion=s),
        expect(ok=("staff",), hidden=BEFORE_ASSIGNMENT_HIDDEN),
    ),
    "not_accept": (
        steps.submitted,
        lambda u, s, w: services.suggestion_not_accept(user=u, suggestion=s, reason="个人诉求"),
        expect(ok=("staff",), hidden=BEFORE_ASSIGNMENT_HIDDEN),
    ),
    "merge": (
        lambda w: (steps.submitted(w, title="目标建议", cosign=False), steps.submitted(w))[1],
        lambda u, s, w: services.suggestion_merge(
            user=u, suggestion=s, into=type(s).objects.get(title="目标建议")
        ),
        expect(ok=("staff",), hidden=BEFORE_ASSIGNMENT_HIDDEN),
    ),
    "assign": (
        steps.accepted,
        lambda u, s, w: services.suggestion_assign(user=u, suggestion=s, lead_unit=w.traffic.pk),
        expect(ok=("staff",), hidden=BEFORE_ASSIGNMENT_HIDDEN),
    ),
    "sign": (
        steps.assigned,
        lambda u, s, w: services.assignment_sign(user=u, assignment=_lead(s)),
        expect(ok=("unit", "unit_head")),
    ),
    "request_reassignment": (
        steps.assigned,
        lambda u, s, w: services.assignment_request_reassignment(
            user=u, assignment=_lead(s), reason="不属于职责"
        ),
        expect(ok=("unit", "unit_head")),
    ),
    "request_extension": (
        steps.assigned,
        lambda u, s, w: services.assignment_request_extension(
            user=u,
            assignment=_lead(s),
            reason="需要时间",
            due_date=_lead(s).due_date + dt.timedelta(days=10),
        ),
        expect(ok=("unit", "unit_head")),
    ),
    "record_contact": (
        _signed,
        lambda u, s, w: services.assignment_record_contact(
            user=u, assignment=_lead(s), kind="phone", date=TODAY(), note="电话沟通"
        ),
        expect(ok=("unit", "unit_head")),
    ),
    "submit_opinion": (
        steps.assigned,
        lambda u, s, w: services.assignment_submit_opinion(
            user=u, assignment=_co(s, w), text="同意"
        ),
        expect(ok=("co_unit",)),
    ),
    "draft_reply": (
        _signed,
        lambda u, s, w: services.assignment_draft_reply(
            user=u, assignment=_lead(s), result_class="A", text="已解决。"
        ),
        expect(ok=("unit", "unit_head")),
    ),
    "sign_off": (
        _drafted,
        lambda u, s, w: services.assignment_sign_off(user=u, assignment=_lead(s)),
        expect(ok=("unit_head",)),
    ),
    "approve_request": (
        _pending_request,
        lambda u, r, w: services.request_approve(user=u, request=r, unit=w.other.pk),
        expect(ok=("staff",)),
    ),
    "reject_request": (
        _pending_request,
        lambda u, r, w: services.request_reject(user=u, request=r, reason="不同意"),
        expect(ok=("staff",)),
    ),
    "approve_reply": (
        steps.handled,
        lambda u, s, w: services.suggestion_approve_reply(user=u, suggestion=s),
        expect(ok=("staff",)),
    ),
    "return_reply": (
        steps.handled,
        lambda u, s, w: services.suggestion_return_reply(user=u, suggestion=s, reason="太笼统"),
        expect(ok=("staff",)),
    ),
    "rate": (
        steps.replied,
        lambda u, s, w: services.suggestion_rate(
            user=u, suggestion=s, process="satisfied", result="satisfied", met=True
        ),
        expect(ok=("lead",)),
    ),
    "close": (
        steps.rated,
        lambda u, s, w: services.suggestion_close(user=u, suggestion=s),
        expect(ok=("staff",)),
    ),
    "key_supervision": (
        steps.assigned,
        lambda u, s, w: services.suggestion_set_key_supervision(
            user=u, suggestion=s, leader=w.leader.pk
        ),
        expect(ok=("staff",)),
    ),
}


@pytest.mark.parametrize("transition", list(CASES))
def test_permission_matrix(world, transition):
    setup, act, expected = CASES[transition]
    obj = setup(world)
    outcomes = {
        role: attempt(lambda r=role: act(role_user(world, r), obj, world)) for role in ROLES
    }
    assert outcomes == expected


def test_unit_gets_404_for_another_units_suggestion(world):
    s = steps.assigned(world)
    assert not perms.visible_suggestions(world.other_handler).filter(pk=s.pk).exists()
    assert (
        attempt(lambda: services.assignment_sign(user=world.other_handler, assignment=_lead(s)))
        == 404
    )


def test_actions_in_the_wrong_status_are_409_for_everyone(world):
    s = steps.closed(world)
    for role in ("lead", "staff"):
        user = role_user(world, role)
        assert attempt(lambda u=user: services.suggestion_accept(user=u, suggestion=s)) == 409
        assert attempt(lambda u=user: services.suggestion_close(user=u, suggestion=s)) == 409


# --- named rules the pages and the API ask -----------------------------------------------------
def allowed_roles(world, rule, *args) -> set[str]:
    return {role for role in ROLES if rule(role_user(world, role), *args)}


def test_only_the_assigned_unit_and_staff_work_on_an_assignment(world):
    s = steps.assigned(world)
    lead, co = _lead(s), _co(s, world)
    assert allowed_roles(world, perms.can_work_on_assignment, lead) == {
        "staff",
        "unit",
        "unit_head",
    }
    assert allowed_roles(world, perms.can_work_on_assignment, co) == {"staff", "co_unit"}


def test_the_assignment_notice_is_printed_by_those_who_work_on_the_assignment(world):
    s = steps.assigned(world)
    for assignment in (_lead(s), _co(s, world)):
        assert allowed_roles(world, perms.can_print_assignment_notice, assignment) == (
            allowed_roles(world, perms.can_work_on_assignment, assignment)
        )
    assert allowed_roles(world, perms.can_print_assignment_notice, _co(s, world)) == {
        "staff",
        "co_unit",
    }


def test_a_deactivated_unit_handler_no_longer_works_on_the_assignment(world):
    a = _lead(steps.assigned(world))
    world.traffic_handler.is_active = False
    assert not perms.can_work_on_assignment(world.traffic_handler, a)


def test_staff_and_leaders_list_every_suggestion(world):
    assert allowed_roles(world, perms.can_view_all_suggestions) == {"staff", "leader"}


def test_only_deputies_have_a_deputy_home(world):
    assert allowed_roles(world, perms.can_view_deputy_home) == {"lead", "cosigner", "other_deputy"}


def test_staff_leaders_and_units_have_a_key_list_on_the_page_and_in_the_api(world):
    assert allowed_roles(world, perms.can_list_key_items) == {
        "staff",
        "leader",
        "unit",
        "unit_head",
        "co_unit",
        "other_unit",
    }


def test_only_leaders_have_a_page_of_the_key_items_they_lead(world):
    assert allowed_roles(world, perms.can_view_led_key_items) == {"leader"}


def test_superuser_accounts_are_visible_to_superusers_only(world):
    from suggestions.models import User

    root = User.objects.create_superuser(username="root", password="x")
    for role in ROLES:
        assert not perms.visible_accounts(role_user(world, role)).filter(pk=root.pk).exists()
        assert perms.visible_accounts(root).filter(pk=role_user(world, role).pk).exists()
    assert perms.visible_accounts(root).filter(pk=root.pk).exists()


def test_the_calendar_is_kept_by_those_who_keep_the_directory(world):
    assert allowed_roles(world, perms.can_manage_calendar) == {"staff", "sysadmin"}
    assert allowed_roles(world, perms.can_manage_calendar) == allowed_roles(
        world, perms.can_manage_directory
    )
