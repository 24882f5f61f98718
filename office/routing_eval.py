"""How often routing help proposes the unit staff actually chose (leave-one-out): for every
assigned suggestion, propose from all the others and compare with its real lead/split units."""

from __future__ import annotations

from dataclasses import dataclass

from office.similar import routing_proposals
from suggestions.models import AssignmentRole, Suggestion


@dataclass
class Agreement:
    evaluated: int
    top1: int
    top3: int
    no_proposal: int

    def as_text(self) -> str:
        if not self.evaluated:
            return "no assigned suggestions to evaluate"
        return (
            f"{self.evaluated} suggestions: first proposal = staff's unit {self.top1} "
            f"({self.top1 / self.evaluated:.1%}); staff's unit among 3 proposals {self.top3} "
            f"({self.top3 / self.evaluated:.1%}); no proposal {self.no_proposal}"
        )


def routing_agreement(user, *, exclude_same_content: bool = False) -> Agreement:
    """`exclude_same_content` leaves out other suggestions with identical content (copies of one
    text filed twice), which would otherwise make the figure look better than it is."""
    suggestions = list(
        Suggestion.objects.filter(assignments__role__in=[AssignmentRole.LEAD, AssignmentRole.SPLIT])
        .distinct()
        .prefetch_related("assignments")
    )
    same_content: dict[str, list[int]] = {}
    for s in suggestions:
        same_content.setdefault(s.content, []).append(s.pk)
    result = Agreement(0, 0, 0, 0)
    for s in suggestions:
        chosen = {
            a.unit_id
            for a in s.assignments.all()
            if a.role != AssignmentRole.CO and a.status != "relieved"
        }
        exclude = same_content[s.content] if exclude_same_content else []
        proposed = [p.unit.pk for p in routing_proposals(s, user=user, exclude=exclude)]
        result.evaluated += 1
        result.top1 += bool(proposed) and proposed[0] in chosen
        result.top3 += bool(chosen & set(proposed[:3]))
        result.no_proposal += not proposed
    return result
