"""Every URL pattern of the workspaces, visited by every role with existing, someone else's and
missing object ids, by GET and by an empty POST: never a server error."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from notifications.models import Notification

from suggestions import services
from suggestions.models import Assignment, Attachment, Role, Suggestion, UnitRequest, User
from tests import steps
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

MISSING = 999999
SKIP_PREFIXES = ("admin", "i18n", "api")


def _patterns(resolver=None, prefix="", namespace=""):
    """(namespaced name, route, converters) of every named pattern outside admin, i18n, API."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", None) or {}
            params = list(converters) or list(entry.pattern.regex.groupindex)
            yield namespace + entry.name, route, params


def _model_for(route: str):
    for start, model in (
        ("suggestions/", Suggestion),
        ("assignments/", Assignment),
        ("staff/requests/", UnitRequest),
        ("notifications/", Notification),
        ("attachments/", Attachment),
        ("security/files/", Attachment),
    ):
        if route.startswith(start):
            return model
    return None


def _world_with_everything(world):
    """A replied suggestion with an attachment, another deputy's draft, a split assignment with a
    pending request, and notifications for several people."""
    replied = steps.assigned(world)
    lead = steps.assignment_of(replied, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    services.assignment_draft_reply(
        user=world.traffic_handler,
        assignment=lead,
        result_class="A",
        text="答复",
        attachments=[SimpleUploadedFile("a.txt", b"abc", content_type="text/plain")],
    )
    services.assignment_sign_off(user=world.traffic_head, assignment=lead)
    services.suggestion_approve_reply(user=world.staff, suggestion=replied)
    other = services.suggestion_create(
        user=world.wang,
        session=world.session,
        title="王强的建议",
        content="内容",
    )
    split = steps.assigned(world, split=True, title="分办建议", cosign=False)
    services.assignment_request_reassignment(
        user=world.edu_handler,
        assignment=steps.assignment_of(split, world.edu),
        reason="不属于本单位",
    )
    return replied, other


def _ids(model) -> list[int]:
    if model is None:  # another app's object: an early id and a missing one
        return [1, 2, MISSING]
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    return [pks[0], pks[-1], MISSING] if pks else [MISSING]


def _urls():
    for name, route, params in _patterns():
        if not params:
            yield reverse(name)
            continue
        extra = {
            "answer": ["confirm", "decline", "bogus"],
            "name": ["review", "close", "bogus"],
            "kind": ["suggestions", "directory"],
            "fmt": ["docx", "pdf"],
        }
        others = [p for p in params if p != "pk"]
        if "pk" not in params:
            for value in extra.get(others[0], [1, 2, MISSING]):
                yield reverse(name, kwargs={others[0]: value})
            continue
        for pk in _ids(_model_for(route)):
            choices = [extra.get(p, ["x"]) for p in others]
            for combo in itertools.product(*choices):
                kwargs = {"pk": pk, **dict(zip(others, combo, strict=True))}
                yield reverse(name, kwargs=kwargs)


def test_no_page_has_a_server_error_for_any_role_and_id(world):
    _world_with_everything(world)
    sysadmin = User.objects.create_user(username="sys", password="x", role=Role.SYSADMIN)
    users = [
        world.zhang,
        world.li,
        world.wang,
        world.staff,
        world.leader,
        world.edu_handler,
        world.traffic_head,
        world.other_handler,
        sysadmin,
    ]
    clients = [client_for(u) for u in users] + [Client()]
    urls = list(_urls())
    assert len(urls) > 60
    seen = set()
    for client in clients:
        for path in urls:
            response = client.get(path)
            assert response.status_code < 500, path
            seen.add(response.status_code)
    assert {200, 302, 403, 404} <= seen
    # Empty POSTs: refused, redirected or re-rendered with errors, never a 500.
    for client in clients[:1] + clients[3:6] + clients[7:]:
        for path in urls:
            assert client.post(path, {}).status_code < 500, path
