"""The follow-through pages: who may see and do what through the web, with constant query
counts. Services are driven as the real actors; pages are requested as each persona."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import PromiseConfirmation
from suggestions import services as core
from suggestions.models import Rating
from tests import steps
from tests.followup.helpers import closed_b_reply, png

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def closed(world):
    with time_machine.travel(START, tick=False):
        suggestion, reply = closed_b_reply(world, days=(30, 60))
    return suggestion, reply, *reply.promises.order_by("due_date")


def test_pages_require_login(db, client, settings):
    settings.LOGIN_URL = "/admin/login/"
    for name in (
        "followup:promises",
        "followup:surveys",
        "followup:key_list",
        "followup:staff_satisfaction",
        "followup:key_mine",
        "followup:invitations",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_promise_follow_through_on_the_web(world, closed):
    suggestion, _reply, first, _second = closed
    url = reverse("followup:promise", args=[first.pk])
    unit = client_for(world.traffic_handler)
    response = unit.post(
        reverse("followup:promise_progress", args=[first.pk]),
        {"text": "已完成安装", "files": [png()]},
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client_for(world.zhang).get(url)
    assert "已完成安装" in page.content.decode() and "现场照片.png" in page.content.decode()
    evidence = first.updates.get().evidence.get()
    download = client_for(world.zhang).get(reverse("followup:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        b"\x89PNG"
    )
    assert (
        client_for(world.other_handler)
        .get(reverse("followup:evidence", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert client_for(world.other_handler).get(url).status_code == 404
    # An empty explanation is refused with a message, nothing saved.
    refused = unit.post(
        reverse("followup:promise_not_fulfilled", args=[first.pk]), {"explanation": ""}
    )
    assert refused.status_code == 400
    assert refused.context["forms"]["not_fulfilled"].errors["explanation"]
    assert type(first).objects.get(pk=first.pk).state == "open"
    for user in (world.zhang, world.traffic_head, world.staff):
        assert (
            client_for(user).post(reverse("followup:promise_confirm", args=[first.pk])).status_code
            == 302
        )
    assert PromiseConfirmation.objects.filter(promise=first).count() == 3
    upgraded = client_for(world.staff).post(
        reverse("followup:promise_upgrade", args=[first.pk]), {"result_class": "A"}
    )
    assert upgraded.status_code == 302
    shown = client_for(world.staff).get(url).context["reply"]
    assert (shown.result_class, shown.original_class) == ("A", "B")


def test_promise_list_has_constant_queries(world, closed, django_assert_max_num_queries):
    unit = client_for(world.traffic_handler)
    unit.get(reverse("followup:promises"))  # a session's first request does one-off checks
    with django_assert_max_num_queries(8):
        response = unit.get(reverse("followup:promises"))
    assert response.status_code == 200 and len(response.context["promises"]) == 2
    assert (
        client_for(world.other_handler)
        .get(reverse("followup:promises"))
        .context["promises"]
        .__len__()
        == 0
    )


def test_unit_user_cannot_rate_or_change_a_rating_on_the_web(world):
    s = steps.handled(world)
    core.assignment_record_contact(
        user=world.traffic_handler,
        assignment=steps.assignment_of(s, world.traffic),
        kind="meeting",
        date=timezone.localdate(),
    )
    core.suggestion_approve_reply(user=world.staff, suggestion=s)
    rating = core.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=False
    )
    url = reverse("followup:rating_change", args=[rating.pk])
    data = {"process": "satisfied", "result": "satisfied", "met": "1"}
    for unit_user in (world.traffic_handler, world.traffic_head):
        assert client_for(unit_user).get(url).status_code == 403
        assert client_for(unit_user).post(url, data).status_code == 403
    assert client_for(world.other_handler).post(url, data).status_code == 404
    assert Rating.objects.get(pk=rating.pk).met is False  # the meeting stays denied
    assert client_for(world.zhang).post(url, data).status_code == 302
    assert Rating.objects.get(pk=rating.pk).met is True


def test_unit_user_cannot_rate_implementation_on_the_web(world, closed):
    suggestion, _reply, first, second = closed
    for promise in (first, second):
        services.promise_end_unfulfilled(
            user=world.staff, promise=promise, explanation="资金未到位"
        )
    url = reverse("followup:implementation", args=[suggestion.pk])
    assert client_for(world.traffic_handler).post(url, {"grade": "satisfied"}).status_code == 403
    assert not suggestion.implementation_ratings.exists()
    page = client_for(world.zhang).get(url)
    assert 'name="grade"' in page.content.decode()
    assert client_for(world.zhang).post(url, {"grade": "satisfied"}).status_code == 302
    assert suggestion.implementation_ratings.get().grade == "satisfied"


def test_unit_user_cannot_read_individual_survey_answers(world, settings):
    settings.SURVEY_MIN_GROUP = 1
    s = steps.rated(world, cosign=False)
    survey = services.survey_create(user=world.staff, session=world.session, title="年度调查")
    services.survey_open(user=world.staff, survey=survey)
    answer_url = reverse("followup:survey_answer", args=[survey.pk])
    assert client_for(world.traffic_handler).post(answer_url, {}).status_code == 403
    posted = client_for(world.zhang).post(
        answer_url,
        {
            f"satisfaction_{world.traffic.pk}": "dissatisfied",
            f"met_{world.traffic.pk}": "0",
            f"comment_{world.traffic.pk}": "私下意见：从未见面",
        },
    )
    assert posted.status_code == 302 and s.pk
    answers_url = reverse("followup:survey_answers", args=[survey.pk])
    assert client_for(world.traffic_head).get(answers_url).status_code == 403
    staff_view = client_for(world.staff).get(answers_url).content.decode()
    assert "私下意见" in staff_view and "张伟" in staff_view
    results = client_for(world.traffic_head).get(
        reverse("followup:survey_results", args=[survey.pk])
    )
    text = results.content.decode()
    assert results.status_code == 200 and "私下意见" not in text and "张伟" not in text
    settings.SURVEY_MIN_GROUP = 3
    text = (
        client_for(world.traffic_head)
        .get(reverse("followup:survey_results", args=[survey.pk]))
        .content.decode()
    )
    assert results.context["rows"][0]["answers"] == 1
    assert "<td>1</td>" not in text  # too small a group: no figures at all


def test_key_supervision_pages(world, django_assert_max_num_queries, client):
    suggestions = [
        steps.assigned(world, title=f"关于校园周边治理的建议{i}", cosign=False) for i in range(3)
    ]
    staff = client_for(world.staff)
    response = staff.post(
        reverse("followup:key_list"),
        {
            "title": "校园周边综合治理",
            "suggestions": [s.pk for s in suggestions],
            "leader": world.leader.pk,
            "responsible_committee": "城建环保工委",
            "lead_unit": world.traffic.pk,
        },
    )
    assert response.status_code == 302
    item = world.leader.key_items.get()
    base = reverse("followup:key_item", args=[item.pk])
    leader = client_for(world.leader)
    assert (
        leader.post(base + "decide/", {"selected": "1", "meeting_ref": "第3次主任会议"}).status_code
        == 302
    )
    assert (
        leader.post(
            base + "activity/",
            {"kind": "meeting", "date": "2026-12-01", "deputies": [world.zhang.pk]},
        ).status_code
        == 302
    )
    deputy = client_for(world.zhang)
    invitations = deputy.get(reverse("followup:invitations"))
    activity = invitations.context["invitations"][0].activity
    assert (
        deputy.post(
            reverse("followup:invitations"), {"activity": activity.pk, "accept": "1"}
        ).status_code
        == 302
    )
    assert (
        client_for(world.traffic_handler)
        .post(reverse("followup:invitations"), {"activity": activity.pk, "accept": "0"})
        .status_code
        == 403
    )
    bad = leader.post(base + "hold/", {"activity": activity.pk, "findings": ""})
    assert bad.status_code == 400
    assert (
        leader.post(
            base + "hold/",
            {"activity": activity.pk, "findings": "已督办", "attended": [world.zhang.pk]},
        ).status_code
        == 302
    )
    assert (
        client_for(world.traffic_handler)
        .post(base + "conclude/", {"conclusion": "x", "committee_opinion": "y"})
        .status_code
        == 403
    )
    with CaptureQueriesContext(connection) as one_item:
        mine = leader.get(reverse("followup:key_mine"))
    assert "校园周边综合治理" in mine.content.decode()
    second = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title="公交线路优化",
        suggestions=[steps.assigned(world, title="关于公交线路的建议", cosign=False).pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )
    services.key_item_decide(user=world.staff, item=second, selected=True, meeting_ref="第4次")
    with CaptureQueriesContext(connection) as two_items:
        mine = leader.get(reverse("followup:key_mine"))
    assert "公交线路优化" in mine.content.decode()
    assert len(two_items) == len(one_item) <= 12  # no query per item
    assert client_for(world.staff).get(reverse("followup:key_mine")).status_code == 403
    with django_assert_max_num_queries(8):
        public = client.get(reverse("followup:key_public"))
    text = public.content.decode()
    assert "校园周边综合治理" in text and "城建环保工委" in text
    assert "张伟" not in text and "刘主任" not in text  # no personal data
    unit_list = client_for(world.traffic_handler).get(reverse("followup:key_list"))
    assert [i.title for i in unit_list.context["page"]] == ["校园周边综合治理", "公交线路优化"]


def test_the_staff_key_list_costs_the_same_queries_whatever_the_number_of_candidates(world):
    staff = client_for(world.staff)

    def count() -> tuple[int, int]:
        staff.get(reverse("followup:key_list"))  # a session's first request does one-off checks
        with CaptureQueriesContext(connection) as ctx:
            response = staff.get(reverse("followup:key_list"))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(
            response.context["form"].fields["suggestions"].choices
        )

    steps.assigned(world, title="关于公交线路的建议", cosign=False)
    few, choices = count()
    assert choices == 1
    for i in range(3):
        steps.assigned(world, title=f"关于校园周边治理的建议{i}", cosign=False)
    many, choices = count()
    assert choices == 4 and many == few


def test_staff_satisfaction_page(world, django_assert_max_num_queries):
    steps.rated(world, result="dissatisfied")
    staff = client_for(world.staff)
    staff.get(reverse("followup:staff_satisfaction"))  # one-off checks of a session's first request
    with django_assert_max_num_queries(16):
        response = staff.get(reverse("followup:staff_satisfaction"))
    assert response.status_code == 200
    assert response.context["first"]["result_dissatisfied"] == 1
    assert (
        client_for(world.traffic_head).get(reverse("followup:staff_satisfaction")).status_code
        == 403
    )


def test_staff_satisfaction_audit_reads_ratings_and_changes_in_words(world):
    suggestion = steps.replied(world)
    rating = core.suggestion_rate(
        user=world.zhang, suggestion=suggestion, process="satisfied", result="satisfied", met=True
    )
    services.rating_change(
        user=world.zhang, rating=rating, process="satisfied", result="basically_satisfied", met=True
    )
    page = client_for(world.staff).get(reverse("followup:staff_satisfaction")).content.decode()
    rows = [row.split("</tr>")[0] for row in page.split('data-testid="rating-audit-row"')[1:]]
    assert len(rows) == 2  # the change, then the rating
    assert "张伟 修改了评价" in rows[0] and "结果 满意 → 基本满意" in rows[0]
    assert "过程" not in rows[0]  # only what changed
    assert "张伟 评价了答复" in rows[1] and "过程 满意 · 结果 满意 · 已当面沟通" in rows[1]
    for raw in ("rating_changed", "basically_satisfied", "'process'", "rated<"):
        assert raw not in page


def test_the_key_list_is_for_staff_leaders_and_units_and_the_led_items_page_for_leaders(world):
    for user in (world.staff, world.leader, world.traffic_handler, world.traffic_head):
        assert client_for(user).get(reverse("followup:key_list")).status_code == 200
    assert client_for(world.zhang).get(reverse("followup:key_list")).status_code == 403
    assert client_for(world.leader).get(reverse("followup:key_mine")).status_code == 200
    for user in (world.staff, world.traffic_handler, world.zhang):
        assert client_for(user).get(reverse("followup:key_mine")).status_code == 403
