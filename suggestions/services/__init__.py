"""Services: the only writers of business state. One function per transition; each locks the
suggestion row, checks (404 → 409 → 403 → 400), applies the transition, appends one event row and
queues notifications, all in one transaction. Views, the API, flows and commands call these."""

from .calendar import (
    calendar_day_remove,
    calendar_day_set,
    calendar_year_remove,
    calendar_year_set,
)
from .closing import (
    suggestion_approve_reply,
    suggestion_close,
    suggestion_rate,
    suggestion_return_reply,
)
from .directory import (
    account_access_update,
    account_create,
    account_update,
    directory_entry_create,
    directory_entry_update,
)
from .drafting import (
    cosign_confirm,
    cosign_decline,
    suggestion_create,
    suggestion_submit,
    suggestion_update_draft,
    suggestion_withdraw,
)
from .permission_groups import (
    permission_group_create,
    permission_group_delete,
    permission_group_update,
)
from .requests import (
    assignment_for_request,
    assignment_request_extension,
    assignment_request_reassignment,
    request_approve,
    request_reject,
)
from .review import suggestion_accept, suggestion_assign, suggestion_merge, suggestion_not_accept
from .supervision import suggestion_set_key_supervision
from .unit_work import (
    assignment_draft_reply,
    assignment_record_contact,
    assignment_sign,
    assignment_sign_off,
    assignment_submit_opinion,
    reply_add_attachments,
)

__all__ = [
    "account_access_update",
    "account_create",
    "account_update",
    "assignment_draft_reply",
    "assignment_for_request",
    "assignment_record_contact",
    "assignment_request_extension",
    "assignment_request_reassignment",
    "assignment_sign",
    "assignment_sign_off",
    "assignment_submit_opinion",
    "calendar_day_remove",
    "calendar_day_set",
    "calendar_year_remove",
    "calendar_year_set",
    "cosign_confirm",
    "cosign_decline",
    "directory_entry_create",
    "directory_entry_update",
    "permission_group_create",
    "permission_group_delete",
    "permission_group_update",
    "request_approve",
    "reply_add_attachments",
    "request_reject",
    "suggestion_accept",
    "suggestion_approve_reply",
    "suggestion_assign",
    "suggestion_close",
    "suggestion_create",
    "suggestion_merge",
    "suggestion_not_accept",
    "suggestion_rate",
    "suggestion_return_reply",
    "suggestion_set_key_supervision",
    "suggestion_submit",
    "suggestion_update_draft",
    "suggestion_withdraw",
]

# Every service first refuses malformed text and list arguments (security.inputs): control
# characters, wrong types. Callers import the services from here.
from security.inputs import guarded  # noqa: E402

for _name in __all__:
    globals()[_name] = guarded(globals()[_name])
