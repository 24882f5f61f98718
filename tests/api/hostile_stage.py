"""Objects in the state each write operation of /api/v1/ needs, and for every operation the
persona allowed to call it, the object it acts on and a body it accepts (the tests of
test_hostile_writes spoil that body one field at a time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from notifications.models import Notification

from disclosure import awards
from disclosure import services as disclosure
from followup import services as followup
from followup.models import Activity, Milestone
from office import two_tier
from suggestions import services
from suggestions.models import Deputy, Rating, Role, Session, Unit, User
from tests import steps
from tests.followup.helpers import closed_b_reply
from tests.office.conftest import paper_suggestion


def build(world) -> dict[str, Any]:
    """Every object the scenarios act on, by name."""
    today = timezone.localdate()
    o: dict[str, Any] = {"world": world}
    o["sysadmin"] = User.objects.create_user(username="sys", password="x", role=Role.SYSADMIN)
    o["draft"] = steps.draft(world, title="草稿", cosign=False)
    o["cosign_draft"] = steps.draft(world, title="待附议")
    o["submitted"] = steps.submitted(world, title="已提交", cosign=False)
    o["other_submitted"] = steps.submitted(world, title="可并入", cosign=False)
    o["accepted"] = steps.accepted(world, title="已受理", cosign=False)
    assigned = steps.assigned(world, title="已交办", cosign=False)
    o["lead"] = steps.assignment_of(assigned, world.traffic)
    o["co"] = steps.assignment_of(assigned, world.edu)
    signed = steps.assigned(world, title="已签收", cosign=False)
    o["signed"] = steps.assignment_of(signed, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=o["signed"])
    drafted = steps.assigned(world, title="已拟答复", cosign=False)
    o["drafted"] = steps.assignment_of(drafted, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=o["drafted"])
    services.assignment_draft_reply(
        user=world.traffic_handler, assignment=o["drafted"], result_class="A", text="答复"
    )
    split = steps.assigned(world, split=True, title="分办", cosign=False)
    o["reassigning"] = steps.assignment_of(split, world.edu)
    services.assignment_request_reassignment(
        user=world.edu_handler, assignment=o["reassigning"], reason="不属于本单位"
    )
    extending = steps.assigned(world, title="申请延期", cosign=False)
    o["extending"] = steps.assignment_of(extending, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=o["extending"])
    services.assignment_request_extension(
        user=world.traffic_handler,
        assignment=o["extending"],
        reason="需协调",
        due_date=o["extending"].due_date + dt.timedelta(days=20),
    )
    o["handled"] = steps.handled(world, title="待审核", cosign=False)
    o["replied"] = steps.replied(world, title="已答复", cosign=False)
    o["rated"] = steps.rated(world, title="已评价", cosign=False)
    o["rating"] = Rating.objects.filter(suggestion=o["rated"]).first()
    o["closed"], reply = closed_b_reply(world, title="承诺件", days=(30,))
    o["promise"] = reply.promises.get()
    # A promise kept (three confirmations): its reply may be upgraded, its suggestion rated.
    o["kept"], kept = closed_b_reply(world, title="已兑现", days=(30,))
    o["kept_promise"] = kept.promises.get()
    for party in (world.zhang, world.traffic_handler, world.staff):
        followup.promise_confirm(user=party, promise=o["kept_promise"])
    # Registered from paper for a deputy without an account, replied: staff record the rating.
    o["paper_deputy"] = Deputy.objects.create(name="赵六", group=world.street)
    o["paper"] = paper_suggestion(world, lead=o["paper_deputy"])
    _two_tier(world, o)
    # Key supervision: one item proposed, one running with a milestone and an activity.
    topic = [steps.assigned(world, title=f"督办{i}", cosign=False) for i in range(3)]
    o["proposed"], o["item"] = (
        followup.key_item_propose(
            user=world.staff,
            session=world.session,
            title=title,
            suggestions=[suggestion.pk],
            leader=world.leader.pk,
            responsible_committee="工委",
            lead_unit=world.traffic.pk,
        )
        for title, suggestion in (("待决定", topic[0]), ("督办中", topic[1]))
    )
    o["topic"] = topic[2]
    followup.key_item_decide(user=world.staff, item=o["item"], selected=True, meeting_ref="会议")
    followup.key_item_set_plan(
        user=world.leader,
        item=o["item"],
        plan="计划",
        milestones=[{"title": "一", "due_date": today}],
    )
    o["milestone"] = Milestone.objects.get(item=o["item"])
    followup.activity_schedule(
        user=world.staff, item=o["item"], kind="meeting", date=today, deputies=[world.zhang.pk]
    )
    o["activity"] = Activity.objects.get(item=o["item"])
    o["draft_survey"] = followup.survey_create(user=world.staff, session=world.session, title="草")
    o["survey"] = followup.survey_create(user=world.staff, session=world.session, title="调查")
    followup.survey_open(user=world.staff, survey=o["survey"])
    # Disclosure: a published suggestion and an open award selection with a nomination.
    o["published"] = steps.replied(world, title="已公开", cosign=False)
    publication = disclosure.publication_prepare(user=world.staff, suggestion=o["published"])
    disclosure.publication_publish(user=world.staff, publication=publication)
    o["prepared"] = steps.replied(world, title="待公开", cosign=False)
    disclosure.publication_prepare(user=world.staff, suggestion=o["prepared"])
    o["later_session"] = Session.objects.create(
        name="第六次会议",
        year=2027,
        start_date=dt.date(2027, 1, 10),
        end_date=dt.date(2027, 12, 31),
    )
    awards.award_open(user=world.staff, session=world.session)
    o["nomination"] = awards.award_nominate(
        user=world.staff, selection=awards.selection_of(world.session), suggestion=o["closed"]
    )
    awards.award_score(user=world.staff, nomination=o["nomination"], score=80)
    o["notification"] = Notification.objects.filter(recipient=world.zhang).first()
    return o


def _two_tier(world, o: dict) -> None:
    """The government office dispatches to the environment bureau: one assignment signed (to
    forward), one forwarded and answered by the bureau (to return or accept)."""
    gov = Unit.objects.create(code="GOV", name="区政府办公室", is_dispatcher=True)
    Unit.objects.filter(pk=world.env.pk).update(parent=gov)
    o["gov"] = gov
    o["gov_handler"] = User.objects.create_user(
        username="gov1", role=Role.UNIT_HANDLER, full_name="督查室联络员", unit=gov
    )
    parents = []
    for title in ("待转办", "已转办"):
        s = steps.accepted(world, title=title, cosign=False)
        services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=gov.pk)
        parent = steps.assignment_of(s, gov)
        services.assignment_sign(user=o["gov_handler"], assignment=parent)
        parents.append(parent)
    o["dispatching"], o["dispatched"] = parents
    (o["department"],) = two_tier.assignment_forward(
        user=o["gov_handler"], assignment=o["dispatched"], departments=[world.env]
    )
    services.assignment_sign(user=world.env_handler, assignment=o["department"])
    services.assignment_draft_reply(
        user=world.env_handler, assignment=o["department"], result_class="A", text="已办"
    )
    services.assignment_sign_off(user=world.env_head, assignment=o["department"])


@dataclass(frozen=True)
class Scenario:
    persona: str  # an attribute of the world, "sysadmin" or "anonymous"
    target: str | None = None  # the object in the path ({id}), by name in `build`
    body: Any = None  # a callable (objects → a body the operation accepts), or a body
    kind: str | None = None  # the {kind} of the office import paths


def _today() -> str:
    return timezone.localdate().isoformat()


def _later(days: int = 100) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


S = "/api/v1/suggestions/{id}/"
A = "/api/v1/assignments/{id}/actions/"
K = "/api/v1/key_items/{id}/actions/"

SCENARIOS: dict[str, Scenario] = {
    # Suggestions and their actions.
    "POST /api/v1/suggestions/": Scenario(
        "zhang",
        body=lambda o: {"session": o["world"].session.pk, "title": "标题", "content": "内容"},
    ),
    f"PUT {S}": Scenario(
        "zhang",
        "draft",
        lambda o: {"session": o["world"].session.pk, "title": "新标题", "content": "新内容"},
    ),
    f"POST {S}actions/submit/": Scenario("zhang", "draft"),
    f"POST {S}actions/withdraw/": Scenario("zhang", "draft", {"reason": "重复"}),
    f"POST {S}actions/confirm_cosign/": Scenario("li", "cosign_draft"),
    f"POST {S}actions/decline_cosign/": Scenario("li", "cosign_draft"),
    f"POST {S}actions/accept/": Scenario(
        "staff", "submitted", lambda o: {"category": o["world"].category.pk}
    ),
    f"POST {S}actions/not_accept/": Scenario("staff", "submitted", {"reason": "个人事务"}),
    f"POST {S}actions/merge/": Scenario(
        "staff", "submitted", lambda o: {"into": o["other_submitted"].pk}
    ),
    f"POST {S}actions/assign/": Scenario(
        "staff", "accepted", lambda o: {"lead_unit": o["world"].edu.pk, "co_units": []}
    ),
    f"POST {S}actions/approve_reply/": Scenario("staff", "handled"),
    f"POST {S}actions/return_reply/": Scenario("staff", "handled", {"reason": "答复笼统"}),
    f"POST {S}actions/rate/": Scenario(
        "zhang", "replied", {"process": "satisfied", "result": "satisfied", "met": True}
    ),
    f"POST {S}actions/set_key_supervision/": Scenario(
        "staff", "replied", lambda o: {"leader": o["world"].leader.pk}
    ),
    f"POST {S}actions/close/": Scenario("staff", "rated"),
    f"POST {S}implementation_rating/": Scenario("zhang", "kept", {"grade": "satisfied"}),
    f"POST {S}paper_rating/": Scenario(
        "staff",
        "paper",
        lambda o: {
            "deputy": o["paper_deputy"].pk,
            "process": "satisfied",
            "result": "satisfied",
            "met": True,
        },
    ),
    # Assignments.
    f"POST {A}sign/": Scenario("traffic_handler", "lead"),
    f"POST {A}request_reassignment/": Scenario("traffic_handler", "lead", {"reason": "不属于"}),
    f"POST {A}submit_opinion/": Scenario("edu_handler", "co", {"text": "协办意见"}),
    f"POST {A}record_contact/": Scenario(
        "traffic_handler", "signed", lambda o: {"kind": "phone", "date": _today()}
    ),
    f"POST {A}draft_reply/": Scenario(
        "traffic_handler", "signed", {"result_class": "A", "text": "已解决"}
    ),
    f"POST {A}request_extension/": Scenario(
        "traffic_handler", "signed", lambda o: {"reason": "需协调", "due_date": _later()}
    ),
    f"POST {A}forward/": Scenario(
        "gov_handler", "dispatching", lambda o: {"departments": [o["world"].env.pk]}
    ),
    f"POST {A}return_forwarded/": Scenario("gov_handler", "department", {"reason": "重写"}),
    f"POST {A}accept_forwarded/": Scenario("gov_handler", "dispatched", {"result_class": "A"}),
    f"POST {A}sign_off/": Scenario("traffic_head", "drafted"),
    f"POST {A}approve_reassignment/": Scenario(
        "staff", "reassigning", lambda o: {"unit": o["world"].other.pk}
    ),
    f"POST {A}reject_reassignment/": Scenario("staff", "reassigning", {"reason": "属于"}),
    f"POST {A}approve_extension/": Scenario("staff", "extending", {}),
    f"POST {A}reject_extension/": Scenario("staff", "extending", {"reason": "不同意"}),
    "POST /api/v1/assignments/{id}/attachments/": Scenario("traffic_handler", "signed", {}),
    # Promises and ratings.
    "POST /api/v1/promises/{id}/actions/progress/": Scenario(
        "traffic_handler", "promise", {"text": "进展"}
    ),
    "POST /api/v1/promises/{id}/actions/confirm/": Scenario("zhang", "promise", {"note": "好"}),
    "POST /api/v1/promises/{id}/actions/not_fulfilled/": Scenario(
        "traffic_handler", "promise", {"explanation": "资金不足"}
    ),
    "POST /api/v1/promises/{id}/actions/upgrade_class/": Scenario(
        "staff", "kept_promise", {"result_class": "A"}
    ),
    "POST /api/v1/promises/{id}/updates/": Scenario("traffic_handler", "promise", {"text": "进展"}),
    "POST /api/v1/ratings/{id}/actions/change/": Scenario(
        "zhang", "rating", {"process": "satisfied", "result": "satisfied", "met": True}
    ),
    # Key supervision.
    "POST /api/v1/key_items/": Scenario(
        "staff",
        body=lambda o: {
            "session": o["world"].session.pk,
            "title": "新专题",
            "suggestions": [o["topic"].pk],
            "leader": o["world"].leader.pk,
            "responsible_committee": "工委",
            "lead_unit": o["world"].traffic.pk,
        },
    ),
    f"POST {K}decide/": Scenario("staff", "proposed", {"selected": True, "meeting_ref": "会议"}),
    f"POST {K}plan/": Scenario(
        "leader",
        "item",
        lambda o: {"plan": "计划", "milestones": [{"title": "二", "due_date": _later()}]},
    ),
    f"POST {K}activity/": Scenario(
        "staff", "item", lambda o: {"kind": "meeting", "date": _today(), "deputies": []}
    ),
    f"POST {K}hold/": Scenario(
        "staff", "item", lambda o: {"activity": o["activity"].pk, "findings": "发现"}
    ),
    f"POST {K}milestone/": Scenario(
        "leader", "item", lambda o: {"milestone": o["milestone"].pk, "done_on": _today()}
    ),
    f"POST {K}midterm/": Scenario("staff", "item", {"note": "中期"}),
    f"POST {K}conclude/": Scenario(
        "staff", "item", {"conclusion": "结论", "committee_opinion": "意见"}
    ),
    "POST /api/v1/key_activities/{id}/actions/answer/": Scenario(
        "zhang", "activity", {"accept": True}
    ),
    # Surveys.
    "POST /api/v1/surveys/": Scenario(
        "staff", body=lambda o: {"session": o["world"].session.pk, "title": "新调查"}
    ),
    "POST /api/v1/surveys/{id}/actions/open/": Scenario("staff", "draft_survey"),
    "POST /api/v1/surveys/{id}/actions/close/": Scenario("staff", "survey"),
    "POST /api/v1/surveys/{id}/actions/answer/": Scenario(
        "zhang",
        "survey",
        lambda o: {
            "answers": [{"unit": o["world"].traffic.pk, "satisfaction": "satisfied", "met": True}]
        },
    ),
    # Disclosure.
    "POST /api/v1/publications/{id}/actions/prepare/": Scenario("staff", "replied"),
    "POST /api/v1/publications/{id}/actions/update/": Scenario(
        "staff", "published", {"title": "标题", "content": "内容", "reply_text": "答复"}
    ),
    "POST /api/v1/publications/{id}/actions/publish/": Scenario("staff", "prepared"),
    "POST /api/v1/publications/{id}/actions/withdraw/": Scenario(
        "staff", "published", {"reason": "撤回"}
    ),
    "POST /api/v1/awards/{id}/actions/open/": Scenario("staff", "later_session", {}),
    "POST /api/v1/awards/{id}/actions/nominate/": Scenario(
        "staff", "session", lambda o: {"suggestion": o["rated"].pk}
    ),
    "POST /api/v1/awards/{id}/actions/publish/": Scenario("staff", "session"),
    "POST /api/v1/awards/nominations/{id}/actions/score/": Scenario(
        "staff", "nomination", {"score": 90}
    ),
    # The directory and accounts.
    "POST /api/v1/sessions/": Scenario(
        "staff",
        body={"name": "新会议", "year": 2027, "start_date": "2027-01-10", "end_date": "2027-12-31"},
    ),
    "PUT /api/v1/sessions/{id}/": Scenario(
        "staff",
        "session",
        {
            "name": "会议",
            "year": 2026,
            "start_date": "2026-01-10",
            "end_date": "2026-12-31",
            "deadlines": {"reply": {"amount": 2, "unit": "months"}},
        },
    ),
    "PATCH /api/v1/sessions/{id}/": Scenario("staff", "session", {"name": "会议"}),
    "POST /api/v1/categories/": Scenario("staff", body={"name": "新类别", "order": 3}),
    "PUT /api/v1/categories/{id}/": Scenario("staff", "category", {"name": "类别", "order": 1}),
    "PATCH /api/v1/categories/{id}/": Scenario("staff", "category", {"order": 2}),
    "POST /api/v1/groups/": Scenario("staff", body={"name": "新代表组"}),
    "PUT /api/v1/groups/{id}/": Scenario("staff", "street", {"name": "代表组"}),
    "PATCH /api/v1/groups/{id}/": Scenario("staff", "street", {"name": "代表组"}),
    "POST /api/v1/units/": Scenario("staff", body={"code": "NEW", "name": "新单位"}),
    "PUT /api/v1/units/{id}/": Scenario("staff", "edu", {"code": "EDU", "name": "教育局"}),
    "PATCH /api/v1/units/{id}/": Scenario("staff", "edu", {"name": "教育局"}),
    "POST /api/v1/deputies/": Scenario("staff", body={"name": "新代表"}),
    "PUT /api/v1/deputies/{id}/": Scenario("staff", "deputy", {"name": "代表"}),
    "PATCH /api/v1/deputies/{id}/": Scenario("staff", "deputy", {"name": "代表"}),
    "POST /api/v1/users/": Scenario(
        "sysadmin", body={"username": "newbie", "password": "Long-pass-2026!", "role": "staff"}
    ),
    "PUT /api/v1/users/{id}/": Scenario(
        "sysadmin", "staff", {"username": "chenjing", "role": "staff"}
    ),
    "PATCH /api/v1/users/{id}/": Scenario("sysadmin", "staff", {"full_name": "陈静"}),
    "PUT /api/v1/me/preferences/": Scenario(
        "zhang", body={"email": True, "sms": False, "phone": "", "language": "zh-hans"}
    ),
    "POST /api/v1/notifications/{id}/read/": Scenario("zhang", "notification"),
    "POST /api/v1/notifications/read_all/": Scenario("zhang"),
    "POST /api/v1/auth/token/": Scenario(
        "anonymous", body={"username": "zhangwei", "password": "Demo-pass-2026"}
    ),
    "POST /api/v1/auth/password/": Scenario(
        "anonymous",
        body={
            "username": "zhangwei",
            "old_password": "Demo-pass-2026",
            "new_password": "Another-pass-2026!",
        },
    ),
    "POST /api/v1/office/imports/{kind}/preview/": Scenario("staff", body={}, kind="directory"),
    "POST /api/v1/office/imports/{kind}/commit/": Scenario(
        "staff", body={"token": "no-such-token"}, kind="directory"
    ),
}


def target_pk(objects: dict, name: str) -> int:
    world = objects["world"]
    if name == "deputy":
        return world.zhang.deputy_id
    found = objects.get(name) or getattr(world, name)
    return found.pk


def user_for(objects: dict, persona: str):
    if persona == "anonymous":
        return None
    if persona in ("sysadmin", "gov_handler"):
        return objects[persona]
    return getattr(objects["world"], persona)


def body_for(objects: dict, scenario: Scenario):
    body = scenario.body(objects) if callable(scenario.body) else scenario.body
    return dict(body) if isinstance(body, dict) else {}
