"""Document downloads (.docx, or PDF when LibreOffice is installed) and the page where staff
enter a paper feedback form for a deputy without an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from office.documents import letters
from office.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from office.services import rating_enter_from_paper
from office.views.http import DOCX, PDF, file_response, require
from suggestions import permissions as perms
from suggestions.errors import ServiceError
from suggestions.models import Assignment, Deputy, Grade, Reply, Suggestion, User


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


def _visible_suggestion(user, pk) -> Suggestion:
    suggestion = perms.visible_suggestions(user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


@login_required
def reply_letter(request, pk: int, fmt: str):
    reply = get_object_or_404(
        Reply.objects.select_related("assignment__unit", "assignment__suggestion__session"), pk=pk
    )
    suggestion = _visible_suggestion(request.user, reply.assignment.suggestion_id)
    # Deputies get the letter once it is formal; staff and the units see drafts too.
    require(reply.approved_at is not None or perms.can_print_documents(request.user, suggestion))
    content = letters.reply_letter(reply)
    return _deliver(request, content, f"答复函-{suggestion.number or suggestion.pk}", fmt)


@login_required
def feedback_form(request, pk: int, fmt: str):
    suggestion = _visible_suggestion(request.user, pk)
    require(perms.can_print_documents(request.user, suggestion))
    wanted = request.GET.get("deputy", "")
    deputy = Deputy.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    content = letters.feedback_form(suggestion, deputy.name if deputy else None)
    return _deliver(request, content, f"征询意见表-{suggestion.number or suggestion.pk}", fmt)


@login_required
def assignment_notice(request, pk: int, fmt: str):
    assignment = get_object_or_404(
        Assignment.objects.select_related("unit", "suggestion__lead_deputy"), pk=pk
    )
    require(perms.can_view_assignment(request.user, assignment))
    require(perms.is_staff(request.user) or perms.unit_id(request.user) == assignment.unit_id)
    content = letters.assignment_notice([assignment])
    name = f"交办通知-{assignment.unit.name}-{assignment.suggestion.number or ''}"
    return _deliver(request, content, name, fmt)


@login_required
def documents_page(request, pk: int):
    suggestion = _visible_suggestion(request.user, pk)
    require(perms.can_print_documents(request.user, suggestion))
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
