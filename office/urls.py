"""Office pages, mounted at /office/."""

from django.urls import path, re_path

from office.views import imports, ledger

app_name = "office"
KIND = r"(?P<kind>suggestions|directory)"

urlpatterns = [
    re_path(rf"^import/{KIND}/$", imports.import_page, name="import"),
    re_path(rf"^import/{KIND}/template\.xlsx$", imports.template_download, name="import_template"),
    path("ledger.xlsx", ledger.ledger_xlsx, name="ledger"),
]
