"""The public site (no login): published suggestions, open data and statistics."""

from django.urls import path
from django.views.generic import RedirectView

from disclosure import archive_views, award_views, views

app_name = "public"

urlpatterns = [
    # /public/ is the address people type or are told; it opens the published suggestions.
    path("", RedirectView.as_view(pattern_name="public:list", query_string=True), name="home"),
    path("suggestions/", views.public_list, name="list"),
    path("suggestions/<int:pk>/", views.public_detail, name="detail"),
    path("suggestions/export.csv", views.public_export_csv, name="csv"),
    path("suggestions/export.json", views.public_export_json, name="json"),
    path("statistics/", views.public_statistics, name="statistics"),
    path("awards/", award_views.public_awards, name="awards"),
    path("deputies/", archive_views.public_deputies, name="deputies"),
    path("deputies/<int:pk>/", archive_views.public_deputy, name="deputy"),
]
