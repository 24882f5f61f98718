"""Everything a person can do in the web workspaces is possible through the API (issue 4): every
named web route appears in `suggestions.api.parity.PARITY`, and every operation it names exists in
the generated OpenAPI schema. A new page without an API counterpart fails here."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from suggestions.api.parity import NOT_FEATURES, PARITY, WEB_ONLY, web_only

# Not web workspaces: Django's admin, the language switch, the API itself, static and media files.
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/", "^api/", "static/", "media/")


def _web_routes(resolver=None, prefix: str = "", namespace: str | None = None):
    """(route, name) of every URL pattern outside the skipped prefixes, names namespaced."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _web_routes(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name


@pytest.fixture(scope="module")
def operation_ids() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {op["operationId"] for item in schema["paths"].values() for op in item.values()}


def test_every_web_route_has_a_name():
    nameless = [route for route, name in _web_routes() if not name]
    assert nameless == []


def test_every_web_page_has_an_api_counterpart_or_a_reason():
    names = {name for _route, name in _web_routes()} - NOT_FEATURES
    missing = sorted(names - set(PARITY))
    assert missing == [], f"web pages without an entry in suggestions/api/parity.py: {missing}"


def test_the_mapping_names_only_real_web_pages():
    names = {name for _route, name in _web_routes()}
    assert sorted(set(PARITY) - names) == []
    assert sorted(NOT_FEATURES - names) == []


def test_every_mapped_operation_exists_in_the_schema(operation_ids):
    unknown = {
        page: [op for op in ops if op not in operation_ids]
        for page, ops in PARITY.items()
        if not isinstance(ops, str)
    }
    assert {page: ops for page, ops in unknown.items() if ops} == {}
    assert all(ops for ops in PARITY.values())


def test_web_only_pages_are_rare_and_say_why():
    only = web_only()
    assert set(only) == {"suggestion_chart"}
    for reason in only.values():
        assert reason.startswith(WEB_ONLY) and len(reason) > len(WEB_ONLY) + 20
