"""The top bar's unread count is cached per reader and follows every change of their notices
once it commits: a new notice, one read, all read (web and API), one deleted. Real commits (a
transactional test): each request and service call commits as in production."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from notifications.models import Notification

from suggestions import services
from tests import steps
from tests.api.client import Api
from tests.web.helpers import client_for, url

pytestmark = pytest.mark.django_db

BADGE = 'data-testid="unread-badge">'


def _badge(client) -> str | None:
    page = client.get(url("deputy_home")).content.decode()
    if BADGE not in page:
        return None
    return page.split(BADGE, 1)[1].split("<", 1)[0]


@pytest.mark.django_db(transaction=True)
def test_the_badge_follows_new_and_read_notices(world):
    li = client_for(world.li)
    assert _badge(li) is None
    steps.draft(world)  # invites 李娜 to co-sign
    assert _badge(li) == "1"
    steps.draft(world, title="关于增设社区图书室的建议")
    assert _badge(li) == "2"
    notice = Notification.objects.filter(recipient=world.li).first()
    li.post(url("notification_read", notice.pk))
    assert _badge(li) == "1"
    li.post(url("notifications_read_all"))
    assert _badge(li) is None


@pytest.mark.django_db(transaction=True)
def test_the_api_read_all_and_a_deleted_notice_move_the_badge(world):
    steps.draft(world)
    steps.draft(world, title="关于增设社区图书室的建议")
    li = client_for(world.li)
    assert _badge(li) == "2"
    Notification.objects.filter(recipient=world.li).first().delete()
    assert _badge(li) == "1"
    assert Api(world.li).post("notifications/read_all/").status_code == 200
    assert _badge(li) is None


def test_a_page_reads_the_count_once_then_from_the_cache(world):
    s = steps.submitted(world)
    services.suggestion_accept(user=world.staff, suggestion=s)
    zhang = client_for(world.zhang)
    zhang.get(url("deputy_home"))
    with CaptureQueriesContext(connection) as again:
        zhang.get(url("deputy_home"))
    assert not any("notifications_notification" in q["sql"] for q in again.captured_queries)
