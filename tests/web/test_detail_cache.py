"""The suggestion page's cached sections and the deputy home's cached rows (suggestions.page_cache)
are never stale: after every step of a suggestion's life, each reader is served exactly the page
a fresh render gives them."""

from __future__ import annotations

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suggestions import page_cache, services
from tests import steps
from tests.web.helpers import client_for, today, url

pytestmark = pytest.mark.django_db

# A form's masked CSRF token differs on every response, whatever the cache does.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(client, s) -> tuple[int, str]:
    response = client.get(url("suggestion_detail", s.pk))
    return response.status_code, TOKEN.sub("", response.content.decode())


def _home(client, s) -> tuple[int, str]:
    response = client.get(url("deputy_home"))
    return response.status_code, TOKEN.sub("", response.content.decode())


def _readers(world) -> dict:
    """(reader, page) → how to read it: the suggestion page for every role, and the deputies'
    home, whose rows are cached alike."""
    users = ("zhang", "li", "staff", "leader", "traffic_handler", "traffic_head", "edu_handler")
    readers = {(name, "page"): (client_for(getattr(world, name)), _page) for name in users}
    for name in ("zhang", "li"):
        readers[(name, "home")] = (client_for(getattr(world, name)), _home)
    return readers


def _assert_fresh(readers, s, step: str) -> None:
    """What each reader is served now (from the cache where the last step left the key alone)
    equals a render from nothing; the fresh renders stay cached for the next step."""
    served = {reader: read(client, s) for reader, (client, read) in readers.items()}
    page_cache.forget_all()
    for reader, (client, read) in readers.items():
        assert served[reader] == read(client, s), f"after {step}, {reader} was served stale HTML"


def _draft_reply(world, s, result_class: str, promises=()) -> None:
    services.assignment_draft_reply(
        user=world.traffic_handler,
        assignment=steps.assignment_of(s, world.traffic),
        result_class=result_class,
        text=f"第{s.round}轮答复：已完成现场勘查。",
        promises=list(promises),
    )


def _sign_off(world, s) -> None:
    services.assignment_sign_off(
        user=world.traffic_head, assignment=steps.assignment_of(s, world.traffic)
    )


def _approve(world, s) -> None:
    services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s))


def _rate(world, s, result: str) -> None:
    services.suggestion_rate(
        user=world.zhang,
        suggestion=steps.refreshed(s),
        process="basically_satisfied",
        result=result,
        met=result == "satisfied",
    )


def test_every_step_of_a_life_moves_the_cached_page(world):
    readers = _readers(world)
    s = steps.draft(world)
    promise = {"text": "年底前完成信号灯安装", "due_date": today().replace(month=12, day=31)}
    life = [
        ("co-signing", lambda: services.cosign_confirm(user=world.li, suggestion=s)),
        ("submitting", lambda: services.suggestion_submit(user=world.zhang, suggestion=s)),
        ("accepting", lambda: services.suggestion_accept(user=world.staff, suggestion=s)),
        (
            "assigning",
            lambda: services.suggestion_assign(
                user=world.staff, suggestion=s, lead_unit=world.traffic.pk, co_units=[world.edu.pk]
            ),
        ),
        (
            "signing for it",
            lambda: services.assignment_sign(
                user=world.traffic_handler, assignment=steps.assignment_of(s, world.traffic)
            ),
        ),
        (
            "a co-unit's opinion",
            lambda: services.assignment_submit_opinion(
                user=world.edu_handler, assignment=steps.assignment_of(s, world.edu), text="同意。"
            ),
        ),
        (
            "a contact",
            lambda: services.assignment_record_contact(
                user=world.traffic_handler,
                assignment=steps.assignment_of(s, world.traffic),
                kind="meeting",
                date=today(),
                note="现场查看路口。",
            ),
        ),
        ("a reply draft", lambda: _draft_reply(world, s, "B", [promise])),
        (
            "an attachment",
            lambda: services.reply_add_attachments(
                user=world.traffic_handler,
                assignment=steps.assignment_of(s, world.traffic),
                files=[SimpleUploadedFile("现场照片.txt", b"photo", content_type="text/plain")],
            ),
        ),
        ("the head's sign-off", lambda: _sign_off(world, s)),
        (
            "returning the reply",
            lambda: services.suggestion_return_reply(
                user=world.staff, suggestion=steps.refreshed(s), reason="答复过于笼统。"
            ),
        ),
        ("a second draft", lambda: _draft_reply(world, s, "B", [promise])),
        ("its sign-off", lambda: _sign_off(world, s)),
        ("approving", lambda: _approve(world, s)),
        ("a dissatisfied rating", lambda: _rate(world, s, "dissatisfied")),
        ("the second round's draft", lambda: _draft_reply(world, steps.refreshed(s), "A")),
        ("its sign-off", lambda: _sign_off(world, s)),
        ("approving again", lambda: _approve(world, s)),
        (
            "key supervision",
            lambda: services.suggestion_set_key_supervision(
                user=world.staff,
                suggestion=s,
                leader=world.leader,
                responsible_committee="城建环保委",
            ),
        ),
        ("a satisfied rating", lambda: _rate(world, s, "satisfied")),
        (
            "closing",
            lambda: services.suggestion_close(user=world.staff, suggestion=steps.refreshed(s)),
        ),
    ]
    _assert_fresh(readers, s, "drafting")
    for step, act in life:
        act()
        _assert_fresh(readers, s, step)
    assert steps.refreshed(s).status == "closed"


def test_a_reader_is_never_served_another_readers_sections(world):
    s = steps.assigned(world)
    services.assignment_sign(
        user=world.traffic_handler, assignment=steps.assignment_of(s, world.traffic)
    )
    _draft_reply(world, s, "A")
    unit = client_for(world.traffic_handler).get(url("suggestion_detail", s.pk)).content.decode()
    deputy = client_for(world.zhang).get(url("suggestion_detail", s.pk)).content.decode()
    # The unit sees its own draft; the deputy, reading the same version next, must not.
    assert "第1轮答复" in unit
    assert "第1轮答复" not in deputy


def test_a_renamed_unit_shows_at_once(world, django_capture_on_commit_callbacks):
    s = steps.assigned(world)
    client = client_for(world.zhang)
    assert world.traffic.name in client.get(url("suggestion_detail", s.pk)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.directory_entry_update(
            user=world.staff, entry=world.traffic, values={"name": "区交通运输局（更名）"}
        )
    assert "区交通运输局（更名）" in client.get(url("suggestion_detail", s.pk)).content.decode()


def test_a_repeated_read_is_served_from_the_cache(world):
    s = steps.replied(world)
    client = client_for(world.zhang)
    first = client.get(url("suggestion_detail", s.pk)).content.decode()
    # Written behind the services' back (never done in the product), a change is not seen
    # until the next event: the proof that the second read came from the cache.
    s.assignments.update(due_date=today().replace(year=today().year + 5))
    second = client.get(url("suggestion_detail", s.pk)).content.decode()
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    page_cache.forget_all()
    third = client.get(url("suggestion_detail", s.pk)).content.decode()
    assert str(today().year + 5) in third


def test_a_deployment_changes_every_key():
    from django.conf import settings

    template = settings.BASE_DIR / "templates" / "suggestions" / "_detail_sections.html"
    before = template.stat()
    fingerprint = page_cache._fingerprint.__wrapped__()
    try:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert page_cache._fingerprint.__wrapped__() != fingerprint
    finally:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page_cache._fingerprint.__wrapped__() == fingerprint
