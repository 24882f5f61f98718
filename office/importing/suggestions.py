"""Import of suggestions collected on paper: preview every row with its problems, then register
them all (created by staff for the lead deputy, paper co-signers confirmed, submitted) or none.

Re-running the same workbook creates nothing new: a row whose session, lead deputy and
normalised title match an existing suggestion is reported and skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from office.importing.workbook import Row, read_rows, template_bytes
from office.normalise import normalise_title
from office.services import paper_cosigners_register
from suggestions import permissions as perms
from suggestions import services
from suggestions.errors import NotPermitted
from suggestions.models import Category, Consent, Deputy, Session, Suggestion

HEADERS = ["标题", "内容", "领衔代表", "附议代表", "类别", "会次", "大会期间", "公开意见"]
IN_SESSION = {"是": True, "否": False, "": False}
CONSENT = {"全文": Consent.FULL, "仅标题": Consent.TITLE, "不公开": Consent.NONE, "": Consent.FULL}
_SEPARATORS = re.compile(r"[,，、;；\s]+")
# 张伟（东城街道工委） picks one of two deputies with the same name.
_NAME_WITH_GROUP = re.compile(r"^(?P<name>[^()（）]+)[（(](?P<group>[^()（）]+)[)）]$")
TITLE_MAX = 200


@dataclass
class Preview:
    rows: list[Row]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def problems(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]

    @property
    def to_create(self) -> list[Row]:
        return [r for r in self.rows if r.ok and r.action == "create"]

    @property
    def skipped(self) -> list[Row]:
        return [r for r in self.rows if r.action == "skip"]


class ImportRejected(Exception):
    """Some rows have problems: nothing was saved."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(f"{len(preview.problems)} rows with problems")


def template() -> bytes:
    example = [
        "关于增设学校周边交通信号灯的建议",
        "东城小学门口上下学时段车流密集，建议增设信号灯。",
        "张伟",
        "李娜、王强",
        "教育文化",
        "",
        "是",
        "全文",
    ]
    return template_bytes({"建议": (HEADERS, [example])})


class _Directory:
    """Everything the rows refer to, fetched in a handful of queries."""

    def __init__(self, rows: list[Row]):
        names = set()
        for row in rows:
            for text in [row.values["领衔代表"], *_split(row.values["附议代表"])]:
                match = _NAME_WITH_GROUP.match(text)
                names.add(match["name"].strip() if match else text)
        self.deputies: dict[str, list[Deputy]] = defaultdict(list)
        for deputy in Deputy.objects.filter(name__in=names, is_active=True).select_related("group"):
            self.deputies[deputy.name].append(deputy)
        self.categories = {c.name: c for c in Category.objects.all()}
        self.sessions = {s.name: s for s in Session.objects.all()}
        self.current = next((s for s in self.sessions.values() if s.is_current), None)

    def deputy(self, text: str) -> tuple[Deputy | None, str | None]:
        match = _NAME_WITH_GROUP.match(text)
        name, group = (match["name"].strip(), match["group"].strip()) if match else (text, None)
        found = self.deputies.get(name, [])
        if group is not None:
            found = [d for d in found if d.group and d.group.name == group]
        if not found:
            return None, _("unknown deputy “%(name)s”") % {"name": text}
        if len(found) > 1:
            groups = "、".join(d.group.name if d.group else "-" for d in found)
            return None, _(
                "ambiguous name “%(name)s”: %(n)s deputies (%(groups)s); write it as 姓名（代表小组）"
            ) % {"name": text, "n": len(found), "groups": groups}
        return found[0], None


def _split(text: str) -> list[str]:
    return [t for t in _SEPARATORS.split(text or "") if t]


