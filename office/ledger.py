"""The committee's standard ledger (建议办理台账): one row per suggestion, fixed columns, built
from a role-scoped queryset in a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from office.export import Column
from suggestions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    CoSigner,
    Grade,
    Rating,
    Reply,
    Suggestion,
)

GRADES = dict(Grade.choices)


def ledger_queryset(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Everything the ledger shows, prefetched: 5 queries whatever the number of rows."""
    assignments = (
        Assignment.objects.exclude(status=AssignmentStatus.RELIEVED)
        .select_related("unit")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("round")))
        .order_by("role", "id")
    )
    return qs.select_related("lead_deputy", "category", "session").prefetch_related(
        Prefetch(
            "cosigners",
            queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
            .select_related("deputy")
            .order_by("id"),
            to_attr="confirmed_cosigners",
        ),
        Prefetch("assignments", queryset=assignments, to_attr="open_assignments"),
        Prefetch("ratings", queryset=Rating.objects.order_by("round", "id"), to_attr="all_ratings"),
    )


def _replying(s: Suggestion) -> list[Assignment]:
    return [a for a in s.open_assignments if a.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT)]


def _co(s: Suggestion) -> list[Assignment]:
    return [a for a in s.open_assignments if a.role == AssignmentRole.CO]


def _lead_rating(s: Suggestion) -> Rating | None:
    """The lead deputy's latest rating (the one that counts in the ledger)."""
    mine = [r for r in s.all_ratings if r.deputy_id == s.lead_deputy_id]
    return mine[-1] if mine else None


def _reply_classes(s: Suggestion) -> str:
    classes = []
    for a in _replying(s):
        approved = [r for r in a.replies.all() if r.approved_at]
        if approved:
            classes.append(approved[-1].result_class)
    return "、".join(classes)


def _due(s: Suggestion):
    dates = [a.due_date for a in _replying(s) if a.due_date]
    return min(dates) if dates else None


def _met(s: Suggestion) -> str:
    rating = _lead_rating(s)
    if rating is None:
        return ""
    return "是" if rating.met else "否"


def _satisfaction(s: Suggestion) -> str:
    rating = _lead_rating(s)
    if rating is None:
        return ""
    label = str(GRADES[rating.result])
    return f"{label}（工作人员代录）" if getattr(rating, "entered_by_staff", False) else label


LEDGER_COLUMNS = [
    Column("编号", lambda s: s.display_number if s.number else "", 10),
    Column("标题", lambda s: s.title, 40),
    Column("领衔代表", lambda s: s.lead_deputy.name, 10),
    Column("附议代表", lambda s: "、".join(c.deputy.name for c in s.confirmed_cosigners), 20),
    Column("类别", lambda s: s.category.name if s.category else "", 10),
    Column("主办单位", lambda s: "、".join(a.unit.name for a in _replying(s)), 20),
    Column("协办单位", lambda s: "、".join(a.unit.name for a in _co(s)), 20),
    Column("交办日期", lambda s: s.assigned_at, 12),
    Column("答复期限", _due, 12),
    Column("答复日期", lambda s: s.replied_at, 12),
    Column("答复类别", _reply_classes, 8),
    Column("见面", _met, 6),
    Column("满意度", _satisfaction, 10),
    Column("状态", lambda s: s.get_status_display(), 10),
]
