"""The demo district: realistic, covering every status, and idempotent."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from suggestions.models import Deputy, DeputyGroup, Event, Status, Suggestion, Unit, User
from tests.flowcheck import assert_in_step

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "suggestions": list(Suggestion.objects.order_by("pk").values_list("pk", "status", "title")),
        "events": Event.objects.count(),
        "users": User.objects.count(),
        "deputies": Deputy.objects.count(),
    }


def test_seed_demo_covers_every_status_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first

    statuses = dict(Suggestion.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(Status.values)
    assert Suggestion.objects.count() >= 60
    assert Deputy.objects.count() >= 40
    assert DeputyGroup.objects.annotate(n=Count("deputies")).filter(n__gt=0).count() >= 4
    assert Unit.objects.count() >= 12
    assert {True, False} == set(Suggestion.objects.values_list("in_session", flat=True))
    # Deputies' drafts are private; one draft came on paper, so staff have one of their own.
    drafts = Suggestion.objects.filter(status=Status.DRAFT)
    assert set(drafts.values_list("registered_by_staff", flat=True)) == {True, False}
    assert all("\u4e00" <= ch <= "\u9fff" for ch in Suggestion.objects.first().title[:2])
    for suggestion in Suggestion.objects.all():
        assert_in_step(suggestion)
