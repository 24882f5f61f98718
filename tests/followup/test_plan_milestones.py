"""Saving a key item's plan again loses no milestone: the page's plan form shows the plan and
the milestones not yet done; a milestone goes only when its box "delete" is ticked (or, in the
service, when its id is in `remove`); one the caller did not send back stays."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import services
from suggestions.errors import InvalidInput
from suggestions.models import Event
from tests.followup.test_kept_input import _listed_item, client_for
from tests.pages import form_data, input_value, textarea, zh

MILESTONES = [
    {"title": "完成现场调研", "due_date": "2026-05-01"},
    {"title": "形成整改方案", "due_date": "2026-06-01"},
    {"title": "完成信号灯安装", "due_date": "2026-09-01"},
]


@pytest.fixture
def planned(world):
    """A listed item with a plan of three milestones, the first one done."""
    item = _listed_item(world)
    services.key_item_set_plan(
        user=world.staff, item=item, plan="分三步推进：调研、方案、实施", milestones=MILESTONES
    )
    first = item.milestones.get(title="完成现场调研")
    services.milestone_mark_done(user=world.leader, milestone=first, done_on=timezone.localdate())
    return item


def _milestones(item) -> list[tuple]:
    return list(item.milestones.order_by("pk").values_list("pk", "title", "due_date", "done_at"))


def _rendered_plan_form(world, item) -> tuple[str, dict]:
    page = client_for(world.leader).get(reverse("followup:key_item", args=[item.pk]))
    url = reverse("followup:key_item_action", args=[item.pk, "plan"])
    return url, form_data(page.content.decode(), url)


def test_plan_form_starts_with_the_plan_and_the_milestones_not_yet_done(world, planned):
    page = client_for(world.leader).get(reverse("followup:key_item", args=[planned.pk]))
    page = page.content.decode()
    second, third = planned.milestones.filter(done_at__isnull=True).order_by("due_date")
    assert textarea(page, "plan") == "分三步推进：调研、方案、实施"
    assert input_value(page, "milestones-INITIAL_FORMS") == "2"
    assert input_value(page, "milestones-0-id") == str(second.pk)
    assert input_value(page, "milestones-0-title") == "形成整改方案"
    assert input_value(page, "milestones-0-due_date") == "2026-06-01"
    assert input_value(page, "milestones-1-id") == str(third.pk)
    assert input_value(page, "milestones-1-title") == "完成信号灯安装"
    # The done milestone is history: not a row of the form; the empty rows add new ones.
    data = form_data(page, reverse("followup:key_item_action", args=[planned.pk, "plan"]))
    titles = [v[0] for k, v in data.items() if k.endswith("-title")]
    assert titles == ["形成整改方案", "完成信号灯安装", "", "", ""]
    assert not data.get("milestones-2-id", [""])[0]
    # Each milestone's row has its box "delete", unticked; the empty rows have none.
    boxes = re.findall(r'<input type="checkbox" name="(milestones-\d+-DELETE)"[^>]*>', page)
    assert boxes == ["milestones-0-DELETE", "milestones-1-DELETE"]
    assert not any(k.endswith("DELETE") for k in data)


def test_posting_the_plan_form_back_as_rendered_loses_nothing(world, planned):
    before = _milestones(planned)
    url, data = _rendered_plan_form(world, planned)
    response = client_for(world.leader).post(url, data)
    assert response.status_code == 302
    assert _milestones(planned) == before
    planned.refresh_from_db()
    assert planned.plan == "分三步推进：调研、方案、实施"
    assert Event.objects.filter(verb="key_plan_set").count() == 2


def test_ticking_delete_on_one_row_removes_only_that_milestone(world, planned):
    before = _milestones(planned)
    url, data = _rendered_plan_form(world, planned)
    assert data["milestones-0-title"] == ["形成整改方案"]
    data["milestones-0-DELETE"] = ["on"]
    response = client_for(world.leader).post(url, data)
    assert response.status_code == 302
    assert _milestones(planned) == [m for m in before if m[1] != "形成整改方案"]


def test_editing_a_row_edits_that_milestone_and_a_new_row_adds_one(world, planned):
    before = {m[1]: m for m in _milestones(planned)}
    url, data = _rendered_plan_form(world, planned)
    data["milestones-1-due_date"] = ["2026-10-01"]
    data["milestones-2-title"] = ["开展回头看"]
    data["milestones-2-due_date"] = ["2026-12-01"]
    response = client_for(world.leader).post(url, data)
    assert response.status_code == 302
    after = {m[1]: m for m in _milestones(planned)}
    assert set(after) == {"完成现场调研", "形成整改方案", "完成信号灯安装", "开展回头看"}
    # The edited milestone is the same one, with its new date; the others are untouched.
    assert after["完成信号灯安装"] == (
        before["完成信号灯安装"][0],
        "完成信号灯安装",
        dt.date(2026, 10, 1),
        None,
    )
    assert after["完成现场调研"] == before["完成现场调研"]
    assert after["形成整改方案"] == before["形成整改方案"]


def test_an_emptied_row_is_refused_on_that_row_not_taken_as_removal(world, planned):
    before = _milestones(planned)
    url, data = _rendered_plan_form(world, planned)
    data["milestones-0-title"] = [""]
    data["milestones-0-due_date"] = [""]
    response = client_for(world.leader).post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    rows = response.context["forms"]["plan"].milestone_rows.forms
    assert rows[0].errors["title"] == [zh("Say what the milestone is.")]
    assert input_value(page, "milestones-1-title") == "完成信号灯安装"
    assert _milestones(planned) == before


def test_a_milestone_left_out_by_the_caller_is_kept(world, planned):
    """Another user's page was opened before a milestone was added: saving it keeps that one."""
    url, stale = _rendered_plan_form(world, planned)
    services.key_item_set_plan(
        user=world.staff,
        item=planned,
        plan="分三步推进：调研、方案、实施",
        milestones=[{"title": "开展回头看", "due_date": "2026-12-01"}],
    )
    before = _milestones(planned)
    assert len(before) == 4
    stale["plan"] = ["调整后的计划"]
    response = client_for(world.leader).post(url, stale)
    assert response.status_code == 302
    assert _milestones(planned) == before


