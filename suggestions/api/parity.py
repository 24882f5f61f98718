"""Web ↔ API parity: for every named page of the web workspaces, the API operations (operation
ids of /api/schema/) that do the same thing through the same services and selectors.

`tests/api/test_parity.py` walks the URLconf: a new web page missing here, or an operation id the
schema no longer has, fails it. A page with no API meaning says why, starting with "web-only: ".
"""

from __future__ import annotations

WEB_ONLY = "web-only: "

# Web routes that are not workspace features: signing in and out in a browser session (the API
# logs in with a token, /api/v1/auth/token/), the browser's second-factor step, the page after a
# password change, the home page, which only redirects to the role's workspace, and the public
# site's address, which only redirects to its published suggestions.
NOT_FEATURES = frozenset(
    {
        "login",
        "logout",
        "security:login",
        "security:logout",
        "security:otp",
        "security:password_change_done",
        "home",
        "public:home",
    }
)

PARITY: dict[str, tuple[str, ...] | str] = {
    # --- the deputy --------------------------------------------------------------------
    "deputy_home": ("suggestions_list", "me_cosign_invitations"),
    "deputy_invitations": ("me_cosign_invitations",),
    "deputy_search": ("deputies_list",),  # ?q= name, pinyin or initials (selectors.deputy_match)
    "suggestion_new": ("suggestions_create", "deputies_list", "categories_list"),
    "suggestion_edit": ("suggestions_update",),
    "suggestion_submit": ("suggestions_action_submit",),
    "suggestion_withdraw": ("suggestions_action_withdraw",),
    "cosign_respond": ("suggestions_action_confirm_cosign", "suggestions_action_decline_cosign"),
    "suggestion_rate": ("suggestions_action_rate",),
    # --- every role: the suggestion page, files, notifications --------------------------
    "suggestion_detail": ("suggestions_retrieve", "suggestions_events_list"),
    "suggestion_chart": WEB_ONLY + "SVG chart of the viewflow process; the API gives the same "
    "progress as data (suggestions_retrieve status, suggestions_events_list timeline)",
    "attachment": ("attachments_download",),
    "security:attachment": ("attachments_download",),
    "notifications": ("notifications_list",),
    "notification_read": ("notifications_read_create",),
    "notifications_read_all": ("notifications_read_all_create",),
    "security:password_change": ("auth_password_create",),
    "delivery:preferences": ("me_preferences_retrieve", "me_preferences_update"),
    # --- the handling unit -------------------------------------------------------------
    "unit_inbox": ("assignments_inbox",),
    "assignment_detail": ("assignments_retrieve",),
    "assignment_sign": ("assignments_action_sign",),
    "assignment_contact": ("assignments_action_record_contact",),
    "assignment_opinion": ("assignments_action_submit_opinion",),
    "assignment_reply": ("assignments_action_draft_reply", "assignments_attachments_upload"),
    "assignment_sign_off": ("assignments_action_sign_off",),
    "assignment_reassignment": ("assignments_action_request_reassignment",),
    "assignment_extension": ("assignments_action_request_extension",),
    "reply_letter": ("office_reply_letter",),  # the printable page; the API serves the letter
    # --- committee staff ---------------------------------------------------------------
    "staff_dashboard": ("staff_dashboard",),
    "staff_queue": ("staff_queue",),
    "staff_all": ("suggestions_list",),
    "staff_requests": ("staff_requests",),
    "staff_decide": (
        "assignments_action_approve_reassignment",
        "assignments_action_reject_reassignment",
        "assignments_action_approve_extension",
        "assignments_action_reject_extension",
    ),
    "staff_review": (
        "suggestions_action_accept",
        "suggestions_action_not_accept",
        "suggestions_action_merge",
    ),
    "staff_assign": ("suggestions_action_assign", "units_loads"),
    "staff_check": ("suggestions_action_approve_reply", "suggestions_action_return_reply"),
    "staff_close": ("suggestions_action_close",),
    "staff_key": ("suggestions_action_set_key_supervision",),
    # --- committee leaders -------------------------------------------------------------
    "leader_home": ("leader_supervisions",),
    # --- disclosure and statistics -----------------------------------------------------
    "disclosure:statistics": ("stats_retrieve",),
    "disclosure:statistics_xlsx": ("stats_export_xlsx",),
    "disclosure:report_docx": ("stats_report_docx",),
    "disclosure:awards": (
        "awards_retrieve",
        "awards_action_open",
        "awards_action_nominate",
        "awards_action_score",
        "awards_action_publish",
    ),
    "disclosure:deputy": ("deputies_archive_retrieve",),
    "disclosure:publication_queue": ("publications_list",),
    "disclosure:publication_edit": (
        "publications_retrieve",
        "publications_action_prepare",
        "publications_action_update",
        "publications_action_publish",
        "publications_action_withdraw",
    ),
    "public:list": ("public_suggestions_list",),
    "public:detail": ("public_suggestions_retrieve",),
    "public:csv": ("public_suggestions_export_csv",),
    "public:json": ("public_suggestions_export_json",),
    "public:statistics": ("public_stats_retrieve",),
    "public:awards": ("public_awards_retrieve",),
    "public:deputies": ("public_deputies_list",),
    "public:deputy": ("public_deputies_retrieve",),
    # --- the office: import, ledger, search, documents, two-tier dispatch --------------
    "office:import": ("office_import_preview", "office_import_commit"),
    "office:import_template": ("office_import_template",),
    "office:ledger": ("office_ledger",),
    "office:search": ("office_search",),
    "office:similar": ("office_similar",),
    "office:review_help": ("suggestions_review_help",),
    "office:documents": (
        "office_reply_letter",
        "office_feedback_form",
        "office_assignment_notice",
        "suggestions_paper_rating",
    ),
    "office:reply_letter": ("office_reply_letter",),
    "office:feedback_form": ("office_feedback_form",),
    "office:notice": ("office_assignment_notice",),
    "office:dispatch_forward": ("assignments_action_forward",),
    "office:dispatch_accept": ("assignments_action_accept_forwarded",),
    "office:dispatch_return": ("assignments_forwarded", "assignments_action_return_forwarded"),
    # --- follow-through: promises, ratings, surveys, key supervision --------------------
    "followup:promises": ("promises_list",),
    "followup:promise": ("promises_retrieve", "promises_updates_list"),
    "followup:promise_progress": ("promises_updates_create", "promises_action_progress"),
    "followup:promise_confirm": ("promises_action_confirm",),
    "followup:promise_not_fulfilled": ("promises_action_not_fulfilled",),
    "followup:promise_upgrade": ("promises_action_upgrade_class",),
    "followup:evidence": ("evidence_download",),
    "followup:implementation": ("suggestions_implementation_rating",),
    "followup:rating_change": ("ratings_action_change",),
    "followup:staff_satisfaction": ("satisfaction_overview",),
    "followup:surveys": ("surveys_list", "surveys_create"),
    "followup:survey_open": ("surveys_action_open",),
    "followup:survey_close": ("surveys_action_close",),
    "followup:survey_answer": ("surveys_retrieve", "surveys_action_answer"),
    "followup:survey_results": ("surveys_results",),
    "followup:survey_answers": ("surveys_answers",),
    "followup:key_list": ("key_items_list", "key_items_propose"),
    "followup:key_mine": ("key_items_mine",),
    "followup:key_public": ("public_key_items_list",),
    "followup:invitations": ("key_invitations_list", "key_activities_action_answer"),
    "followup:key_item": ("key_items_retrieve",),
    "followup:key_item_action": (
        "key_items_action_decide",
        "key_items_action_plan",
        "key_items_action_milestone",
        "key_items_action_activity",
        "key_items_action_hold",
        "key_items_action_midterm",
        "key_items_action_conclude",
    ),
}


def web_only() -> dict[str, str]:
    """The pages with no API counterpart, with the reason."""
    return {name: ops for name, ops in PARITY.items() if isinstance(ops, str)}
