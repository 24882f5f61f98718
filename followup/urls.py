from django.urls import path

from followup.views import key_supervision as key
from followup.views import promises, satisfaction, survey

app_name = "followup"

urlpatterns = [
    path("promises/", promises.promise_list, name="promises"),
    path("promises/<int:pk>/", promises.promise_detail, name="promise"),
    path("promises/<int:pk>/progress/", promises.promise_progress, name="promise_progress"),
    path("promises/<int:pk>/confirm/", promises.promise_confirm, name="promise_confirm"),
    path(
        "promises/<int:pk>/not-fulfilled/",
        promises.promise_not_fulfilled,
        name="promise_not_fulfilled",
    ),
    path("promises/<int:pk>/upgrade/", promises.promise_upgrade_class, name="promise_upgrade"),
    path("evidence/<int:pk>/", promises.evidence_download, name="evidence"),
    path("suggestions/<int:pk>/implementation/", promises.implementation, name="implementation"),
    path("ratings/<int:pk>/change/", satisfaction.rating_change, name="rating_change"),
    path("satisfaction/", satisfaction.staff_satisfaction, name="staff_satisfaction"),
    path("surveys/", survey.survey_list, name="surveys"),
    path(
        "surveys/<int:pk>/open/", survey.survey_transition, {"action": "open"}, name="survey_open"
    ),
    path(
        "surveys/<int:pk>/close/",
        survey.survey_transition,
        {"action": "close"},
        name="survey_close",
    ),
    path("surveys/<int:pk>/", survey.survey_answer, name="survey_answer"),
    path("surveys/<int:pk>/results/", survey.survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/answers/", survey.survey_answers_page, name="survey_answers"),
    path("key/", key.key_list, name="key_list"),
    path("key/mine/", key.leader_page, name="key_mine"),
    path("key/public/", key.public_list, name="key_public"),
    path("key/invitations/", key.invitations, name="invitations"),
    path("key/<int:pk>/", key.key_item, name="key_item"),
    path("key/<int:pk>/<str:action>/", key.key_item_action, name="key_item_action"),
]
