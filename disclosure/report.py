"""The annual handling report (代表建议办理工作情况报告) as a draft .docx: the headline figures
with their counts, tables by category and by unit, the key-supervision items and the examples
staff picked (the nominations of the session's award selection).

Chinese text needs the East Asian font set on every run (python-docx sets only the Latin one)."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from disclosure import cache
from disclosure.figures import percent
from disclosure.models import Nomination
from suggestions.models import KeySupervision, Session

FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run, name: str = FONT, size: float | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)


def _paragraph(doc, text: str, *, font: str = FONT, size: float = 12, bold: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    _font(run, font, size)
    return p


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), FONT, 10.5)


def _fig(f: dict) -> str:
    return f"{percent(f)}（{f['numerator']}/{f['denominator']}）"


def _summary(stats: dict) -> str:
    return (
        f"本届次共交办代表建议{stats['assigned']}件，已答复{stats['replied']}件，"
        f"答复率{_fig(stats['reply_rate'])}；按期答复率{_fig(stats['on_time_rate'])}；"
        f"代表确认见面率{_fig(stats['meeting_rate'])}；反馈率{_fig(stats['feedback_rate'])}。"
        f"代表对办理结果满意{stats['satisfied']}件、基本满意{stats['basically_satisfied']}件、"
        f"不满意{stats['dissatisfied']}件，满意及基本满意率{_fig(stats['satisfied_or_basic_rate'])}"
        f"（未评价的建议不计为满意）；其中工作人员根据纸质征询意见表代录{stats['rated_by_staff']}件"
        f"（满意{stats['satisfied_by_staff']}件），代表本人在线评价{stats['rated_online']}件"
        f"（满意{stats['satisfied_online']}件）。已解决或基本解决（A类）{stats['class_a']}件，"
        f"解决率{_fig(stats['solved_rate'])}；A类和B类合计占{_fig(stats['solved_or_planned_rate'])}。"
        f"承诺事项落实率{_fig(stats['fulfilment_rate'])}。"
    )


ROW_RATES = ("reply_rate", "on_time_rate", "satisfied_or_basic_rate", "solved_rate")
ROW_HEADER = ["件数", "答复率", "按期答复率", "满意及基本满意率", "解决率"]


def _rows(items: list[dict], entity: str) -> list[list[str]]:
    return [
        [r[entity]["name"] or "（无）", r["assigned"], *[_fig(r[k]) for k in ROW_RATES]]
        for r in items
    ]


def _examples(doc, session: Session) -> None:
    """The examples staff picked: the nominations of the session's award selection, best first."""
    picks = (
        Nomination.objects.filter(selection__session=session)
        .select_related("suggestion__lead_deputy")
        .order_by("-awarded", "-score", "id")
    )
    _paragraph(doc, "五、典型案例", font=HEADING_FONT, size=14)
    rows = [
        [n.suggestion.display_number, n.suggestion.title, n.suggestion.lead_deputy.name, n.reason]
        for n in picks
    ]
    if rows:
        _table(doc, ["编号", "标题", "领衔代表", "推荐理由"], rows)
    else:
        _paragraph(doc, "（请在“评选”中提名典型建议，报告将列出。）")


def build(session: Session) -> bytes:
    stats = cache.session_stats(session, "latest")
    first = cache.session_stats(session, "first", breakdowns=())
    doc = Document()
    title = doc.add_paragraph()
    _font(title.add_run(f"关于{session.name}代表建议办理工作情况的报告（草稿）"), HEADING_FONT, 16)
    _paragraph(doc, "一、总体情况", font=HEADING_FONT, size=14)
    _paragraph(doc, _summary(stats))
    _paragraph(
        doc,
        f"首轮答复后，代表对办理结果满意及基本满意率为{_fig(first['satisfied_or_basic_rate'])}，"
        f"不满意率为{_fig(first['dissatisfied_rate'])}；再次办理后为"
        f"{_fig(stats['satisfied_or_basic_rate'])}。",
    )
    _paragraph(doc, "二、按类别统计", font=HEADING_FONT, size=14)
    _table(doc, ["类别", *ROW_HEADER], _rows(stats["by_category"], "category"))
    _paragraph(doc, "三、按承办单位统计（主办及分办）", font=HEADING_FONT, size=14)
    lead = [r for r in stats["by_unit"] if r["role"] != "co"]
    _table(doc, ["承办单位", *ROW_HEADER], _rows(lead, "unit"))
    _paragraph(doc, "四、重点督办建议", font=HEADING_FONT, size=14)
    items = (
        KeySupervision.objects.filter(suggestion__session=session)
        .select_related("suggestion", "leader")
        .order_by("suggestion__number")
    )
    rows = [
        [k.suggestion.display_number, k.suggestion.title, str(k.leader), k.responsible_committee]
        for k in items
    ]
    if rows:
        _table(doc, ["编号", "标题", "督办领导", "负责委员会"], rows)
    else:
        _paragraph(doc, "本届次未确定重点督办建议。")
    _examples(doc, session)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
