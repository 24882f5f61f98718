"""Delivery endpoints, mounted at /api/v1/."""

from django.urls import path

from delivery import api

urlpatterns = [path("me/preferences/", api.PreferencesView.as_view(), name="api-me-preferences")]
