"""Preparing, refreshing and editing the public copy each log one event on the suggestion, by
whoever did it; a call that changes nothing and every page view log none; the deputy sees that
it happened, never what was redacted."""

from __future__ import annotations

import pytest

from disclosure import services
from disclosure.models import Publication
from security import audit
from security.models import AuditEntry
from suggestions.errors import InvalidInput
from suggestions.models import Event, Suggestion
from tests import steps

PRIVATE = "请联系我：13812345678，住址东城路12号。"
REDACTED = "请联系我（已隐去联系方式）。"


def replied_with_private_content(world) -> Suggestion:
    s = steps.replied(world)
    Suggestion.objects.filter(pk=s.pk).update(publication_consent="full", content=PRIVATE)
    return steps.refreshed(s)


def new_events(suggestion, since: int) -> list[Event]:
    return list(Event.objects.filter(suggestion=suggestion, pk__gt=since).order_by("id"))


def last_event_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def edit(world, publication, **changes) -> Publication:
    values = {f: getattr(publication, f) for f in services.TEXT_FIELDS} | changes
    return services.publication_update(user=world.staff, publication=publication, **values)


def test_preparing_the_copy_logs_one_event_by_the_staff_member(world):
    s = replied_with_private_content(world)
    since = last_event_id()
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    [event] = new_events(s, since)
    assert (event.verb, event.actor, event.payload) == (
        "publication_prepared",
        world.staff,
        {"publication": publication.pk},
    )
    assert (event.from_status, event.to_status) == (s.status, s.status)
    # Recorded in the audit log as publication work, like publishing itself.
    assert AuditEntry.objects.filter(
        action=audit.PUBLICATION, detail__event=event.pk, username=world.staff.username
    ).exists()


def test_refreshing_logs_an_event_only_when_it_takes_a_newer_reply(world):
    s = replied_with_private_content(world)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    latest = publication.reply_text
    since = last_event_id()
    services.publication_prepare(user=world.staff, suggestion=s)
    assert new_events(s, since) == []

    edit(world, publication, reply_text="旧的答复")
    since = last_event_id()
    refreshed = services.publication_prepare(user=world.staff, suggestion=s)
    assert refreshed.reply_text == latest
    [event] = new_events(s, since)
    assert (event.verb, event.actor) == ("publication_refreshed", world.staff)


def test_saving_edited_texts_logs_one_event_naming_the_texts_not_their_words(world):
    s = replied_with_private_content(world)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    since = last_event_id()
    edit(world, publication, content=REDACTED)
    [event] = new_events(s, since)
    assert (event.verb, event.actor) == ("publication_edited", world.staff)
    assert event.payload == {"publication": publication.pk, "fields": ["content"]}
    assert Publication.objects.get(pk=publication.pk).content == REDACTED

    since = last_event_id()
    edit(world, Publication.objects.get(pk=publication.pk), content=REDACTED + "  ")
    assert new_events(s, since) == []  # the same text (trimmed): nothing written


def test_a_refused_save_logs_nothing(world):
    s = replied_with_private_content(world)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    since = last_event_id()
    with pytest.raises(InvalidInput):
        edit(world, publication, title="")
    assert new_events(s, since) == []


def test_the_web_page_logs_one_event_per_post_and_none_per_get(world, client):
    s = replied_with_private_content(world)
    client.force_login(world.staff)
    url = f"/disclosure/publications/{s.pk}/"
    since = last_event_id()
    assert client.get(url).status_code == 200
    assert new_events(s, since) == []

    client.post(url, {"action": "prepare"})
    assert [e.verb for e in new_events(s, since)] == ["publication_prepared"]
    since = last_event_id()
    assert client.get(url).status_code == 200
    assert new_events(s, since) == []

    publication = Publication.objects.get(suggestion=s)
    form = {"action": "save", "title": s.title, "reply_text": publication.reply_text}
    client.post(url, {**form, "content": REDACTED})
    [event] = new_events(s, since)
    assert (event.verb, event.actor, event.payload["fields"]) == (
        "publication_edited",
        world.staff,
        ["content"],
    )


def test_the_deputy_sees_that_the_copy_was_edited_but_not_what_was_redacted(world, client):
    s = replied_with_private_content(world)
    publication = services.publication_prepare(user=world.staff, suggestion=s)
    edit(world, publication, content=REDACTED)
    client.force_login(world.zhang)
    page = client.get(f"/suggestions/{s.pk}/").content.decode()
    assert 'data-verb="publication_prepared"' in page
    assert 'data-verb="publication_edited"' in page
    assert REDACTED not in page
