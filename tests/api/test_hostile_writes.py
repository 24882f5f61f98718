"""Hostile JSON bodies to every write operation of /api/v1/ (found in the schema), sent as a
persona allowed to call it, at an object in the state it needs: each field of the body set to
numbers beyond 32 and 64 bits, negative numbers, impossible dates, NUL characters, 10,000
characters and values of the wrong type; and bodies that are not JSON or not an object.

Never a server error; a 400 names the fields it refuses; a refused request changes no row of
the domain tables. Every request runs in a transaction rolled back afterwards, so each one meets
the same state. NUL characters and overflowing numbers fail only on PostgreSQL: run it there too.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.client import encode_multipart
from django.test.utils import CaptureQueriesContext

from followup.models import PromiseUpdate
from tests.api.client import Api
from tests.api.hostile_stage import SCENARIOS, body_for, build, target_pk, user_for
from tests.followup.helpers import closed_b_reply
from tests.web.test_hostile_input import DOMAIN_TABLES

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
LONG = "长" * 10_000
SCALARS = [
    2**31,  # beyond PostgreSQL's integer
    2**63,  # beyond bigint
    10**20,
    -1,
    -(2**63) - 1,
    "2147483648",
    "9223372036854775808",
    "2026-02-30",
    "99999-01-01",
    "\x00",
    "a\x00b",
    LONG,
    1.5,
    "x",
]
WRONG_TYPES = [[], [1, 2], {}, {"a": 1}, None, True, False]
# Bodies that are not an object, or not JSON at all.
RAW_BODIES = [
    ("application/json", "[]"),
    ("application/json", "[1, 2]"),
    ("application/json", '"text"'),
    ("application/json", "12"),
    ("application/json", "null"),
    ("application/json", "{"),
    ("application/json", '{"a": 1e999999}'),
    ("application/json", "\x00"),
    ("text/plain", "x"),
]
SHARDS = 3
BOUNDARY = "HostileWritesBoundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
# A hostile value refused through another field's message, on purpose: signing in never says
# which of name and password was wrong; SMS needs the phone number of the body; an empty list of
# answers is refused per unit left unanswered (keyed "<unit>.<field>", like the web form).
ANSWERED_ELSEWHERE = {
    ("POST /api/v1/auth/token/", "username"),
    ("POST /api/v1/auth/password/", "username"),
    ("PUT /api/v1/me/preferences/", "sms"),
    ("POST /api/v1/surveys/{id}/actions/answer/", "answers"),
}


def _schema(api: Api) -> dict:
    return api.client.get("/api/schema/", {"format": "json"}).json()


def _write_operations(schema: dict) -> dict[str, tuple[str, dict]]:
    """{"METHOD path": (content type, the schema of its body or {})}, every write operation."""
    components = schema["components"]["schemas"]
    found = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITE_METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            content_type, body = next(iter(content.items()), ("application/json", {}))
            found[f"{method.upper()} {path}"] = (
                content_type,
                _resolve(body.get("schema", {}), components),
            )
    return found


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    return components[ref.rsplit("/", 1)[-1]] if ref else schema


def _fields(body_schema: dict, components: dict) -> dict[str, dict]:
    return {
        name: _resolve(field, components)
        for name, field in body_schema.get("properties", {}).items()
        if not field.get("readOnly")
    }


def _values_for(field: dict, components: dict, valid) -> list:
    """The hostile values of a field; a list field also gets them as its items, a list of
    objects gets objects with each of their fields hostile (the others as in `valid`'s first
    item), and a field of any JSON gets objects with hostile keys and values."""
    values = SCALARS + WRONG_TYPES
    if field.get("type") == "array":
        item = _resolve(field.get("items", {}), components)
        values = values + [[v] for v in SCALARS + [None, {}, []]]
        base = valid[0] if isinstance(valid, list) and valid and isinstance(valid[0], dict) else {}
        for name in item.get("properties", {}):
            values += [[{**base, name: v}] for v in SCALARS + [None, []]]
    elif "type" not in field or field.get("type") == "object":
        values = values + [{"a": v} for v in SCALARS] + [{"\x00": 1}, {LONG: 1}]
    if isinstance(valid, dict):
        values = values + [changed for v in SCALARS for changed in _leaves_replaced(valid, v)]
    return values


def _leaves_replaced(value, hostile):
    """Copies of a nested dict with one leaf (and one key) at a time replaced by `hostile`."""
    if not isinstance(value, dict):
        yield hostile
        return
    for key, inner in value.items():
        for changed in _leaves_replaced(inner, hostile):
            yield {**value, key: changed}
        if isinstance(hostile, str):
            yield {**{k: v for k, v in value.items() if k != key}, hostile: inner}


def test_every_write_operation_has_a_scenario(world):
    """A new write route fails here until it gets a persona, an object and a body above."""
    operations = _write_operations(_schema(Api(world.staff)))
    assert len(operations) > 60
    assert set(operations) == set(SCENARIOS)


def _snapshot(tables) -> dict:
    return {
        t: sorted(map(repr, DOMAIN_TABLES[t].objects.order_by("pk").values_list())) for t in tables
    }


def _written_tables(queries) -> set[str]:
    tables = set()
    for q in queries:
        m = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', q["sql"] or "", re.I)
        if m and m.group(1) in DOMAIN_TABLES:
            tables.add(m.group(1))
    return tables


class Fuzzer:
    """Sends one operation's hostile requests, each rolled back, and collects what went wrong."""

    def __init__(self, objects: dict):
        self.objects = objects
        self.failures: list[str] = []
        self.sent = 0
        self.statuses: Counter = Counter()
        self.before = _snapshot(DOMAIN_TABLES)  # the same for every request: all are rolled back

    def send(self, key, field, label: str, api: Api, url: str, data, content_type: str):
        self.sent += 1
        method = key.split(" ", 1)[0]
        label = label[:160]
        call = getattr(api.client, method.lower())
        # The log keeps 9,000 queries; once full, CaptureQueriesContext would see none.
        connection.queries_log.clear()
        cache.clear()  # throttles: the sign-in endpoints would answer 429 before the body
        with transaction.atomic():
            with CaptureQueriesContext(connection) as ctx:
                try:
                    response = call(url, data, content_type=content_type)
                except Exception as exc:  # the test client re-raises the view's exception
                    self.failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
                    transaction.set_rollback(True)
                    return None
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.failures.append(f"{label}: {response.status_code}")
            elif response.status_code >= 400:
                self._check_refusal(key, field, label, response, ctx.captured_queries)
            transaction.set_rollback(True)
        return response

    def _check_refusal(self, key, field, label, response, queries):
        body = response.json() if response.content else {}
        if "detail" not in body or "code" not in body:
            self.failures.append(f"{label}: {response.status_code} without detail/code: {body}")
        fields = body.get("fields") or {}
        if response.status_code == 400 and body.get("code") == "invalid" and not fields:
            self.failures.append(f"{label}: 400 without field messages: {body}")
        named = any(k.split(".")[0] == field for k in fields)
        if field and fields and not named and (key, field) not in ANSWERED_ELSEWHERE:
            self.failures.append(f"{label}: the messages are about other fields: {fields}")
        written = _written_tables(queries)
        after = _snapshot(written)
        changed = [t for t in written if after[t] != self.before[t]]
        if changed:
            self.failures.append(f"{label}: refused ({response.status_code}) but changed {changed}")


