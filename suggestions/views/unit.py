"""The handling unit's workspace: inbox with traffic lights, signing, contacts, co-unit opinion,
reply editor, requests to staff, the head's sign-off and the printable reply letter."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suggestions import deadlines, selectors, services
from suggestions import permissions as perms
from suggestions.forms import (
    ContactForm,
    ExtensionForm,
    OpinionForm,
    PromiseFormSet,
    ReassignmentForm,
    ReplyForm,
)
from suggestions.models import AssignmentRole, AssignmentStatus, Reply
from suggestions.views.common import (
    done,
    get_visible_assignment,
    paginate,
    require,
    run,
    workspace_view,
)


@workspace_view
def inbox(request):
    require(perms.can_view_unit_inbox(request.user))
    params = {
        k: request.GET.get(k, d)
        for k, d in (("status", "open"), ("light", ""), ("role", ""), ("sort", "due"))
    }
    page = paginate(
        request, selectors.inbox_row_columns(selectors.unit_inbox(request.user, **params))
    )
    selectors.with_lights(page)
    return render(
        request,
        "suggestions/unit/inbox.html",
        {
            "page": page,
            "params": params,
            "statuses": AssignmentStatus.choices,
            "roles": AssignmentRole.choices,
            "sorts": selectors.INBOX_SORTS,
        },
    )


def _own(request, pk: int):
    """The assignment, visible (else 404) and open to the user's unit workspace (else 403)."""
    assignment = get_visible_assignment(request.user, pk)
    require(perms.can_work_on_assignment(request.user, assignment))
    return assignment


def _current_reply(assignment) -> Reply | None:
    return (
        Reply.objects.filter(assignment=assignment, round=assignment.round)
        .prefetch_related("promises", "attachments")
        .first()
    )


def dispatch_context(user, assignment):
    from office.views.dispatch import dispatch_context as context  # office builds on this app

    return context(user, assignment)


@workspace_view
def assignment_detail(request, pk: int):
    assignment = _own(request, pk)
    user = request.user
    s = assignment.suggestion
    co_opinions = selectors.co_unit_opinions(assignment)
    return render(
        request,
        "suggestions/unit/assignment.html",
        {
            "a": assignment,
            "s": s,
            "light": selectors.traffic_light(assignment.due_date),
            "due_dates": deadlines.assignment_due_dates(assignment),
            "contacts": list(assignment.contacts.select_related("recorded_by")),
            "requests": list(assignment.requests.select_related("suggested_unit")),
            "reply": _current_reply(assignment),
            "co_opinions": co_opinions,
            "contact_form": ContactForm(),
            "dispatch": dispatch_context(user, assignment),
            "can": {
                "sign": assignment.status == AssignmentStatus.ASSIGNED
                and perms.can_sign(user, assignment),
                "contact": assignment.status != AssignmentStatus.RELIEVED
                and perms.can_record_contact(user, assignment),
                "opinion": assignment.status in (AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED)
                and perms.can_submit_opinion(user, assignment),
                "reply": assignment.status in (AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED)
                and perms.can_draft_reply(user, assignment),
                "sign_off": assignment.status == AssignmentStatus.DRAFTED
                and perms.can_sign_off(user, assignment),
                "request": assignment.status
                in (AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED)
                and perms.can_request(user, assignment),
            },
        },
    )


@require_POST
@workspace_view
def assignment_sign(request, pk: int):
    _own(request, pk)
    run(services.assignment_sign, user=request.user, assignment=pk)
    done(request, _("Signed for. The assignment is now being handled."))
    return redirect("assignment_detail", pk=pk)


