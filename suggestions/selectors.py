"""Role-scoped reads for the workspaces: list queries whose query count does not grow with rows.

Every list starts from a `permissions.visible_*` queryset and loads what its page shows with
select_related / prefetch / annotations; aggregation happens in the database.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from security.inputs import CONTROL
from suggestions import page_cache, status_counts, workdays
from suggestions import permissions as perms
from suggestions.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    CoSigner,
    Deputy,
    Event,
    KeySupervision,
    Status,
    Suggestion,
    Unit,
    UnitRequest,
)

INBOX_SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "number": ("suggestion__number", "id"),
    "assigned": ("-assigned_at", "-id"),
}
LIGHTS = ("red", "yellow", "green")
# Statuses in which the next move is committee staff's.
STAFF_WAITING = (Status.SUBMITTED, Status.ACCEPTED, Status.HANDLED, Status.RATED)
# Staff work queues by name (web page and API): the status whose suggestions wait in each.
STAFF_QUEUES = {
    "review": Status.SUBMITTED,
    "assign": Status.ACCEPTED,
    "check": Status.HANDLED,
    "close": Status.RATED,
}


def yellow_limit(today: dt.date | None = None) -> dt.date:
    """The last due date that is still 'due soon' (≤ DUE_SOON_WORKDAYS working days left)."""
    today = today or timezone.localdate()
    return workdays.add_workdays(today, settings.DUE_SOON_WORKDAYS).date


def traffic_light(due: dt.date | None, today: dt.date | None = None) -> str:
    if due is None:
        return "green"
    today = today or timezone.localdate()
    if due < today:
        return "red"
    left = workdays.workdays_between(today, due)
    return "yellow" if left <= settings.DUE_SOON_WORKDAYS else "green"


# The columns a list row shows. A row built from every column cost a third of a list page's
# time (long texts and encrypted contact fields decoded for nothing); the query-count tests catch
# a template that reaches for a column left out here.
ROW_FIELDS = ("id", "number", "title", "status", "created_at", "submitted_at", "lead_deputy_id")
ROW_RELATED = ("lead_deputy__name", "category__name")


def row_columns(qs: QuerySet) -> QuerySet:
    """Only what a list row (``_suggestion_row.html``, the deputy home) shows."""
    return (
        qs.select_related(None)
        .select_related("category", "lead_deputy")
        .only(*ROW_FIELDS, *ROW_RELATED)
    )


def units_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.exclude(status=AssignmentStatus.RELIEVED)
        .select_related("unit")
        .only("suggestion_id", "role", "status", "unit__name"),
        to_attr="active_assignments",
    )


def deputy_suggestions(user, *, status: str = "", newest: int | None = None) -> QuerySet:
    """A deputy's suggestions, led and co-signed, newest first, with their version for the
    rows' cache (the units are read only for the rows it lacks: `units_prefetch`). `newest`: only
    that many of the newest of each set are candidates, enough for the pages up to there (see
    `deputy_page`)."""
    did = perms.deputy_id(user)
    if newest is not None and connection.features.supports_slicing_ordering_in_compound:
        qs = Suggestion.objects.filter(pk__in=_newest_of_deputy(did, status, newest))
    else:
        qs = perms.visible_suggestions(user)
        if status in Status.values:
            qs = qs.filter(status=status)
    # A correlated count, not Count("cosigners"): the join made PostgreSQL GROUP BY every column
    # of every visible suggestion before it could take a page of them.
    invited = (
        CoSigner.objects.filter(suggestion=OuterRef("pk"), state=CoSigner.State.INVITED)
        .order_by()
        .values("suggestion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        row_columns(qs)
        .annotate(
            is_lead=Q(lead_deputy_id=did),
            pending_invites=Coalesce(Subquery(invited), 0),
            version=page_cache.version(),
        )
        .order_by("-created_at", "-id")
    )


NEWEST_FIRST = ("-created_at", "-id")


def _deputy_sets(did: int, status: str, *, for_count: bool = False) -> tuple[QuerySet, QuerySet]:
    led, cosigned_ids = perms.deputy_suggestion_sets(did)
    if for_count and status not in Status.values:
        # Counted from the co-signer rows alone (an index-only scan), without the suggestions.
        return led, cosigned_ids
    cosigned = Suggestion.objects.filter(pk__in=cosigned_ids)
    if status in Status.values:
        led, cosigned = led.filter(status=status), cosigned.filter(status=status)
    return led, cosigned


def _newest_of_deputy(did: int, status: str, k: int):
    # Sorting every suggestion a deputy ever led or co-signed to show 20 grew with their history
    # (5 ms for ~800 at 1,000,000); the led ones come newest first from their index.
    led, cosigned = _deputy_sets(did, status)
    return (
        led.order_by(*NEWEST_FIRST)
        .values("pk")[:k]
        .union(cosigned.order_by(*NEWEST_FIRST).values("pk")[:k])
    )


def deputy_suggestion_count(user, *, status: str = "") -> int:
    """How many suggestions `deputy_suggestions` lists: the two disjoint sets counted apart, in
    one statement, instead of counting their UNION."""
    did = perms.deputy_id(user)
    led, cosigned = _deputy_sets(did, status, for_count=True)
    total = (
        Deputy.objects.filter(pk=did)
        .order_by()
        .annotate(total=_count_of(led) + _count_of(cosigned))
        .values_list("total", flat=True)
        .first()
    )
    return total or 0


def _count_of(qs: QuerySet):
    # COUNT(*) as a plain function, not an aggregate (Django would GROUP BY the outer row), and
    # not COUNT(id), which would read every row instead of the index alone.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(qs.order_by().annotate(n=count).values("n"))


def deputy_page(request, *, status: str = "", size: int):
    """One page of a deputy's suggestions: counted first, so that only the newest rows up to the
    end of the asked page are candidates."""
    from suggestions.pagination import KnownCountPaginator

    total = deputy_suggestion_count(request.user, status=status)
    number = KnownCountPaginator([], size, count=total).get_page(request.GET.get("page")).number
    qs = deputy_suggestions(request.user, status=status, newest=number * size)
    return KnownCountPaginator(qs, size, count=total).get_page(number)


def cosign_invitations(user) -> QuerySet:
    did = perms.deputy_id(user)
    if did is None:
        return CoSigner.objects.none()
    return (
        CoSigner.objects.filter(
            deputy_id=did, state=CoSigner.State.INVITED, suggestion__status=Status.DRAFT
        )
        .select_related("suggestion__lead_deputy", "suggestion__category")
        .order_by("-suggestion__created_at")
    )


def invitation_box(user, limit: int = 20) -> QuerySet:
    """The newest invitations for the deputy home's box: only the columns it shows (the full
    rows joined four tables' every column, on every visit to the busiest deputy page)."""
    return (
        cosign_invitations(user)
        .select_related(None)
        .select_related("suggestion__lead_deputy")
        # The suggestion's status too: its state field reads it when the instance is built.
        .only(
            "suggestion_id",
            "suggestion__title",
            "suggestion__status",
            "suggestion__lead_deputy__name",
        )[:limit]
    )


