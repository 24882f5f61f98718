"""The import pages: upload, preview, confirm; only staff; bad files get a clear message."""

import io

import pytest
from django.urls import reverse

from office.importing import suggestions as imp
from suggestions.models import Suggestion
from tests.office.workbooks import ROW, xlsx
from tests.personas import PASSWORD


@pytest.fixture
def staff_client(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.login(username=world.staff.username, password=PASSWORD)
    return client


def test_upload_previews_then_confirm_imports(staff_client):
    url = reverse("office:import", kwargs={"kind": "suggestions"})
    page = staff_client.post(url, {"file": xlsx(imp.HEADERS, [ROW])})
    assert page.status_code == 200
    assert "关于增设社区绿地的建议" in page.content.decode()
    assert Suggestion.objects.count() == 0
    token = page.context["token"]
    done = staff_client.post(url, {"token": token})
    assert done.status_code == 302
    assert Suggestion.objects.get().title == ROW[0]


def test_preview_shows_problem_rows_and_offers_no_import_button(staff_client):
    url = reverse("office:import", kwargs={"kind": "suggestions"})
    bad = list(ROW)
    bad[2] = "查无此人"
    page = staff_client.post(url, {"file": xlsx(imp.HEADERS, [ROW, bad])})
    body = page.content.decode()
    assert "查无此人" in body and 'name="token"' not in body


def test_garbage_upload_gets_a_message_not_a_server_error(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("office:import", kwargs={"kind": "suggestions"})
    page = staff_client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"garbage")})
    assert page.status_code == 400
    assert page.context["error"]
    assert staff_client.post(url, {"token": "../../etc/passwd"}).status_code == 400


def test_template_downloads_for_staff_only(client, world, staff_client):
    url = reverse("office:import_template", kwargs={"kind": "directory"})
    response = staff_client.get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    client.logout()
    client.login(username=world.zhang.username, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.get(reverse("office:import", kwargs={"kind": "suggestions"})).status_code == 403


def test_directory_template_uploaded_back_updates_without_duplicates(staff_client, world):
    from office.importing import directory
    from suggestions.models import Deputy, Unit, User

    url = reverse("office:import", kwargs={"kind": "directory"})
    counts = (Unit.objects.count(), Deputy.objects.count(), User.objects.count())
    upload = io.BytesIO(directory.template())
    upload.name = "名册.xlsx"
    page = staff_client.post(url, {"file": upload})
    assert page.status_code == 200 and page.context["preview"].ok
    assert staff_client.post(url, {"token": page.context["token"]}).status_code == 302
    assert (Unit.objects.count(), Deputy.objects.count(), User.objects.count()) == counts
    assert Unit.objects.get(code="EDU").responsible_person == "周科长"
