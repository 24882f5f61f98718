"""Numbers beyond PostgreSQL's integer and bigint, negative numbers and NUL characters in every
query parameter and path id of every GET operation of /api/v1/: an answer of 400 or 404 (or the
parameter is ignored), never a server error."""

from __future__ import annotations

import re

import pytest

from tests import steps
from tests.api.client import Api
from tests.web.test_hostile_input import _try as attempt

pytestmark = pytest.mark.django_db

HOSTILE = ["2147483648", "9223372036854775808", "99999999999999999999", "-1", "\x00"]


def _get_operations(api: Api):
    schema = api.client.get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        if "get" in operations:
            params = [p["name"] for p in operations["get"].get("parameters", [])]
            yield path, params


def _try(failures, api, path, params=None):
    return attempt(failures, f"{path} {params}", lambda: api.client.get(path, params or {}))


@pytest.mark.parametrize("who", ["staff", "zhang", "traffic_handler"])
def test_hostile_numbers_in_api_paths_and_queries_are_never_a_server_error(world, who):
    steps.replied(world, title="已答复")
    api = Api(getattr(world, who))
    failures: list[str] = []
    operations = list(_get_operations(api))
    assert len(operations) > 20
    for path, params in operations:
        ids = re.findall(r"\{(\w+)\}", path)
        if ids:
            for value in HOSTILE[:4]:
                url = re.sub(r"\{\w+\}", value, path)
                response = _try(failures, api, url)
                if response is not None:
                    assert response.status_code in (400, 403, 404), (url, response.status_code)
            continue
        for name in params:
            for value in HOSTILE:
                _try(failures, api, path, {name: value})
    assert not failures, "\n".join(failures)