def unit_inbox(user, *, status: str = "open", light: str = "", role: str = "", sort: str = "due"):
    """A unit's assignments with due dates; filter by status, traffic light and role."""
    qs = perms.visible_assignments(user).select_related(
        "suggestion__session", "suggestion__lead_deputy", "unit"
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN_ASSIGNMENT_STATUSES)
    elif status in AssignmentStatus.values:
        qs = qs.filter(status=status)
    if role in AssignmentRole.values:
        qs = qs.filter(role=role)
    if light in LIGHTS:
        today = timezone.localdate()
        limit = yellow_limit(today)
        qs = {
            "red": qs.filter(due_date__lt=today),
            "yellow": qs.filter(due_date__gte=today, due_date__lte=limit),
            "green": qs.filter(Q(due_date__gt=limit) | Q(due_date__isnull=True)),
        }[light]
    pending = UnitRequest.objects.filter(assignment=OuterRef("pk"), state=UnitRequest.State.PENDING)
    qs = qs.annotate(has_pending_request=Exists(pending))
    return qs.order_by(*INBOX_SORTS.get(sort, INBOX_SORTS["due"]))


def inbox_row_columns(qs: QuerySet) -> QuerySet:
    """Only what a row of the unit's inbox page shows (see ROW_FIELDS)."""
    return (
        qs.select_related(None)
        .select_related("suggestion__lead_deputy")
        .only(
            "id",
            "suggestion_id",
            "role",
            "status",
            "due_date",
            "opinion_due",
            "suggestion__number",
            "suggestion__status",  # the state machine reads it when the row is built
            "suggestion__title",
            "suggestion__lead_deputy__name",
        )
    )


