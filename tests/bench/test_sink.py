"""The bulk writer takes its columns from the model: unnamed fields get their defaults, and a
misspelt or missing required field fails before anything is written."""

import pytest

from bench.sink import Sink
from suggestions.models import Deputy, Unit

pytestmark = pytest.mark.django_db


def test_fields_not_named_get_the_model_defaults():
    sink = Sink(Unit)
    sink.add(id=90001, code="U90001", name="测试单位", responsible_person="王伟")
    sink.flush()
    unit = Unit.objects.get(pk=90001)
    assert (unit.is_active, unit.is_dispatcher, unit.parent_id) == (True, False, None)
    assert sink.written == 1


def test_encrypted_fields_default_to_empty_and_read_back():
    sink = Sink(Deputy)
    sink.add(id=90002, name="李娜", pinyin="lina", initials="ln")
    sink.flush()
    assert (Deputy.objects.get(pk=90002).phone, Deputy.objects.get(pk=90002).address) == ("", "")


def test_unknown_or_missing_fields_are_refused():
    sink = Sink(Unit)
    with pytest.raises(TypeError, match="colour"):
        sink.add(id=1, code="U1", name="x", responsible_person="y", colour="red")
    with pytest.raises(TypeError, match="missing \\['id'\\]"):
        sink.add(code="U2", name="x", responsible_person="y")
    assert sink.rows == []
