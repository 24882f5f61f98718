"""The deputy home lists led and co-signed suggestions newest first, page by page: only the
newest rows up to the asked page are candidates, and every page still shows exactly the rows a
full sort would (on PostgreSQL through a UNION of two limited sets; SQLite sorts them all)."""

from __future__ import annotations

import pytest

from suggestions import services
from suggestions.models import Suggestion
from tests.web.helpers import client_for, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """45 suggestions zhang sees: the 20 oldest led by li with zhang invited to co-sign, the 25
    newest led by zhang (so that the first page takes only led ones, the last only co-signed),
    one zhang declined (not seen), and li's own that zhang has nothing to do with."""
    for i in range(45):
        cosigned = i < 20
        lead, co = (world.li, [world.zhang.deputy_id]) if cosigned else (world.zhang, [])
        services.suggestion_create(
            user=lead, session=world.session, title=f"建议{i:02d}", content="内容", co_signers=co
        )
    declined = services.suggestion_create(
        user=world.li,
        session=world.session,
        title="谢绝",
        content="内容",
        co_signers=[world.zhang.deputy_id],
    )
    services.cosign_decline(user=world.zhang, suggestion=declined)
    services.suggestion_create(user=world.li, session=world.session, title="无关", content="内容")
    return [f"建议{i:02d}" for i in reversed(range(45))]


def _titles(response) -> list[str]:
    return [s.title for s in response.context["page"]]


def test_every_page_shows_the_rows_of_a_full_sort(world, many):
    client = client_for(world.zhang)
    for number in (1, 2, 3):
        response = client.get(url("deputy_home"), {"page": number})
        assert _titles(response) == many[(number - 1) * 20 : number * 20]
        assert response.context["page"].paginator.count == 45


def test_a_page_past_the_end_shows_the_last_and_a_bad_one_the_first(world, many):
    client = client_for(world.zhang)
    assert _titles(client.get(url("deputy_home"), {"page": 99})) == many[40:]
    assert _titles(client.get(url("deputy_home"), {"page": "abc"})) == many[:20]


def test_status_filter_counts_and_pages_within_the_status(world, many):
    submitted = Suggestion.objects.filter(title__in=many[:7], lead_deputy=world.zhang.deputy)
    for s in submitted:
        services.suggestion_submit(user=world.zhang, suggestion=s)
    response = client_for(world.zhang).get(url("deputy_home"), {"status": "submitted"})
    expected = [t for t in many if t in {s.title for s in submitted}]
    assert _titles(response) == expected and response.context["page"].paginator.count == 7


def test_is_lead_and_co_signing_are_told_apart(world, many):
    client = client_for(world.zhang)
    first, last = (client.get(url("deputy_home"), {"page": n}).context["page"] for n in (1, 3))
    assert {s.title: s.is_lead for s in first}["建议43"] is True
    assert {s.title: s.is_lead for s in last}["建议04"] is False
