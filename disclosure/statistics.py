"""The statistics of DOMAIN.md, computed by database aggregation (one query per table per
breakdown), each figure with its numerator and denominator.

Definitions (the defaults of DOMAIN.md made precise):
- Base set: suggestions of the session that were assigned (status assigned … closed). Withdrawn,
  not-accepted and merged suggestions never reach it, so they are in no denominator.
- replied: the suggestion has at least one formal (staff-approved) reply.
- on time: every first-round formal reply of the suggestion was approved on or before the due
  date in force for that unit (the original due date, or the last approved extension of round 1);
  `on_time_original` compares with the original due date instead. Denominator: replied.
- rated / met / grades: the lead deputy's own rating; "first" round uses round 1, "latest" the
  highest round rated. A suggestion without the lead deputy's rating is unrated: it counts in no
  grade (never as satisfied). Denominator of grades: rated; of met and rated: replied.
- class: the worst class (D worst) among the approved replies of the lead/split units in the
  chosen round, using `Reply.original_class` so a later B→A upgrade does not change the figures.
- promises: promises of approved replies; due = due date passed or already settled; fulfilment
  = fulfilled ÷ due.
- by unit: one row per unit *and role* (lead, co, split): a unit that is lead on one suggestion
  and co-unit on another appears once in each role row, and each row counts the suggestions it
  took part in with that role (relieved assignments excluded). Promises count for the unit that
  made them.
"""

from __future__ import annotations

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf, TruncDate
from django.utils import timezone

from suggestions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Event,
    Grade,
    Promise,
    Rating,
    Reply,
    Session,
    Status,
    Suggestion,
)

# Statuses of a suggestion that has been assigned to units.
ASSIGNED_STATUSES = (
    Status.ASSIGNED,
    Status.HANDLING,
    Status.HANDLED,
    Status.REPLIED,
    Status.RATED,
    Status.REHANDLING,
    Status.CLOSED,
)
REPLYING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SPLIT)
ROUNDS = ("latest", "first")
GRADES = (
    ("satisfied", Grade.SATISFIED),
    ("basically_satisfied", Grade.BASICALLY_SATISFIED),
    ("dissatisfied", Grade.DISSATISFIED),
)
CLASSES = ("A", "B", "C", "D")


def rate(numerator: int, denominator: int) -> dict:
    value = round(numerator / denominator, 4) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}


# --- per-suggestion outcomes as subqueries ---------------------------------------------------
def _round1_due_in_force():
    """Due date in force for a round-1 reply: the last approved extension of round 1, else the
    original due date (the assignment's own `due_date` is overwritten when re-handling opens)."""
    extension = (
        Event.objects.filter(
            assignment=OuterRef("assignment_id"), verb="extension_approved", round=1
        )
        .order_by("-created_at", "-id")
        .annotate(due=KeyTextTransform("due_date", "payload"))
        .values("due")[:1]
    )
    return Coalesce(Cast(Subquery(extension), DateField()), F("assignment__original_due_date"))


def _approved_replies(ref: str) -> QuerySet:
    return Reply.objects.filter(
        assignment__suggestion=OuterRef(ref),
        assignment__role__in=REPLYING_ROLES,
        approved_at__isnull=False,
    )


def _late_first_replies(ref: str, *, original: bool) -> QuerySet:
    due = F("assignment__original_due_date") if original else _round1_due_in_force()
    return (
        _approved_replies(ref)
        .filter(round=1)
        .annotate(issued=TruncDate("approved_at"), due=due)
        .filter(issued__gt=F("due"))
    )


def _lead_rating(ref: str, lead: str, round_: str, field: str) -> Subquery:
    ratings = Rating.objects.filter(suggestion=OuterRef(ref), deputy=OuterRef(lead))
    ratings = ratings.filter(round=1) if round_ == "first" else ratings.order_by("-round")
    return Subquery(ratings.values(field)[:1])


