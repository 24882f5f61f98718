"""The generator writes every status with a consistent FSM state and viewflow work queue."""

import pytest

from bench.generator import generate
from suggestions.models import Assignment, Event, Reply, Status, Suggestion, UnitRequest
from tests.flowcheck import assert_in_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    return generate(120, sessions=3, units=8, deputies=40, seed=7)


def test_every_status_is_generated(small):
    assert set(Suggestion.objects.values_list("status", flat=True)) == set(Status.values)
    assert small.rows["suggestion"] == Suggestion.objects.count() == 120


def test_every_suggestion_is_in_step_with_its_process(small):
    for suggestion in Suggestion.objects.all():
        assert_in_step(suggestion)


def test_units_state_matches_the_suggestion(small):
    replied = Suggestion.objects.filter(status__in=[Status.REPLIED, Status.RATED, Status.CLOSED])
    for suggestion in replied:
        leads = Assignment.objects.filter(suggestion=suggestion).exclude(role="co")
        assert {a.status for a in leads} == {"replied"}
        assert Reply.objects.filter(assignment__in=leads, approved_at__isnull=False).exists()
    before = Suggestion.objects.filter(status__in=[Status.DRAFT, Status.SUBMITTED])
    assert not Assignment.objects.filter(suggestion__in=before).exists()
    assert Event.objects.filter(verb="created").count() == 120


def test_every_foreign_key_points_at_a_row(small):
    # The bulk load skips per-row foreign-key triggers; prove the rows need none.
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if model._meta.app_label not in ("suggestions", "notifications", "viewflow"):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey):
                dangling = model.objects.filter(**{f"{f.name}__isnull": True}).exclude(
                    **{f"{f.attname}__isnull": True}
                )
                assert not dangling.exists(), f"{model.__name__}.{f.name} points nowhere"


def test_units_ask_for_extensions_as_the_services_record_them():
    # Enough suggestions that the one-in-twelve extensions come in both states.
    generate(400, sessions=2, units=8, deputies=40, seed=11)
    requests = UnitRequest.objects.filter(kind=UnitRequest.Kind.EXTENSION).select_related(
        "assignment"
    )
    states = {r.state for r in requests}
    assert states == {UnitRequest.State.APPROVED, UnitRequest.State.PENDING}
    for request in requests:
        a = request.assignment
        approved = request.state == UnitRequest.State.APPROVED
        assert a.due_date == (request.requested_due_date if approved else a.original_due_date)
        verbs = set(Event.objects.filter(assignment=a).values_list("verb", flat=True))
        assert "extension_requested" in verbs
        assert ("extension_approved" in verbs) == approved
        if approved:
            event = Event.objects.get(assignment=a, verb="extension_approved")
            assert event.payload["due_date"] == request.requested_due_date.isoformat()