def with_lights(page) -> None:
    today = timezone.localdate()
    for assignment in page:
        assignment.light = traffic_light(assignment.due_date, today)


def staff_queue(status: str) -> QuerySet:
    return (
        Suggestion.objects.filter(status=status)
        .select_related("session", "category", "lead_deputy")
        .prefetch_related(units_prefetch())
        .order_by("submitted_at", "id")
    )


def searchable(q) -> str:
    """Search text as typed, without control characters: no stored text holds them, and a NUL
    sent to PostgreSQL is an error, not an empty result."""
    return CONTROL.sub("", q or "").strip()


def suggestion_match(q: str) -> Q:
    """Suggestions whose title, content or lead deputy's name contains `q`, or numbered `q`."""
    q = searchable(q)
    cond = Q(title__icontains=q) | Q(content__icontains=q) | Q(lead_deputy__name__icontains=q)
    if q.isdigit() and len(q) < 9:
        cond |= Q(number=int(q))
    return cond


def all_suggestions(
    user, *, status: str = "", q: str = "", entered_by_staff: bool = False
) -> QuerySet:
    qs = row_columns(perms.visible_suggestions(user))
    if status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(suggestion_match(q))
    if entered_by_staff:
        qs = qs.filter(has_rating_entered_by_staff(user))
    return qs.prefetch_related(units_prefetch()).order_by("-created_at", "-id")


def pending_requests() -> QuerySet:
    return (
        UnitRequest.objects.filter(state=UnitRequest.State.PENDING)
        .select_related(
            "assignment__unit", "assignment__suggestion", "suggested_unit", "requested_by"
        )
        .order_by("created_at", "id")
    )


def unit_loads() -> QuerySet:
    """Active units with their open assignments counted in one aggregate query."""
    return (
        Unit.objects.filter(is_active=True)
        .annotate(
            open_load=Count(
                "assignments", filter=Q(assignments__status__in=OPEN_ASSIGNMENT_STATUSES)
            )
        )
        .order_by("code")
    )


def dashboard(user) -> dict:
    """Counts by status (of what `user` oversees: see `status_counts.by_status`), overdue
    assignments by unit, work waiting on staff (cached per scope until the work changes)."""
    scope = perms.oversight_scope(user)
    return status_counts.cached(f"dashboard:{scope}", lambda: _dashboard(user))


def _dashboard(user) -> dict:
    today = timezone.localdate()
    by_status = status_counts.by_status(user)
    overdue = list(
        Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES, due_date__lt=today)
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")
    )
    waiting = {s: by_status.get(s, 0) for s in STAFF_WAITING}
    return {
        "by_status": [(label, value, by_status.get(value, 0)) for value, label in Status.choices],
        "total": sum(by_status.values()),
        "overdue": overdue,
        "waiting": waiting,
        "pending_requests": UnitRequest.objects.filter(state=UnitRequest.State.PENDING).count(),
    }


