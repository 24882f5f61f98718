"""Services of the follow-through: the only writers of its state. One function per transition;
each locks, checks (404 → 409 → 403 → 400), writes, logs one `suggestions.Event` row per
suggestion concerned and notifies, all in one transaction."""

from .key_supervision import (
    activity_hold,
    activity_respond,
    activity_schedule,
    key_item_conclude,
    key_item_decide,
    key_item_midterm_check,
    key_item_propose,
    key_item_set_plan,
    milestone_mark_done,
)
from .promises import (
    implementation_rate,
    promise_confirm,
    promise_end_unfulfilled,
    promise_report_progress,
    reply_upgrade_class,
)
from .ratings import rating_change
from .survey import survey_answer, survey_close, survey_create, survey_open

__all__ = [
    "activity_hold",
    "activity_respond",
    "activity_schedule",
    "implementation_rate",
    "key_item_conclude",
    "key_item_decide",
    "key_item_midterm_check",
    "key_item_propose",
    "key_item_set_plan",
    "milestone_mark_done",
    "promise_confirm",
    "promise_end_unfulfilled",
    "promise_report_progress",
    "rating_change",
    "reply_upgrade_class",
    "survey_answer",
    "survey_close",
    "survey_create",
    "survey_open",
]
