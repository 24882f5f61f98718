"""POST /api/v1/suggestions/{id}/actions/<action>/: each action calls exactly one service."""

from __future__ import annotations

from suggestions import permissions as perms
from suggestions import services
from suggestions.actions import SUGGESTION_ACTIONS
from suggestions.api import bodies
from suggestions.api.actionviews import ActionSpec, make_action_view
from suggestions.api.serializers import SuggestionDetailSerializer
from suggestions.api.suggestion_views import suggestion_response

SPECS = [
    ActionSpec(
        "submit",
        "Submit the draft (lead deputy)",
        None,
        lambda u, s, d: services.suggestion_submit(user=u, suggestion=s),
    ),
    ActionSpec(
        "withdraw",
        "Withdraw (lead deputy, or staff on the deputy's written request)",
        bodies.WithdrawBody,
        lambda u, s, d: services.suggestion_withdraw(
            user=u, suggestion=s, reason=d.get("reason", "")
        ),
    ),
    ActionSpec(
        "confirm_cosign",
        "Confirm co-signing (invited deputy)",
        None,
        lambda u, s, d: services.cosign_confirm(user=u, suggestion=s),
    ),
    ActionSpec(
        "decline_cosign",
        "Decline co-signing (invited deputy); answers 204",
        None,
        lambda u, s, d: services.cosign_decline(user=u, suggestion=s),
        answers_object=False,
    ),
    ActionSpec(
        "accept",
        "Accept (立案) (staff)",
        bodies.AcceptBody,
        lambda u, s, d: services.suggestion_accept(
            user=u, suggestion=s, category=d.get("category")
        ),
    ),
    ActionSpec(
        "not_accept",
        "Do not accept, with the reason (staff)",
        bodies.ReasonBody,
        lambda u, s, d: services.suggestion_not_accept(user=u, suggestion=s, reason=d["reason"]),
    ),
    ActionSpec(
        "merge",
        "Merge into another suggestion (staff)",
        bodies.MergeBody,
        lambda u, s, d: services.suggestion_merge(user=u, suggestion=s, into=d["into"]),
    ),
    ActionSpec(
        "assign",
        "Assign to a lead unit with co-units, or to split units (staff)",
        bodies.AssignBody,
        lambda u, s, d: services.suggestion_assign(
            user=u,
            suggestion=s,
            lead_unit=d.get("lead_unit"),
            co_units=d["co_units"],
            split_units=d["split_units"],
        ),
    ),
    ActionSpec(
        "approve_reply",
        "Approve the signed-off replies: they reach the deputies (staff)",
        None,
        lambda u, s, d: services.suggestion_approve_reply(user=u, suggestion=s),
    ),
    ActionSpec(
        "return_reply",
        "Return replies for revision, with the reason (staff)",
        bodies.ReturnReplyBody,
        lambda u, s, d: services.suggestion_return_reply(
            user=u, suggestion=s, reason=d["reason"], assignments=d["assignments"] or None
        ),
    ),
    ActionSpec(
        "rate",
        "Rate the reply (the deputy, own account); dissatisfied opens re-handling",
        bodies.RateBody,
        lambda u, s, d: services.suggestion_rate(
            user=u,
            suggestion=s,
            process=d["process"],
            result=d["result"],
            met=d["met"],
            comment=d["comment"],
        ),
    ),
    ActionSpec(
        "close",
        "Close (办结) (staff)",
        None,
        lambda u, s, d: services.suggestion_close(user=u, suggestion=s),
    ),
    ActionSpec(
        "set_key_supervision",
        "Put under key supervision (重点督办) (staff)",
        bodies.KeySupervisionBody,
        lambda u, s, d: services.suggestion_set_key_supervision(
            user=u,
            suggestion=s,
            leader=d["leader"],
            responsible_committee=d["responsible_committee"],
            note=d["note"],
        ),
    ),
]

VIEWS = {
    spec.name: make_action_view(
        spec,
        SUGGESTION_ACTIONS[spec.name],
        queryset=perms.visible_suggestions,
        respond=suggestion_response,
        detail_serializer=SuggestionDetailSerializer,
        resource="suggestions",
    ).as_view()
    for spec in SPECS
}
