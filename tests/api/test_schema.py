"""The OpenAPI schema validates without warnings and documents every action's body and error;
the interactive docs load their assets from this server, not a CDN."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

from suggestions.actions import ASSIGNMENT_ACTIONS, SUGGESTION_ACTIONS
from suggestions.api.assignment_views import SPECS as ASSIGNMENT_SPECS
from suggestions.api.suggestion_actions import SPECS as SUGGESTION_SPECS


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    # --fail-on-warn: any warning (unresolvable field, enum clash, ...) fails this test.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def _ref_name(content: dict) -> str:
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    "kind,specs", [("suggestions", SUGGESTION_SPECS), ("assignments", ASSIGNMENT_SPECS)]
)
def test_every_action_is_documented_with_its_body_and_errors(schema, kind, specs):
    names = {s.name for s in specs}
    assert names == set(SUGGESTION_ACTIONS if kind == "suggestions" else ASSIGNMENT_ACTIONS)
    for spec in specs:
        operation = schema["paths"][f"/api/v1/{kind}/{{id}}/actions/{spec.name}/"]["post"]
        responses = operation["responses"]
        assert _ref_name(responses["400"]["content"]) == "ValidationError"
        assert _ref_name(responses["409"]["content"]) == "StateError"
        assert _ref_name(responses["403"]["content"]) == "StateError"
        assert _ref_name(responses["404"]["content"]) == "Error"
        assert _ref_name(responses["401"]["content"]) == "Error"
        if spec.body is not None:
            body = _ref_name(operation["requestBody"]["content"])
            assert body in schema["components"]["schemas"]
        else:
            assert "requestBody" not in operation


def test_error_shapes_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    assert set(components["StateError"]["properties"]) == {"detail", "code", "status"}
    assert components["ValidationError"]["required"] == ["code", "detail", "fields"]


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "403", "404"} <= codes, (method, path)
            if not path.startswith("/api/v1/auth/"):
                assert "401" in codes, (method, path)


def test_rate_body_lists_the_grades(schema):
    rate = schema["components"]["schemas"]["RateBodyRequest"]
    assert set(rate["required"]) == {"process", "result", "met"}


def test_docs_page_uses_local_swagger_assets(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/suggestions/" in schema.content