def test_the_service_refuses_ids_it_cannot_edit_or_remove_and_changes_nothing(world, planned):
    done = planned.milestones.get(done_at__isnull=False)
    second = planned.milestones.get(title="形成整改方案")
    other = _listed_item(world, title="老旧小区加装电梯")
    services.key_item_set_plan(
        user=world.staff, item=other, plan="计划", milestones=[MILESTONES[0]]
    )
    theirs = other.milestones.get()
    before = _milestones(planned)
    cases = [
        # a done milestone, another item's, one listed twice, one both edited and removed
        ({"milestones": [{"id": done.pk, **MILESTONES[0]}]}, "milestones.0.id"),
        ({"milestones": [{"id": theirs.pk, **MILESTONES[0]}]}, "milestones.0.id"),
        (
            {
                "milestones": [
                    {"id": second.pk, **MILESTONES[1]},
                    {"id": second.pk, **MILESTONES[1]},
                ]
            },
            "milestones.1.id",
        ),
        (
            {"milestones": [{"id": second.pk, **MILESTONES[1]}], "remove": [second.pk]},
            "milestones.0.id",
        ),
        ({"milestones": [], "remove": [done.pk]}, "remove"),
        ({"milestones": [], "remove": [theirs.pk]}, "remove"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInput) as exc:
            services.key_item_set_plan(user=world.leader, item=planned, plan="新计划", **kwargs)
        assert field in exc.value.fields, kwargs
    assert _milestones(planned) == before
    assert other.milestones.get() == theirs


def test_removing_every_open_milestone_needs_a_new_one(world, planned):
    open_ids = list(planned.milestones.filter(done_at__isnull=True).values_list("pk", flat=True))
    with pytest.raises(InvalidInput) as exc:
        services.key_item_set_plan(
            user=world.leader, item=planned, plan="新计划", milestones=[], remove=open_ids
        )
    assert set(exc.value.fields) == {"milestones"}
    services.key_item_set_plan(
        user=world.leader,
        item=planned,
        plan="新计划",
        milestones=[{"title": "开展回头看", "due_date": "2026-12-01"}],
        remove=open_ids,
    )
    titles = set(planned.milestones.values_list("title", flat=True))
    assert titles == {"完成现场调研", "开展回头看"}


def test_a_row_of_a_milestone_done_meanwhile_is_refused_on_that_row(world, planned):
    url, stale = _rendered_plan_form(world, planned)
    second = planned.milestones.get(title="形成整改方案")
    services.milestone_mark_done(user=world.staff, milestone=second, done_on=timezone.localdate())
    before = _milestones(planned)
    response = client_for(world.leader).post(url, stale)
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Choose milestones of this item not yet done.") in page
    assert 'data-testid="error-milestones-0-id"' in page
    assert input_value(page, "milestones-0-title") == "形成整改方案"
    assert _milestones(planned) == before
