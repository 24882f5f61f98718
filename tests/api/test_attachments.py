"""Reply attachments through the API: upload to the draft, see them in the detail, download them
with the same visibility as the reply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions import services
from tests import steps
from tests.api.client import ok

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="现场照片说明.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def drafted(world):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    services.assignment_draft_reply(
        user=world.traffic_handler, assignment=lead, result_class="A", text="已完成信号灯安装。"
    )
    return s, lead


def upload(api, user, assignment, *files):
    return api(user).client.post(
        f"/api/v1/assignments/{assignment.pk}/attachments/",
        {"files": list(files)},
        format="multipart",
    )


def test_unit_attaches_a_file_and_the_deputy_downloads_it_once_replied(world, api):
    s, lead = drafted(world)
    added = ok(upload(api, world.traffic_handler, lead, pdf()), 201)
    assert [a["name"] for a in added] == ["现场照片说明.pdf"]
    file_id = added[0]["id"]
    # Before staff approve the reply, the deputy sees neither the reply nor its file.
    assert api(world.zhang).get(f"attachments/{file_id}/").status_code == 404
    services.assignment_sign_off(user=world.traffic_head, assignment=lead)
    services.suggestion_approve_reply(user=world.staff, suggestion=s)
    detail = ok(api(world.zhang).get(f"suggestions/{s.pk}/"))
    assert [a["id"] for r in detail["replies"] for a in r["attachments"]] == [file_id]
    response = api(world.zhang).get(f"attachments/{file_id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert api(world.other_handler).get(f"attachments/{file_id}/").status_code == 404


def test_attachment_errors_follow_the_contract(world, api):
    s, lead = drafted(world)
    assert upload(api, world.other_handler, lead, pdf()).status_code == 404
    assert upload(api, world.edu_handler, lead, pdf()).status_code == 403  # the co-unit
    lying = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    body = upload(api, world.traffic_handler, lead, lying)
    assert body.status_code == 400 and "files" in body.json()["fields"]
    empty = api(world.traffic_handler).client.post(
        f"/api/v1/assignments/{lead.pk}/attachments/", {}, format="multipart"
    )
    assert empty.status_code == 400
    services.assignment_sign_off(user=world.traffic_head, assignment=lead)
    late = upload(api, world.traffic_handler, lead, pdf())
    assert late.status_code == 409 and late.json()["status"] == "signed_off"
    assert lead.replies.get().attachments.count() == 0
