"""The three documents, each a function from domain objects to .docx bytes."""

from __future__ import annotations

from django.utils import timezone
from docx.shared import Pt

from office.documents.docx_base import (
    cell_text,
    chinese_date,
    new_document,
    para,
    to_bytes,
)
from suggestions.models import Assignment, AssignmentRole, CoSigner, Reply, Suggestion

COMMITTEE = "区人大常委会代表工作委员会"
ROLE_NAMES = {"lead": "主办", "co": "协办", "split": "分办"}
CLASS_NAMES = {
    "A": "A类（已解决或基本解决）",
    "B": "B类（正在解决或列入规划逐步解决）",
    "C": "C类（因条件限制需待以后解决）",
    "D": "D类（留作参考）",
}


def _number(suggestion: Suggestion) -> str:
    return f"第{suggestion.number}号" if suggestion.number else "（未编号）"


def _deputies(suggestion: Suggestion) -> list[str]:
    cosigners = suggestion.cosigners.filter(state=CoSigner.State.CONFIRMED).select_related("deputy")
    return [suggestion.lead_deputy.name, *(c.deputy.name for c in cosigners)]


def reply_letter(reply: Reply) -> bytes:
    """答复函: the class in the top-right corner, salutation, body, signature block and date."""
    assignment = reply.assignment
    suggestion = assignment.suggestion
    doc = new_document()
    para(doc, reply.result_class + "类", align="right", bold=True, title=True)
    para(doc, assignment.unit.name, align="center", size=Pt(22), title=True, bold=True)
    para(
        doc,
        f"对{suggestion.session.name}{_number(suggestion)}建议的答复",
        align="center",
        size=Pt(18),
        title=True,
    )
    names = _deputies(suggestion)
    salutation = f"{names[0]}代表" + (f"（并{'、'.join(names[1:])}代表）" if len(names) > 1 else "")
    para(doc, salutation + "：", align="left")
    para(doc, f"您提出的《{suggestion.title}》收悉。现答复如下：", indent=True)
    for line in reply.text.splitlines():
        if line.strip():
            para(doc, line.strip(), indent=True)
    para(doc, f"答复类别：{CLASS_NAMES.get(reply.result_class, reply.result_class)}", indent=True)
    para(doc, "感谢您对我们工作的关心和支持。", indent=True)
    para(doc)
    para(doc, assignment.unit.name, align="right")
    day = timezone.localtime(reply.signed_off_at or reply.approved_at or timezone.now()).date()
    para(doc, chinese_date(day), align="right")
    para(doc)
    if assignment.unit.responsible_person:
        para(doc, f"承办责任人：{assignment.unit.responsible_person}", size=Pt(14))
    para(doc, f"抄送：{COMMITTEE}", size=Pt(14))
    return to_bytes(doc)


def feedback_form(suggestion: Suggestion, deputy_name: str | None = None) -> bytes:
    """征询意见表 for one deputy to fill in on paper (staff enter the answers afterwards)."""
    assignments = [
        a
        for a in suggestion.assignments.select_related("unit").exclude(status="relieved")
        if a.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT)
    ]
    classes = Reply.objects.filter(assignment__in=assignments, round=suggestion.round).values_list(
        "result_class", flat=True
    )
    doc = new_document()
    para(doc, "代表建议办理情况征询意见表", align="center", size=Pt(22), title=True, bold=True)
    grades = "□满意    □基本满意    □不满意"
    rows = [
        ("建议编号", f"{suggestion.session.name}{_number(suggestion)}"),
        ("建议标题", suggestion.title),
        ("代表姓名", deputy_name or suggestion.lead_deputy.name),
        ("承办单位", "、".join(a.unit.name for a in assignments)),
        ("答复类别", "、".join(sorted(set(classes)))),
        ("办理态度", grades),
        ("办理结果", grades),
        ("承办单位是否与您见面", "□是    □否"),
        ("意见和建议", "\n\n\n\n"),
        ("代表签名", "                日期：    年   月   日"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        cell_text(row.cells[0], label, bold=True)
        cell_text(row.cells[1], value)
    para(doc)
    para(
        doc,
        f"请于收到答复后二十个工作日内填写，交回{COMMITTEE}。未交回的不视为满意。",
        size=Pt(12),
    )
    return to_bytes(doc)


def assignment_notice(assignments: list[Assignment]) -> bytes:
    """交办通知 to one unit for one or more of its assignments."""
    unit = assignments[0].unit
    doc = new_document()
    para(doc, "关于交办代表建议的通知", align="center", size=Pt(22), title=True, bold=True)
    para(doc, f"{unit.name}：", align="left")
    para(
        doc,
        f"现将下列代表建议交由你单位办理。请在交办之日起五个工作日内签收；如认为不属于你单位职责，"
        f"请在该期限内申请调整。请与代表联系沟通，按期书面答复代表，并抄送{COMMITTEE}。",
        indent=True,
    )
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells, ["编号", "建议标题", "领衔代表", "办理方式", "答复期限"], strict=True
    ):
        cell_text(cell, label, bold=True, size=Pt(12))
    for a in assignments:
        s = a.suggestion
        cells = table.add_row().cells
        values = [
            _number(s),
            s.title,
            s.lead_deputy.name,
            ROLE_NAMES.get(a.role, a.role),
            chinese_date(a.due_date) if a.due_date else "",
        ]
        for cell, value in zip(cells, values, strict=True):
            cell_text(cell, value, size=Pt(12))
    para(doc)
    para(doc, COMMITTEE, align="right")
    day = timezone.localtime(assignments[0].assigned_at).date()
    para(doc, chinese_date(day), align="right")
    return to_bytes(doc)