def _assignment_form(request, pk: int, form_class, service, *, success, title, button, testid):
    """A unit's one-form action: the form's fields are the service's keyword arguments."""
    assignment = _own(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run(
            service, form=form, user=request.user, assignment=assignment, **form.cleaned_data
        )
        if result is not None:
            done(request, success)
            return redirect("assignment_detail", pk=pk)
    context = {"a": assignment, "form": form, "title": title, "button": button, "testid": testid}
    return render(request, "suggestions/unit/form.html", context)


@workspace_view
def assignment_contact(request, pk: int):
    return _assignment_form(
        request,
        pk,
        ContactForm,
        services.assignment_record_contact,
        success=_("Contact recorded."),
        title=_("Record a contact with the deputy"),
        button=_("Save contact"),
        testid="contact-form",
    )


@workspace_view
def assignment_opinion(request, pk: int):
    return _assignment_form(
        request,
        pk,
        OpinionForm,
        services.assignment_submit_opinion,
        success=_("Your opinion was sent to the lead unit."),
        title=_("Co-unit opinion to the lead unit"),
        button=_("Send opinion"),
        testid="opinion-form",
    )


def _reply_initial(reply: Reply | None) -> tuple[dict, list[dict]]:
    if reply is None:
        return {}, []
    promises = [{"text": p.text, "due_date": p.due_date} for p in reply.promises.all()]
    return {"result_class": reply.result_class, "text": reply.text}, promises


@workspace_view
def assignment_reply(request, pk: int):
    assignment = _own(request, pk)
    reply = _current_reply(assignment)
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        formset = PromiseFormSet(request.POST, prefix="promises")
        if form.is_valid() and formset.is_valid():
            filled = [f for f in formset.forms if f.is_filled]
            data = form.cleaned_data
            saved = run(
                services.assignment_draft_reply,
                form=form,
                extra_forms={"promises": filled},
                user=request.user,
                assignment=assignment,
                result_class=data["result_class"],
                text=data["text"],
                attachments=data["attachments"],
                promises=[
                    {"text": f.cleaned_data["text"], "due_date": f.cleaned_data["due_date"]}
                    for f in filled
                ],
            )
            if saved is not None:
                done(request, _("Reply saved; it now awaits the unit head's sign-off."))
                return redirect("assignment_detail", pk=pk)
    else:
        initial, promises = _reply_initial(reply)
        form = ReplyForm(initial=initial)
        formset = PromiseFormSet(initial=promises, prefix="promises")
    return render(
        request,
        "suggestions/unit/reply.html",
        {
            "a": assignment,
            "s": assignment.suggestion,
            "form": form,
            "formset": formset,
            "reply": reply,
        },
    )


@workspace_view
def assignment_sign_off(request, pk: int):
    assignment = _own(request, pk)
    if request.method == "POST":
        run(services.assignment_sign_off, user=request.user, assignment=assignment)
        done(request, _("Reply signed off and sent to the committee staff."))
        return redirect("assignment_detail", pk=pk)
    require(perms.can_sign_off(request.user, assignment))
    return render(
        request,
        "suggestions/unit/sign_off.html",
        {
            "a": assignment,
            "s": assignment.suggestion,
            "reply": _current_reply(assignment),
        },
    )


@workspace_view
def assignment_reassignment(request, pk: int):
    return _assignment_form(
        request,
        pk,
        ReassignmentForm,
        services.assignment_request_reassignment,
        success=_("Your request was sent to the committee staff."),
        title=_("Ask to be relieved (re-assignment)"),
        button=_("Send request"),
        testid="reassignment-form",
    )


@workspace_view
def assignment_extension(request, pk: int):
    return _assignment_form(
        request,
        pk,
        ExtensionForm,
        services.assignment_request_extension,
        success=_("Your request was sent to the committee staff."),
        title=_("Ask for an extension"),
        button=_("Send request"),
        testid="extension-form",
    )


@workspace_view
def reply_letter(request, pk: int):
    """A printable reply letter (print CSS hides the navigation)."""
    assignment = get_visible_assignment(request.user, pk)
    replies = [
        r
        for r in selectors.replies_for(request.user, assignment.suggestion)
        if r.assignment_id == assignment.pk
    ]
    if not replies:
        raise Http404()
    return render(
        request,
        "suggestions/unit/letter.html",
        {
            "a": assignment,
            "s": assignment.suggestion,
            "reply": replies[0],
        },
    )
