"""get_FOO_display() through ChoiceLabelsMixin: the same labels as Django's, in each language,
for every model of ours that has choices (a model added without the mixin fails here)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from suggestions.models.choices import ChoiceLabelsMixin

OUR_APPS = {"suggestions", "followup", "disclosure", "office", "delivery", "security"}


def _choice_fields():
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_uses_the_mixin():
    missing = sorted(
        {m.__name__ for m, _f in _choice_fields() if not issubclass(m, ChoiceLabelsMixin)}
    )
    assert missing == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_labels_equal_djangos(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            display = getattr(model, f"get_{field.name}_display")
            for value, _label in field.flatchoices:
                instance = model(**{field.attname: value})
                expected = models.Model._get_FIELD_display(instance, field)
                assert display(instance) == expected, (model.__name__, field.name, value)
                checked += 1
            # A value outside the choices shows as itself, as in Django.
            instance = model(**{field.attname: "no-such-value"})
            assert display(instance) == "no-such-value"
    assert checked > 50


def test_label_follows_the_active_language():
    from suggestions.models import Status, Suggestion

    suggestion = Suggestion(status=Status.SUBMITTED)
    with translation.override("en"):
        english = suggestion.get_status_display()
    with translation.override("zh-hans"):
        chinese = suggestion.get_status_display()
    assert english == "submitted" and chinese != english
