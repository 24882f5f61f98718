"""URLs of the role workspaces."""

from django.urls import path

from suggestions.views import (
    auth,
    deputy,
    leader,
    notifications,
    staff,
    suggestion_detail,
    unit,
)

urlpatterns = [
    path("", auth.home, name="home"),
    # deputy
    path("deputy/", deputy.my_suggestions, name="deputy_home"),
    path("deputy/invitations/", deputy.invitations, name="deputy_invitations"),
    path("deputies/search/", deputy.deputy_search, name="deputy_search"),
    path("suggestions/new/", deputy.suggestion_new, name="suggestion_new"),
    path("suggestions/<int:pk>/", suggestion_detail.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/edit/", deputy.suggestion_edit, name="suggestion_edit"),
    path("suggestions/<int:pk>/submit/", deputy.suggestion_submit, name="suggestion_submit"),
    path("suggestions/<int:pk>/withdraw/", deputy.suggestion_withdraw, name="suggestion_withdraw"),
    path("suggestions/<int:pk>/cosign/<str:answer>/", deputy.cosign_respond, name="cosign_respond"),
    path("suggestions/<int:pk>/rate/", deputy.suggestion_rate, name="suggestion_rate"),
    path("attachments/<int:pk>/", suggestion_detail.attachment_download, name="attachment"),
    # handling unit
    path("unit/", unit.inbox, name="unit_inbox"),
    path("assignments/<int:pk>/", unit.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/sign/", unit.assignment_sign, name="assignment_sign"),
    path("assignments/<int:pk>/contact/", unit.assignment_contact, name="assignment_contact"),
    path("assignments/<int:pk>/opinion/", unit.assignment_opinion, name="assignment_opinion"),
    path("assignments/<int:pk>/reply/", unit.assignment_reply, name="assignment_reply"),
    path("assignments/<int:pk>/sign-off/", unit.assignment_sign_off, name="assignment_sign_off"),
    path(
        "assignments/<int:pk>/reassignment/",
        unit.assignment_reassignment,
        name="assignment_reassignment",
    ),
    path("assignments/<int:pk>/extension/", unit.assignment_extension, name="assignment_extension"),
    path("assignments/<int:pk>/letter/", unit.reply_letter, name="reply_letter"),
    # committee staff
    path("staff/", staff.dashboard, name="staff_dashboard"),
    path("staff/queue/<str:name>/", staff.queue, name="staff_queue"),
    path("staff/suggestions/", staff.all_list, name="staff_all"),
    path("staff/requests/", staff.requests_list, name="staff_requests"),
    path("staff/requests/<int:pk>/", staff.decide_request, name="staff_decide"),
    path("suggestions/<int:pk>/review/", staff.review, name="staff_review"),
    path("suggestions/<int:pk>/assign/", staff.assign, name="staff_assign"),
    path("suggestions/<int:pk>/check/", staff.check_reply, name="staff_check"),
    path("suggestions/<int:pk>/close/", staff.close, name="staff_close"),
    path("suggestions/<int:pk>/key/", staff.key_supervision, name="staff_key"),
    # leader
    path("leader/", leader.leader_home, name="leader_home"),
    # everyone
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notifications_read_all",
    ),
]
