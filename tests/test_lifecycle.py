"""The whole life of a suggestion through the services, on every path, with the flow in step."""

import datetime as dt

import pytest
from django.utils import timezone
from notifications.models import Notification

from suggestions import services
from suggestions.errors import InvalidInput, InvalidState
from suggestions.models import Assignment, Event, Rating, UnitRequest
from tests import steps
from tests.flowcheck import assert_in_step

pytestmark = pytest.mark.django_db


def notified(user, verb) -> bool:
    return Notification.objects.filter(recipient=user, verb=verb).exists()


def test_joint_assignment_with_two_co_units_through_dissatisfaction_to_closure(world):
    s = steps.draft(world)
    assert_in_step(s)
    assert notified(world.li, "cosign_invited")
    with pytest.raises(InvalidInput):
        services.suggestion_submit(user=world.zhang, suggestion=s)  # co-signer has not answered
    services.cosign_confirm(user=world.li, suggestion=s)
    s = services.suggestion_submit(user=world.zhang, suggestion=s)
    assert s.status == "submitted" and s.number == 1
    assert notified(world.staff, "submitted")
    assert_in_step(s)

    s = services.suggestion_accept(user=world.staff, suggestion=s)
    s = services.suggestion_assign(
        user=world.staff,
        suggestion=s,
        lead_unit=world.traffic.pk,
        co_units=[world.edu.pk, world.env.pk],
    )
    assert s.status == "assigned"
    assert_in_step(s)
    for user in (world.traffic_handler, world.edu_handler, world.env_handler, world.zhang):
        assert notified(user, "assigned")
    lead = steps.assignment_of(s, world.traffic)
    assert lead.due_date > timezone.localdate() and lead.reassignment_due < lead.due_date

    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    assert steps.refreshed(s).status == "handling"
    for unit, handler in ((world.edu, world.edu_handler), (world.env, world.env_handler)):
        services.assignment_submit_opinion(
            user=handler, assignment=steps.assignment_of(s, unit), text="同意，配合做好相关工作。"
        )
    assert notified(world.traffic_handler, "opinion_submitted")
    services.assignment_record_contact(
        user=world.traffic_handler,
        assignment=lead,
        kind="meeting",
        date=timezone.localdate(),
        note="与张伟代表现场查看路口。",
    )
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "B")
    s = steps.refreshed(s)
    assert s.status == "handled"
    assert notified(world.staff, "reply_signed_off")
    assert_in_step(s)

    s = services.suggestion_return_reply(user=world.staff, suggestion=s, reason="答复过于笼统。")
    assert s.status == "handling"
    assert notified(world.traffic_handler, "reply_returned")
    assert steps.assignment_of(s, world.traffic).status == "signed"
    assert_in_step(s)
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "B")
    s = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s))
    assert s.status == "replied" and s.rating_due is not None
    assert notified(world.zhang, "replied") and notified(world.li, "replied")
    assert_in_step(s)

    services.suggestion_rate(
        user=world.zhang,
        suggestion=s,
        process="basically_satisfied",
        result="dissatisfied",
        met=False,
        comment="未见实际行动。",
    )
    s = steps.refreshed(s)
    assert s.status == "rehandling" and s.round == 2
    lead = steps.assignment_of(s, world.traffic)
    assert lead.status == "signed" and lead.round == 2
    assert notified(world.traffic_handler, "rehandling")
    assert_in_step(s)

    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "A")
    s = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s))
    assert_in_step(s)
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    s = services.suggestion_close(user=world.staff, suggestion=steps.refreshed(s))
    assert s.status == "closed"
    assert_in_step(s)
    assert list(Rating.objects.filter(suggestion=s).values_list("round", "result")) == [
        (1, "dissatisfied"),
        (2, "satisfied"),
    ]
    verbs = list(Event.objects.filter(suggestion=s).values_list("verb", flat=True))
    assert verbs.count("rated") == 2 and verbs[-1] == "closed"
    assert Event.objects.filter(suggestion=s, verb="rated", round=2).exists()


def test_split_assignment_needs_both_replies(world):
    s = steps.assigned(world, split=True)
    assert {a.role for a in s.assignments.all()} == {"split"}
    steps.reply(world, s, world.edu, world.edu_handler, world.edu_head)
    assert steps.refreshed(s).status == "handling"  # traffic has not replied yet
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "C")
    s = steps.refreshed(s)
    assert s.status == "handled"
    s = services.suggestion_approve_reply(user=world.staff, suggestion=s)
    assert set(s.assignments.values_list("status", flat=True)) == {"replied"}
    assert_in_step(s)


