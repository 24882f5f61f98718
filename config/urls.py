from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from suggestions.api.urls import not_found as api_not_found
from workflows.views import suggestion_chart

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("security/", include("security.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("suggestions/<int:pk>/chart.svg", suggestion_chart, name="suggestion_chart"),
    path("delivery/", include("delivery.urls")),
    path("api/v1/", include("suggestions.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("disclosure.api_urls")),
    path("api/v1/", include("delivery.api_urls")),
    path("api/v1/", include("followup.api.urls")),
    path("api/v1/", include("office.api.urls")),
    path("disclosure/", include("disclosure.urls")),
    path("public/", include("disclosure.public_urls")),
    path("office/", include("office.urls")),
    path("followup/", include("followup.urls")),
    path("", include("suggestions.urls")),
]

# Keep last: any other /api/ path answers a JSON 404, never an HTML page.
urlpatterns += [re_path(r"^api/", api_not_found)]
