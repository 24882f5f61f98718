"""The annual handling report: a .docx with the known figures, tables and Chinese fonts."""

import io

from docx import Document
from docx.oxml.ns import qn

from suggestions import services
from tests.disclosure.data import build


def test_report_has_figures_tables_and_chinese_fonts(world, client):
    known = build(world)
    services.suggestion_set_key_supervision(
        user=world.staff,
        suggestion=known.s7,
        leader=world.leader.pk,
        responsible_committee="教科文卫委",
    )
    from disclosure import awards

    selection = awards.award_open(user=world.staff, session=world.session)
    awards.award_nominate(
        user=world.staff, selection=selection, suggestion=known.s1, reason="推动信号灯落地"
    )
    client.force_login(world.staff)
    response = client.get(f"/disclosure/statistics/report.docx?session={world.session.pk}")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "共交办代表建议5件，已答复4件，答复率80.0%（4/5）" in text
    assert "首轮答复后" in text and "不满意率为33.3%（1/3）" in text
    category, unit, supervision, examples = doc.tables
    assert examples.rows[1].cells[3].text == "推动信号灯落地"
    assert [c.text for c in category.rows[1].cells][:2] == ["交通出行", "1"]
    assert any(r.cells[0].text == "区交通运输局" for r in unit.rows)
    assert supervision.rows[1].cells[1].text == known.s7.title
    run = doc.paragraphs[1].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_report_is_for_staff_and_leaders(world, client):
    client.force_login(world.traffic_handler)
    assert client.get("/disclosure/statistics/report.docx").status_code == 403
