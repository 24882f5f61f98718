"""Server time of the busiest pages and API endpoints, as p50/p95 ratios to the trivial view.

Pages are requested in-process through Django's test client, logged in as their real role;
a route that does not resolve (not merged yet) is skipped with the reason printed.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, clear_url_caches, reverse

from suggestions import page_cache
from suggestions.models import Assignment, Role, Status, Suggestion, User

# (name, url name, role, argument) — the ten-odd busiest pages and endpoints.
PAGES = [
    ("deputy home", "deputy_home", "deputy", None),
    ("unit inbox", "unit_inbox", "unit_handler", None),
    ("staff dashboard", "staff_dashboard", "staff", None),
    ("staff list", "staff_all", "staff", None),
    ("suggestion detail", "suggestion_detail", "staff", "suggestion"),
    ("assignment detail", "assignment_detail", "unit_handler", "assignment"),
    ("notifications", "notifications", "deputy", None),
    ("public list", "public:list", "public", None),
    ("public statistics", "public:statistics", "public", None),
    ("stats API", "api-stats", "staff", None),
    ("list API", "api-suggestion-list", "staff", None),
    ("public list API", "api-public-suggestions", "public", None),
    # Last: its cache misses write a new entry per request, which the others need not meet.
    ("suggestion detail, first read", "suggestion_detail", "staff", "suggestion"),
]
TRIVIAL = ("trivial view (baseline)", "bench-trivial", "staff", None)
# Pages measured as their first read after a change: the cached sections of the suggestion page
# (suggestions.page_cache) are forgotten before each request, outside its time.
FIRST_READ = {"suggestion detail, first read"}
MAX_QUERIES = 15


@dataclass
class Actors:
    """The busiest user of each role, and the objects their detail pages show."""

    users: dict
    suggestion: int
    assignment: int

    @classmethod
    def pick(cls) -> Actors:
        deputy_id = (
            Suggestion.objects.values("lead_deputy_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("lead_deputy_id", flat=True)
            .first()
        )
        unit_id = (
            Assignment.objects.values("unit_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("unit_id", flat=True)
            .first()
        )
        handler = User.objects.filter(role=Role.UNIT_HANDLER, unit_id=unit_id).first()
        assignment = (
            Assignment.objects.filter(unit_id=unit_id).order_by("-assigned_at", "-pk").first()
        )
        busy = (
            Suggestion.objects.filter(status=Status.CLOSED, assignments__isnull=False)
            .order_by("-pk")
            .first()
        )
        return cls(
            users={
                "deputy": User.objects.filter(deputy_id=deputy_id).first(),
                "unit_handler": handler,
                "staff": User.objects.filter(role=Role.STAFF).order_by("pk").first(),
                "public": None,
            },
            suggestion=busy.pk if busy else 0,
            assignment=assignment.pk if assignment else 0,
        )


def url_of(page: tuple, actors: Actors) -> str:
    """The page's path, or NoReverseMatch when its route does not exist (yet)."""
    _name, url_name, _role, arg = page
    args = {"suggestion": [actors.suggestion], "assignment": [actors.assignment], None: []}[arg]
    path = reverse(url_name, args=args)
    return path + (f"?pk={actors.suggestion}" if url_name == "bench-trivial" else "")


def client_for(role: str, actors: Actors) -> Client:
    client = Client()
    user = actors.users[role]
    if user is not None and not isinstance(user, AnonymousUser):
        client.force_login(user)
    return client


# Requests go over HTTPS, as in production (DEBUG=false redirects plain HTTP with a 301).
def query_count(client: Client, path: str, before=None) -> tuple[int, int]:
    """Status and queries of a request in an established session: the first request after a
    login also runs the once-per-session password-policy check and its session write."""
    client.get(path, secure=True)
    if before:
        before()
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, secure=True)
    return response.status_code, len(ctx.captured_queries)


class DatabaseClock:
    """Wall time spent inside the database driver's execute (round trip, planning, execution,
    reading the rows): what the rest of a request's time is not."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def timings(
    client: Client, path: str, requests: int, before=None
) -> tuple[list[float], list[float]]:
    """Server time of each request and, for each, the part of it spent in the database;
    `before` runs ahead of each request, outside its time."""
    for _ in range(3):
        client.get(path, secure=True)
    times, in_database = [], []
    for _ in range(requests):
        if before:
            before()
        clock = DatabaseClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            client.get(path, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        in_database.append(clock.ms)
    return times, in_database


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def run(report, *, requests: int = 40) -> None:
    # The second factor is a once-per-login step, not part of a page's cost: the staff pages
    # would otherwise redirect the benchmark's (unenrolled) staff user when DEBUG is off.
    with override_settings(ROOT_URLCONF="bench.urls", OTP_REQUIRED=False):
        clear_url_caches()
        try:
            _run(report, requests)
        finally:
            clear_url_caches()


def _run(report, requests: int) -> None:
    actors = Actors.pick()
    base_path = url_of(TRIVIAL, actors)
    base_client = client_for("staff", actors)
    _status, base_queries = query_count(base_client, base_path)
    base, base_db = timings(base_client, base_path, requests)
    base50, base95 = statistics.median(base), p95(base)
    report.add("page p50 · trivial view", base50, "ms")
    report.add("page p95 · trivial view", base95, "ms")
    report.add("page p50 in the database · trivial view", statistics.median(base_db), "ms")
    report.add("page queries · trivial view", base_queries, "queries")
    for page in PAGES:
        name, url_name, role, _arg = page
        try:
            path = url_of(page, actors)
        except NoReverseMatch:
            report.skip(f"page · {name}", f"route {url_name!r} does not resolve on this branch")
            continue
        client = client_for(role, actors)
        before = page_cache.forget_all if name in FIRST_READ else None
        status, queries = query_count(client, path, before)
        if status != 200:
            report.skip(f"page · {name}", f"GET {path} as {role} answered {status}")
            continue
        times, in_database = timings(client, path, requests, before)
        report.add(f"page p50 · {name}", statistics.median(times), "ms", baseline=base50)
        # Where the time goes: the rest of a request is Python (ORM, templates, middleware).
        report.add(
            f"page p50 in the database · {name}",
            statistics.median(in_database),
            "ms",
            baseline=statistics.median(times),
            note="ratio: the database's share of the page's p50",
        )
        report.add(
            f"page p95 · {name}", p95(times), "ms", baseline=base95, target="<= 3x trivial p95"
        )
        report.add(f"page queries · {name}", queries, "queries", target=f"<= {MAX_QUERIES}")
