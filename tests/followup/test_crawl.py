"""Every follow-through URL, with real objects of each kind and a missing id, visited by every
role by GET and by an empty POST: never a server error."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import Evidence, KeyItem, Survey
from followup.urls import urlpatterns
from suggestions import services as core
from suggestions.models import Promise, Rating, Role, Suggestion, User
from tests import steps
from tests.followup.helpers import closed_b_reply, png

MISSING = 999999
MODELS = {
    "promises/": Promise,
    "evidence/": Evidence,
    "suggestions/": Suggestion,
    "ratings/": Rating,
    "surveys/": Survey,
    "key/": KeyItem,
}


def _everything(world) -> None:
    suggestion, reply = closed_b_reply(world, days=(30,))
    services.promise_report_progress(
        user=world.traffic_handler, promise=reply.promises.get(), text="进展", files=[png()]
    )
    topic = [steps.assigned(world, title=f"建议{i}", cosign=False) for i in range(2)]
    item = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title="专题",
        suggestions=[s.pk for s in topic],
        leader=world.leader.pk,
        responsible_committee="工委",
        lead_unit=world.traffic.pk,
    )
    services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="主任会议")
    services.activity_schedule(
        user=world.staff,
        item=item,
        kind="survey",
        date=timezone.localdate(),
        deputies=[world.zhang.pk],
    )
    survey = services.survey_create(user=world.staff, session=world.session, title="调查")
    services.survey_open(user=world.staff, survey=survey)
    services.survey_answer(
        user=world.zhang,
        survey=survey,
        answers={str(world.traffic.pk): {"satisfaction": "satisfied", "met": True}},
    )
    rated = steps.replied(world, title="已答复建议", cosign=False)
    core.suggestion_rate(
        user=world.zhang, suggestion=rated, process="satisfied", result="satisfied", met=True
    )


def _urls() -> list[str]:
    urls = []
    for pattern in urlpatterns:
        name, route = f"followup:{pattern.name}", str(pattern.pattern)
        converters = list(pattern.pattern.converters)
        if not converters:
            urls.append(reverse(name))
            continue
        model = next(m for prefix, m in MODELS.items() if route.startswith(prefix))
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for pk in {*pks[:1], MISSING}:
            for action in ["plan", "hold", "bogus"] if "action" in converters else [None]:
                kwargs = {"pk": pk, **({"action": action} if action else {})}
                urls.append(reverse(name, kwargs=kwargs))
    return urls


def test_no_followup_page_has_a_server_error(world):
    _everything(world)
    sysadmin = User.objects.create_user(username="sys", password="x", role=Role.SYSADMIN)
    users = [
        world.zhang,
        world.li,
        world.wang,
        world.staff,
        world.leader,
        world.traffic_handler,
        world.traffic_head,
        world.other_handler,
        sysadmin,
    ]
    clients = [Client()]
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    urls = _urls()
    assert len(urls) > 40
    seen = set()
    for index, client in enumerate(clients):
        for path in urls:
            responses = [client.get(path)]
            if index in (0, 1, 4, 5, 6, 8):  # empty POSTs from one of each kind of user
                responses.append(client.post(path, {}))
            for response in responses:
                assert response.status_code < 500, path
                seen.add(response.status_code)
    assert {200, 302, 400, 403, 404, 405} <= seen
