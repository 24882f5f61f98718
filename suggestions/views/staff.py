"""Committee staff: dashboard, queues, review, assignment, request decisions, reply check,
closing and key supervision."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suggestions import permissions as perms
from suggestions import selectors, services, status_counts
from suggestions.forms import (
    AssignForm,
    CheckForm,
    DecisionForm,
    KeySupervisionForm,
    MergeForm,
    ReasonForm,
)
from suggestions.models import Status, Suggestion, UnitRequest
from suggestions.views.common import (
    done,
    get_visible_suggestion,
    paginate,
    require,
    run,
    workspace_view,
)

QUEUES = selectors.STAFF_QUEUES


def _staff(request) -> None:
    require(perms.can_view_staff_queues(request.user))


@workspace_view
def dashboard(request):
    require(perms.can_view_dashboard(request.user))
    return render(
        request,
        "suggestions/staff/dashboard.html",
        {
            "d": selectors.dashboard(request.user),
            "missing_years": selectors.missing_calendar_years(),
        },
    )


@workspace_view
def queue(request, name: str = "review"):
    _staff(request)
    status = QUEUES.get(name, Status.SUBMITTED)
    page = paginate(request, selectors.row_columns(selectors.staff_queue(status)))
    return render(
        request,
        "suggestions/staff/queue.html",
        {
            "page": page,
            "name": name,
            "queues": QUEUES,
        },
    )


@workspace_view
def all_list(request):
    require(perms.can_view_all_suggestions(request.user))
    status, q = request.GET.get("status", ""), request.GET.get("q", "")[:100]
    by_staff = request.GET.get("entered_by_staff") == "1"
    qs = selectors.all_suggestions(request.user, status=status, q=q, entered_by_staff=by_staff)
    # Without a text search the count per status is known: COUNT(*) over ten years of
    # suggestions cost 80 ms at 1,000,000.
    known = status_counts.known_total(request.user, status=status, filtered=bool(q) or by_staff)
    page = paginate(request, qs, count=known)
    return render(
        request,
        "suggestions/staff/all.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "entered_by_staff": by_staff,
            "statuses": Status.choices,
        },
    )


@workspace_view
def review(request, pk: int):
    _staff(request)
    s = get_visible_suggestion(request.user, pk)
    reason_form = ReasonForm(prefix="na")
    merge_form = MergeForm(prefix="merge")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "accept":
            run(services.suggestion_accept, user=request.user, suggestion=s)
            done(request, _("Accepted. Now assign it to handling units."))
            return redirect("staff_assign", pk=pk)
        if action == "not_accept":
            reason_form = ReasonForm(request.POST, prefix="na")
            if reason_form.is_valid() and run(
                services.suggestion_not_accept,
                form=reason_form,
                user=request.user,
                suggestion=s,
                reason=reason_form.cleaned_data["reason"],
            ):
                done(request, _("Not accepted; the deputies are told why."))
                return redirect("staff_queue", name="review")
        if action == "merge":
            merge_form = MergeForm(request.POST, prefix="merge")
            if merge_form.is_valid():
                target = Suggestion.objects.filter(
                    session_id=s.session_id, number=merge_form.cleaned_data["into"]
                ).first()
                if target is None:
                    merge_form.add_error(
                        "into", _("No suggestion of this session has that number.")
                    )
                elif run(
                    services.suggestion_merge,
                    form=merge_form,
                    user=request.user,
                    suggestion=s,
                    into=target.pk,
                ):
                    done(request, _("Merged."))
                    return redirect("suggestion_detail", pk=pk)
    return render(
        request,
        "suggestions/staff/review.html",
        {
            "s": s,
            "reason_form": reason_form,
            "merge_form": merge_form,
        },
    )


@workspace_view
def assign(request, pk: int):
    _staff(request)
    s = get_visible_suggestion(request.user, pk)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run(
            services.suggestion_assign,
            form=form,
            user=request.user,
            suggestion=s,
            **form.service_kwargs(),
        )
        if result is not None:
            done(request, _("Assigned; the units are notified."))
            return redirect("suggestion_detail", pk=pk)

    def chosen(name: str) -> set[str]:
        value = form[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        return {str(v) for v in values if v not in (None, "")}

    return render(
        request,
        "suggestions/staff/assign.html",
        {
            "s": s,
            "form": form,
            "units": list(selectors.unit_loads()),
            "mode": form["mode"].value() or "joint",
            "lead": chosen("lead_unit"),
            "co": chosen("co_units"),
            "split": chosen("split_units"),
        },
    )


@workspace_view
def requests_list(request):
    _staff(request)
    page = paginate(request, selectors.pending_requests())
    return render(request, "suggestions/staff/requests.html", {"page": page})


@workspace_view
def decide_request(request, pk: int):
    _staff(request)
    unit_request = get_object_or_404(
        perms.visible_requests(request.user).select_related(
            "assignment__unit", "assignment__suggestion", "suggested_unit"
        ),
        pk=pk,
    )
    form = DecisionForm(
        request.POST or None,
        initial={
            "unit": unit_request.suggested_unit_id,
            "due_date": unit_request.requested_due_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "approve":
            result = run(
                services.request_approve,
                form=form,
                user=request.user,
                request=unit_request,
                unit=data["unit"],
                due_date=data["due_date"],
            )
        else:
            result = run(
                services.request_reject,
                form=form,
                user=request.user,
                request=unit_request,
                reason=data["reason"],
            )
        if result is not None:
            done(request, _("Decision recorded; the unit is notified."))
            return redirect("staff_requests")
    return render(
        request,
        "suggestions/staff/decide.html",
        {
            "r": unit_request,
            "form": form,
            "kinds": UnitRequest.Kind,
        },
    )


@workspace_view
def check_reply(request, pk: int):
    _staff(request)
    s = get_visible_suggestion(request.user, pk)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "approve":
            result = run(
                services.suggestion_approve_reply, form=form, user=request.user, suggestion=s
            )
            text = _("Approved; the reply reaches the deputies.")
        else:
            result = run(
                services.suggestion_return_reply,
                form=form,
                user=request.user,
                suggestion=s,
                reason=form.cleaned_data["reason"],
            )
            text = _("Returned to the unit for revision.")
        if result is not None:
            done(request, text)
            return redirect("suggestion_detail", pk=pk)
    return render(
        request,
        "suggestions/staff/check.html",
        {
            "s": s,
            "form": form,
            "replies": selectors.replies_for(request.user, s),
        },
    )


@require_POST
@workspace_view
def close(request, pk: int):
    _staff(request)
    run(services.suggestion_close, user=request.user, suggestion=pk)
    done(request, _("Closed."))
    return redirect("suggestion_detail", pk=pk)


@workspace_view
def key_supervision(request, pk: int):
    _staff(request)
    s = get_visible_suggestion(request.user, pk)
    form = KeySupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run(
            services.suggestion_set_key_supervision,
            form=form,
            user=request.user,
            suggestion=s,
            leader=data["leader"].pk,
            responsible_committee=data["responsible_committee"],
            note=data["note"],
        )
        if result is not None:
            done(request, _("Put under key supervision; the leader is notified."))
            return redirect("suggestion_detail", pk=pk)
    return render(request, "suggestions/staff/key.html", {"s": s, "form": form})
