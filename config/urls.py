from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workflows.views import suggestion_chart

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("suggestions/<int:pk>/chart.svg", suggestion_chart, name="suggestion_chart"),
    path("delivery/", include("delivery.urls")),
    path("followup/", include("followup.urls")),
    path("", include("suggestions.urls")),
]
