"""Re-handling is a real round: a dissatisfied rating opens round 2 with its own due date; the
timeline carries the round; statistics tell the first round from the latest."""

from __future__ import annotations

from followup.selectors.satisfaction import rating_figures
from suggestions import selectors
from suggestions import services as core
from suggestions.models import Reply
from tests import steps


def test_rehandling_round_on_timeline_and_in_figures(world):
    s = steps.rated(world, result="dissatisfied")
    assert (s.status, s.round) == ("rehandling", 2)
    lead = steps.assignment_of(s, world.traffic)
    assert lead.round == 2 and lead.due_date < lead.original_due_date
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "A")
    core.suggestion_approve_reply(user=world.staff, suggestion=s)
    core.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    assert list(Reply.objects.filter(assignment=lead).values_list("round", flat=True)) == [1, 2]

    rounds: dict[int, list] = {}
    for event in selectors.timeline(s):
        rounds.setdefault(event.round, []).append(event)
    assert set(rounds) == {1, 2}
    assert "reply_drafted" in [e.verb for e in rounds[1]]
    assert [e.verb for e in rounds[2]].count("replied") == 1
    # The dissatisfied rating is the event that opens round 2; it names the round it rated.
    opening = next(e for e in rounds[2] if e.verb == "rated")
    assert opening.payload["rated_round"] == 1 and opening.to_status == "rehandling"

    first = rating_figures(world.session, which="first")
    latest = rating_figures(world.session, which="latest")
    assert (first["rated"], first["result_dissatisfied"], first["result_satisfied"]) == (1, 1, 0)
    assert (latest["rated"], latest["result_dissatisfied"], latest["result_satisfied"]) == (1, 0, 1)
