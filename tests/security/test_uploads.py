"""Uploads: size limit, allowed types checked by content, stored outside the web root and served
only through a permission check."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from security.uploads import validate_upload
from suggestions import services
from suggestions.errors import InvalidInput
from suggestions.models import Attachment, Event, Reply
from tests import steps


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def xlsx() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "答复情况"
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("答复函.pdf", PDF),
        ("现场照片.png", png()),
        ("统计表.xlsx", xlsx()),
        ("说明.txt", "办理情况说明".encode()),
    ],
)
def test_real_files_of_allowed_types_pass(name, content):
    validate_upload(upload(name, content))


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("reply.pdf", HTML, "content_mismatch"),
        ("photo.png", SVG, "content_mismatch"),
        ("table.docx", EXE, "content_mismatch"),
        ("scan.jpg", PDF, "content_mismatch"),
        ("drawing.svg", SVG, "type_not_allowed"),
        ("page.html", HTML, "type_not_allowed"),
        ("tool.exe", EXE, "type_not_allowed"),
        ("noextension", PDF, "type_not_allowed"),
        ("empty.pdf", b"", "empty"),
        ("bad\x01name.pdf", PDF, "bad_name"),
    ],
)
def test_lying_or_dangerous_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    assert caught.value.code == code
    assert caught.value.messages[0]


def test_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert caught.value.code == "too_large" and "1 MB" in caught.value.messages[0]


def draft_with(world, *files):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    return (
        s,
        a,
        lambda: services.assignment_draft_reply(
            user=world.traffic_handler,
            assignment=a,
            result_class="A",
            text="已完成信号灯安装。",
            attachments=list(files),
        ),
    )


def test_service_refuses_a_lying_file_and_saves_nothing(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    s, a, draft = draft_with(world, upload("答复函.pdf", PDF), upload("照片.png", SVG))
    events = Event.objects.count()
    with pytest.raises(InvalidInput) as caught:
        draft()
    assert list(caught.value.fields) == ["attachments"]
    assert not Reply.objects.filter(assignment=a).exists()
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.*"))
    assert Event.objects.count() == events
    assert steps.refreshed(a).status == "signed"


def test_files_are_served_only_to_those_who_may_see_them(world, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    s, a, draft = draft_with(world, upload("答复函.pdf", PDF))
    draft()
    attachment = Attachment.objects.get()
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(tmp_path) and stored.read_bytes() == PDF
    url = f"/security/files/{attachment.pk}/"
    allowed = [world.traffic_handler, world.staff]
    refused = [world.other_handler, world.zhang, world.wang]  # the deputy: not approved yet
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(f"/files/{attachment.file.name}").status_code == 404  # no direct route
