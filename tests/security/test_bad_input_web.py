"""The same bad input through the workspaces' forms: a page with a field message (never a 500),
nothing saved; harmless markup saved as typed and shown escaped."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions.models import Attachment, Event, Reply, Suggestion
from tests import steps
from tests.security.test_bad_input import HARMFUL, HARMLESS, MB
from tests.security.test_uploads import EXE, PDF, SVG

FORM_HARMFUL = {k: v for k, v in HARMFUL.items() if isinstance(v, str)}


def post_draft(client, **fields):
    data = {"title": "关于增设信号灯的建议", "content": "建议内容。", "publication_consent": "full"}
    data.update(fields)
    return client.post("/suggestions/new/", data)


def test_draft_form_refuses_bad_text_with_a_field_message(world, client):
    client.force_login(world.zhang)
    before = (Suggestion.objects.count(), Event.objects.count())
    for field in ("title", "content"):
        for name, value in FORM_HARMFUL.items():
            response = post_draft(client, **{field: value})
            assert response.status_code == 200, (field, name)
            assert response.context["form"].errors.get(field), (field, name)
    assert (Suggestion.objects.count(), Event.objects.count()) == before


def test_draft_form_stores_markup_as_typed_and_shows_it_escaped(world, client):
    client.force_login(world.zhang)
    for name, value in HARMLESS.items():
        response = post_draft(client, title=value[:200], content=value)
        assert response.status_code == 302, name
        suggestion = Suggestion.objects.latest("pk")
        assert suggestion.content == value
        page = client.get(f"/suggestions/{suggestion.pk}/").content.decode()
        assert "<script>alert" not in page and "<svg xmlns" not in page, name
        assert 'href="javascript:' not in page, name


def test_draft_form_refuses_a_megabyte_title_and_content(world, client):
    client.force_login(world.zhang)
    response = post_draft(client, title="字" * MB, content="字" * MB)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "content"}
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "name, content", [("答复函.pdf", EXE), ("照片.png", SVG), ("页面.html", PDF)]
)
def test_reply_form_refuses_lying_files_and_saves_nothing(
    world, client, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    client.force_login(world.traffic_handler)
    client.post(f"/assignments/{a.pk}/sign/")
    events = Event.objects.count()
    response = client.post(
        f"/assignments/{a.pk}/reply/",
        {
            "result_class": "A",
            "text": "已完成。",
            "attachments": SimpleUploadedFile(name, content),
            "promises-TOTAL_FORMS": "0",
            "promises-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("attachments")
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    assert Event.objects.count() == events and not list(tmp_path.rglob("*.*"))