def _class(ref: str, round_: str) -> Subquery:
    replies = _approved_replies(ref).annotate(
        cls=Coalesce(NullIf("original_class", Value("")), "result_class")
    )
    if round_ == "first":
        replies = replies.filter(round=1).order_by("-cls")
    else:
        replies = replies.order_by("-round", "-cls")
    return Subquery(replies.values("cls")[:1])


def with_outcomes(qs: QuerySet, *, ref: str, prefix: str, round_: str) -> QuerySet:
    """Annotate each row (a suggestion, or an assignment pointing to one) with its outcomes."""
    lead = f"{prefix}lead_deputy_id"
    return qs.annotate(
        o_replied=Exists(_approved_replies(ref)),
        o_late=Exists(_late_first_replies(ref, original=False)),
        o_late_original=Exists(_late_first_replies(ref, original=True)),
        o_result=_lead_rating(ref, lead, round_, "result"),
        o_process=_lead_rating(ref, lead, round_, "process"),
        o_met=_lead_rating(ref, lead, round_, "met"),
        o_class=_class(ref, round_),
    )


def _counts(key: str) -> dict:
    """The aggregate expressions over annotated rows; `key` names the suggestion id."""

    def count(condition=None):
        return Count(key, filter=condition, distinct=True)

    replied = Q(o_replied=True)
    exprs = {
        "assigned": count(),
        "replied": count(replied),
        "on_time": count(replied & Q(o_late=False)),
        "on_time_original": count(replied & Q(o_late_original=False)),
        "rated": count(Q(o_result__isnull=False)),
        "met": count(Q(o_met=True)),
    }
    for name, grade in GRADES:
        exprs[name] = count(Q(o_result=grade))
        exprs[f"process_{name}"] = count(Q(o_process=grade))
    for cls in CLASSES:
        exprs[f"class_{cls.lower()}"] = count(Q(o_class=cls))
    return exprs


def _promise_counts() -> dict:
    today = timezone.localdate()
    due = Q(due_date__lte=today) | Q(
        state__in=(Promise.State.FULFILLED, Promise.State.NOT_FULFILLED)
    )
    return {
        "promises_due": Count("pk", filter=due),
        "promises_fulfilled": Count("pk", filter=due & Q(state=Promise.State.FULFILLED)),
    }


# --- figures from counts ----------------------------------------------------------------------
def _grade_block(counts: dict, prefix: str = "") -> dict:
    rated = counts["rated"]
    block = {name: counts[f"{prefix}{name}"] for name, _grade in GRADES}
    for name, _grade in GRADES:
        block[f"{name}_rate"] = rate(block[name], rated)
    block["satisfied_or_basic_rate"] = rate(
        block["satisfied"] + block["basically_satisfied"], rated
    )
    return block


def figures(counts: dict) -> dict:
    """Counts and rates of one group, in the shape of the API contract."""
    c = {k: counts.get(k) or 0 for k in counts}
    out = {
        k: c[k]
        for k in (
            "assigned",
            "replied",
            "on_time",
            "on_time_original",
            "rated",
            "met",
            "class_a",
            "class_b",
            "class_c",
            "class_d",
            "promises_due",
            "promises_fulfilled",
        )
    }
    out.update(_grade_block(c))
    out.update(
        reply_rate=rate(c["replied"], c["assigned"]),
        on_time_rate=rate(c["on_time"], c["replied"]),
        on_time_original_rate=rate(c["on_time_original"], c["replied"]),
        meeting_rate=rate(c["met"], c["replied"]),
        feedback_rate=rate(c["rated"], c["replied"]),
        solved_rate=rate(c["class_a"], c["replied"]),
        solved_or_planned_rate=rate(c["class_a"] + c["class_b"], c["replied"]),
        fulfilment_rate=rate(c["promises_fulfilled"], c["promises_due"]),
    )
    out["process"] = _grade_block(c, "process_")
    return out


EMPTY_COUNTS = dict.fromkeys(list(_counts("pk")) + ["promises_due", "promises_fulfilled"], 0)


