"""Document downloads (.docx, or PDF when LibreOffice is installed) and the page where staff
enter a paper feedback form for a deputy without an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from office.documents import access, letters
from office.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from office.services import rating_enter_from_paper
from suggestions import permissions as perms
from suggestions.downloads import DOCX, PDF, file_response
from suggestions.errors import ServiceError
from suggestions.models import Deputy, Grade, Reply, User
from suggestions.views.common import require


def _deliver(request, content: bytes, name: str, fmt: str):
    if fmt == "docx":
        return file_response(content, f"{name}.docx", DOCX)
    try:
        return file_response(docx_to_pdf(content), f"{name}.pdf", PDF)
    except PdfUnavailable:
        return render(
            request,
            "office/pdf_unavailable.html",
            {"docx_url": request.path.rsplit(".", 1)[0] + ".docx", "name": name},
        )


@login_required
def reply_letter(request, pk: int, fmt: str):
    reply = access.reply_for_letter(request.user, pk)
    suggestion = reply.assignment.suggestion
    content = letters.reply_letter(reply)
    return _deliver(request, content, f"答复函-{suggestion.number or suggestion.pk}", fmt)


@login_required
def feedback_form(request, pk: int, fmt: str):
    suggestion = access.suggestion_for_documents(request.user, pk)
    content = letters.feedback_form(suggestion, access.deputy_name(request.GET.get("deputy")))
    return _deliver(request, content, f"征询意见表-{suggestion.number or suggestion.pk}", fmt)


@login_required
def assignment_notice(request, pk: int, fmt: str):
    assignment = access.assignment_for_notice(request.user, pk)
    content = letters.assignment_notice([assignment])
    name = f"交办通知-{assignment.unit.name}-{assignment.suggestion.number or ''}"
    return _deliver(request, content, name, fmt)


@login_required
def documents_page(request, pk: int):
    suggestion = access.suggestion_for_documents(request.user, pk)
    replies = Reply.objects.filter(assignment__suggestion=suggestion).select_related(
        "assignment__unit"
    )
    assignments = suggestion.assignments.select_related("unit").exclude(status="relieved")
    confirmed = suggestion.cosigners.filter(state="confirmed")
    deputy_ids = [suggestion.lead_deputy_id, *confirmed.values_list("deputy_id", flat=True)]
    with_account = set(
        User.objects.filter(deputy_id__in=deputy_ids, is_active=True).values_list(
            "deputy_id", flat=True
        )
    )
    paper_deputies = Deputy.objects.filter(pk__in=deputy_ids).exclude(pk__in=with_account)
    context = {
        "suggestion": suggestion,
        "replies": replies,
        "assignments": assignments,
        "paper_deputies": paper_deputies,
        "grades": Grade.choices,
        "pdf_available": pdf_available(),
        "can_enter": perms.can_enter_paper_rating(request.user, suggestion),
    }
    if request.method == "POST":
        require(context["can_enter"])
        try:
            rating_enter_from_paper(
                user=request.user,
                suggestion=suggestion,
                deputy=request.POST.get("deputy") or 0,
                process=request.POST.get("process", ""),
                result=request.POST.get("result", ""),
                met=request.POST.get("met") == "yes",
                comment=request.POST.get("comment", ""),
            )
        except (ServiceError, ValueError) as exc:
            context["errors"] = getattr(exc, "fields", {}) or {"": [str(exc)]}
            return render(request, "office/documents.html", context, status=400)
        messages.success(request, _("The paper feedback form was recorded as entered by staff."))
        return redirect("office:documents", pk=suggestion.pk)
    return render(request, "office/documents.html", context)
