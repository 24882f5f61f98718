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
- entered by staff: that same rating was typed in by staff from the deputy's paper feedback form
  (`Rating.entered_by_staff`); online = rated − entered by staff. Each source has its own count
  of "satisfied" (result) and its satisfied rate, so pressure hidden in paper forms shows as a
  gap between the two; the share entered by staff is ÷ rated.
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

from django.db import connection, transaction
from django.db.models import (
    DateField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf, TruncDate
from django.utils import timezone

from suggestions.models import (
    ASSIGNED_STATUSES,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Event,
    Grade,
    Promise,
    Rating,
    Reply,
    Session,
    Suggestion,
)
from suggestions.rates import ratio

REPLYING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SPLIT)
ROUNDS = ("latest", "first")
GRADES = (
    ("satisfied", Grade.SATISFIED),
    ("basically_satisfied", Grade.BASICALLY_SATISFIED),
    ("dissatisfied", Grade.DISSATISFIED),
)
CLASSES = ("A", "B", "C", "D")


def rate(numerator: int, denominator: int) -> dict:
    value = ratio(numerator, denominator, digits=4)
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


def _approved_replies(suggestion=None) -> QuerySet:
    """Approved replies of the replying units of `suggestion` (an expression; default: the
    outer query's suggestion)."""
    return Reply.objects.filter(
        assignment__suggestion=suggestion if suggestion is not None else OuterRef("pk"),
        assignment__role__in=REPLYING_ROLES,
        approved_at__isnull=False,
    )


def _late_first_replies(*, original: bool) -> QuerySet:
    due = F("assignment__original_due_date") if original else _round1_due_in_force()
    return (
        _approved_replies()
        .filter(round=1)
        .annotate(issued=TruncDate("approved_at"), due=due)
        .filter(issued__gt=F("due"))
    )


def _lead_ratings(round_: str, suggestion=None, deputy=None) -> QuerySet:
    """The lead deputy's ratings of the round, the one that counts first (default: of the outer
    query's suggestion)."""
    ratings = Rating.objects.filter(
        suggestion=suggestion if suggestion is not None else OuterRef("pk"),
        deputy=deputy if deputy is not None else OuterRef("lead_deputy_id"),
    )
    return ratings.filter(round=1) if round_ == "first" else ratings.order_by("-round")


def _lead_rating(round_: str, field: str) -> Subquery:
    return Subquery(_lead_ratings(round_).values(field)[:1])


def _reply_class():
    """The class a reply counts with: as first replied, so a later upgrade (B→A) does not count."""
    return Coalesce(NullIf("original_class", Value("")), "result_class")


def _class(round_: str) -> Subquery:
    replies = _approved_replies().annotate(cls=_reply_class())
    if round_ == "first":
        replies = replies.filter(round=1).order_by("-cls")
    else:
        replies = replies.order_by("-round", "-cls")
    return Subquery(replies.values("cls")[:1])


def _first_id(qs: QuerySet) -> Subquery:
    """The id of any row of `qs`, or NULL: an existence test PostgreSQL runs as an index lookup
    per row. Written as EXISTS, the planner hashes the whole reply table of every session instead,
    which grows with history."""
    return Subquery(qs.order_by().values("pk")[:1])


def with_outcomes(qs: QuerySet, *, round_: str) -> QuerySet:
    """Annotate each suggestion with its outcomes; the three reply tests are the id of a matching
    reply, or NULL."""
    return qs.annotate(
        o_replied=_first_id(_approved_replies()),
        o_late=_first_id(_late_first_replies(original=False)),
        o_late_original=_first_id(_late_first_replies(original=True)),
        # The rating's id only: its grades are read by one join in `_outcome_rows` (a lookup per
        # field made four index lookups of the same row per suggestion).
        o_rating=_lead_rating(round_, "pk"),
        o_class=_class(round_),
    )


def _reply_outcomes(round_: str) -> tuple[str, tuple]:
    """PostgreSQL: SQL of one row with the reply outcomes of the suggestion `x.sid` (the same four
    columns and meanings as `with_outcomes`), to be joined LATERAL. The suggestion's approved
    replies are read once and all four values aggregated from them; as four subqueries they were
    four index lookups of the same replies per suggestion (1.1 s of 1.9 s for one session at
    1,000,000 suggestions)."""
    replies = (
        _approved_replies(RawSQL("x.sid", ()))
        .annotate(
            rid=F("pk"),
            rnd=F("round"),
            cls=_reply_class(),
            issued=TruncDate("approved_at"),
            due=_round1_due_in_force(),
            original_due=F("assignment__original_due_date"),
        )
        .order_by()
        .values("rid", "rnd", "cls", "issued", "due", "original_due")
    )
    sql, params = replies.query.sql_with_params()
    # The class of `_class`: its first row by (-round, -class) for "latest", by -class among
    # round 1 for "first".
    if round_ == "first":
        cls = "(ARRAY_AGG(q.cls ORDER BY q.cls DESC) FILTER (WHERE q.rnd = 1))[1]"
    else:
        cls = "(ARRAY_AGG(q.cls ORDER BY q.rnd DESC, q.cls DESC))[1]"
    # `due` holds the extension lookup: in the FILTER it runs for round-1 replies only.
    return (
        "SELECT MIN(q.rid) AS o_replied, "
        "MIN(q.rid) FILTER (WHERE q.rnd = 1 AND q.issued > q.due) AS o_late, "
        "MIN(q.rid) FILTER (WHERE q.rnd = 1 AND q.issued > q.original_due) AS o_late_original, "
        f"{cls} AS o_class FROM ({sql}) q",
        params,
    )