# --- breakdowns -------------------------------------------------------------------------------
# name → (group fields on a suggestion, the same on a promise, label field)
SUGGESTION_BREAKDOWNS = {
    "by_session": (("session_id", "session__name"), "session"),
    "by_category": (("category_id", "category__name"), "category"),
    "by_group": (("lead_deputy__group_id", "lead_deputy__group__name"), "group"),
    "by_deputy": (("lead_deputy_id", "lead_deputy__name"), "deputy"),
}
PROMISE_PREFIX = "reply__assignment__suggestion__"


def base_suggestions(session: Session | None) -> QuerySet:
    qs = Suggestion.objects.filter(status__in=ASSIGNED_STATUSES)
    return qs.filter(session=session) if session is not None else qs


def base_promises(session: Session | None) -> QuerySet:
    qs = Promise.objects.filter(
        reply__approved_at__isnull=False,
        **{f"{PROMISE_PREFIX}status__in": ASSIGNED_STATUSES},
    )
    return qs.filter(**{f"{PROMISE_PREFIX}session": session}) if session is not None else qs


def _merge(rows: list[dict], promise_rows: list[dict], key_fields, label: str) -> list[dict]:
    """Join the outcome rows and promise rows of one breakdown on their group key."""
    promises = {tuple(r[f] for f in key_fields): r for r in promise_rows}
    merged = []
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        counts = {**EMPTY_COUNTS, **row, **promises.get(key, {})}
        item = {label: {"id": key[0], "name": row[key_fields[1]] or ""}}
        if len(key_fields) > 2:
            item["role"] = key[2]
        item.update(figures(counts))
        merged.append(item)
    return merged


def _suggestion_breakdown(session, round_: str, name: str) -> list[dict]:
    fields, label = SUGGESTION_BREAKDOWNS[name]
    rows = (
        with_outcomes(base_suggestions(session), ref="pk", prefix="", round_=round_)
        .order_by()
        .values(*fields)
        .annotate(**_counts("pk"))
        .order_by(fields[1])
    )
    promise_fields = [f"{PROMISE_PREFIX}{f}" for f in fields]
    prows = base_promises(session).order_by().values(*promise_fields).annotate(**_promise_counts())
    prows = [{f: r[f"{PROMISE_PREFIX}{f}"] for f in fields} | r for r in prows]
    return _merge(list(rows), prows, fields, label)


def _unit_breakdown(session, round_: str) -> list[dict]:
    fields = ("unit_id", "unit__name", "role")
    assignments = Assignment.objects.filter(suggestion__status__in=ASSIGNED_STATUSES).exclude(
        status=AssignmentStatus.RELIEVED
    )
    if session is not None:
        assignments = assignments.filter(suggestion__session=session)
    rows = (
        with_outcomes(assignments, ref="suggestion_id", prefix="suggestion__", round_=round_)
        .order_by()
        .values(*fields)
        .annotate(**_counts("suggestion_id"))
        .order_by("unit__code", "role")
    )
    prows = (
        base_promises(session)
        .order_by()
        .values("unit_id", "unit__name", "reply__assignment__role")
        .annotate(**_promise_counts())
    )
    prows = [r | {"role": r["reply__assignment__role"]} for r in prows]
    return _merge(list(rows), prows, fields, "unit")


def compute(session: Session | None, round_: str = "latest", *, breakdowns=None) -> dict:
    """Every figure of `session` (None: all sessions): totals plus the breakdowns named."""
    if round_ not in ROUNDS:
        raise ValueError(round_)
    totals = with_outcomes(base_suggestions(session), ref="pk", prefix="", round_=round_).aggregate(
        **_counts("pk")
    )
    totals.update(base_promises(session).aggregate(**_promise_counts()))
    result = {"round": round_, **figures(totals)}
    for name in breakdowns if breakdowns is not None else BREAKDOWNS:
        if name == "by_unit":
            result[name] = _unit_breakdown(session, round_)
        else:
            result[name] = _suggestion_breakdown(session, round_, name)
    return result


BREAKDOWNS = ("by_unit", "by_category", "by_group", "by_deputy")
STAFF_ONLY = ("by_deputy",)
