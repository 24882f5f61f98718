"""Key supervision pages: the list (filtered and paged; every item for staff and leaders, its own
for a unit) with the staff's proposal form, one item with its actions, the leader's own page, a
deputy's invitations, and the public key list (no login, no personal data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from disclosure.params import parse_id
from followup import services
from followup.forms import (
    ActivityForm,
    ConcludeForm,
    DecideForm,
    HoldForm,
    KeyListFilterForm,
    KeyProposeForm,
    MidtermForm,
    MilestoneDoneForm,
    PlanForm,
)
from followup.models import Activity, ActivityParticipant
from followup.selectors.key_supervision import (
    invitations_of,
    items_of_leader,
    items_visible_to,
    key_items_with_details,
    public_key_list,
)
from followup.selectors.overview import session_or_current
from followup.views.common import perform, perform_form, post_bool
from followup.views.satisfaction import current_session
from suggestions import permissions as perms
from suggestions.models import Role, Suggestion, Unit, User
from suggestions.views.common import PAGE_SIZE, paginate, require


def _filters(request) -> KeyListFilterForm:
    """The list's filters bound to request.GET; without a session in it, the current one."""
    data = request.GET.copy()
    if not data.get("session"):
        current = session_or_current()
        data["session"] = current.pk if current else ""
    return KeyListFilterForm(data)


def _propose_form(session, data=None) -> KeyProposeForm:
    # `session` too: a related manager's rows are tied back to their session through it, and
    # leaving it deferred cost two queries per candidate.
    candidates = (
        session.suggestions.filter(status__in=services.key_supervision.SUPERVISABLE).only(
            "id", "number", "title", "status", "session"
        )
        if session
        else Suggestion.objects.none()
    )
    return KeyProposeForm(
        data,
        candidates=candidates,
        leaders=User.objects.filter(role=Role.LEADER, is_active=True),
        units=Unit.objects.filter(is_active=True),
    )


def _list_page(request, filters, *, form=None, error=None, status: int = 200):
    """The list the user may see (as the API's `key_items/`), filtered and paged by request.GET,
    with the proposal form for those who may propose."""
    # Each filter that is valid applies (a bad status in the URL must not drop the session).
    filters.is_valid()
    session = filters.cleaned_data.get("session")
    items = items_visible_to(
        request.user, session=session, status=filters.cleaned_data.get("status") or None
    )
    can_propose = perms.can_propose_key_item(request.user)
    if form is None and can_propose:
        form = _propose_form(session)
    context = {
        "session": session,
        "filters": filters,
        "page": paginate(request, items, PAGE_SIZE),
        "sees_every_item": perms.sees_everything(request.user),
        "can_propose": can_propose,
        "form": form,
        "error": error,
    }
    return render(request, "followup/key_list.html", context, status=status)


@login_required
def key_list(request):
    require(perms.can_list_key_items(request.user))
    filters = _filters(request)
    if request.method != "POST":
        return _list_page(request, filters)
    # The service refuses too; asking first spares building the form for those who see no form.
    require(perms.can_propose_key_item(request.user))
    session = filters.cleaned_data.get("session") if filters.is_valid() else None
    form = _propose_form(session, request.POST)
    # Back to the same filters, on the first page, where the new item is listed.
    query = request.GET.copy()
    query.pop("page", None)
    return perform_form(
        request,
        form,
        lambda d: services.key_item_propose(
            user=request.user,
            session=session,
            title=d.get("title", ""),
            suggestions=d.get("suggestions", []),
            leader=d.get("leader"),
            responsible_committee=d.get("responsible_committee", ""),
            lead_unit=d.get("lead_unit"),
            reason=d.get("reason", ""),
        ),
        page=lambda **kw: _list_page(request, filters, **kw),
        success_url=reverse("followup:key_list") + (f"?{query.urlencode()}" if query else ""),
        values=form.service_kwargs,
    )


# The item page's forms: built unbound for the page; the one posted (`bound`, for `action`) is
# shown instead, with what the user typed. Forms of one milestone or activity carry its id.
def _item_forms(item, deputies, *, action: str | None = None, bound=None) -> dict:
    def one(name, make, **kwargs):
        return bound if action == name else make(**kwargs)

    def of(name, field, make, pk, **kwargs):
        if action == name and bound.data.get(field) == str(pk):
            return bound
        return make(initial={field: pk}, auto_id=f"id_{name}{pk}_%s", **kwargs)

    return {
        "decide": one("decide", DecideForm),
        "plan": one(
            "plan",
            PlanForm,
            initial={"plan": item.plan},
            milestones=[m for m in item.milestones.all() if m.done_at is None],
        ),
        "milestones": [
            (m, None if m.done_at else of("milestone", "milestone", MilestoneDoneForm, m.pk))
            for m in item.milestones.all()
        ],
        "activity": one("activity", ActivityForm, deputies=deputies),
        "activities": [
            (a, of("hold", "activity", HoldForm, a.pk, participants=a.participants.all()))
            if a.status == Activity.State.SCHEDULED
            else (a, None)
            for a in item.activities.all()
        ],
        "midterm": one("midterm", MidtermForm),
        "conclude": one("conclude", ConcludeForm),
        # Errors of a posted form whose milestone or activity is not on the page show on top.
        "posted": bound,
    }


