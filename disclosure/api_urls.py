"""Disclosure endpoints, mounted at /api/v1/ next to the main API."""

from django.urls import path

from disclosure import api

urlpatterns = [
    path("stats/", api.StatsView.as_view(), name="api-stats"),
    path("public/stats/", api.PublicStatsView.as_view(), name="api-public-stats"),
    path("public/suggestions/", api.PublicSuggestionsView.as_view(), name="api-public-suggestions"),
]
