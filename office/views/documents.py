"""Document downloads (.docx, or PDF when LibreOffice is installed) and the page where staff
enter a paper feedback form for a deputy without an account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from office.documents import access, letters
from office.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from office.services import rating_enter_from_paper
from suggestions import notify
from suggestions import permissions as perms
from suggestions.downloads import DOCX, PDF, file_response
from suggestions.errors import InvalidInput, ServiceError
from suggestions.forms import PkChoiceField
from suggestions.models import Deputy, Grade, Reply, User
from suggestions.views.common import put_errors, require


class PaperRatingForm(forms.Form):
    """The answers of a paper feedback form as staff type them in; bound to request.POST, it
    shows them again when the service refuses them. The rules stay in the service."""

    deputy = PkChoiceField(label=_lazy("Deputy"), queryset=Deputy.objects.none(), empty_label=None)
    process = forms.ChoiceField(
        label=_lazy("handling process"), choices=Grade.choices, required=False
    )
    result = forms.ChoiceField(
        label=_lazy("handling result"), choices=Grade.choices, required=False
    )
    met = forms.BooleanField(label=_lazy("met face to face"), required=False)
    comment = forms.CharField(
        label=_lazy("comment"),
        required=False,
        widget=forms.Textarea(attrs={"maxlength": 5000}),
    )

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies


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


def _say_if_not_notified(request, deputy) -> None:
    """The system tells a deputy of a form entered in their name only through an active account
    (never by e-mail to a deactivated one): without one, nobody is told, so the clerk must be."""
    if not notify.deputy_is_reachable(deputy.pk):
        messages.warning(
            request,
            _(
                "%(deputy)s has no active account and was not notified: tell them in person "
                "or by letter what was recorded in their name."
            )
            % {"deputy": deputy.name},
        )


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
        "pdf_available": pdf_available(),
        "can_enter": perms.can_enter_paper_rating(request.user, suggestion),
    }
    if request.method != "POST":
        context["form"] = PaperRatingForm(deputies=paper_deputies)
        return render(request, "office/documents.html", context)
    require(context["can_enter"])
    form = context["form"] = PaperRatingForm(request.POST, deputies=paper_deputies)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            rating_enter_from_paper(
                user=request.user,
                suggestion=suggestion,
                deputy=data["deputy"].pk,
                process=data["process"],
                result=data["result"],
                met=data["met"],
                comment=data["comment"],
            )
        except InvalidInput as exc:
            put_errors(form, exc, {})
        except ServiceError as exc:
            context["error"], status = exc, exc.status_code
        else:
            messages.success(
                request, _("The paper feedback form was recorded as entered by staff.")
            )
            _say_if_not_notified(request, data["deputy"])
            return redirect("office:documents", pk=suggestion.pk)
    return render(request, "office/documents.html", context, status=status)
