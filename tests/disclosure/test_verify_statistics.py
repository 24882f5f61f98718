"""`manage.py verify_statistics` replays the event log and finds any figure that disagrees."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from disclosure import replay, verify
from suggestions.models import Rating, Reply
from tests.disclosure.data import build


def run() -> str:
    out = StringIO()
    call_command("verify_statistics", stdout=out)
    return out.getvalue()


def test_replay_of_events_gives_the_known_answers(world):
    build(world)
    latest = replay.replay(world.session, "latest")["totals"]
    assert (latest["assigned"], latest["replied"], latest["on_time"]) == (5, 4, 3)
    assert (latest["satisfied"], latest["class_b"]) == (2, 2)
    first = replay.replay(world.session, "first")["totals"]
    assert (first["dissatisfied"], first["class_a"]) == (1, 2)
    assert verify.differences(world.session, "latest") == []
    assert verify.differences(world.session, "first") == []
    assert "Every figure matches the event log." in run()


def test_a_tampered_rating_is_reported(world):
    known = build(world)
    # Someone presses a dissatisfied first-round rating into "satisfied" behind the services.
    Rating.objects.filter(suggestion=known.s4, round=1).update(result="satisfied")
    with pytest.raises(CommandError, match="difference"):
        run()
    problems = verify.differences(world.session, "first")
    assert any("total satisfied: pages 2, events 1" in p for p in problems)


def test_a_tampered_reply_class_is_reported(world):
    known = build(world)
    Reply.objects.filter(assignment__suggestion=known.s3).update(original_class="A")
    problems = verify.differences(world.session, "latest")
    assert any("total class_a: pages 2, events 1" in p for p in problems)
    assert any("by_unit" in p and "class_c" in p for p in problems)


def test_unknown_session_is_a_clear_error(world):
    with pytest.raises(CommandError, match="No session"):
        call_command("verify_statistics", session=999, stdout=StringIO())
