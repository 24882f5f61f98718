"""Who reaches which page: login, role homes, 404 for what a user may not see, 403 for actions
they may not take; the co-signer search, the traffic lights and the calendar warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from suggestions import permissions as perms
from suggestions import services
from suggestions.models import Assignment, CalendarYear, Deputy, Suggestion
from tests import steps
from tests.web.helpers import client_for, text, today, url

pytestmark = pytest.mark.django_db


def test_pages_require_login(world):
    response = Client().get(url("deputy_home"))
    assert response.status_code == 302 and response["Location"].startswith(url("login"))
    assert Client().get(url("login")).status_code == 200


def test_login_page_logs_in_and_sends_each_role_home(world):
    client = Client()
    response = client.post(url("login"), {"username": "zhangwei", "password": "Demo-pass-2026"})
    assert response.status_code == 302
    homes = {
        world.zhang: "deputy_home",
        world.edu_handler: "unit_inbox",
        world.staff: "staff_dashboard",
        world.leader: "leader_home",
    }
    for user, name in homes.items():
        assert client_for(user).get(url("home"))["Location"] == url(name)


def test_unit_gets_404_for_another_units_suggestion(world):
    s = steps.assigned(world)
    traffic = steps.assignment_of(s, world.traffic)
    other = client_for(world.other_handler)
    assert other.get(url("suggestion_detail", s.pk)).status_code == 404
    assert other.get(url("assignment_detail", traffic.pk)).status_code == 404
    assert other.post(url("assignment_sign", traffic.pk)).status_code == 404
    assert other.get(url("suggestion_chart", s.pk)).status_code == 404
    assert client_for(world.edu_handler).get(url("suggestion_detail", s.pk)).status_code == 200


def test_deputy_gets_404_for_another_deputys_suggestion(world):
    s = steps.draft(world, cosign=False)
    assert client_for(world.wang).get(url("suggestion_detail", s.pk)).status_code == 404
    assert client_for(world.wang).get(url("suggestion_edit", s.pk)).status_code == 404


def test_forbidden_actions_answer_403_and_change_nothing(world):
    s = steps.submitted(world)
    assert client_for(world.zhang).get(url("staff_review", s.pk)).status_code == 403
    assert (
        client_for(world.zhang).post(url("staff_review", s.pk), {"action": "accept"}).status_code
        == 403
    )
    assert client_for(world.staff).get(url("suggestion_rate", s.pk)).status_code == 403
    assert client_for(world.edu_handler).get(url("staff_dashboard")).status_code == 403
    assert Suggestion.objects.get(pk=s.pk).status == "submitted"


def test_unit_handler_cannot_sign_off_but_head_can(world):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    services.assignment_draft_reply(
        user=world.traffic_handler, assignment=a, result_class="A", text="已解决"
    )
    assert (
        client_for(world.traffic_handler).post(url("assignment_sign_off", a.pk)).status_code == 403
    )
    assert client_for(world.traffic_head).get(url("assignment_sign_off", a.pk)).status_code == 200


def test_an_assignments_unit_pages_open_to_its_unit_and_staff_and_refuse_who_only_sees_it(world):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    for user in (world.traffic_handler, world.traffic_head, world.staff):
        assert client_for(user).get(url("assignment_detail", a.pk)).status_code == 200
        assert client_for(user).get(url("assignment_contact", a.pk)).status_code == 200
    # The leader and the lead deputy may see the assignment, but it is not their workspace.
    for user in (world.leader, world.zhang):
        assert client_for(user).get(url("assignment_detail", a.pk)).status_code == 403
        assert client_for(user).get(url("assignment_contact", a.pk)).status_code == 403
        assert client_for(user).post(url("assignment_sign", a.pk)).status_code == 403
    assert Assignment.objects.get(pk=a.pk).status == "assigned"


def test_the_list_of_every_suggestion_is_for_staff_and_leaders(world):
    steps.submitted(world)
    for user in (world.staff, world.leader):
        assert client_for(user).get(url("staff_all")).status_code == 200
    for user in (world.zhang, world.traffic_handler):
        assert client_for(user).get(url("staff_all")).status_code == 403


def test_the_deputy_home_is_for_deputies(world):
    assert client_for(world.wang).get(url("deputy_home")).status_code == 200
    for user in (world.staff, world.leader, world.edu_handler):
        assert client_for(user).get(url("deputy_home")).status_code == 403


def test_action_not_possible_in_this_status_gets_a_409_page(world):
    s = steps.submitted(world)
    response = client_for(world.zhang).post(url("suggestion_submit", s.pk))
    assert response.status_code == 409 and 'data-testid="refused"' in text(response)


def test_submitting_before_co_signers_answer_is_refused_with_a_message(world):
    s = steps.draft(world)
    response = client_for(world.zhang).post(url("suggestion_submit", s.pk))
    assert response.status_code == 409
    assert Suggestion.objects.get(pk=s.pk).status == "draft"


def test_draft_reply_attachments_stay_with_the_unit_until_approved(world):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    reply = services.assignment_draft_reply(
        user=world.traffic_handler,
        assignment=a,
        result_class="A",
        text="已解决",
        attachments=[SimpleUploadedFile("现场照片.txt", b"photo", content_type="text/plain")],
    )
    attachment = reply.attachments.get()
    assert (
        client_for(world.traffic_handler).get(url("attachment", attachment.pk)).status_code == 200
    )
    assert client_for(world.zhang).get(url("attachment", attachment.pk)).status_code == 404
    assert client_for(world.other_handler).get(url("attachment", attachment.pk)).status_code == 404
    assert "现场照片" not in text(client_for(world.zhang).get(url("suggestion_detail", s.pk)))


def test_co_signer_search_finds_by_name_pinyin_and_initials(world):
    Deputy.objects.create(name="张三", group=world.street)
    client = client_for(world.zhang)
    for q in ("zs", "zhangsan", "张三", "ZS"):
        names = [r["name"] for r in client.get(url("deputy_search"), {"q": q}).json()["results"]]
        assert "张三" in names, q
    names = [r["name"] for r in client.get(url("deputy_search"), {"q": "zw"}).json()["results"]]
    assert "张伟" not in names  # never offer the lead deputy themself
    assert client_for(world.edu_handler).get(url("deputy_search"), {"q": "zs"}).status_code == 403


def test_inbox_shows_traffic_lights_and_filters_by_them(world):
    s = steps.assigned(world)
    rows = list(Assignment.objects.filter(suggestion=s).order_by("pk"))
    # Due dates are set by hand here to put one assignment in each light.
    for row, due in zip(
        rows,
        (
            today() - dt.timedelta(days=1),
            today() + dt.timedelta(days=2),
            today() + dt.timedelta(days=60),
        ),
        strict=True,
    ):
        Assignment.objects.filter(pk=row.pk).update(due_date=due)
    staff = client_for(world.staff)  # staff see every unit's inbox rows
    page = text(staff.get(url("unit_inbox")))
    assert all(f'data-light="{light}"' in page for light in ("red", "yellow", "green"))
    red = text(staff.get(url("unit_inbox"), {"light": "red"}))
    assert 'data-light="red"' in red and 'data-light="green"' not in red
    green = text(staff.get(url("unit_inbox"), {"light": "green"}))
    assert 'data-light="green"' in green and 'data-light="red"' not in green


def test_dashboard_counts_and_warns_about_a_missing_calendar_year(world):
    steps.submitted(world)
    page = text(client_for(world.staff).get(url("staff_dashboard")))
    assert 'data-testid="status-total">1<' in page
    assert 'data-testid="calendar-warning"' in page  # next year is not in the test calendar
    for year in (today().year, today().year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "test"})
    from suggestions import workdays

    workdays.invalidate_cache()
    page = text(client_for(world.staff).get(url("staff_dashboard")))
    assert 'data-testid="calendar-warning"' not in page


def test_language_switch_to_english(world):
    client = client_for(world.zhang, language="")
    assert '<html lang="zh-hans">' in text(client.get(url("deputy_home")))
    response = client.post(url("set_language"), {"language": "en", "next": url("deputy_home")})
    assert response.status_code == 302
    assert '<html lang="en">' in text(client.get(url("deputy_home")))


def test_language_picker_names_each_language_in_its_own_words(world):
    """Someone who cannot read the page must still find their language in the picker."""
    client = client_for(world.zhang, language="")
    for language in ("zh-hans", "en"):
        client.post(url("set_language"), {"language": language, "next": url("deputy_home")})
        picker = text(client.get(url("deputy_home"))).split('data-testid="language-select">')[1]
        picker = picker[: picker.index("</select>")]
        assert '<option value="zh-hans" lang="zh-hans"' in picker and ">简体中文</option>" in picker
        assert '<option value="en" lang="en"' in picker and ">English</option>" in picker


def test_deputy_home_marks_led_and_co_signed_rows_and_unanswered_invitations(world):
    draft = steps.draft(world, title="联名未答复的草稿")  # 李娜 invited, not answered yet
    own = steps.submitted(world, title="张伟自己的建议", cosign=False)
    lead_page = text(client_for(world.zhang).get(url("deputy_home")))
    row = lead_page[lead_page.index(f'data-id="{draft.pk}"') :]
    row = row[: row.index("</li>")]
    assert "领衔" in row and "1 位联名代表尚未答复" in row
    own_row = lead_page[lead_page.index(f'data-id="{own.pk}"') :]
    assert "尚未答复" not in own_row[: own_row.index("</li>")]
    # The invited co-signer sees the draft as co-signed, with its lead named.
    li_page = text(client_for(world.li).get(url("deputy_home")))
    li_row = li_page[li_page.index(f'data-id="{draft.pk}"') :]
    assert "联名（领衔代表：张伟）" in li_row[: li_row.index("</li>")]


def test_the_statistics_link_shows_for_exactly_who_may_open_the_page(world):
    for user in (world.staff, world.leader, world.zhang, world.traffic_handler):
        client = client_for(user)
        page = text(client.get(url("notifications")))
        opens = client.get(url("disclosure:statistics")).status_code == 200
        assert perms.can_view_statistics(user) == opens, user.username
        assert ('data-testid="nav-statistics"' in page) == opens, user.username
