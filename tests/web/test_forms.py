"""Every form answers bad input field by field, in Chinese, keeps what the user typed and saves
nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from suggestions.models import Contact, Reply, Suggestion, UnitRequest
from tests import steps
from tests.web.helpers import client_for, text, today, url

pytestmark = pytest.mark.django_db

# Django's message as the active catalogs translate it (Django's and viewflow's word it
# slightly differently); asserted to be Chinese below.
with translation.override("zh-hans"):
    REQUIRED = str(forms.Field.default_error_messages["required"])


def test_required_message_is_chinese():
    assert re.search(r"[\u4e00-\u9fff]", REQUIRED) and "必填" in REQUIRED


def field_errors(response, name: str) -> list[str]:
    return re.findall(rf'data-testid="error-{re.escape(name)}">([^<]*)<', text(response))


def form_errors(response) -> list[str]:
    return re.findall(r'data-testid="form-error">([^<]*)<', text(response))


def _reply_data(**extra):
    data = {
        "result_class": "B",
        "text": "我局将分期推进信号灯建设。",
        "promises-TOTAL_FORMS": "3",
        "promises-INITIAL_FORMS": "0",
        "promises-MIN_NUM_FORMS": "0",
        "promises-MAX_NUM_FORMS": "20",
    }
    data.update(extra)
    return data


def test_draft_with_empty_title_is_refused_in_chinese_and_keeps_the_content(world):
    response = client_for(world.zhang).post(
        url("suggestion_new"),
        {
            "title": "  ",
            "content": "东城小学门口车流密集",
            "publication_consent": "full",
            "co_signers": [world.li.deputy_id],
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "title") == [REQUIRED]
    assert "东城小学门口车流密集" in text(response)
    assert f'name="co_signers" value="{world.li.deputy_id}"' in text(response)
    assert not Suggestion.objects.exists()


def test_draft_with_over_long_content_is_refused(world):
    response = client_for(world.zhang).post(
        url("suggestion_new"),
        {
            "title": "关于学校的建议",
            "content": "长" * 20001,
            "publication_consent": "full",
        },
    )
    errors = field_errors(response, "content")
    assert len(errors) == 1 and "20000" in errors[0] and "字符" in errors[0]
    assert 'value="关于学校的建议"' in text(response)
    assert not Suggestion.objects.exists()


def test_edit_draft_with_unknown_co_signer_is_refused(world):
    s = steps.draft(world)
    response = client_for(world.zhang).post(
        url("suggestion_edit", s.pk),
        {
            "title": "新标题",
            "content": s.content,
            "publication_consent": "full",
            "co_signers": ["999999"],
        },
    )
    assert field_errors(response, "co_signers")
    assert Suggestion.objects.get(pk=s.pk).title == s.title


def _signed_lead(world):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    client = client_for(world.traffic_handler)
    client.post(url("assignment_sign", a.pk))
    return a, client


def test_reply_promise_dated_in_the_past_is_refused_and_input_kept(world):
    a, client = _signed_lead(world)
    past = today() - dt.timedelta(days=1)
    response = client.post(
        url("assignment_reply", a.pk),
        _reply_data(
            **{"promises-0-text": "年底前完成安装", "promises-0-due_date": past.isoformat()}
        ),
    )
    assert response.status_code == 200
    errors = field_errors(response, "promises-0-due_date")
    assert errors and errors[0].startswith("确保该值大于或等于")
    assert "年底前完成安装" in text(response) and "我局将分期推进" in text(response)
    assert not Reply.objects.exists()


def test_b_reply_without_promises_is_refused(world):
    a, client = _signed_lead(world)
    response = client.post(url("assignment_reply", a.pk), _reply_data())
    assert response.status_code == 200 and form_errors(response)
    assert not Reply.objects.exists()


def test_reply_with_too_large_file_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    a, client = _signed_lead(world)
    big = SimpleUploadedFile("大文件.pdf", b"x" * (1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(
        url("assignment_reply", a.pk), _reply_data(**{"result_class": "A", "attachments": [big]})
    )
    assert response.status_code == 200
    errors = field_errors(response, "attachments")
    assert len(errors) == 1 and "大文件.pdf" in errors[0]
    assert not Reply.objects.exists()


def test_reply_with_empty_text_is_refused_in_chinese(world):
    a, client = _signed_lead(world)
    response = client.post(url("assignment_reply", a.pk), _reply_data(text="", result_class="A"))
    assert field_errors(response, "text") == [REQUIRED]


def test_contact_in_the_future_is_refused(world):
    a, client = _signed_lead(world)
    response = client.post(
        url("assignment_contact", a.pk),
        {"kind": "phone", "date": (today() + dt.timedelta(days=3)).isoformat(), "note": "电话沟通"},
    )
    assert response.status_code == 200 and field_errors(response, "date")
    assert "电话沟通" in text(response)
    assert not Contact.objects.exists()


def test_contact_with_invalid_date_is_refused_in_chinese(world):
    a, client = _signed_lead(world)
    response = client.post(url("assignment_contact", a.pk), {"kind": "phone", "date": "明天"})
    assert field_errors(response, "date") == ["输入一个有效的日期。"]


def test_extension_to_a_past_date_is_refused(world):
    a, client = _signed_lead(world)
    response = client.post(
        url("assignment_extension", a.pk),
        {"reason": "资金未到位", "due_date": (today() - dt.timedelta(days=2)).isoformat()},
    )
    errors = field_errors(response, "due_date")
    assert errors and errors[0].startswith("确保该值大于或等于")
    assert "资金未到位" in text(response)
    assert not UnitRequest.objects.exists()


def test_opinion_and_reassignment_need_text(world):
    s = steps.assigned(world)
    co = steps.assignment_of(s, world.edu)
    client = client_for(world.edu_handler)
    assert field_errors(client.post(url("assignment_opinion", co.pk), {"text": ""}), "text") == [
        REQUIRED
    ]
    response = client.post(url("assignment_reassignment", co.pk), {"reason": ""})
    assert field_errors(response, "reason") == [REQUIRED]
    assert not UnitRequest.objects.exists()


def test_rating_needs_every_answer(world):
    s = steps.replied(world)
    response = client_for(world.zhang).post(url("suggestion_rate", s.pk), {"comment": "还行"})
    for name in ("process", "result", "met"):
        assert field_errors(response, name) == [REQUIRED]
    assert "还行" in text(response)
    assert Suggestion.objects.get(pk=s.pk).status == "replied"


def test_staff_forms_need_reasons_and_choices(world):
    staff = client_for(world.staff)
    submitted = steps.submitted(world)
    response = staff.post(
        url("staff_review", submitted.pk), {"action": "not_accept", "na-reason": ""}
    )
    assert field_errors(response, "na-reason") == [REQUIRED]
    response = staff.post(
        url("staff_review", submitted.pk), {"action": "merge", "merge-into": "77"}
    )
    assert field_errors(response, "merge-into")
    accepted = steps.accepted(world, title="另一条建议", cosign=False)
    response = staff.post(url("staff_assign", accepted.pk), {"mode": "joint"})
    assert field_errors(response, "lead_unit")
    response = staff.post(url("staff_key", accepted.pk), {"responsible_committee": "工委"})
    assert field_errors(response, "leader") == [REQUIRED]
    assert 'value="工委"' in text(response)
    handled = steps.handled(world, title="第三条建议", cosign=False)
    response = staff.post(url("staff_check", handled.pk), {"decision": "return", "reason": ""})
    assert field_errors(response, "reason") == [REQUIRED]
    assert Suggestion.objects.get(pk=handled.pk).status == "handled"
    assert Suggestion.objects.get(pk=submitted.pk).status == "submitted"
    assert Suggestion.objects.get(pk=accepted.pk).status == "accepted"


def test_english_is_available(world):
    response = client_for(world.zhang, language="en").post(
        url("suggestion_new"), {"title": "", "content": "x", "publication_consent": "full"}
    )
    assert field_errors(response, "title") == ["This field is required."]


def test_ids_too_large_for_the_database_are_refused_not_a_server_error(world):
    big = "9" * 30
    s = steps.accepted(world)
    response = client_for(world.zhang).post(
        url("suggestion_new"),
        {
            "title": "标题",
            "content": "内容",
            "publication_consent": "full",
            "co_signers": [big],
            "category": big,
        },
    )
    assert field_errors(response, "co_signers") and field_errors(response, "category")
    staff = client_for(world.staff)
    response = staff.post(url("staff_assign", s.pk), {"mode": "joint", "lead_unit": big})
    assert field_errors(response, "lead_unit")
    response = staff.post(url("staff_review", s.pk), {"action": "merge", "merge-into": big})
    assert field_errors(response, "merge-into")
    assert staff.get(f"/suggestions/{big}/").status_code == 404
    assert not Suggestion.objects.filter(title="标题").exists()


def test_rating_page_shows_the_promises_to_rate_against(world):
    """A B/C reply promises instead of acting: the deputy sees what was promised, by when, and
    that it will be followed up, before rating."""
    from suggestions import services

    s = steps.assigned(world, title="信号灯建议")
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "B")
    services.suggestion_approve_reply(user=world.staff, suggestion=s)
    page = text(client_for(world.zhang).get(url("suggestion_rate", s.pk)))
    assert "年底前完成信号灯安装" in page and 'data-testid="promises"' in page
    assert "承诺" in page
