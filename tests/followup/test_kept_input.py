"""A refused submission on a follow-through page shows the message and the form again with what
the user typed and chose; nothing is saved. The key list's filters stay chosen when paging."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import (
    Activity,
    KeyItem,
    Milestone,
    PromiseConfirmation,
    Survey,
    SurveyResponse,
)
from followup.views import key_supervision as key_views
from suggestions import services as core
from suggestions.models import Event, Rating, Session
from tests import steps
from tests.followup.helpers import closed_b_reply
from tests.pages import checked, input_value, selected, textarea, zh

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _listed_item(world, title="校园周边综合治理", **kwargs):
    suggestion = steps.assigned(world, title=f"{title}的建议", cosign=False)
    item = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title=title,
        suggestions=[suggestion.pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )
    services.key_item_decide(
        user=world.staff, item=item, selected=True, meeting_ref="第3次主任会议"
    )
    return item


# --- satisfaction ----------------------------------------------------------------------------
def test_refused_rating_change_keeps_the_deputys_choices(world):
    s = steps.replied(world, cosign=False)
    rating = core.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    url = reverse("followup:rating_change", args=[rating.pk])
    response = client_for(world.zhang).post(
        url,
        {
            "process": "basically_satisfied",
            "result": "dissatisfied",  # refused: re-handling is opened by staff
            "met": "0",
            "comment": "见面时间太短，没有谈到实质问题",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        zh("A dissatisfied result re-opens handling; please ask committee staff to re-open it.")
        in page
    )
    assert checked(page, "process") == ["basically_satisfied"]
    assert checked(page, "result") == ["dissatisfied"]
    assert checked(page, "met") == ["0"]
    assert textarea(page, "comment") == "见面时间太短，没有谈到实质问题"
    kept = Rating.objects.get(pk=rating.pk)
    assert (kept.process, kept.result, kept.met, kept.comment) == (
        "satisfied",
        "satisfied",
        True,
        "",
    )
    assert not Event.objects.filter(verb="rating_changed").exists()


def test_rating_change_page_starts_from_the_saved_rating(world):
    s = steps.replied(world, cosign=False)
    rating = core.suggestion_rate(
        user=world.zhang,
        suggestion=s,
        process="basically_satisfied",
        result="satisfied",
        met=False,
        comment="已见面",
    )
    page = client_for(world.zhang).get(reverse("followup:rating_change", args=[rating.pk]))
    text = page.content.decode()
    assert checked(text, "process") == ["basically_satisfied"] and checked(text, "met") == ["0"]
    assert textarea(text, "comment") == "已见面"


# --- survey ----------------------------------------------------------------------------------
def test_incomplete_survey_answer_keeps_what_the_deputy_answered(world):
    steps.rated(world, cosign=False)
    survey = services.survey_create(user=world.staff, session=world.session, title="年度调查")
    services.survey_open(user=world.staff, survey=survey)
    unit = world.traffic.pk
    response = client_for(world.zhang).post(
        reverse("followup:survey_answer", args=[survey.pk]),
        {f"satisfaction_{unit}": "basically_satisfied", f"comment_{unit}": "希望多沟通"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Say whether the unit met you face to face.") in page
    assert checked(page, f"satisfaction_{unit}") == ["basically_satisfied"]
    assert checked(page, f"met_{unit}") == []
    assert textarea(page, f"comment_{unit}") == "希望多沟通"
    assert not SurveyResponse.objects.exists()


def test_survey_answer_with_an_unknown_grade_is_refused_and_kept(world):
    steps.rated(world, cosign=False)
    survey = services.survey_create(user=world.staff, session=world.session, title="年度调查")
    services.survey_open(user=world.staff, survey=survey)
    unit = world.traffic.pk
    response = client_for(world.zhang).post(
        reverse("followup:survey_answer", args=[survey.pk]),
        {f"satisfaction_{unit}": "thrilled", f"met_{unit}": "1", f"comment_{unit}": "很好"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert checked(page, f"met_{unit}") == ["1"] and textarea(page, f"comment_{unit}") == "很好"
    assert not SurveyResponse.objects.exists()


def test_refused_survey_keeps_the_chosen_session_and_the_title(world):
    earlier = Session.objects.create(
        name="第十八届人民代表大会第四次会议",
        year=2025,
        start_date=dt.date(2025, 1, 10),
        end_date=dt.date(2025, 12, 31),
    )
    staff, url = client_for(world.staff), reverse("followup:surveys")
    # Unchosen, the form offers the current session (not simply the first one listed).
    assert selected(staff.get(url).content.decode(), "session") == [str(world.session.pk)]
    response = staff.post(url, {"session": earlier.pk, "title": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Please give a title.") in page
    assert selected(page, "session") == [str(earlier.pk)]
    # A session that does not exist: the title typed stays.
    response = staff.post(url, {"session": 99999, "title": "年度满意度调查"})
    page = response.content.decode()
    assert response.status_code == 400
    assert input_value(page, "title") == "年度满意度调查"
    assert zh("Select a valid choice. That choice is not one of the available choices.") in page
    assert not Survey.objects.exists()
    response = staff.post(url, {"session": earlier.pk, "title": "年度满意度调查"})
    assert response.status_code == 302
    assert Survey.objects.get().session == earlier


# --- key supervision: the list ---------------------------------------------------------------
def test_refused_proposal_keeps_the_chosen_suggestions_leader_and_unit(world):
    suggestions = [
        steps.assigned(world, title=f"关于校园周边治理的建议{i}", cosign=False) for i in range(2)
    ]
    response = client_for(world.staff).post(
        reverse("followup:key_list"),
        {
            "title": "校园周边综合治理",
            "suggestions": [s.pk for s in suggestions],
            "leader": world.leader.pk,
            "responsible_committee": "   ",
            "lead_unit": world.env.pk,
            "reason": "群众反映集中",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Name the responsible committee.") in page
    assert input_value(page, "title") == "校园周边综合治理"
    assert sorted(selected(page, "suggestions")) == sorted(str(s.pk) for s in suggestions)
    assert selected(page, "leader") == [str(world.leader.pk)]
    assert selected(page, "lead_unit") == [str(world.env.pk)]
    assert textarea(page, "reason") == "群众反映集中"
    assert not KeyItem.objects.exists()


def test_key_list_filters_stay_chosen_when_filtering_and_paging(world, monkeypatch):
    monkeypatch.setattr(key_views, "PAGE_SIZE", 1)
    _listed_item(world, "公交线路优化")
    for title in ("校园周边综合治理", "老旧小区加装电梯"):
        services.key_item_propose(
            user=world.staff,
            session=world.session,
            title=title,
            suggestions=[steps.assigned(world, title=f"{title}的建议", cosign=False).pk],
            leader=world.leader.pk,
            responsible_committee="城建环保工委",
            lead_unit=world.traffic.pk,
        )
    Session.objects.create(
        name="第十八届人民代表大会第四次会议",
        year=2025,
        start_date=dt.date(2025, 1, 10),
        end_date=dt.date(2025, 12, 31),
    )
    staff = client_for(world.staff)
    query = {"session": world.session.pk, "status": "proposed"}
    first = staff.get(reverse("followup:key_list"), query)
    text = first.content.decode()
    assert selected(text, "session") == [str(world.session.pk)]
    assert selected(text, "status") == ["proposed"]
    assert [i.title for i in first.context["page"]] == ["校园周边综合治理"]
    assert ">公交线路优化</a>" not in text  # listed, not proposed
    next_link = f"?session={world.session.pk}&amp;status=proposed&amp;page=2"
    assert next_link in text
    second = staff.get(reverse("followup:key_list"), {**query, "page": 2})
    text = second.content.decode()
    assert [i.title for i in second.context["page"]] == ["老旧小区加装电梯"]
    assert selected(text, "status") == ["proposed"]
    assert selected(text, "session") == [str(world.session.pk)]
    # Without a session in the address, the current one is shown chosen.
    assert selected(staff.get(reverse("followup:key_list")).content.decode(), "session") == [
        str(world.session.pk)
    ]
    # A status the list does not know keeps the chosen session applied.
    earlier = Session.objects.get(year=2025)
    odd = staff.get(reverse("followup:key_list"), {"session": earlier.pk, "status": "nonsense"})
    assert odd.status_code == 200 and list(odd.context["page"]) == []


def test_proposal_from_a_filtered_list_returns_to_the_same_filters(world):
    s = steps.assigned(world, title="关于校园周边治理的建议", cosign=False)
    response = client_for(world.staff).post(
        reverse("followup:key_list") + f"?session={world.session.pk}&status=proposed&page=3",
        {
            "title": "校园周边综合治理",
            "suggestions": [s.pk],
            "leader": world.leader.pk,
            "responsible_committee": "城建环保工委",
            "lead_unit": world.traffic.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("followup:key_list") + f"?session={world.session.pk}&status=proposed"
    )
    assert KeyItem.objects.get().title == "校园周边综合治理"


def test_unknown_filter_values_are_said_and_never_an_error(world):
    staff = client_for(world.staff)
    response = staff.get(reverse("followup:key_list"), {"session": "abc", "status": "bogus"})
    assert response.status_code == 200
    assert response.context["filters"].errors.keys() == {"session", "status"}


# --- key supervision: one item ---------------------------------------------------------------
def test_refused_plan_keeps_the_plan_and_its_milestones(world):
    item = _listed_item(world)
    url = reverse("followup:key_item_action", args=[item.pk, "plan"])
    data = {
        "plan": "分三步推进：调研、方案、实施",
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "完成现场调研",
        "milestones-0-due_date": "2026-05-01",
        "milestones-1-title": "形成整改方案",
        "milestones-1-due_date": "",  # refused by the service: a milestone needs its date
        "milestones-2-title": "",
        "milestones-2-due_date": "2026-02-30",  # not a date at all
    }
    response = client_for(world.leader).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert textarea(page, "plan") == "分三步推进：调研、方案、实施"
    assert input_value(page, "milestones-0-title") == "完成现场调研"
    assert input_value(page, "milestones-0-due_date") == "2026-05-01"
    assert input_value(page, "milestones-1-title") == "形成整改方案"
    assert input_value(page, "milestones-2-due_date") == "2026-02-30"
    assert zh("Enter a valid date.") in page
    # Once the dates parse, the service's own rule is said on the row it is about, even with
    # an empty row before it (only filled rows are sent).
    data.update(
        {"milestones-0-title": "", "milestones-0-due_date": "", "milestones-2-due_date": ""}
    )
    response = client_for(world.leader).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    rows = response.context["forms"]["plan"].milestone_rows.forms
    assert rows[1].errors["due_date"] == [zh("Enter a valid date (YYYY-MM-DD).")]
    assert not rows[0].errors and not rows[2].errors
    assert input_value(page, "milestones-1-title") == "形成整改方案"
    item.refresh_from_db()
    assert item.plan == "" and not Milestone.objects.exists()
    assert not Event.objects.filter(verb="key_plan_set").exists()


def test_refused_milestone_date_stays_on_that_milestone(world):
    item = _listed_item(world)
    services.key_item_set_plan(
        user=world.staff,
        item=item,
        plan="计划",
        milestones=[
            {"title": "完成现场调研", "due_date": "2026-05-01"},
            {"title": "形成整改方案", "due_date": "2026-06-01"},
        ],
    )
    first, second = item.milestones.order_by("due_date")
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client_for(world.leader).post(
        reverse("followup:key_item_action", args=[item.pk, "milestone"]),
        {"milestone": second.pk, "done_on": future},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("The date cannot be in the future.") in page
    forms = dict(response.context["forms"]["milestones"])
    assert forms[second]["done_on"].value() == future and forms[second].errors["done_on"]
    assert not forms[first].is_bound
    assert f'value="{future}"' in page
    assert not Milestone.objects.filter(done_at__isnull=False).exists()


def test_refused_activity_keeps_kind_place_and_invited_deputies(world):
    item = _listed_item(world)
    response = client_for(world.staff).post(
        reverse("followup:key_item_action", args=[item.pk, "activity"]),
        {"kind": "survey", "date": "", "place": "东城小学", "deputies": [world.li.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Enter a valid date (YYYY-MM-DD).") in page
    assert selected(page, "kind") == ["survey"]
    assert input_value(page, "place") == "东城小学"
    assert selected(page, "deputies") == [str(world.li.pk)]
    assert not Activity.objects.exists()


def test_refused_hold_keeps_who_attended(world):
    item = _listed_item(world)
    activity = services.activity_schedule(
        user=world.staff,
        item=item,
        kind="meeting",
        date=timezone.localdate(),
        deputies=[world.zhang.pk, world.li.pk],
    )
    response = client_for(world.staff).post(
        reverse("followup:key_item_action", args=[item.pk, "hold"]),
        {"activity": activity.pk, "attended": [world.li.pk], "findings": " "},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Please record the findings.") in page
    assert checked(page, "attended") == [str(world.li.pk)]
    activity.refresh_from_db()
    assert activity.status == "scheduled" and not activity.participants.filter(attended=True)


def test_item_actions_answer_outsiders_before_reading_their_input(world):
    item = _listed_item(world)
    url = reverse("followup:key_item_action", args=[item.pk, "milestone"])
    bad = {"milestone": "x", "done_on": "not a date"}
    assert client_for(world.traffic_handler).post(url, bad).status_code == 403
    assert client_for(world.other_handler).post(url, bad).status_code == 404
    services.key_item_conclude(user=world.staff, item=item, conclusion="结", committee_opinion="好")
    assert client_for(world.staff).post(url, bad).status_code == 409


def test_unknown_item_action_is_no_such_page(world):
    item = _listed_item(world)
    url = reverse("followup:key_item_action", args=[item.pk, "bogus"])
    assert client_for(world.staff).post(url, {}).status_code == 404


# --- promises --------------------------------------------------------------------------------
@pytest.fixture
def closed(world):
    with time_machine.travel(START, tick=False):
        suggestion, reply = closed_b_reply(world, days=(30,))
    return suggestion, reply, reply.promises.get()


def test_refused_progress_keeps_the_note(world, closed):
    _s, _reply, promise = closed
    response = client_for(world.traffic_handler).post(
        reverse("followup:promise_progress", args=[promise.pk]),
        {
            "text": "信号灯已完成基础施工",
            "files": [SimpleUploadedFile("说明.exe", b"MZ\x90\x00", "application/octet-stream")],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        zh("The file %(name)s is not an accepted type (photo JPG/PNG, PDF, Word).", name="说明.exe")
        in page
    )
    assert textarea(page, "text") == "信号灯已完成基础施工"
    assert not promise.updates.exists()


def test_refused_confirmation_keeps_the_note(world, closed):
    _s, _reply, promise = closed
    note = "已现场查看" * 401  # 2005 characters: over the limit
    response = client_for(world.zhang).post(
        reverse("followup:promise_confirm", args=[promise.pk]), {"note": note}
    )
    assert response.status_code == 400
    assert zh("At most %(n)s characters.", n=2000) in response.content.decode()
    assert input_value(response.content.decode(), "note") == note
    assert not PromiseConfirmation.objects.exists()


def test_upgrade_to_a_class_not_offered_is_refused_with_the_choices_shown_again(world, closed):
    _s, reply, promise = closed
    for user in (world.zhang, world.traffic_head, world.staff):
        services.promise_confirm(user=user, promise=promise)
    url = reverse("followup:promise_upgrade", args=[promise.pk])
    response = client_for(world.staff).post(url, {"result_class": "C"})  # worse than B
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        zh("Select a valid choice. %(value)s is not one of the available choices.", value="C")
        in page
    )
    assert 'name="result_class"' in page and 'value="A"' in page
    reply.refresh_from_db()
    assert reply.result_class == "B"
    assert not Event.objects.filter(verb="class_upgraded").exists()
    assert client_for(world.staff).post(url, {"result_class": "A"}).status_code == 302
    page = client_for(world.staff).get(reverse("followup:promise", args=[promise.pk]))
    assert page.context["reply"].result_class == "A"


# --- each message beside its field -----------------------------------------------------------
def _between(page: str, message: str, field: str, next_field: str) -> bool:
    """The message is shown once, after the inputs of `field` and before those of `next_field`:
    beside the field it is about, not in a list at the top of the page."""
    at = page.find(message)
    return page.count(message) == 1 and page.rfind(f'name="{field}"') < at < page.find(
        f'name="{next_field}"'
    )


def test_refused_implementation_rating_shows_the_message_by_the_grade_and_keeps_the_comment(
    world, closed
):
    suggestion, _reply, promise = closed
    services.promise_end_unfulfilled(user=world.staff, promise=promise, explanation="资金未到位")
    response = client_for(world.zhang).post(
        reverse("followup:implementation", args=[suggestion.pk]),
        {"grade": "", "comment": "落实情况一般"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    message = zh("Choose satisfied, basically satisfied or dissatisfied.")
    assert _between(page, message, "grade", "comment")
    assert 'data-testid="error-grade"' in page
    assert textarea(page, "comment") == "落实情况一般"
    assert zh("Please correct the errors below.") not in page
    assert not suggestion.implementation_ratings.exists()


def test_refused_activity_says_what_is_wrong_only_beside_the_date(world):
    item = _listed_item(world)
    response = client_for(world.staff).post(
        reverse("followup:key_item_action", args=[item.pk, "activity"]),
        {"kind": "inspection", "date": "", "place": "东城小学门口"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert _between(page, zh("Enter a valid date (YYYY-MM-DD)."), "date", "place")
    # No line at the top first: on a phone it hid that the field to fix is screens below.
    assert zh("Please correct the errors below.") not in page
    assert input_value(page, "place") == "东城小学门口"
    assert not Activity.objects.exists()
