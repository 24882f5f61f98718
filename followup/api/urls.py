"""Routes of the follow-through endpoints, mounted at /api/v1/ by config/urls."""

from __future__ import annotations

from django.urls import path

from followup.api import key_supervision as key
from followup.api import promise_extras, satisfaction, survey

urlpatterns = [
    path("key_items/", key.KeyItemListView.as_view(), name="api-key-items"),
    path("key_items/mine/", key.LeaderItemsView.as_view(), name="api-key-items-mine"),
    path("key_items/invitations/", key.InvitationListView.as_view(), name="api-key-invitations"),
    path("key_items/<int:pk>/", key.KeyItemDetailView.as_view(), name="api-key-item"),
    *[
        path(f"key_items/<int:pk>/actions/{name}/", view.as_view(), name=f"api-key-item-{name}")
        for name, view in key.ACTION_VIEWS.items()
    ],
    path(
        "key_activities/<int:pk>/actions/answer/",
        key.ActivityAnswerView.as_view(),
        name="api-key-activity-answer",
    ),
    path("public/key_items/", key.PublicKeyListView.as_view(), name="api-public-key-items"),
    path(
        "ratings/<int:pk>/actions/change/",
        satisfaction.RatingChangeView.as_view(),
        name="api-rating-change",
    ),
    path("satisfaction/", satisfaction.SatisfactionOverviewView.as_view(), name="api-satisfaction"),
    path("surveys/", survey.SurveyListView.as_view(), name="api-surveys"),
    path("surveys/<int:pk>/", survey.SurveyDetailView.as_view(), name="api-survey"),
    path("surveys/<int:pk>/actions/open/", survey.SurveyOpenView.as_view(), name="api-survey-open"),
    path(
        "surveys/<int:pk>/actions/close/", survey.SurveyCloseView.as_view(), name="api-survey-close"
    ),
    path(
        "surveys/<int:pk>/actions/answer/",
        survey.SurveyAnswerView.as_view(),
        name="api-survey-answer",
    ),
    path(
        "surveys/<int:pk>/results/", survey.SurveyResultsView.as_view(), name="api-survey-results"
    ),
    path(
        "surveys/<int:pk>/answers/", survey.SurveyAnswersView.as_view(), name="api-survey-answers"
    ),
    path(
        "promises/<int:pk>/actions/upgrade_class/",
        promise_extras.UpgradeClassView.as_view(),
        name="api-promise-upgrade-class",
    ),
    path(
        "promises/<int:pk>/updates/",
        promise_extras.PromiseUpdatesView.as_view(),
        name="api-promise-updates",
    ),
    path(
        "evidence/<int:pk>/",
        promise_extras.EvidenceDownloadView.as_view(),
        name="api-evidence-download",
    ),
]
