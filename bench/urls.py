"""The project's URLs plus the benchmark's trivial view; used only while the benchmark runs
(`override_settings(ROOT_URLCONF="bench.urls")`), never routed in production."""

from django.urls import path

from bench.views import trivial
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("__bench__/trivial/", trivial, name="bench-trivial"), *project_urlpatterns]
