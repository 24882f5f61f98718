"""The printed documents over the API with the web's permission checks: reply letter, paper
feedback form and assignment notice. `.docx` by default; `Accept: application/pdf` asks for the
PDF (LibreOffice converts it, which takes seconds; 406 when it is not installed)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotAcceptable

from office.api.files import DocxRenderer, FileAPIView, PdfRenderer, file_responses
from office.documents import access, letters
from office.documents.pdf import PdfUnavailable, docx_to_pdf
from suggestions.downloads import DOCX, PDF, file_response

NEGOTIATION = "Send `Accept: application/pdf` for the PDF; anything else gets the .docx."


def _document_schema(operation_id: str, summary: str, parameters=()):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=NEGOTIATION,
        parameters=list(parameters),
        responses=file_responses(DOCX, PDF, description="The document."),
        tags=["office"],
    )


class DocumentView(FileAPIView):
    renderer_classes = [DocxRenderer, PdfRenderer]

    def deliver(self, content: bytes, name: str):
        if self.request.accepted_renderer.format != "pdf":
            return file_response(content, f"{name}.docx", DOCX)
        try:
            return file_response(docx_to_pdf(content), f"{name}.pdf", PDF)
        except PdfUnavailable as exc:
            raise NotAcceptable(
                _("PDF conversion is not available here; ask for the .docx.")
            ) from exc


class ReplyLetterView(DocumentView):
    @_document_schema("office_reply_letter", "The reply letter (答复函) of a reply")
    def get(self, request, pk: int):
        reply = access.reply_for_letter(request.user, pk)
        suggestion = reply.assignment.suggestion
        return self.deliver(
            letters.reply_letter(reply), f"答复函-{suggestion.number or suggestion.pk}"
        )


class FeedbackFormView(DocumentView):
    @_document_schema(
        "office_feedback_form",
        "The paper feedback form (征询意见表) of a suggestion",
        [OpenApiParameter("deputy", int, description="Print this deputy's name on the form.")],
    )
    def get(self, request, pk: int):
        suggestion = access.suggestion_for_documents(request.user, pk)
        name = access.deputy_name(request.query_params.get("deputy"))
        content = letters.feedback_form(suggestion, name)
        return self.deliver(content, f"征询意见表-{suggestion.number or suggestion.pk}")


class AssignmentNoticeView(DocumentView):
    @_document_schema("office_assignment_notice", "The assignment notice (交办通知) of a unit")
    def get(self, request, pk: int):
        assignment = access.assignment_for_notice(request.user, pk)
        name = f"交办通知-{assignment.unit.name}-{assignment.suggestion.number or ''}"
        return self.deliver(letters.assignment_notice([assignment]), name)
