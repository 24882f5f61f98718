"""The statistics and public endpoints of /api/v1/: shapes, roles and errors."""

from tests.disclosure.data import build

RATE_KEYS = {
    "reply_rate",
    "on_time_rate",
    "meeting_rate",
    "feedback_rate",
    "satisfied_rate",
    "basically_satisfied_rate",
    "dissatisfied_rate",
    "satisfied_or_basic_rate",
    "solved_rate",
    "solved_or_planned_rate",
    "fulfilment_rate",
}
COUNT_KEYS = {
    "assigned",
    "replied",
    "rated",
    "met",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "class_a",
    "class_b",
    "class_c",
    "class_d",
}


def test_stats_for_staff_have_the_contract_shape(world, client):
    build(world)
    client.force_login(world.staff)
    data = client.get(f"/api/v1/stats/?session={world.session.pk}").json()
    assert set(data) >= COUNT_KEYS | RATE_KEYS
    assert data["reply_rate"] == {"numerator": 4, "denominator": 5, "value": 0.8}
    assert data["process"]["satisfied_rate"]["denominator"] == 3
    assert {"by_unit", "by_category", "by_group"} <= set(data)
    first = client.get(f"/api/v1/stats/?session={world.session.pk}&round=first").json()
    assert (first["round"], first["dissatisfied"]) == ("first", 1)


def test_stats_are_for_staff_and_leaders_only(world, client):
    client.force_login(world.leader)
    assert client.get("/api/v1/stats/").status_code == 200
    client.force_login(world.zhang)
    response = client.get("/api/v1/stats/")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "code"}
    client.logout()
    response = client.get("/api/v1/stats/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_bad_parameters_get_clear_errors(world, client):
    client.force_login(world.staff)
    bad = client.get("/api/v1/stats/?session=abc")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert "session" in bad.json()["fields"]
    assert client.get("/api/v1/stats/?round=second").status_code == 400
    for odd in ("99999999999999999999999", "²", "-1", "0"):
        assert client.get(f"/api/v1/stats/?session={odd}").status_code == 400, odd
    missing = client.get("/api/v1/stats/?session=99999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_public_stats_need_no_login_and_omit_deputies(world, client):
    build(world)
    data = client.get(f"/api/v1/public/stats/?session={world.session.pk}").json()
    assert data["assigned"] == 5 and "by_deputy" not in data


def test_schema_documents_the_endpoints(world, client):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/v1/stats/", "/api/v1/public/stats/", "/api/v1/public/suggestions/"):
        assert path in schema["paths"], path
    stats = schema["components"]["schemas"]["Stats"]["properties"]
    assert "reply_rate" in stats and "by_unit" in stats
