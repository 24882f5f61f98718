"""The timeline tells a rating's grades only to its own deputy and to those who see internal
details: a co-signer never reads the lead deputy's grades there (nor elsewhere)."""

import pytest

from tests import steps
from tests.web.helpers import client_for, url

pytestmark = pytest.mark.django_db


def _rated_event(client, suggestion) -> str:
    page = client.get(url("suggestion_detail", suggestion.pk)).content.decode()
    start = page.index('data-verb="rated"')
    return page[start : page.index("</li>", start)]


def test_lead_deputy_reads_their_grades_in_the_timeline(world):
    s = steps.rated(world, result="dissatisfied")
    event = _rated_event(client_for(world.zhang), s)
    assert "结果: 不满意" in event and "dissatisfied" not in event  # in words, not stored values


def test_co_signer_reads_that_the_lead_rated_but_not_the_grades(world):
    s = steps.rated(world, result="dissatisfied")
    event = _rated_event(client_for(world.li), s)
    assert "满意" not in event and "satisfied" not in event


def test_staff_read_the_grades(world):
    s = steps.rated(world, result="dissatisfied")
    assert "结果: 不满意" in _rated_event(client_for(world.staff), s)
