"""The demo's follow-through: a running key-supervision topic and an open survey, made through
the services, and nothing more on a second run."""

import pytest
from django.core.management import call_command

from followup.models import KeyItem, KeyItemStatus, Survey
from suggestions.models import KeySupervision


@pytest.mark.django_db
def test_demo_topic_and_survey_once():
    call_command("seed_demo", verbosity=0)
    call_command("seed_followup_demo", verbosity=0)
    (item,) = KeyItem.objects.all()
    assert item.status == KeyItemStatus.LISTED and item.plan
    assert item.suggestions.count() == 3 and item.milestones.count() == 3
    ids = item.suggestions.values_list("pk", flat=True)
    assert KeySupervision.objects.filter(suggestion__in=ids, leader=item.leader).count() == 3
    assert Survey.objects.get().status == Survey.State.OPEN
    call_command("seed_followup_demo", verbosity=0)
    assert KeyItem.objects.count() == 1 and Survey.objects.count() == 1
