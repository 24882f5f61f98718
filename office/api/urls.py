"""Routes of the office API, mounted at /api/v1/ (see config/urls)."""

from __future__ import annotations

from django.urls import path, re_path

from office.api import dispatch, documents, imports, ledger, paper_rating, search

KIND = r"(?P<kind>suggestions|directory)"

urlpatterns = [
    re_path(rf"^office/imports/{KIND}/preview/$", imports.ImportPreviewView.as_view()),
    re_path(rf"^office/imports/{KIND}/commit/$", imports.ImportCommitView.as_view()),
    re_path(rf"^office/imports/{KIND}/template/$", imports.ImportTemplateView.as_view()),
    path("office/ledger/", ledger.LedgerView.as_view(), name="api-office-ledger"),
    path("office/search/", search.SearchView.as_view(), name="api-office-search"),
    path("office/similar/", search.SimilarView.as_view(), name="api-office-similar"),
    path(
        "suggestions/<int:pk>/review_help/",
        search.ReviewHelpView.as_view(),
        name="api-suggestion-review-help",
    ),
    path(
        "suggestions/<int:pk>/paper_rating/",
        paper_rating.PaperRatingView.as_view(),
        name="api-suggestion-paper-rating",
    ),
    path(
        "replies/<int:pk>/letter/",
        documents.ReplyLetterView.as_view(),
        name="api-reply-letter",
    ),
    path(
        "suggestions/<int:pk>/feedback_form/",
        documents.FeedbackFormView.as_view(),
        name="api-suggestion-feedback-form",
    ),
    path(
        "assignments/<int:pk>/notice/",
        documents.AssignmentNoticeView.as_view(),
        name="api-assignment-notice",
    ),
    path(
        "assignments/<int:pk>/forwarded/",
        dispatch.ForwardedListView.as_view(),
        name="api-assignment-forwarded",
    ),
    *[
        path(f"assignments/<int:pk>/actions/{name}/", view.as_view(), name=f"api-assignment-{name}")
        for name, view in (
            ("forward", dispatch.ForwardView),
            ("return_forwarded", dispatch.ReturnForwardedView),
            ("accept_forwarded", dispatch.AcceptForwardedView),
        )
    ],
]