def missing_calendar_years(today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    known = workdays.known_years()
    return [y for y in (today.year, today.year + 1) if y not in known]


def leader_supervisions(user) -> QuerySet:
    return (
        KeySupervision.objects.filter(leader=user)
        .select_related("suggestion__session", "suggestion__lead_deputy", "suggestion__category")
        .prefetch_related(
            Prefetch(
                "suggestion__assignments",
                queryset=Assignment.objects.exclude(status=AssignmentStatus.RELIEVED)
                .select_related("unit")
                .annotate(n_contacts=Count("contacts")),
                to_attr="active_assignments",
            )
        )
        .order_by("suggestion__number", "id")
    )


def timeline(suggestion) -> QuerySet:
    return (
        Event.objects.filter(suggestion=suggestion)
        .select_related("actor", "assignment__unit")
        .order_by("created_at", "id")
    )


def deputy_match(q: str) -> Q:
    """Deputies whose name contains `q` or whose full pinyin or initials start with it."""
    q = searchable(q)
    low = q.lower()
    return Q(name__icontains=q) | Q(pinyin__startswith=low) | Q(initials__startswith=low)


def search_deputies(q: str, *, exclude_id: int | None = None, limit: int = 10) -> QuerySet:
    """Deputies by name, full pinyin or pinyin initials (张三 by "zs")."""
    q = searchable(q)
    if not q:
        return Deputy.objects.none()
    qs = Deputy.objects.filter(is_active=True).filter(deputy_match(q))
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.select_related("group").order_by("pinyin", "name")[:limit]


def _reply_queryset():
    from suggestions.models import Reply

    return Reply.objects.select_related("assignment__unit", "signed_off_by").prefetch_related(
        "promises", "attachments"
    )


def approved_replies(suggestion) -> list:
    """The formal replies the deputies have received, every round."""
    return list(
        _reply_queryset()
        .filter(assignment__suggestion=suggestion, approved_at__isnull=False)
        .order_by("-round", "assignment__role", "id")
    )


def visible_replies(user, *, suggestion=None, assignment=None) -> QuerySet:
    """The replies of a suggestion (or of one assignment) this user may read: staff and leaders
    all, a unit its own drafts plus the approved ones, a deputy only the approved ones."""
    qs = _reply_queryset()
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    else:
        qs = qs.filter(assignment__suggestion=suggestion)
    if not perms.sees_everything(user):
        uid = perms.unit_id(user)
        own = Q(assignment__unit_id=uid) if uid is not None else Q(pk__in=[])
        qs = qs.filter(own | Q(approved_at__isnull=False))
    return qs


def _ratings_seen_by(user) -> QuerySet:
    """A deputy sees their own ratings (never a fellow deputy's); staff, leaders and the units
    see every rating (of the suggestions they see)."""
    from suggestions.models import Rating

    did = perms.deputy_id(user)
    return Rating.objects.filter(deputy_id=did) if did is not None else Rating.objects.all()


def visible_ratings(user, suggestion) -> QuerySet:
    """The ratings of `suggestion` this user sees (`_ratings_seen_by`), oldest round first; with
    who typed in those staff entered from a paper form."""
    qs = _ratings_seen_by(user).filter(suggestion=suggestion)
    return qs.select_related("deputy", "rated_by").order_by("round", "id")


def has_rating_entered_by_staff(user) -> Exists:
    """A suggestion filter: it has a rating this user sees that staff entered from a paper form
    (served by the partial index over such ratings)."""
    ratings = _ratings_seen_by(user).filter(suggestion=OuterRef("pk"), entered_by_staff=True)
    return Exists(ratings)


def replies_for(user, suggestion) -> list:
    """The web pages' replies: `visible_replies`, latest round first, lead unit first."""
    return list(
        visible_replies(user, suggestion=suggestion).order_by("-round", "assignment__role", "id")
    )


def key_supervision_of(suggestion) -> KeySupervision | None:
    """Who leads the key supervision of this suggestion, if it is a key one (read with the
    suggestion when it was loaded with ``select_related("key_supervision__leader")``)."""
    if type(suggestion).key_supervision.is_cached(suggestion):
        return getattr(suggestion, "key_supervision", None)
    return KeySupervision.objects.filter(suggestion=suggestion).select_related("leader").first()


def units_assignments(user, suggestion) -> list:
    """The assignments of this suggestion the user's unit still holds (none for other roles)."""
    uid = perms.unit_id(user)
    if uid is None:
        return []
    return list(
        Assignment.objects.filter(suggestion=suggestion, unit_id=uid)
        .exclude(status=AssignmentStatus.RELIEVED)
        .only("pk")
        .order_by("role", "id")
    )


def co_unit_opinions(assignment) -> list:
    """The co-units' written opinions a lead unit works from (none for other roles)."""
    if assignment.role != AssignmentRole.LEAD:
        return []
    return list(
        Assignment.objects.filter(suggestion_id=assignment.suggestion_id, role=AssignmentRole.CO)
        .exclude(opinion="")
        .select_related("unit")
        .order_by("opinion_at", "id")
    )


def suggestion_assignments(suggestion) -> list:
    return list(
        Assignment.objects.filter(suggestion=suggestion)
        .select_related("unit", "replaced_by__unit")
        .prefetch_related("contacts")
        .order_by("role", "id")
    )
