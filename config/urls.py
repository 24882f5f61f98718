from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("disclosure.api_urls")),
    path("disclosure/", include("disclosure.urls")),
    path("public/", include("disclosure.public_urls")),
    path("", include("suggestions.urls")),
]

if settings.DEBUG:
    pass
