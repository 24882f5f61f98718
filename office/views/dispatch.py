"""The dispatcher's part of the assignment page (two-tier): the forward-by date, forwarding to
its departments, their progress, returning a department's reply and accepting them all."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from office import two_tier
from suggestions import permissions as perms
from suggestions.forms import REASON_MAX
from suggestions.models import Assignment, AssignmentStatus, ResultClass, Unit
from suggestions.views.common import done, require, run, workspace_view
from suggestions.views.unit import _own
from suggestions.workdays import DueDate, add_period


class ForwardForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_lazy("Departments"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _lazy("Choose at least one department.")},
    )

    def __init__(self, *args, dispatcher: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Unit.objects.filter(
            parent=dispatcher, is_active=True
        ).order_by("code")


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_lazy("Reason"), max_length=REASON_MAX, widget=forms.Textarea)


class AcceptForm(forms.Form):
    result_class = forms.ChoiceField(
        label=_lazy("Result class"), choices=ResultClass.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_lazy("Combined reply (empty: the departments' replies one after another)"),
        required=False,
        widget=forms.Textarea,
    )


def forward_due(assignment) -> DueDate | None:
    """By when the dispatcher should forward: the session's rule from the committee's assignment."""
    if not assignment.assigned_at:
        return None
    start = timezone.localtime(assignment.assigned_at).date()
    rule = assignment.suggestion.session.deadline("dispatch_forward")
    return add_period(start, rule, "assigned")


def dispatch_context(user, assignment) -> dict | None:
    """What the assignment page shows a dispatcher unit; None for any other assignment."""
    if not assignment.unit.is_dispatcher or assignment.role not in ("lead", "split"):
        return None
    progress = two_tier.forwarded_progress(user, assignment)
    for child in progress:
        child.current_reply = next((r for r in child.replies.all() if r.round == child.round), None)
    forwarded = [c for c in progress if c.status != AssignmentStatus.RELIEVED]
    due = forward_due(assignment)
    may_check = [c for c in forwarded if perms.can_check_assignment_reply(user, c)]
    return {
        "forward_due": due,
        "forward_overdue": bool(due and not forwarded and due.date < timezone.localdate()),
        "progress": progress,
        "forward_form": ForwardForm(dispatcher=assignment.unit)
        if perms.can_forward(user, assignment)
        else None,
        "can_check": bool(may_check),
        "can_accept": bool(forwarded)
        and all(c.status == AssignmentStatus.SIGNED_OFF for c in forwarded)
        and perms.can_accept_forwarded(user, assignment),
        "accept_form": AcceptForm(),
    }


def _posted(request):
    # An empty POST (nothing ticked) must still bind the form, so it says what is missing.
    return request.POST if request.method == "POST" else None


def _form_page(request, assignment, form, title, button, testid):
    return render(
        request,
        "suggestions/unit/form.html",
        {"a": assignment, "form": form, "title": title, "button": button, "testid": testid},
    )


@workspace_view
def forward(request, pk: int):
    assignment = _own(request, pk)
    require(perms.can_forward(request.user, assignment))
    form = ForwardForm(_posted(request), dispatcher=assignment.unit)
    if request.method == "POST" and form.is_valid():
        rows = run(
            two_tier.assignment_forward,
            form=form,
            user=request.user,
            assignment=assignment,
            departments=list(form.cleaned_data["departments"]),
        )
        if rows is not None:
            done(request, _("Forwarded to the departments."))
            return redirect("assignment_detail", pk=pk)
    title, button = _("Forward to departments"), _("Forward")
    return _form_page(request, assignment, form, title, button, "forward-form")


@workspace_view
def return_reply(request, pk: int):
    child = _own_child(request, pk)
    form = ReturnForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        result = run(
            two_tier.forwarded_return,
            form=form,
            user=request.user,
            child=child,
            reason=form.cleaned_data["reason"],
        )
        if result is not None:
            done(request, _("The department's reply was returned for revision."))
            return redirect("assignment_detail", pk=child.parent_id)
    title = _("Return %(unit)s's reply") % {"unit": child.unit.name}
    return _form_page(request, child, form, title, _("Return"), "return-form")


def _own_child(request, pk: int):
    """A department's forwarded assignment whose reply the user checks: the dispatcher unit's
    people, or staff (as the API allows); 404 for anyone else."""
    child = (
        Assignment.objects.select_related("suggestion", "unit", "parent")
        .filter(pk=pk, parent__isnull=False)
        .first()
    )
    if child is None or not perms.can_check_assignment_reply(request.user, child):
        raise Http404()
    return child


@workspace_view
def accept(request, pk: int):
    assignment = _own(request, pk)
    require(perms.can_accept_forwarded(request.user, assignment))
    form = AcceptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        reply = run(
            two_tier.forwarded_consolidate,
            form=form,
            user=request.user,
            assignment=assignment,
            result_class=form.cleaned_data["result_class"],
            text=form.cleaned_data["text"],
        )
        if reply is not None:
            done(request, _("Departments' replies accepted; the combined reply awaits sign-off."))
            return redirect("assignment_detail", pk=pk)
    title, button = _("Accept the departments' replies"), _("Accept and draft our reply")
    return _form_page(request, assignment, form, title, button, "accept-form")