def test_reassignment_approved_moves_work_to_the_new_unit(world):
    s = steps.assigned(world)
    env = steps.assignment_of(s, world.env)
    request = services.assignment_request_reassignment(
        user=world.env_handler,
        assignment=env,
        reason="不属于本单位职责。",
        suggested_unit=world.other.pk,
    )
    assert notified(world.staff, "reassignment_requested")
    services.request_approve(user=world.staff, request=request)
    env.refresh_from_db()
    assert env.status == "relieved"
    replacement = steps.assignment_of(s, world.other)
    assert replacement.role == "co" and replacement.status == "assigned"
    assert env.replaced_by_id == replacement.pk
    assert notified(world.other_handler, "reassignment_approved")
    assert notified(world.env_handler, "reassignment_approved")


def test_reassignment_refused_keeps_the_unit_on_it(world):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    request = services.assignment_request_reassignment(
        user=world.traffic_handler, assignment=lead, reason="建议由公安交警部门主办。"
    )
    services.request_reject(user=world.staff, request=request, reason="道路设施属交通部门职责。")
    request.refresh_from_db()
    lead.refresh_from_db()
    assert request.state == "rejected" and lead.status == "assigned"
    assert notified(world.traffic_handler, "reassignment_rejected")


def test_late_reassignment_request_is_refused(world):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    Assignment.objects.filter(pk=lead.pk).update(
        reassignment_due=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(InvalidInput) as exc:
        services.assignment_request_reassignment(
            user=world.traffic_handler, assignment=lead, reason="不属于本单位职责。"
        )
    assert "reason" in exc.value.fields
    assert not UnitRequest.objects.exists()


def test_extension_approved_keeps_the_original_due_date(world):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    original = lead.due_date
    wanted = original + dt.timedelta(days=30)
    request = services.assignment_request_extension(
        user=world.traffic_handler, assignment=lead, reason="需要完成专项规划。", due_date=wanted
    )
    services.request_approve(user=world.staff, request=request)
    lead.refresh_from_db()
    assert lead.due_date == wanted and lead.original_due_date == original
    assert notified(world.zhang, "extension_approved")


def test_not_accepted_needs_a_reason_and_tells_the_deputy(world):
    s = steps.submitted(world)
    with pytest.raises(InvalidInput):
        services.suggestion_not_accept(user=world.staff, suggestion=s, reason="  ")
    s = services.suggestion_not_accept(user=world.staff, suggestion=s, reason="属于个人诉求。")
    assert s.status == "not_accepted" and s.not_accepted_reason == "属于个人诉求。"
    assert notified(world.zhang, "not_accepted")
    assert_in_step(s)


def test_merged_suggestion_points_at_its_target_and_its_deputy_gets_the_reply(world):
    target = steps.accepted(world, title="关于增设信号灯的建议", cosign=False)
    other = services.suggestion_create(
        user=world.wang,
        session=world.session,
        title="关于东城小学门口交通安全的建议",
        content="建议在东城小学门口增设信号灯。",
    )
    other = services.suggestion_submit(user=world.wang, suggestion=other)
    other = services.suggestion_merge(user=world.staff, suggestion=other, into=target.pk)
    assert other.status == "merged" and other.merged_into_id == target.pk
    assert_in_step(other)
    services.suggestion_assign(user=world.staff, suggestion=target, lead_unit=world.traffic.pk)
    steps.reply(world, target, world.traffic, world.traffic_handler, world.traffic_head)
    services.suggestion_approve_reply(user=world.staff, suggestion=target)
    assert notified(world.wang, "replied")


def test_withdrawn_suggestion_ends_its_process(world):
    s = steps.submitted(world)
    s = services.suggestion_withdraw(user=world.zhang, suggestion=s, reason="已解决。")
    assert s.status == "withdrawn"
    assert_in_step(s)
    with pytest.raises(InvalidState):
        services.suggestion_accept(user=world.staff, suggestion=s)


def test_numbers_are_sequential_per_session(world):
    first = steps.submitted(world, cosign=False)
    second = steps.submitted(world, cosign=False, title="关于第二件事的建议")
    assert (first.number, second.number) == (1, 2)
    assert second.display_number == "第0002号"


def test_key_supervision_tells_leader_units_and_deputy(world):
    s = steps.assigned(world)
    services.suggestion_set_key_supervision(
        user=world.staff, suggestion=s, leader=world.leader.pk, responsible_committee="城建环保工委"
    )
    assert s.key_supervision.leader == world.leader
    for user in (world.leader, world.traffic_handler, world.zhang):
        assert notified(user, "key_supervision")


def test_every_service_call_appends_exactly_one_event(world):
    s = steps.draft(world)
    assert Event.objects.filter(suggestion=s).count() == 1
    services.cosign_confirm(user=world.li, suggestion=s)
    services.suggestion_submit(user=world.zhang, suggestion=s)
    services.suggestion_accept(user=world.staff, suggestion=s)
    assert list(Event.objects.filter(suggestion=s).values_list("verb", flat=True)) == [
        "created",
        "cosign_confirmed",
        "submitted",
        "accepted",
    ]
