"""Staff publish replied suggestions honouring consent; personal details block publication."""

import pytest

from disclosure import services
from disclosure.models import Publication
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Event, Suggestion
from suggestions.workdays import add_period
from tests import steps

PRIVATE_CONTENT = "请联系我：13812345678，邮箱 zhangwei@example.com，住址东城路12号。"


def replied_with(world, *, consent="full", content=None):
    s = steps.replied(world)
    Suggestion.objects.filter(pk=s.pk).update(
        publication_consent=consent, content=content or s.content
    )
    return steps.refreshed(s)


def test_publishing_is_blocked_until_staff_redact(world):
    s = replied_with(world, content=PRIVATE_CONTENT)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    with pytest.raises(InvalidInput) as exc:
        services.publication_publish(user=world.staff, publication=publication)
    assert "13812345678" in " ".join(exc.value.fields["content"])
    assert Publication.objects.get(pk=publication.pk).state == "draft"

    services.publication_update(
        user=world.staff,
        publication=publication,
        title=s.title,
        content="请联系我（已隐去联系方式）。",
        reply_text=publication.reply_text,
    )
    published = services.publication_publish(user=world.staff, publication=publication)
    assert published.state == "published"
    assert published.approved_by == world.staff and published.approved_at is not None
    assert Event.objects.filter(suggestion=s, verb="published", actor=world.staff).exists()
    # The deputy's original text is never changed by redaction.
    assert steps.refreshed(s).content == PRIVATE_CONTENT


def test_publication_is_due_20_working_days_after_the_reply(world):
    s = replied_with(world)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    from django.utils import timezone

    expected = add_period(
        timezone.localtime(s.replied_at).date(), {"amount": 20, "unit": "workdays"}
    ).date
    assert publication.due_date == expected


def test_title_only_consent_keeps_content_out(world):
    s = replied_with(world, consent="title")
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    assert publication.content == ""
    with pytest.raises(InvalidInput) as exc:
        services.publication_update(
            user=world.staff,
            publication=publication,
            title=s.title,
            content=s.content,
            reply_text="答复",
        )
    assert "content" in exc.value.fields


def test_no_consent_cannot_be_published(world):
    s = replied_with(world, consent="none")
    with pytest.raises(InvalidState):
        services.publication_prepare(user=world.staff, suggestion=s)


def test_unreplied_suggestion_cannot_be_published(world):
    s = steps.assigned(world)
    with pytest.raises(InvalidState):
        services.publication_prepare(user=world.staff, suggestion=s)


def test_only_staff_publish(world):
    s = replied_with(world)
    with pytest.raises(NotPermitted):
        services.publication_prepare(user=world.traffic_handler, suggestion=s)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    with pytest.raises(NotPermitted):
        services.publication_publish(user=world.leader, publication=publication)


def test_staff_publish_through_the_web_page(world, client):
    s = replied_with(world, content=PRIVATE_CONTENT)
    client.force_login(world.staff)
    url = f"/disclosure/publications/{s.pk}/"
    offered = client.get(url).content.decode()
    assert 'value="prepare"' in offered and "13812345678" not in offered
    assert client.post(url, {"action": "prepare"}).status_code == 302
    page = client.get(url)
    assert page.status_code == 200 and "13812345678" in page.content.decode()
    blocked = client.post(
        url,
        {"action": "publish", "title": s.title, "content": PRIVATE_CONTENT, "reply_text": "已答复"},
    )
    assert blocked.status_code == 200
    assert Publication.objects.get(suggestion=s).state == "draft"
    done = client.post(
        url, {"action": "publish", "title": s.title, "content": "已隐去", "reply_text": "已答复"}
    )
    assert done.status_code == 302
    assert Publication.objects.get(suggestion=s).state == "published"
    queue = client.get("/disclosure/publications/").content.decode()
    assert s.title in queue and "/disclosure/publications/" in queue
    client.force_login(world.zhang)
    assert client.get(url).status_code == 403


def _rows() -> tuple[int, ...]:
    from security.models import AuditEntry

    return Publication.objects.count(), Event.objects.count(), AuditEntry.objects.count()


def test_opening_the_publication_page_writes_nothing(world, client):
    s = replied_with(world)
    client.force_login(world.staff)
    url = f"/disclosure/publications/{s.pk}/"
    before = _rows()
    for query in ("", "?refresh=1"):
        page = client.get(url + query)
        assert page.status_code == 200 and 'value="prepare"' in page.content.decode()
    assert _rows() == before and not Publication.objects.filter(suggestion=s).exists()


def test_refreshing_the_reply_is_a_post_not_a_link(world, client):
    s = replied_with(world)
    client.force_login(world.staff)
    url = f"/disclosure/publications/{s.pk}/"
    client.post(url, {"action": "prepare"})
    publication = Publication.objects.get(suggestion=s)
    latest = publication.reply_text
    Publication.objects.filter(pk=publication.pk).update(reply_text="旧的答复")
    assert "旧的答复" in client.get(url + "?refresh=1").content.decode()
    assert Publication.objects.get(pk=publication.pk).reply_text == "旧的答复"
    assert client.post(url, {"action": "prepare"}).status_code == 302
    assert Publication.objects.get(pk=publication.pk).reply_text == latest


def test_a_suggestion_that_cannot_be_published_offers_no_working_copy(world, client):
    s = replied_with(world, consent="none")
    client.force_login(world.staff)
    url = f"/disclosure/publications/{s.pk}/"
    assert client.get(url).url == "/disclosure/publications/"
    assert client.post(url, {"action": "prepare"}).url == "/disclosure/publications/"
    assert not Publication.objects.filter(suggestion=s).exists()
    assert client.get("/disclosure/publications/999999/").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138-1234-5678",
        "010-12345678",
        "0571 87654321",
        "11010519491231002X",
        "a.b@example.org",
        "人民路88号",
    ],
)
def test_sensitive_check_finds_personal_details(text):
    from disclosure import sensitive

    assert sensitive.find(f"前文{text}后文"), text
    assert text not in sensitive.redact(f"前文{text}后文")


@pytest.mark.parametrize("text", ["2026年", "投入12000元", "第0012号", "三个月内"])
def test_sensitive_check_leaves_ordinary_numbers(text):
    from disclosure import sensitive

    assert sensitive.find(text) == []
