"""Key supervision pages: the staff list and proposal form, one item with its actions, the
leader's own page, a deputy's invitations, and the public key list (no login, no personal data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from followup import services
from followup.models import ActivityKind
from followup.selectors.key_supervision import (
    invitations_of,
    items_for_staff,
    items_of_leader,
    key_items_with_details,
    public_key_list,
)
from followup.views.common import perform, post_bool
from followup.views.satisfaction import current_session
from suggestions import permissions as perms
from suggestions.models import Role, Unit, User


def _list_page(request, *, error=None, status: int = 200):
    if not perms.sees_everything(request.user):
        raise PermissionDenied
    session = current_session(request)
    context = {
        "session": session,
        "items": items_for_staff(session),
        "can_propose": perms.can_propose_key_item(request.user),
        "leaders": User.objects.filter(role=Role.LEADER, is_active=True),
        "units": Unit.objects.filter(is_active=True),
        "candidates": session.suggestions.filter(
            status__in=services.key_supervision.SUPERVISABLE
        ).only("id", "number", "title", "status")
        if session
        else [],
        "error": error,
        "post": request.POST if error else {},
    }
    return render(request, "followup/key_list.html", context, status=status)


@login_required
def key_list(request):
    if request.method != "POST":
        return _list_page(request)
    return perform(
        request,
        lambda: services.key_item_propose(
            user=request.user,
            session=current_session(request),
            title=request.POST.get("title", ""),
            suggestions=request.POST.getlist("suggestions"),
            leader=request.POST.get("leader"),
            responsible_committee=request.POST.get("responsible_committee", ""),
            lead_unit=request.POST.get("lead_unit"),
            reason=request.POST.get("reason", ""),
        ),
        page=lambda **kw: _list_page(request, **kw),
        success_url=reverse("followup:key_list"),
    )


def _item_page(request, pk: int, *, error=None, status: int = 200):
    item = get_object_or_404(key_items_with_details(), pk=pk)
    if not perms.can_view_key_item(request.user, item):
        raise PermissionDenied
    context = {
        "item": item,
        "can_decide": item.status == "proposed" and perms.can_decide_key_item(request.user, item),
        "can_manage": item.status in ("listed", "midterm")
        and perms.can_manage_key_item(request.user, item),
        "kinds": ActivityKind.choices,
        "deputies": User.objects.filter(role=Role.DEPUTY, is_active=True).only(
            "id", "full_name", "username"
        ),
        "error": error,
        "post": request.POST if error else {},
    }
    return render(request, "followup/key_item.html", context, status=status)


@login_required
@require_GET
def key_item(request, pk: int):
    return _item_page(request, pk)


def _milestones(post) -> list[dict]:
    titles, dates = post.getlist("milestone_title"), post.getlist("milestone_date")
    return [{"title": t, "due_date": d} for t, d in zip(titles, dates, strict=False) if t or d]


ACTIONS = {
    "decide": lambda r, pk: services.key_item_decide(
        user=r.user,
        item=pk,
        selected=post_bool(r, "selected"),
        meeting_ref=r.POST.get("meeting_ref", ""),
    ),
    "plan": lambda r, pk: services.key_item_set_plan(
        user=r.user, item=pk, plan=r.POST.get("plan", ""), milestones=_milestones(r.POST)
    ),
    "milestone": lambda r, pk: services.milestone_mark_done(
        user=r.user, item=pk, milestone=r.POST.get("milestone"), done_on=r.POST.get("done_on")
    ),
    "activity": lambda r, pk: services.activity_schedule(
        user=r.user,
        item=pk,
        kind=r.POST.get("kind"),
        date=r.POST.get("date"),
        place=r.POST.get("place", ""),
        deputies=r.POST.getlist("deputies"),
    ),
    "hold": lambda r, pk: services.activity_hold(
        user=r.user,
        item=pk,
        activity=r.POST.get("activity"),
        findings=r.POST.get("findings", ""),
        attended=r.POST.getlist("attended"),
    ),
    "midterm": lambda r, pk: services.key_item_midterm_check(
        user=r.user, item=pk, note=r.POST.get("note", "")
    ),
    "conclude": lambda r, pk: services.key_item_conclude(
        user=r.user,
        item=pk,
        conclusion=r.POST.get("conclusion", ""),
        committee_opinion=r.POST.get("committee_opinion", ""),
    ),
}


@login_required
@require_POST
def key_item_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise PermissionDenied
    return perform(
        request,
        lambda: ACTIONS[action](request, pk),
        page=lambda **kw: _item_page(request, pk, **kw),
        success_url=reverse("followup:key_item", args=[pk]),
    )


@login_required
@require_GET
def leader_page(request):
    """A leader's one page: every item they lead, with milestones and activities."""
    if not perms.is_leader(request.user):
        raise PermissionDenied
    return render(request, "followup/key_mine.html", {"items": items_of_leader(request.user)})


def _invitations_page(request, *, error=None, status: int = 200):
    context = {"invitations": invitations_of(request.user), "error": error}
    return render(request, "followup/invitations.html", context, status=status)


@login_required
def invitations(request):
    """A deputy's supervision invitations, to accept or decline."""
    if request.method != "POST":
        return _invitations_page(request)
    return perform(
        request,
        lambda: services.activity_respond(
            user=request.user,
            activity=request.POST.get("activity"),
            accept=post_bool(request, "accept"),
        ),
        page=lambda **kw: _invitations_page(request, **kw),
        success_url=reverse("followup:invitations"),
    )


@require_GET
def public_list(request):
    """The public key list and its progress: titles (if consented), units, committee, progress."""
    session = current_session(request)
    return render(
        request,
        "followup/key_public.html",
        {"session": session, "items": public_key_list(session) if session else []},
    )