def _check_row(row: Row, directory: _Directory) -> None:
    v, problems = row.values, row.problems
    if not v["标题"]:
        problems.append(_("missing title"))
    elif len(v["标题"]) > TITLE_MAX:
        problems.append(_("title longer than %(n)s characters") % {"n": TITLE_MAX})
    if not v["内容"]:
        problems.append(_("missing content"))
    lead = None
    if not v["领衔代表"]:
        problems.append(_("missing lead deputy"))
    else:
        lead, problem = directory.deputy(v["领衔代表"])
        if problem:
            problems.append(_("lead deputy: %(p)s") % {"p": problem})
    cosigners = []
    for name in _split(v["附议代表"]):
        deputy, problem = directory.deputy(name)
        if problem:
            problems.append(_("co-signer: %(p)s") % {"p": problem})
        elif deputy != lead:
            cosigners.append(deputy)
    category = None
    if v["类别"]:
        category = directory.categories.get(v["类别"])
        if category is None:
            problems.append(_("unknown category “%(name)s”") % {"name": v["类别"]})
    session = directory.sessions.get(v["会次"]) if v["会次"] else directory.current
    if session is None:
        problems.append(
            _("unknown session “%(name)s”") % {"name": v["会次"]}
            if v["会次"]
            else _("no current session: please fill in 会次")
        )
    if v["大会期间"] not in IN_SESSION:
        problems.append(_("大会期间 must be 是 or 否"))
    if v["公开意见"] not in CONSENT:
        problems.append(_("公开意见 must be 全文, 仅标题 or 不公开"))
    row.resolved = {
        "lead": lead,
        "cosigners": cosigners,
        "category": category,
        "session": session,
        "in_session": IN_SESSION.get(v["大会期间"], False),
        "consent": CONSENT.get(v["公开意见"], Consent.FULL),
        "key": (
            getattr(session, "pk", None),
            getattr(lead, "pk", None),
            normalise_title(v["标题"]),
        ),
    }


def _check_duplicates(rows: list[Row]) -> None:
    keys = [r.resolved["key"] for r in rows if r.ok]
    sessions = {k[0] for k in keys}
    leads = {k[1] for k in keys}
    existing = {
        (s, d, normalise_title(t)): number
        for s, d, t, number in Suggestion.objects.filter(
            session_id__in=sessions, lead_deputy_id__in=leads
        ).values_list("session_id", "lead_deputy_id", "title", "number")
    }
    first_row: dict[tuple, int] = {}
    for row in rows:
        if not row.ok:
            continue
        key = row.resolved["key"]
        if key in existing:
            row.action = "skip"
            number = existing[key]
            row.notes.append(
                _("already registered as 第%(n)04d号: skipped") % {"n": number}
                if number
                else _("already registered: skipped")
            )
        elif key in first_row:
            row.problems.append(
                _("duplicate of row %(n)s (same session, lead deputy and title)")
                % {"n": first_row[key]}
            )
        else:
            first_row[key] = row.number


def preview(file, *, user) -> Preview:
    """Every row with its problems; nothing is saved. Raises WorkbookError for an unreadable file."""
    if not perms.can_import(user):
        raise NotPermitted()
    rows = read_rows(file, HEADERS)
    directory = _Directory(rows)
    for row in rows:
        _check_row(row, directory)
    _check_duplicates(rows)
    return Preview(rows)


@transaction.atomic
def import_workbook(file, *, user) -> Preview:
    """Register every new row through the services, or nothing (ImportRejected) if any row has a
    problem. Each suggestion is created by staff for its lead deputy, its paper co-signers are
    recorded as confirmed, and it is submitted (numbered)."""
    result = preview(file, user=user)
    if not result.ok:
        raise ImportRejected(result)
    for row in result.to_create:
        r = row.resolved
        suggestion = services.suggestion_create(
            user=user,
            session=r["session"],
            title=row.values["标题"],
            content=row.values["内容"],
            category=r["category"],
            publication_consent=r["consent"],
            in_session=r["in_session"],
            lead_deputy=r["lead"],
        )
        if r["cosigners"]:
            paper_cosigners_register(user=user, suggestion=suggestion, deputies=r["cosigners"])
        services.suggestion_submit(user=user, suggestion=suggestion)
        row.suggestion_id = suggestion.pk
    return result
