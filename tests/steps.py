"""Move a suggestion through its life with the services, step by step, as the real actors."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from suggestions import services
from suggestions.models import Assignment, Suggestion


def refreshed(obj):
    return type(obj).objects.get(pk=obj.pk)


def draft(world, *, title="关于增设学校周边交通信号灯的建议", cosign=True) -> Suggestion:
    return services.suggestion_create(
        user=world.zhang,
        session=world.session,
        title=title,
        content="东城小学门口上下学时段车流密集，建议增设信号灯并安排交通协管员。",
        category=world.category,
        co_signers=[world.li.deputy_id] if cosign else [],
        publication_consent="full",
    )


def paper_draft(world, *, title="关于修缮东城街道老年活动中心的建议", cosign=True) -> Suggestion:
    """Committee staff register 张伟's paper suggestion on his behalf (still a draft)."""
    return services.suggestion_create(
        user=world.staff,
        lead_deputy=world.zhang.deputy,
        session=world.session,
        title=title,
        content="东城街道老年活动中心房屋老化，建议安排资金修缮并增设无障碍设施。",
        category=world.category,
        co_signers=[world.li.deputy_id] if cosign else [],
        publication_consent="full",
    )


def submitted(world, **kwargs) -> Suggestion:
    s = draft(world, **kwargs)
    if kwargs.get("cosign", True):
        services.cosign_confirm(user=world.li, suggestion=s)
    return services.suggestion_submit(user=world.zhang, suggestion=s)


def accepted(world, **kwargs) -> Suggestion:
    s = submitted(world, **kwargs)
    return services.suggestion_accept(user=world.staff, suggestion=s)


def assigned(world, *, split=False, **kwargs) -> Suggestion:
    s = accepted(world, **kwargs)
    if split:
        return services.suggestion_assign(
            user=world.staff, suggestion=s, split_units=[world.edu.pk, world.traffic.pk]
        )
    return services.suggestion_assign(
        user=world.staff,
        suggestion=s,
        lead_unit=world.traffic.pk,
        co_units=[world.edu.pk, world.env.pk],
    )


def assignment_of(suggestion, unit) -> Assignment:
    return Assignment.objects.exclude(status="relieved").get(suggestion=suggestion, unit=unit)


def reply(world, suggestion, unit, handler, head, result_class="A") -> None:
    a = assignment_of(suggestion, unit)
    if a.status == "assigned":
        services.assignment_sign(user=handler, assignment=a)
    promises = []
    if result_class in ("B", "C"):
        promises = [
            {
                "text": "年底前完成信号灯安装",
                "due_date": timezone.localdate() + dt.timedelta(days=60),
            }
        ]
    services.assignment_draft_reply(
        user=handler,
        assignment=a,
        result_class=result_class,
        text="经研究，我局已于本月完成现场勘查，将在学校门口增设信号灯。",
        promises=promises,
    )
    services.assignment_sign_off(user=head, assignment=a)


def handled(world, **kwargs) -> Suggestion:
    s = assigned(world, **kwargs)
    if kwargs.get("split"):
        reply(world, s, world.edu, world.edu_handler, world.edu_head)
        reply(world, s, world.traffic, world.traffic_handler, world.traffic_head)
    else:
        reply(world, s, world.traffic, world.traffic_handler, world.traffic_head)
    return refreshed(s)


def replied(world, **kwargs) -> Suggestion:
    s = handled(world, **kwargs)
    return services.suggestion_approve_reply(user=world.staff, suggestion=s)


def rated(world, result="satisfied", **kwargs) -> Suggestion:
    s = replied(world, **kwargs)
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result=result, met=True
    )
    return refreshed(s)


def closed(world, **kwargs) -> Suggestion:
    s = rated(world, **kwargs)
    return services.suggestion_close(user=world.staff, suggestion=s)