def _lead_rating_row(round_: str) -> tuple[str, tuple]:
    """PostgreSQL: SQL of the lead deputy's rating row of the suggestion `x.sid`, to be joined
    LATERAL (by its id from a subquery, PostgreSQL looked the rating up twice per suggestion)."""
    ratings = _lead_ratings(round_, RawSQL("x.sid", ()), RawSQL("x.dep", ()))
    fields = ("id", *RATING_COLUMNS.values())
    return ratings.values(*fields)[:1].query.sql_with_params()


# The conditions each count applies to one annotated suggestion row (column names of `_outcome_rows`).
CONDITIONS = {
    "assigned": "1 = 1",
    "replied": "o.o_replied IS NOT NULL",
    "on_time": "o.o_replied IS NOT NULL AND o.o_late IS NULL",
    "on_time_original": "o.o_replied IS NOT NULL AND o.o_late_original IS NULL",
    "rated": "o.o_result IS NOT NULL",
    "met": "o.o_met",
    "rated_by_staff": "o.o_result IS NOT NULL AND o.o_by_staff",
    "satisfied_by_staff": f"o.o_result = '{Grade.SATISFIED}' AND o.o_by_staff",
    **{name: f"o.o_result = '{grade}'" for name, grade in GRADES},
    **{f"process_{name}": f"o.o_process = '{grade}'" for name, grade in GRADES},
    **{f"class_{cls.lower()}": f"o.o_class = '{cls}'" for cls in CLASSES},
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
    out.update(_source_figures(c))
    return out


def _source_figures(c: dict) -> dict:
    """Ratings given online by the deputy beside those staff entered from paper forms."""
    by_staff, satisfied_by_staff = c["rated_by_staff"], c["satisfied_by_staff"]
    online, satisfied_online = c["rated"] - by_staff, c["satisfied"] - satisfied_by_staff
    return {
        "rated_online": online,
        "satisfied_online": satisfied_online,
        "rated_by_staff": by_staff,
        "satisfied_by_staff": satisfied_by_staff,
        "satisfied_online_rate": rate(satisfied_online, online),
        "satisfied_by_staff_rate": rate(satisfied_by_staff, by_staff),
        "by_staff_rate": rate(by_staff, c["rated"]),
    }


EMPTY_COUNTS = dict.fromkeys([*CONDITIONS, "promises_due", "promises_fulfilled"], 0)

# --- aggregation --------------------------------------------------------------------------------
# Each suggestion's outcomes are computed once, in a materialised CTE, and every total and
# breakdown is aggregated from it in one statement. Aggregating the annotated queryset directly
# made Django repeat each outcome subquery inside every COUNT(... FILTER ...): dozens of
# correlated subqueries per row, 148 s for one session at 100,000 suggestions.
KEY_COLUMNS = ("sid", "ses", "cat", "grp", "dep")
OUTCOME_COLUMNS = (
    *KEY_COLUMNS,
    "o_replied",
    "o_late",
    "o_late_original",
    "o_rating",
    "o_class",
)
# The outcomes of the suggestion's replies (from `_reply_outcomes` on PostgreSQL).
REPLY_COLUMNS = ("o_replied", "o_late", "o_late_original", "o_class")
# The lead deputy's rating, joined once (by its id on SQLite): name in the outcome rows → Rating
# field.
RATING_COLUMNS = {
    "o_result": "result",
    "o_process": "process",
    "o_met": "met",
    "o_by_staff": "entered_by_staff",
}


def base_suggestions(session: Session | None) -> QuerySet:
    qs = Suggestion.objects.filter(status__in=ASSIGNED_STATUSES)
    return qs.filter(session=session) if session is not None else qs


def _outcome_rows(session: Session | None, round_: str) -> tuple[str, tuple]:
    """SQL and parameters of one row per suggestion of the base set with its outcomes: on
    PostgreSQL its replies and its rating each read once by a LATERAL join; SQLite has no LATERAL
    join, so there each outcome is a subquery of `with_outcomes`."""
    lateral = connection.vendor == "postgresql"
    qs = base_suggestions(session)
    qs = qs if lateral else with_outcomes(qs, round_=round_)
    qs = qs.annotate(
        sid=F("pk"),
        ses=F("session_id"),
        cat=F("category_id"),
        grp=F("lead_deputy__group_id"),
        dep=F("lead_deputy_id"),
    )
    columns = KEY_COLUMNS if lateral else OUTCOME_COLUMNS
    sql, params = qs.order_by().values(*columns).query.sql_with_params()
    fields = ", ".join(f"r.{field} AS {name}" for name, field in RATING_COLUMNS.items())
    if not lateral:
        rating = connection.ops.quote_name(Rating._meta.db_table)
        join = f"LEFT JOIN {rating} r ON r.id = x.o_rating"
        return f"SELECT x.*, {fields} FROM ({sql}) x {join}", params
    replies, reply_params = _reply_outcomes(round_)
    ratings, rating_params = _lead_rating_row(round_)
    fields = ", ".join([*(f"y.{c}" for c in REPLY_COLUMNS), "r.id AS o_rating", fields])
    return (
        f"SELECT x.*, {fields} FROM ({sql}) x LEFT JOIN LATERAL ({replies}) y ON true "
        f"LEFT JOIN LATERAL ({ratings}) r ON true",
        (*params, *reply_params, *rating_params),
    )


# Typed NULLs: PostgreSQL resolves the column types of a UNION pairwise, and two untyped NULLs
# become text, which then clashes with the ids and counts of the next branch.
NO_ID = "CAST(NULL AS BIGINT)"
NO_TEXT = "CAST(NULL AS TEXT)"


def _branches() -> dict[str, tuple[str, str, str, str, str]]:
    """breakdown → (key column, second key, label, sort key, FROM clause after the CTE)."""
    from suggestions.models import Category, Deputy, DeputyGroup, Unit

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def labelled(key: str, model) -> tuple[str, str, str, str, str]:
        return key, NO_TEXT, "l.name", "l.name", f"o LEFT JOIN {table(model)} l ON l.id = {key}"

    return {
        "total": (NO_ID, NO_TEXT, NO_TEXT, NO_TEXT, "o"),
        "by_session": labelled("o.ses", Session),
        "by_category": labelled("o.cat", Category),
        "by_group": labelled("o.grp", DeputyGroup),
        "by_deputy": labelled("o.dep", Deputy),
        "by_unit": (
            "a.unit_id",
            "a.role",
            "l.name",
            "l.code",
            f"o JOIN {table(Assignment)} a ON a.suggestion_id = o.sid AND a.status <> %s "
            f"JOIN {table(Unit)} l ON l.id = a.unit_id",
        ),
    }


def _promise_cte() -> tuple[str, list]:
    """Promises of the approved replies of the suggestions in `o`, each with its suggestion's keys,
    the unit and role that made it, and whether it is due and fulfilled (as 1/0)."""

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    sql = (
        "SELECT pr.unit_id AS unit, a.role AS role, o.sid, o.ses, o.cat, o.grp, o.dep, "
        "CASE WHEN pr.due_date <= %s OR pr.state IN (%s, %s) THEN 1 ELSE 0 END AS due, "
        "CASE WHEN pr.state = %s THEN 1 ELSE 0 END AS fulfilled "
        f"FROM o JOIN {table(Assignment)} a ON a.suggestion_id = o.sid "
        f"JOIN {table(Reply)} r ON r.assignment_id = a.id AND r.approved_at IS NOT NULL "
        f"JOIN {table(Promise)} pr ON pr.reply_id = r.id"
    )
    done = (Promise.State.FULFILLED, Promise.State.NOT_FULFILLED)
    return sql, [timezone.localdate(), *done, Promise.State.FULFILLED]


# breakdown → the key columns of a promise row in `p`
PROMISE_KEYS = {
    "total": (NO_ID, NO_TEXT),
    "by_session": ("p.ses", NO_TEXT),
    "by_category": ("p.cat", NO_TEXT),
    "by_group": ("p.grp", NO_TEXT),
    "by_deputy": ("p.dep", NO_TEXT),
    "by_unit": ("p.unit", "p.role"),
}


def _aggregate(session: Session | None, round_: str, names: list[str]) -> dict[str, list[dict]]:
    """The counts of the totals and of each breakdown named, outcomes (rows of kind "o") and
    promises (kind "p"), from one statement that computes each suggestion's outcomes once."""
    outcomes, params = _outcome_rows(session, round_)
    promises, promise_params = _promise_cte()
    params = [*params, *promise_params]
    counts = ", ".join(
        f"COUNT(DISTINCT CASE WHEN {condition} THEN o.sid END) AS {name}"
        for name, condition in CONDITIONS.items()
    )
    no_counts = ", ".join(f"{NO_ID} AS {name}" for name in CONDITIONS)
    branches, selects = _branches(), []
    for name in names:
        key, key2, label, sort, source = branches[name]
        grouped = [c for c in dict.fromkeys((key, key2, label, sort)) if c not in (NO_ID, NO_TEXT)]
        group = f" GROUP BY {', '.join(grouped)}" if grouped else ""
        selects.append(
            f"SELECT '{name}' AS branch, 'o' AS kind, {key} AS k1, {key2} AS k2, "
            f"{label} AS label, {sort} AS sort_key, {counts}, "
            f"{NO_ID} AS promises_due, {NO_ID} AS promises_fulfilled FROM {source}{group}"
        )
        if name == "by_unit":
            params.append(AssignmentStatus.RELIEVED)
        pkey, pkey2 = PROMISE_KEYS[name]
        pgrouped = [c for c in (pkey, pkey2) if c not in (NO_ID, NO_TEXT)]
        pgroup = f" GROUP BY {', '.join(pgrouped)}" if pgrouped else ""
        selects.append(
            f"SELECT '{name}', 'p', {pkey}, {pkey2}, {NO_TEXT}, {NO_TEXT}, {no_counts}, "
            f"COALESCE(SUM(p.due), 0), COALESCE(SUM(p.fulfilled), 0) FROM p{pgroup}"
        )
    sql = (
        f"WITH o AS MATERIALIZED ({outcomes}), p AS MATERIALIZED ({promises}) "
        "SELECT * FROM (" + " UNION ALL ".join(selects) + ") AS branches "
        "ORDER BY branch, kind, sort_key, k2, k1"
    )
    result: dict[str, list[dict]] = {name: [] for name in names}
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        by_index = session is not None and connection.vendor == "postgresql"
        if by_index:
            cursor.execute(_JOIN_METHODS, ["off", "off"])
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
        if by_index:
            cursor.execute(_JOIN_METHODS, ["on", "on"])
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        result[row.pop("branch")].append(row)
    return result


# One session's suggestions are a small share of ten years': its assignments, replies and
# promises are best reached by index from them. PostgreSQL's default cost model hashes or merges
# every row of those tables instead — 0.9 s of 2.3 s at 1,000,000 suggestions, and growing with
# history — so for a session's figures the statement runs with nested loops only (1.8 s). Local
# to the transaction, and set back right after the statement.
_JOIN_METHODS = (
    "SELECT set_config('enable_hashjoin', %s, true), set_config('enable_mergejoin', %s, true)"
)


LABELS = {
    "by_session": "session",
    "by_category": "category",
    "by_group": "group",
    "by_deputy": "deputy",
    "by_unit": "unit",
}


def _key(name: str, row: dict) -> tuple:
    return (row["k1"], row["k2"]) if name == "by_unit" else (row["k1"],)


def _breakdown(name: str, rows: list[dict]) -> list[dict]:
    """The figures of each group of one breakdown, its outcome and promise rows joined by key."""
    promises = {_key(name, r): r for r in rows if r["kind"] == "p"}
    items = []
    for row in rows:
        if row["kind"] != "o":
            continue
        found = promises.get(_key(name, row), {})
        counts = {**EMPTY_COUNTS, **{k: row[k] for k in CONDITIONS}}
        counts.update({k: found.get(k) or 0 for k in ("promises_due", "promises_fulfilled")})
        item = {LABELS[name]: {"id": row["k1"], "name": row["label"] or ""}}
        if name == "by_unit":
            item["role"] = row["k2"]
        item.update(figures(counts))
        items.append(item)
    return items


def compute(session: Session | None, round_: str = "latest", *, breakdowns=None) -> dict:
    """Every figure of `session` (None: all sessions): totals plus the breakdowns named."""
    if round_ not in ROUNDS:
        raise ValueError(round_)
    names = list(breakdowns if breakdowns is not None else BREAKDOWNS)
    rows = _aggregate(session, round_, ["total", *names])
    outcome = next(r for r in rows["total"] if r["kind"] == "o")
    promise = next(r for r in rows["total"] if r["kind"] == "p")
    totals = {k: outcome[k] for k in CONDITIONS}
    totals.update({k: promise[k] or 0 for k in ("promises_due", "promises_fulfilled")})
    result = {"round": round_, **figures(totals)}
    for name in names:
        result[name] = _breakdown(name, rows[name])
    return result


BREAKDOWNS = ("by_unit", "by_category", "by_group", "by_deputy")
STAFF_ONLY = ("by_deputy",)
