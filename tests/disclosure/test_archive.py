"""The deputy archive: counts per deputy, public and internal parts, constant queries."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure import archive, services
from suggestions.models import Deputy
from tests.disclosure.data import build


def test_counts_per_deputy(world):
    build(world)
    rows = {d.name: d for d in archive.deputies_with_counts(world.session)}
    zhang, li, wang = rows["张伟"], rows["李娜"], rows["王强"]
    assert (zhang.led, zhang.led_assigned, zhang.cosigned) == (8, 5, 0)
    assert (zhang.ratings_given, zhang.meetings_confirmed) == (4, 2)
    assert (li.led, li.cosigned, li.ratings_given) == (0, 8, 0)
    assert (wang.led, wang.cosigned) == (0, 0)


def test_public_record_lists_published_suggestions_only(world, client):
    known = build(world)
    p = services.publication_prepare(user=world.staff, suggestion=known.s1)
    services.publication_publish(user=world.staff, publication=p)
    page = client.get(f"/public/deputies/{world.li.deputy_id}/").content.decode()
    assert known.s1.title in page and known.s2.title not in page
    assert re.search(r'data-key="cosigned">8<', page)


def test_internal_record_is_for_staff_leaders_and_the_deputy(world, client):
    known = build(world)
    url = f"/disclosure/deputies/{world.zhang.deputy_id}/"
    for user in (world.staff, world.leader, world.zhang):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert known.s2.title in page.content.decode()
    for user in (world.li, world.traffic_handler):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_public_deputy_list_query_count_is_constant(world, client):
    build(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/public/deputies/").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(10):
        Deputy.objects.create(name=f"代表{i}", group=world.street)
    assert queries() == few


def test_public_record_drops_a_suggestion_whose_consent_was_withdrawn(world, client):
    from suggestions.models import Consent, Suggestion

    known = build(world)
    p = services.publication_prepare(user=world.staff, suggestion=known.s1)
    services.publication_publish(user=world.staff, publication=p)
    assert (
        known.s1.title in client.get(f"/public/deputies/{world.zhang.deputy_id}/").content.decode()
    )
    Suggestion.objects.filter(pk=known.s1.pk).update(publication_consent=Consent.NONE)
    page = client.get(f"/public/deputies/{world.zhang.deputy_id}/").content.decode()
    assert known.s1.title not in page
    row = next(d for d in archive.deputies_with_counts(world.session) if d.name == "张伟")
    assert row.led_published == 0