def _visible_item(request, pk: int):
    """The item if the user may see it, else 404 as for a missing one: like a suggestion, and as
    the API answers, an item the user may not see is not confirmed to exist."""
    item = get_object_or_404(key_items_with_details(), pk=pk)
    if not perms.can_view_key_item(request.user, item):
        raise Http404()
    return item


def _deputies():
    return User.objects.filter(role=Role.DEPUTY, is_active=True).only("id", "full_name", "username")


def _item_page(request, pk: int, *, action=None, form=None, error=None, status: int = 200):
    item = _visible_item(request, pk)
    context = {
        "item": item,
        "can_decide": item.status == "proposed" and perms.can_decide_key_item(request.user, item),
        "can_manage": item.status in ("listed", "midterm")
        and perms.can_manage_key_item(request.user, item),
        "forms": _item_forms(item, _deputies(), action=action, bound=form),
        "error": error,
    }
    return render(request, "followup/key_item.html", context, status=status)


@login_required
@require_GET
def key_item(request, pk: int):
    return _item_page(request, pk)


# action → (its form, given the request's POST; the service call with the form's values, or
# with {} for the dry run)
ACTIONS = {
    "decide": (
        lambda post, pk: DecideForm(post),
        lambda r, pk, d: services.key_item_decide(
            user=r.user, item=pk, selected=d.get("selected"), meeting_ref=d.get("meeting_ref", "")
        ),
    ),
    "plan": (
        lambda post, pk: PlanForm(post),
        lambda r, pk, d: services.key_item_set_plan(
            user=r.user,
            item=pk,
            plan=d.get("plan", ""),
            milestones=d.get("milestones", []),
            remove=d.get("remove", []),
        ),
    ),
    "milestone": (
        lambda post, pk: MilestoneDoneForm(post),
        lambda r, pk, d: services.milestone_mark_done(
            user=r.user, item=pk, milestone=d.get("milestone"), done_on=d.get("done_on")
        ),
    ),
    "activity": (
        lambda post, pk: ActivityForm(post, deputies=_deputies()),
        lambda r, pk, d: services.activity_schedule(
            user=r.user,
            item=pk,
            kind=d.get("kind"),
            date=d.get("date"),
            place=d.get("place", ""),
            deputies=[u.pk for u in d.get("deputies", [])],
        ),
    ),
    "hold": (
        lambda post, pk: HoldForm(post, participants=_participants(pk, post)),
        lambda r, pk, d: services.activity_hold(
            user=r.user,
            item=pk,
            activity=d.get("activity"),
            findings=d.get("findings", ""),
            attended=d.get("attended", []),
        ),
    ),
    "midterm": (
        lambda post, pk: MidtermForm(post),
        lambda r, pk, d: services.key_item_midterm_check(
            user=r.user, item=pk, note=d.get("note", "")
        ),
    ),
    "conclude": (
        lambda post, pk: ConcludeForm(post),
        lambda r, pk, d: services.key_item_conclude(
            user=r.user,
            item=pk,
            conclusion=d.get("conclusion", ""),
            committee_opinion=d.get("committee_opinion", ""),
        ),
    ),
}


def _participants(item_pk: int, post) -> list:
    """Who can be marked present at the posted activity of this item (nobody for another's)."""
    return list(
        ActivityParticipant.objects.filter(
            activity_id=parse_id(post.get("activity")) or 0, activity__item_id=item_pk
        ).select_related("user")
    )


@login_required
@require_POST
def key_item_action(request, pk: int, action: str):
    if action not in ACTIONS:  # no such page, not a refusal
        raise Http404
    make_form, call = ACTIONS[action]
    form = make_form(request.POST, pk)
    plan = isinstance(form, PlanForm)
    return perform_form(
        request,
        form,
        lambda d: call(request, pk, d),
        page=lambda **kw: _item_page(request, pk, action=action, **kw),
        success_url=reverse("followup:key_item", args=[pk]),
        values=form.service_kwargs if plan else None,
        extra_forms=(lambda: {"milestones": form.sent_rows}) if plan else None,
    )


@login_required
@require_GET
def leader_page(request):
    """A leader's one page: every item they lead, with milestones and activities."""
    require(perms.can_view_led_key_items(request.user))
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