def _url(key: str, objects: dict) -> str:
    scenario = SCENARIOS[key]
    path = key.split(" ", 1)[1]
    if scenario.target:
        path = path.replace("{id}", str(target_pk(objects, scenario.target)))
    return path.replace("{kind}", scenario.kind or "")


def _fuzz(fuzzer: Fuzzer, key: str, content_type: str, body_schema: dict, components) -> None:
    scenario = SCENARIOS[key]
    api = Api(user_for(fuzzer.objects, scenario.persona))
    url = _url(key, fuzzer.objects)
    valid = body_for(fuzzer.objects, scenario)
    for field_name, field in _fields(body_schema, components).items():
        if content_type == "multipart/form-data":
            # Files are test_hostile_uploads' business; the text fields beside them are ours.
            if field.get("format") != "binary" and field.get("type") != "array":
                for value in map(str, SCALARS):
                    data = encode_multipart(BOUNDARY, {**valid, field_name: value})
                    label = f"{key} {field_name}={value!r}"
                    fuzzer.send(key, field_name, label, api, url, data, MULTIPART)
            continue
        for value in _values_for(field, components, valid.get(field_name)):
            data = json.dumps({**valid, field_name: value})
            label = f"{key} {field_name}={value!r}"
            fuzzer.send(key, field_name, label, api, url, data, "application/json")
    for raw_type, raw in RAW_BODIES:
        fuzzer.send(key, None, f"{key} body {raw!r}", api, url, raw, raw_type)


def _accepted(key: str, objects: dict) -> int:
    """The status of the scenario's own body: proof that persona, object and body fit."""
    scenario = SCENARIOS[key]
    method = key.split(" ", 1)[0]
    api = Api(user_for(objects, scenario.persona))
    with transaction.atomic():
        response = getattr(api.client, method.lower())(
            _url(key, objects),
            json.dumps(body_for(objects, scenario)),
            content_type="application/json",
        )
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_bodies_to_write_operations_are_refused_cleanly(world, shard):
    objects = build(world)
    schema = _schema(Api(world.staff))
    components = schema["components"]["schemas"]
    operations = sorted(_write_operations(schema).items())[shard::SHARDS]
    fuzzer = Fuzzer(objects)
    for key, (content_type, body_schema) in operations:
        _fuzz(fuzzer, key, content_type, body_schema, components)
    print(
        f"shard {shard}: {len(operations)} operations, {fuzzer.sent} hostile requests, {dict(fuzzer.statuses)}"
    )
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:200])


# Operations whose scenario body is refused on purpose: the uploads need files (sent by
# tests/security/test_hostile_uploads.py), an import's commit the token of a real upload.
REFUSED_BY_DESIGN = {
    "POST /api/v1/office/imports/{kind}/preview/",
    "POST /api/v1/office/imports/{kind}/commit/",
    "POST /api/v1/assignments/{id}/attachments/",
    "POST /api/v1/promises/{id}/updates/",
}


def test_each_scenario_reaches_its_operation(world):
    """The fuzzing means something only if persona, object and body pass every check: the
    scenario's own body is accepted (rolled back)."""
    objects = build(world)
    refused = {}
    for key in SCENARIOS:
        if key in REFUSED_BY_DESIGN:
            continue
        status = _accepted(key, objects)
        if status >= 300:
            refused[key] = status
    assert refused == {}


def test_progress_text_with_a_nul_is_refused_on_every_database(world):
    """The progress upload reads its text outside a serializer: the follow-through services'
    text check refuses the NUL (a server error on PostgreSQL) on SQLite too, in Chinese."""
    _, reply = closed_b_reply(world, days=(30,))
    promise = reply.promises.get()
    api = Api(world.traffic_handler, lang="zh-hans")
    body = encode_multipart(BOUNDARY, {"text": "进展\x00"})
    response = api.client.post(
        f"/api/v1/promises/{promise.pk}/updates/", body, content_type=MULTIPART
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"text": ["文字中含有无法保存的控制字符。"]}
    assert not PromiseUpdate.objects.filter(promise=promise).exists()
