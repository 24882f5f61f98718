"""Walk every path of the process and check after every single step that the FSM status and the
viewflow work queue agree, for every suggestion in the database."""

import pytest
from django.utils import timezone

from suggestions import services as sv
from suggestions.models import Suggestion
from tests import steps
from tests.flowcheck import assert_in_step

pytestmark = pytest.mark.django_db


def lead(s):
    return steps.assignment_of(s, s.assignments.exclude(status="relieved").get(role="lead").unit)


def common_start(w):
    return [
        lambda s: sv.cosign_confirm(user=w.li, suggestion=s),
        lambda s: sv.suggestion_submit(user=w.zhang, suggestion=s),
        lambda s: sv.suggestion_accept(user=w.staff, suggestion=s),
        lambda s: sv.suggestion_assign(
            user=w.staff, suggestion=s, lead_unit=w.traffic.pk, co_units=[w.edu.pk]
        ),
        lambda s: sv.assignment_sign(user=w.traffic_handler, assignment=lead(s)),
    ]


def reply_round(w, result_class="A"):
    return [
        lambda s: sv.assignment_draft_reply(
            user=w.traffic_handler,
            assignment=lead(s),
            result_class=result_class,
            text="答复正文",
            promises=[{"text": "年底完成", "due_date": "2099-12-31"}]
            if result_class in "BC"
            else [],
        ),
        lambda s: sv.assignment_sign_off(user=w.traffic_head, assignment=lead(s)),
    ]


def rate(w, result):
    return lambda s: sv.suggestion_rate(
        user=w.zhang, suggestion=s, process="satisfied", result=result, met=True
    )


def paths(w):
    approve = lambda s: sv.suggestion_approve_reply(user=w.staff, suggestion=s)  # noqa: E731
    close = lambda s: sv.suggestion_close(user=w.staff, suggestion=s)  # noqa: E731
    return {
        "happy": common_start(w) + reply_round(w) + [approve, rate(w, "satisfied"), close],
        "returned_then_rehandled": common_start(w)
        + reply_round(w, "B")
        + [lambda s: sv.suggestion_return_reply(user=w.staff, suggestion=s, reason="笼统")]
        + reply_round(w, "B")
        + [approve, rate(w, "dissatisfied")]
        + reply_round(w, "A")
        + [lambda s: sv.suggestion_return_reply(user=w.staff, suggestion=s, reason="仍笼统")]
        + reply_round(w, "A")
        + [approve, rate(w, "basically_satisfied"), close],
        "closed_unrated": common_start(w) + reply_round(w) + [approve, close],
        "not_accepted": [
            lambda s: sv.cosign_decline(user=w.li, suggestion=s),
            lambda s: sv.suggestion_submit(user=w.zhang, suggestion=s),
            lambda s: sv.suggestion_not_accept(user=w.staff, suggestion=s, reason="个人诉求"),
        ],
        "withdrawn_draft": [lambda s: sv.suggestion_withdraw(user=w.zhang, suggestion=s)],
        "withdrawn_accepted": common_start(w)[:3]
        + [lambda s: sv.suggestion_withdraw(user=w.staff, suggestion=s)],
        "merged_after_accept": common_start(w)[:3]
        + [lambda s: sv.suggestion_merge(user=w.staff, suggestion=s, into=other_target(w))],
        "reassigned_lead": common_start(w)[:4]
        + [
            lambda s: sv.request_approve(
                user=w.staff,
                request=sv.assignment_request_reassignment(
                    user=w.traffic_handler, assignment=lead(s), reason="非本单位职责"
                ),
                unit=w.env.pk,
            ),
            lambda s: sv.assignment_sign(user=w.env_handler, assignment=lead(s)),
            lambda s: sv.assignment_record_contact(
                user=w.env_handler, assignment=lead(s), kind="visit", date=timezone.localdate()
            ),
            lambda s: sv.assignment_draft_reply(
                user=w.env_handler, assignment=lead(s), result_class="D", text="留作参考"
            ),
            lambda s: sv.assignment_sign_off(user=w.env_head, assignment=lead(s)),
            approve,
            rate(w, "satisfied"),
            close,
        ],
    }


def other_target(w):
    target = Suggestion.objects.filter(title="并案目标").first()
    return target or steps.accepted(w, title="并案目标", cosign=False)


@pytest.mark.parametrize(
    "path",
    [
        "happy",
        "returned_then_rehandled",
        "closed_unrated",
        "not_accepted",
        "withdrawn_draft",
        "withdrawn_accepted",
        "merged_after_accept",
        "reassigned_lead",
    ],
)
def test_status_and_tasks_never_disagree(world, path):
    s = steps.draft(world)
    assert_in_step(s)
    for step in paths(world)[path]:
        step(steps.refreshed(s))
        for each in Suggestion.objects.all():
            assert_in_step(each)
    assert (
        steps.refreshed(s).status
        in {
            "happy": "closed",
            "returned_then_rehandled": "closed",
            "closed_unrated": "closed",
            "not_accepted": "not_accepted",
            "withdrawn_draft": "withdrawn",
            "withdrawn_accepted": "withdrawn",
            "merged_after_accept": "merged",
            "reassigned_lead": "closed",
        }[path]
    )
