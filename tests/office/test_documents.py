"""Reply letter, feedback form and assignment notice: content, fonts, PDF, who may print them."""

import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from office.documents import letters
from office.documents.pdf import docx_to_pdf
from suggestions.models import Reply


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def reply(paper_world):
    return Reply.objects.get(assignment__suggestion=paper_world.paper_suggestion)


def test_reply_letter_has_class_top_right_salutation_signature_and_date(reply):
    doc = Document(io.BytesIO(letters.reply_letter(reply)))
    first = doc.paragraphs[0]
    assert first.text == "B类" and first.alignment == 2  # right
    text = text_of(letters.reply_letter(reply))
    assert "赵六代表：" in text
    assert "《关于增设社区绿地的建议》" in text
    assert "第1号建议的答复" in text
    signature = [p for p in doc.paragraphs if p.alignment == 2][1:]
    assert signature[0].text == "区生态环境局" and signature[1].text.endswith("日")
    # East-Asian font set on runs, so Word and LibreOffice do not pick a Latin font for Chinese.
    run = doc.paragraphs[3].runs[0]
    assert run.element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    ) in ("仿宋", "宋体")


def test_feedback_form_and_notice_carry_the_suggestion(paper_world):
    s = paper_world.paper_suggestion
    form = text_of(letters.feedback_form(s))
    assert "代表建议办理情况征询意见表" in form and "□满意" in form and "区生态环境局" in form
    assert "赵六" in form and "B" in form
    notice = text_of(letters.assignment_notice(list(s.assignments.all())))
    assert "关于交办代表建议的通知" in notice and "区生态环境局：" in notice and "主办" in notice


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} must be installed in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")


def test_documents_convert_to_pdf_with_chinese_text_and_a_cjk_font(paper_world, reply, tmp_path):
    _need("soffice")
    _need("pdftotext")
    s = paper_world.paper_suggestion
    for content, expected in [
        (letters.reply_letter(reply), "赵六代表"),
        (letters.feedback_form(s), "征询意见表"),
    ]:
        pdf = docx_to_pdf(content)
        assert pdf.startswith(b"%PDF")
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert expected in text.replace(" ", "")
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        # A CJK font is embedded: Chinese shows as glyphs, not boxes.
        assert "CJK" in fonts or "Song" in fonts or "Fang" in fonts, fonts


def test_without_libreoffice_the_pdf_link_offers_the_docx(client, paper_world, reply, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    client.force_login(paper_world.staff)
    page = client.get(reverse("office:reply_letter", args=[reply.pk, "pdf"]))
    assert page.status_code == 200 and "LibreOffice" in page.content.decode()
    docx = client.get(reverse("office:reply_letter", args=[reply.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "filename*=UTF-8''" in docx["Content-Disposition"]


def test_who_may_print(client, paper_world, reply):
    world = paper_world
    s = world.paper_suggestion
    form = reverse("office:feedback_form", args=[s.pk, "docx"])
    notice = reverse("office:notice", args=[s.assignments.get().pk, "docx"])
    client.force_login(world.env_handler)
    assert client.get(form).status_code == 200
    assert client.get(notice).status_code == 200
    client.force_login(world.edu_handler)  # not involved: does not even see it
    assert client.get(form).status_code == 404
    assert client.get(reverse("office:reply_letter", args=[reply.pk, "docx"])).status_code == 404
    assert client.get(notice).status_code == 404  # nor the unit's notice
    client.force_login(world.staff)
    assert client.get(form + "?deputy=abc").status_code == 200


def test_staff_enter_a_paper_form_on_the_documents_page(client, paper_world):
    world = paper_world
    s = world.paper_suggestion
    url = reverse("office:documents", args=[s.pk])
    client.force_login(world.staff)
    page = client.get(url)
    assert "赵六" in page.content.decode()
    bad = client.post(url, {"deputy": world.zhao.pk, "process": "x", "result": "satisfied"})
    assert bad.status_code == 400
    done = client.post(
        url, {"deputy": world.zhao.pk, "process": "satisfied", "result": "satisfied", "met": "yes"}
    )
    assert done.status_code == 302
    assert s.ratings.get().entered_by_staff
    client.force_login(world.env_handler)
    assert client.post(url, {"deputy": world.zhao.pk}).status_code == 403
