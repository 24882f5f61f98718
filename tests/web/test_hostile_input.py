"""Hostile and malformed values in every query parameter and every form field of the web pages,
for every role: never a server error, and a refused form saves nothing.

Each role's pages are found by following its links from every page without an id (as a person
would click through); the query parameters a page reads are recorded while it answers, and its
forms are read from its HTML. Then every parameter gets every hostile value of its kind (numbers
beyond 32 and 64 bits, negative numbers, non-numbers, impossible dates, NUL characters, very long
text, repeated parameters) and every form field too. PostgreSQL is where overflow and NUL bytes
fail, so run this there as well as on SQLite.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from disclosure import services as disclosure
from suggestions import services
from suggestions.models import Role, User
from tests import steps
from tests.followup.test_crawl import _everything as followup_everything
from tests.web.helpers import client_for
from tests.web.test_crawl import _patterns, _world_with_everything

pytestmark = pytest.mark.django_db

LONG = "长" * 10_000
NUMBERS = [
    "2147483648",  # 2^31: beyond PostgreSQL's integer
    "9223372036854775808",  # 2^63: beyond bigint
    "99999999999999999999",
    "-1",
    "0",
    "1.5",
    "x",
    "１２",  # full-width digits: str.isdigit() says yes, int() reads 12
]
DATES = ["2026-02-30", "99999-01-01", "0000-01-01", "x"]
TEXTS = ["\x00", "a\x00b", LONG]
# For a query parameter: whatever it means, each kind of number, date and text it could choke on.
QUERY_VALUES = [NUMBERS[0], NUMBERS[2], "x", DATES[0], TEXTS[1], LONG]
# Never visited: they end the session, change the language, or are another test's business.
SKIP_PATH = re.compile(r"logout|/i18n/|/admin/|/api/")
# Links not followed: downloads (those without an id are visited from the start).
DOWNLOAD = re.compile(r"\.(xlsx|docx|pdf|csv|json|svg)$")
# Forms never posted: logging out, switching language, signing in as someone else.
SKIP_ACTION = re.compile(r"logout|/i18n/|/login/|/otp/")
PER_PATTERN = 3  # pages visited per URL pattern: enough to meet each state's forms
PAGED_PAGES = 4  # pages whose `page` parameter is tried even if they do not read it
SHARDS = 2  # the query test's pages are split in this many tests, to run in parallel
DOMAIN_APPS = ("suggestions", "followup", "office", "disclosure", "delivery", "notifications")
DOMAIN_TABLES = {
    m._meta.db_table: m for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()
}


# -- recording the query parameters a page reads ------------------------------------------------

READ: set[str] = set()


class RecordingQueryDict(QueryDict):
    """request.GET that notes every key the view asks for (forms, filters, paginators)."""

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        READ.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        READ.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)


class RecordReads:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET.__class__ = RecordingQueryDict
        return self.get_response(request)


@pytest.fixture(autouse=True)
def _record_reads(settings):
    settings.MIDDLEWARE = [f"{__name__}.RecordReads", *settings.MIDDLEWARE]


# -- reading pages -----------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Links and POST forms of a page: each form as (action, [(name, kind, value, options)])."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, list]] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option":
            self._option(a)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            post = (a.get("method") or "get").lower() == "post"
            self._form = (a.get("action") or "", []) if post else None
            if post:
                self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                # Unchecked: offered, but sent only with the hostile value.
                self._form[1].append((a["name"], kind, None, [a.get("value", "on")]))
            elif kind not in ("submit", "button", "reset", "image"):
                self._form[1].append((a["name"], kind, a.get("value", ""), []))
        elif tag == "textarea":
            self._form[1].append((a["name"], "textarea", "", []))
        elif tag == "select":
            self._select = (a["name"], "select", None, [])
            self._form[1].append(self._select)
        elif tag == "button" and a.get("value") is not None:
            self._form[1].append((a["name"], "button", a["value"], []))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def _option(self, a):
        if self._select is not None and a.get("value"):
            self._select[3].append(a["value"])


def _parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def _pattern_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


# -- the world ---------------------------------------------------------------------------------


def _rich_world(world):
    """Suggestions at every stage, promises, key items, a survey, a published suggestion and
    notifications, so the pages show every kind of form."""
    _world_with_everything(world)
    followup_everything(world)
    steps.submitted(world, title="待审查建议", cosign=False)
    steps.accepted(world, title="待交办建议", cosign=False)
    signed = steps.assigned(world, title="已签收建议", cosign=False)
    services.assignment_sign(
        user=world.traffic_handler, assignment=steps.assignment_of(signed, world.traffic)
    )
    steps.handled(world, title="待审核答复", cosign=False)
    steps.draft(world, title="草稿建议")
    public = steps.replied(world, title="公开建议", cosign=False)
    publication = disclosure.publication_prepare(user=world.staff, suggestion=public)
    disclosure.publication_publish(user=world.staff, publication=publication)


ROLES = {
    "anonymous": None,
    "deputy": "zhang",
    "cosigner": "li",
    "other_deputy": "wang",
    "staff": "staff",
    "leader": "leader",
    "handler": "traffic_handler",
    "head": "traffic_head",
    "edu_handler": "edu_handler",
    "sysadmin": "sysadmin",
}


def _client(world, role: str) -> Client:
    name = ROLES[role]
    if name is None:
        return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if name == "sysadmin":
        user, _ = User.objects.get_or_create(username="sys", defaults={"role": Role.SYSADMIN})
    else:
        user = getattr(world, name)
    return client_for(user)


def _crawl(client: Client, per_pattern_limit: int = PER_PATTERN) -> dict[str, str]:
    """The pages (path → HTML, or "" for other content) a role reaches from every page without
    an id by following links."""
    queue = [reverse(name) for name, _route, params in _patterns() if not params]
    queue = [p for p in queue if not SKIP_PATH.search(p)]
    seen, pages, per_pattern = set(queue), {}, {}
    while queue:
        path = queue.pop(0)
        name = _pattern_name(path)
        if name is None or per_pattern.get(name, 0) >= per_pattern_limit:
            continue
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200:
            continue
        per_pattern[name] = per_pattern.get(name, 0) + 1
        if "html" not in response.get("Content-Type", ""):
            pages[path] = ""  # a download or JSON: its parameters are tried, it has no links
            continue
        html = response.content.decode()
        pages[path] = html
        for href in _parse(html).links:
            link = urlsplit(urljoin(path, href))
            if link.netloc or SKIP_PATH.search(link.path) or DOWNLOAD.search(link.path):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def _try(failures: list, label: str, call):
    try:
        response = call()
    except Exception as exc:  # the test client re-raises the view's exception
        failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    if response.status_code >= 500:
        failures.append(f"{label}: {response.status_code}")
        return None
    return response


# -- hostile query strings ---------------------------------------------------------------------


def _read_params(client: Client, path: str) -> set[str]:
    READ.clear()
    client.get(path)
    return set(READ) - {"csrfmiddlewaretoken"}


def _hostile_queries(params: set[str]):
    """One parameter at a time with each value; each one repeated (-1, 2^63, year 99999); all
    at once."""
    for param in sorted(params):
        for value in QUERY_VALUES:
            yield urlencode({param: value})
        yield urlencode([(param, "-1"), (param, NUMBERS[1]), (param, DATES[1])])
    if len(params) > 1:
        for value in (NUMBERS[1], TEXTS[0]):
            yield urlencode(dict.fromkeys(sorted(params), value))


def _query_targets(world) -> list[tuple[str, str, str, set[str]]]:
    """(pattern, role, path, parameters read) of every page some role reaches: each pattern
    once, by the first role (in ROLES order) that reaches it."""
    targets: dict[str, tuple] = {}
    paged = 0
    for role in ROLES:
        client = _client(world, role)
        for path, html in _crawl(client, per_pattern_limit=1).items():
            name = _pattern_name(path)
            if name not in targets:
                params = _read_params(client, path)
                if html and paged < PAGED_PAGES:  # one paginator serves all: a few pages will do
                    paged, params = paged + 1, params | {"page"}
                targets[name] = (role, path, params)
    return [(name, *targets[name]) for name in sorted(targets)]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_query_strings_never_give_a_server_error(world, shard):
    _rich_world(world)
    targets = _query_targets(world)[shard::SHARDS]
    clients = {role: _client(world, role) for role in {t[1] for t in targets}}
    failures: list[str] = []
    count = 0
    for _name, role, path, params in targets:
        base = urlsplit(path).path
        for query in _hostile_queries(params):
            count += 1
            label = f"{role} GET {base}?{query[:120]}"
            _try(failures, label, lambda b=base, q=query, c=clients[role]: c.get(f"{b}?{q}"))
    print(f"shard {shard}: {len(targets)} pages, {count} hostile queries")
    assert count > 100
    assert not failures, "\n".join(failures)


# -- hostile form fields -----------------------------------------------------------------------


def _plausible(name: str, kind: str, value, options: list) -> str | None:
    """What a person would send in the field: its shown value, else something valid-looking."""
    if value:
        return value
    if kind in ("checkbox", "radio"):
        return None
    if options:
        return options[0]
    if kind == "date" or "date" in name:
        return (dt.date.today() + dt.timedelta(days=30)).isoformat()
    if kind == "number":
        return "1"
    if kind == "file":
        return None
    return "测试内容"


def _hostile_values(kind: str, name: str) -> list[str]:
    if kind == "date" or "date" in name:
        return [*DATES[:2], TEXTS[1]]
    if kind in ("textarea", "text", "search") and not name.endswith(("id", "pk")):
        return TEXTS[1:]
    if kind == "file":
        return []
    # Choices, ids, numbers, hidden fields, buttons: wrong choices and out-of-range numbers.
    return [NUMBERS[0], NUMBERS[2], "x", TEXTS[1], LONG]


def _counts(tables) -> dict[str, int]:
    return {t: DOMAIN_TABLES[t].objects.count() for t in tables}


def _written_tables(queries) -> set[str]:
    tables = set()
    for q in queries:
        sql = q["sql"]
        m = re.match(r'\s*(?:INSERT INTO|DELETE FROM)\s+"?([\w]+)"?', sql, re.I)
        if m and m.group(1) in DOMAIN_TABLES:
            tables.add(m.group(1))
    return tables


def _forms(pages: dict[str, str]):
    """Each POST form once per (action pattern, field names), with the page it was found on."""
    seen = set()
    for path, html in pages.items():
        for action, fields in _parse(html).forms:
            target = urljoin(path, action) if action else path
            if SKIP_ACTION.search(target):
                continue
            key = (_pattern_name(target), tuple(sorted(f[0] for f in fields)))
            if key not in seen:
                seen.add(key)
                yield target, fields


def _fuzz_forms(client, pages, failures) -> int:
    count = 0
    # Row counts of the domain tables, kept current: refreshed after every accepted form.
    snapshot = _counts(DOMAIN_TABLES)
    for target, fields in _forms(pages):
        plausible = {}
        for name, kind, value, options in fields:
            v = _plausible(name, kind, value, options)
            if v is not None and name != "csrfmiddlewaretoken":
                plausible.setdefault(name, v)
        for name, kind, _value, _options in fields:
            if name == "csrfmiddlewaretoken":
                continue
            for bad in _hostile_values(kind, name):
                data = {**plausible, name: bad}
                label = f"POST {target} {name}={bad[:30]!r}"
                count += 1
                with CaptureQueriesContext(connection) as ctx:
                    response = _try(failures, label, lambda t=target, d=data: client.post(t, d))
                if response is None or response.status_code in (301, 302, 303):
                    # Accepted (the value was fine for this field), or already reported.
                    snapshot = _counts(DOMAIN_TABLES)
                    continue
                # Refused: whatever was inserted or deleted on the way must have been undone.
                written = _written_tables(ctx.captured_queries)
                after = _counts(written)
                if any(after[t] != snapshot[t] for t in written):
                    failures.append(f"{label}: refused ({response.status_code}) but saved {after}")
                    snapshot = _counts(DOMAIN_TABLES)
    return count


# The co-signer, the unrelated deputy and the second unit see the same kinds of forms as the
# deputy and the handler (their pages are still crawled for the query test); left out for time.
FORM_ROLES = ["anonymous", "deputy", "staff", "leader", "handler", "head", "sysadmin"]


@pytest.mark.parametrize("role", FORM_ROLES)
def test_hostile_form_values_never_give_a_server_error_nor_half_save(world, role):
    _rich_world(world)
    client = _client(world, role)
    pages = _crawl(client)
    failures: list[str] = []
    posts = _fuzz_forms(client, pages, failures)
    print(f"{role}: {len(pages)} pages, {posts} hostile posts")
    assert not failures, "\n".join(failures)
