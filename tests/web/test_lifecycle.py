"""One suggestion's whole life driven through the web views, by every role in turn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions.models import Assignment, Rating, Reply, Suggestion
from tests.web.helpers import client_for, post_ok, text, today, url

pytestmark = pytest.mark.django_db


def _assignment(s, unit) -> Assignment:
    return Assignment.objects.exclude(status="relieved").get(suggestion=s, unit=unit)


def _status(s) -> str:
    return Suggestion.objects.get(pk=s.pk).status


def _reply(client, a, result_class, promise_date=None, files=None):
    data = {
        "result_class": result_class,
        "text": "经研究，我局已完成现场勘查，将在学校门口增设信号灯。",
        "promises-TOTAL_FORMS": "3",
        "promises-INITIAL_FORMS": "0",
        "promises-MIN_NUM_FORMS": "0",
        "promises-MAX_NUM_FORMS": "20",
    }
    if promise_date:
        data.update(
            {
                "promises-0-text": "年底前完成信号灯安装",
                "promises-0-due_date": promise_date.isoformat(),
            }
        )
    if files:
        data["attachments"] = files
    return post_ok(client, url("assignment_reply", a.pk), data)


def test_full_lifecycle_through_the_web_for_every_role(world, django_capture_on_commit_callbacks):
    zhang, li, staff = client_for(world.zhang), client_for(world.li), client_for(world.staff)
    handler, head = client_for(world.traffic_handler), client_for(world.traffic_head)
    edu = client_for(world.edu_handler)

    # The deputy drafts with a co-signer, who confirms; then the deputy submits.
    post_ok(
        zhang,
        url("suggestion_new"),
        {
            "title": "关于增设学校周边交通信号灯的建议",
            "content": "东城小学门口上下学时段车流密集。",
            "category": world.category.pk,
            "co_signers": [world.li.deputy_id],
            "publication_consent": "full",
            "in_session": "on",
        },
    )
    s = Suggestion.objects.get(title="关于增设学校周边交通信号灯的建议")
    assert s.in_session and s.status == "draft"
    assert "关于增设学校周边" in text(li.get(url("deputy_invitations")))
    post_ok(li, url("cosign_respond", s.pk, "confirm"))
    post_ok(zhang, url("suggestion_submit", s.pk))
    assert _status(s) == "submitted"
    assert "关于增设学校周边" in text(zhang.get(url("deputy_home")))

    # Staff accept it from the review queue and assign a lead unit plus two co-units.
    assert "关于增设学校周边" in text(staff.get(url("staff_queue", "review")))
    post_ok(staff, url("staff_review", s.pk), {"action": "accept"})
    page = text(staff.get(url("staff_assign", s.pk)))
    assert 'data-testid="load-TRA"' in page
    post_ok(
        staff,
        url("staff_assign", s.pk),
        {
            "mode": "joint",
            "lead_unit": world.traffic.pk,
            "co_units": [world.edu.pk, world.env.pk],
        },
    )
    assert _status(s) == "assigned"
    lead, co = _assignment(s, world.traffic), _assignment(s, world.edu)

    # The lead unit signs for it; a co-unit sends its opinion; the lead unit records a contact.
    assert 'data-testid="inbox-item"' in text(handler.get(url("unit_inbox")))
    post_ok(handler, url("assignment_sign", lead.pk))
    assert _status(s) == "handling"
    post_ok(edu, url("assignment_opinion", co.pk), {"text": "建议同步优化周边公交站点设置。"})
    post_ok(
        handler,
        url("assignment_contact", lead.pk),
        {"kind": "meeting", "date": today().isoformat(), "note": "到学校现场与代表面谈"},
    )
    assert "建议同步优化" in text(handler.get(url("assignment_detail", lead.pk)))

    # Reply B with a promise and an attachment; the head signs off; staff return it.
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    _reply(handler, lead, "B", today() + dt.timedelta(days=60), [upload])
    assert "年底前完成信号灯安装" in text(head.get(url("assignment_sign_off", lead.pk)))
    post_ok(head, url("assignment_sign_off", lead.pk))
    assert _status(s) == "handled"
    post_ok(staff, url("staff_check", s.pk), {"decision": "return", "reason": "答复过于笼统"})
    assert _status(s) == "handling"

    # The unit revises, the head signs off again, staff approve: the deputy receives it.
    _reply(handler, lead, "B", today() + dt.timedelta(days=90))
    post_ok(head, url("assignment_sign_off", lead.pk))
    post_ok(staff, url("staff_check", s.pk), {"decision": "approve"})
    assert _status(s) == "replied"
    detail = text(zhang.get(url("suggestion_detail", s.pk)))
    assert "年底前完成信号灯安装" in detail and 'data-testid="attachment-link"' in detail
    attachment = Reply.objects.get(assignment=lead, round=1).attachments.get()
    download = zhang.get(url("attachment", attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    assert zhang.get(url("reply_letter", lead.pk)).status_code == 200

    # Dissatisfied → re-handling → second reply → satisfied → closed.
    post_ok(
        zhang,
        url("suggestion_rate", s.pk),
        {"process": "basically_satisfied", "result": "dissatisfied", "met": "yes"},
    )
    assert _status(s) == "rehandling"
    _reply(handler, lead, "A")
    post_ok(head, url("assignment_sign_off", lead.pk))
    post_ok(staff, url("staff_check", s.pk), {"decision": "approve"})
    post_ok(
        zhang,
        url("suggestion_rate", s.pk),
        {"process": "satisfied", "result": "satisfied", "met": "yes", "comment": "感谢"},
    )
    assert _status(s) == "rated"
    assert list(Rating.objects.filter(suggestion=s).values_list("round", "result")) == [
        (1, "dissatisfied"),
        (2, "satisfied"),
    ]

    # Key supervision: the leader sees it on their page; then staff close it.
    post_ok(
        staff,
        url("staff_key", s.pk),
        {"leader": world.leader.pk, "responsible_committee": "教科文卫工委"},
    )
    leader_page = text(client_for(world.leader).get(url("leader_home")))
    assert "关于增设学校周边" in leader_page and "区交通运输局" in leader_page
    post_ok(staff, url("staff_close", s.pk))
    assert _status(s) == "closed"

    # Everyone involved reads the whole timeline, humanised, and the chart.
    for client in (zhang, li, staff, handler, head, edu):
        page = client.get(url("suggestion_detail", s.pk))
        assert page.status_code == 200
        assert text(page).count('data-testid="event"') >= 20
    page = text(staff.get(url("suggestion_detail", s.pk)))
    for verb in (
        "created",
        "cosign_confirmed",
        "submitted",
        "accepted",
        "assigned",
        "signed",
        "opinion_submitted",
        "contact_recorded",
        "reply_drafted",
        "reply_signed_off",
        "reply_returned",
        "replied",
        "rated",
        "key_supervision",
        "closed",
    ):
        assert f'data-verb="{verb}"' in page, verb
    assert "答复过于笼统" in page  # staff see the reason for returning
    assert "答复过于笼统" not in text(zhang.get(url("suggestion_detail", s.pk)))
    chart = zhang.get(url("suggestion_chart", s.pk))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content

    # The deputy was notified along the way and can mark everything read.
    page = text(zhang.get(url("notifications")))
    assert 'data-testid="notification"' in page and 'data-testid="unread-badge"' in page
    # The request commits (the test's transaction does not): its after-commit work runs.
    with django_capture_on_commit_callbacks(execute=True):
        post_ok(zhang, url("notifications_read_all"))
    assert 'data-testid="unread-badge"' not in text(zhang.get(url("notifications")))
