from django.urls import path

from delivery import views

app_name = "delivery"
urlpatterns = [path("preferences/", views.preferences, name="preferences")]
