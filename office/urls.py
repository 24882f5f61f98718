"""Office pages, mounted at /office/."""

from django.urls import path, re_path

from office.views import dispatch, documents, imports, ledger, search, similar

app_name = "office"
KIND = r"(?P<kind>suggestions|directory)"
FMT = r"(?P<fmt>docx|pdf)"

urlpatterns = [
    re_path(rf"^import/{KIND}/$", imports.import_page, name="import"),
    re_path(rf"^import/{KIND}/template\.xlsx$", imports.template_download, name="import_template"),
    path("ledger.xlsx", ledger.ledger_xlsx, name="ledger"),
    path("search/", search.search_page, name="search"),
    path("similar/", similar.similar_fragment, name="similar"),
    path("suggestions/<int:pk>/review-help/", similar.review_page, name="review_help"),
    path("suggestions/<int:pk>/documents/", documents.documents_page, name="documents"),
    re_path(rf"^replies/(?P<pk>\d+)/letter\.{FMT}$", documents.reply_letter, name="reply_letter"),
    re_path(
        rf"^suggestions/(?P<pk>\d+)/feedback-form\.{FMT}$",
        documents.feedback_form,
        name="feedback_form",
    ),
    path("assignments/<int:pk>/forward/", dispatch.forward, name="dispatch_forward"),
    path("assignments/<int:pk>/accept/", dispatch.accept, name="dispatch_accept"),
    path("forwarded/<int:pk>/return/", dispatch.return_reply, name="dispatch_return"),
    re_path(
        rf"^assignments/(?P<pk>\d+)/notice\.{FMT}$", documents.assignment_notice, name="notice"
    ),
]
