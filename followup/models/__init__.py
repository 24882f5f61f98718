"""Models of the follow-through, one module per concept."""

from .key_supervision import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    KeyItem,
    KeyItemStatus,
    KeyItemSuggestion,
    Milestone,
)
from .promises import (
    Evidence,
    ImplementationRating,
    Party,
    PromiseConfirmation,
    PromiseOutcome,
    PromiseUpdate,
)
from .survey import Survey, SurveyAnswer, SurveyResponse

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityParticipant",
    "Evidence",
    "ImplementationRating",
    "KeyItem",
    "KeyItemStatus",
    "KeyItemSuggestion",
    "Milestone",
    "Party",
    "PromiseConfirmation",
    "PromiseOutcome",
    "PromiseUpdate",
    "Survey",
    "SurveyAnswer",
    "SurveyResponse",
]
