"""Who may see and do what: every permission of the product, in one module.

Predicates are `can_<verb>(user, obj) -> bool`; role-scoped querysets are `visible_<things>(user)`.
Views, the API, templates, the state machines and the flow all ask these; nothing else decides.
Models are imported lazily because the models import this module for their FSM permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

STAFF = "staff"
LEADER = "leader"
DEPUTY = "deputy"
UNIT_HANDLER = "unit_handler"
UNIT_HEAD = "unit_head"


# --- who the user is ------------------------------------------------------------------------
def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    return _active(user) and (user.role == STAFF or user.is_superuser)


def is_leader(user) -> bool:
    return _active(user) and user.role == LEADER


def sees_everything(user) -> bool:
    """Committee staff and leaders oversee every filed suggestion (drafts: `can_view_draft`)."""
    return is_staff(user) or is_leader(user)


def oversight_scope(user) -> str | None:
    """Which view of every suggestion the user has, if they oversee them all: the same rows for
    every user of a scope, so figures over them can be cached per scope (`status_counts`)."""
    if is_staff(user):
        return STAFF
    return LEADER if is_leader(user) else None


def deputy_id(user) -> int | None:
    if _active(user) and user.role == DEPUTY:
        return user.deputy_id
    return None


def unit_id(user) -> int | None:
    if _active(user) and user.role in (UNIT_HANDLER, UNIT_HEAD):
        return user.unit_id
    return None


def _is_lead_deputy(user, suggestion) -> bool:
    did = deputy_id(user)
    return did is not None and suggestion.lead_deputy_id == did


def _is_cosigner(user, suggestion, states=("invited", "confirmed")) -> bool:
    did = deputy_id(user)
    if did is None:
        return False
    return suggestion.cosigners.filter(deputy_id=did, state__in=states).exists()


def _unit_assignment(user, suggestion):
    uid = unit_id(user)
    if uid is None:
        return None
    return suggestion.assignments.filter(unit_id=uid).first()


# --- drafts -----------------------------------------------------------------------------------
def can_view_draft(user, suggestion) -> bool:
    """A draft is its deputies' work in progress until submitted: the lead deputy and the
    co-signers they invited see it; committee staff only a draft staff registered on the
    deputy's behalf (which they go on editing and submit). Leaders and units see none."""
    if _is_lead_deputy(user, suggestion) or _is_cosigner(user, suggestion):
        return True
    return is_staff(user) and suggestion.registered_by_staff


def _overseen(user) -> Q:
    """`can_view_draft` as a filter for those who oversee every suggestion: each filed one, and
    to staff the drafts staff registered."""
    filed = ~Q(status="draft")
    return (filed | Q(registered_by_staff=True)) if is_staff(user) else filed


# --- role-scoped querysets --------------------------------------------------------------------
def deputy_suggestion_sets(did: int) -> tuple[QuerySet, QuerySet]:
    """The suggestions a deputy sees, as two disjoint sets: those they lead, and the ids of those
    they are invited to co-sign or co-signed (a lead deputy is never their own co-signer)."""
    from suggestions.models import CoSigner, Suggestion

    led = Suggestion.objects.filter(lead_deputy_id=did)
    cosigned_ids = (
        CoSigner.objects.filter(deputy_id=did, state__in=("invited", "confirmed"))
        .order_by()
        .values("suggestion_id")
    )
    return led, cosigned_ids


def visible_suggestions(user) -> QuerySet:
    from suggestions.models import Assignment, Suggestion

    qs = Suggestion.objects.all()
    if sees_everything(user):
        return qs.filter(_overseen(user))
    did = deputy_id(user)
    if did is not None:
        # Drafts too: a deputy's suggestion sets are exactly who `can_view_draft` lets in.
        # A UNION of two index lookups: `lead = d OR EXISTS(co-signer d)` cannot use an index,
        # and PostgreSQL walked every suggestion in date order to find a deputy's few.
        led, cosigned_ids = deputy_suggestion_sets(did)
        return qs.filter(pk__in=led.order_by().values("pk").union(cosigned_ids))
    uid = unit_id(user)
    if uid is not None:
        # Drafts and unassigned suggestions never reach a unit.
        return qs.filter(Exists(Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=uid)))
    return qs.none()


def visible_assignments(user) -> QuerySet:
    from suggestions.models import Assignment

    qs = Assignment.objects.all()
    if sees_everything(user):
        return qs
    uid = unit_id(user)
    if uid is not None:
        # A unit's own work; the other units on a shared suggestion show on its detail page.
        return qs.filter(unit_id=uid)
    if deputy_id(user) is not None:
        return qs.filter(suggestion__in=visible_suggestions(user))
    return qs.none()


def visible_requests(user) -> QuerySet:
    from suggestions.models import UnitRequest

    qs = UnitRequest.objects.all()
    if sees_everything(user):
        return qs
    uid = unit_id(user)
    if uid is not None:
        return qs.filter(assignment__unit_id=uid)
    return qs.none()


# --- suggestions ----------------------------------------------------------------------------
def can_view_suggestion(user, suggestion) -> bool:
    if suggestion.status == "draft":
        return can_view_draft(user, suggestion)
    if sees_everything(user):
        return True
    if _is_lead_deputy(user, suggestion) or _is_cosigner(user, suggestion):
        return True
    return _unit_assignment(user, suggestion) is not None


def can_create_suggestion(user) -> bool:
    """Deputies draft their own; staff register suggestions that arrived on paper."""
    return deputy_id(user) is not None or is_staff(user)


def _staff_may_act(user, suggestion) -> bool:
    # Staff act for the deputy on what they see: of the drafts, only those staff registered.
    return is_staff(user) and (suggestion.status != "draft" or suggestion.registered_by_staff)


def can_edit_draft(user, suggestion) -> bool:
    return suggestion.status == "draft" and (
        _is_lead_deputy(user, suggestion) or _staff_may_act(user, suggestion)
    )


def can_submit(user, suggestion) -> bool:
    return _is_lead_deputy(user, suggestion) or _staff_may_act(user, suggestion)


def can_withdraw(user, suggestion) -> bool:
    # Staff withdraw on the deputy's written request.
    return _is_lead_deputy(user, suggestion) or _staff_may_act(user, suggestion)


def can_respond_cosign(user, suggestion) -> bool:
    return suggestion.status == "draft" and _is_cosigner(user, suggestion, states=("invited",))


def can_review(user, suggestion) -> bool:
    return is_staff(user)


def can_assign(user, suggestion) -> bool:
    return is_staff(user)


def can_start_handling(user, suggestion) -> bool:
    return _unit_assignment(user, suggestion) is not None


def can_finish_handling(user, suggestion) -> bool:
    """Triggered when a unit head signs off the last outstanding reply."""
    return (
        _active(user) and user.role == UNIT_HEAD and _unit_assignment(user, suggestion) is not None
    )


def can_check_reply(user, suggestion) -> bool:
    return is_staff(user)


def can_rate(user, suggestion) -> bool:
    """Only the deputy, with their own account: never staff or a unit on their behalf."""
    if _is_lead_deputy(user, suggestion):
        return True
    return settings.CO_SIGNERS_RATE and _is_cosigner(user, suggestion, states=("confirmed",))


def can_close(user, suggestion) -> bool:
    return is_staff(user)


def can_set_key_supervision(user, suggestion) -> bool:
    return is_staff(user)


def can_view_timeline_details(user, suggestion) -> bool:
    """Internal notes (reasons, opinions) are for staff, leaders and the units involved."""
    return sees_everything(user) or _unit_assignment(user, suggestion) is not None


# --- assignments ----------------------------------------------------------------------------
def _own_unit(user, assignment) -> bool:
    uid = unit_id(user)
    return uid is not None and assignment.unit_id == uid


def can_view_assignment(user, assignment) -> bool:
    """Everyone who may see the suggestion sees where it went (units involved, its deputies)."""
    if sees_everything(user) or _own_unit(user, assignment):
        return True
    return can_view_suggestion(user, assignment.suggestion)


def can_sign(user, assignment) -> bool:
    return _own_unit(user, assignment)


def can_request(user, assignment) -> bool:
    """Ask to be relieved (re-assignment) or for an extension."""
    return _own_unit(user, assignment)


def can_record_contact(user, assignment) -> bool:
    return _own_unit(user, assignment)


def can_submit_opinion(user, assignment) -> bool:
    return _own_unit(user, assignment) and assignment.role == "co"


def can_draft_reply(user, assignment) -> bool:
    # "dept": a department writes its reply to the dispatcher that forwarded it (two-tier).
    return _own_unit(user, assignment) and assignment.role in ("lead", "split", "dept")


def can_sign_off(user, assignment) -> bool:
    return _own_unit(user, assignment) and user.role == UNIT_HEAD


def can_check_assignment_reply(user, assignment) -> bool:
    # A forwarded department's reply is checked by the dispatcher before it reaches staff.
    return is_staff(user) or _dispatcher_of(user, assignment)


def _dispatcher_of(user, assignment) -> bool:
    uid = unit_id(user)
    return uid is not None and assignment.parent_id is not None and assignment.parent.unit_id == uid


def can_work_on_assignment(user, assignment) -> bool:
    """The unit's workspace pages of an assignment (its page, forms, reply editor): the assigned
    unit and committee staff. Leaders and deputies follow it on the suggestion page instead;
    each action on the pages asks its own predicate as well."""
    return is_staff(user) or _own_unit(user, assignment)


def can_view_unit_work(user, assignment) -> bool:
    """The unit's own working record of an assignment (its requests to the committee, the
    progress of the departments it forwarded to): the unit itself, staff and leaders."""
    return sees_everything(user) or _own_unit(user, assignment)


def can_reopen_assignment(user, assignment) -> bool:
    """A dissatisfied rating re-opens the replying units' work."""
    return is_staff(user) or can_rate(user, assignment.suggestion)


def can_view_reply(user, reply) -> bool:
    """Drafts stay with the unit and staff; deputies read a reply once staff approved it."""
    assignment = reply.assignment
    if sees_everything(user) or _own_unit(user, assignment):
        return True
    return reply.approved_at is not None and can_view_suggestion(user, assignment.suggestion)


def can_decide_request(user, obj) -> bool:
    return is_staff(user)


def can_view_attachment(user, attachment) -> bool:
    """A reply's files are seen by whoever may read the reply."""
    return can_view_reply(user, attachment.reply)


def can_view_all_suggestions(user) -> bool:
    """The list of every suggestion: staff and leaders, who oversee them all."""
    return sees_everything(user)


def can_view_deputy_home(user) -> bool:
    """A deputy's own suggestions page."""
    return deputy_id(user) is not None


def can_view_dashboard(user) -> bool:
    return sees_everything(user)


# --- workspace lists (web pages and the API alike) ----------------------------------------
def can_view_cosign_invitations(user) -> bool:
    return deputy_id(user) is not None


def can_view_unit_inbox(user) -> bool:
    return unit_id(user) is not None or is_staff(user)


def can_view_staff_queues(user) -> bool:
    """Work queues, pending unit requests and units' loads: the committee staff's desk."""
    return is_staff(user)


def can_view_leader_home(user) -> bool:
    return is_leader(user) or is_staff(user)


# --- directory and accounts -----------------------------------------------------------------
def can_manage_accounts(user) -> bool:
    """Accounts are created only by the system administrator (三员分立) or a superuser."""
    return _active(user) and (user.is_superuser or user.role == "sysadmin")


def can_manage_access(user) -> bool:
    """Business roles, permission groups and single permissions of accounts are given by the
    security administrator (三员分立) or a superuser."""
    return _active(user) and (user.is_superuser or user.role == "secadmin")


def can_view_accounts(user) -> bool:
    return can_manage_accounts(user) or is_staff(user)


def visible_accounts(user, qs: QuerySet | None = None) -> QuerySet:
    """Superusers' accounts are seen (and so changed) by superusers only. `qs`: the accounts to
    narrow (the admin site's own queryset), else every account."""
    from suggestions.models import User

    qs = User.objects.all() if qs is None else qs
    return qs if getattr(user, "is_superuser", False) else qs.filter(is_superuser=False)


# --- disclosure (publication and statistics) ------------------------------------------------
def can_view_statistics(user) -> bool:
    """The full statistics (with per-deputy figures) are for committee staff and leaders."""
    return sees_everything(user)


def can_publish(user, suggestion=None) -> bool:
    """Committee staff prepare, redact, approve and withdraw publications."""
    return is_staff(user)


def can_run_awards(user) -> bool:
    """Committee staff open selections, nominate, score and publish awards."""
    return is_staff(user)


def can_view_deputy_archive(user, deputy) -> bool:
    """The internal archive: committee staff and leaders, and the deputy themself."""
    return sees_everything(user) or (deputy_id(user) is not None and deputy_id(user) == deputy.pk)


# --- office (paper forms) ---------------------------------------------------------------------
def can_register_paper_cosigners(user, suggestion) -> bool:
    """Staff record co-signatures that were signed on a paper suggestion."""
    return suggestion.status == "draft" and _staff_may_act(user, suggestion)


def can_import(user) -> bool:
    """Staff import paper suggestions and the directory from Excel."""
    return is_staff(user)


def can_manage_directory(user) -> bool:
    """The directory at the start of a term (units, deputies, accounts) is set up by staff or the
    system administrator."""
    return is_staff(user) or (_active(user) and user.role == "sysadmin")


def can_manage_calendar(user) -> bool:
    """The working-day calendar (official holidays, make-up working days, the years entered) is
    kept by those who keep the directory: staff or the system administrator."""
    return can_manage_directory(user)


def can_enter_paper_rating(user, suggestion) -> bool:
    """Staff enter a paper feedback form (征询意见表) for a deputy without an account; the
    rating is marked as staff-entered. Deputies with an account always rate in person."""
    return is_staff(user)


def can_print_documents(user, suggestion) -> bool:
    """Feedback forms, draft reply letters and the documents page: staff, leaders and the units
    involved."""
    return sees_everything(user) or _unit_assignment(user, suggestion) is not None


def can_print_reply_letter(user, reply) -> bool:
    """Deputies get the letter once the reply is approved (formal); staff, leaders and the units
    involved print drafts too. Whether the suggestion is visible at all is asked first."""
    return reply.approved_at is not None or can_print_documents(user, reply.assignment.suggestion)


def can_print_assignment_notice(user, assignment) -> bool:
    """A unit's assignment notice (交办通知): committee staff, who send it, and the unit itself."""
    # The same people as the unit's workspace of the assignment today, but a separate rule: who
    # may print the notice can change (e.g. a dispatcher printing for its departments) without
    # opening the workspace, and the other way round.
    return can_work_on_assignment(user, assignment)


def similarity_pool(user) -> QuerySet:
    """Suggestions shown as 'similar' while drafting or reviewing: staff and leaders see all
    filed ones; others see what they may see plus filed suggestions whose deputies consented to
    publication (they are public anyway)."""
    from suggestions.models import Suggestion

    filed = Suggestion.objects.exclude(status__in=("draft", "withdrawn"))
    if sees_everything(user):
        return filed
    public = filed.filter(publication_consent__in=("full", "title"))
    own = visible_suggestions(user).exclude(status="draft")
    return Suggestion.objects.filter(Q(pk__in=public.values("pk")) | Q(pk__in=own.values("pk")))


def can_forward(user, assignment) -> bool:
    """A dispatcher unit (政府办/督查室) forwards its signed lead/split assignment to its
    departments."""
    return (
        _own_unit(user, assignment)
        and assignment.unit.is_dispatcher
        and assignment.role in ("lead", "split")
        and assignment.status == "signed"
    )


def can_accept_forwarded(user, assignment) -> bool:
    """The dispatcher unit accepts its departments' signed-off replies and drafts its own reply
    from them (two-tier); whether every department has signed off is the service's state check."""
    return assignment.unit.is_dispatcher and can_draft_reply(user, assignment)


# --- follow-through (followup app): promises, key supervision, ratings, survey -----------------
def visible_promises(user) -> QuerySet:
    from suggestions.models import Promise

    qs = Promise.objects.all()
    if sees_everything(user):
        return qs
    uid = unit_id(user)
    if uid is not None:
        return qs.filter(unit_id=uid)
    if deputy_id(user) is not None:
        return qs.filter(reply__assignment__suggestion__in=visible_suggestions(user))
    return qs.none()


def promise_party(user, promise, suggestion) -> str | None:
    """Which of the three confirming parties the user speaks for, if any: the lead deputy with
    their own account, the promising unit, or committee staff."""
    if _is_lead_deputy(user, suggestion):
        return "deputy"
    if unit_id(user) is not None and unit_id(user) == promise.unit_id:
        return "unit"
    if is_staff(user):
        return "staff"
    return None


def can_report_promise_progress(user, promise) -> bool:
    return unit_id(user) is not None and unit_id(user) == promise.unit_id


def can_end_promise_unfulfilled(user, promise) -> bool:
    """The unit explains why it could not keep the promise, or staff record it."""
    return is_staff(user) or can_report_promise_progress(user, promise)


def can_upgrade_class(user, reply) -> bool:
    return is_staff(user)


def can_rate_implementation(user, suggestion) -> bool:
    """Like the reply rating: only the lead deputy, with their own account."""
    return _is_lead_deputy(user, suggestion)


def can_change_rating(user, rating) -> bool:
    """Only the deputy who gave the rating, with their own account; never staff or a unit."""
    did = deputy_id(user)
    return did is not None and rating.deputy_id == did


def can_view_rating_audit(user) -> bool:
    return is_staff(user) or (_active(user) and user.role == "auditor")


def can_view_meeting_disputes(user) -> bool:
    return is_staff(user)


def can_propose_key_item(user) -> bool:
    return is_staff(user)


def can_decide_key_item(user, item) -> bool:
    """Staff record the leaders' meeting decision; a leader may record it too."""
    return sees_everything(user)


def can_manage_key_item(user, item) -> bool:
    """Staff and the item's leading leader run the supervision."""
    return is_staff(user) or (is_leader(user) and item.leader_id == user.pk)


def can_manage_activity(user, activity) -> bool:
    return can_manage_key_item(user, activity.item)


def can_list_key_items(user) -> bool:
    """The key supervision list, on the web page and in the API (`key_items/`): staff and
    leaders list every item, a unit's handlers and head the items their unit leads (which items:
    `visible_key_items`). Deputies have no such list: their part is the invitations. Proposing
    on the list is a rule of its own (`can_propose_key_item`)."""
    return sees_everything(user) or unit_id(user) is not None


def can_view_led_key_items(user) -> bool:
    """A leader's own page of the items they lead."""
    return is_leader(user)


def can_view_key_item(user, item) -> bool:
    uid = unit_id(user)
    return sees_everything(user) or (uid is not None and uid == item.lead_unit_id)


def visible_key_items(user) -> QuerySet:
    """Staff and leaders see every key item; a unit the items it leads."""
    from followup.models import KeyItem

    if sees_everything(user):
        return KeyItem.objects.all()
    uid = unit_id(user)
    return KeyItem.objects.filter(lead_unit_id=uid) if uid is not None else KeyItem.objects.none()


def can_respond_activity(user, participant) -> bool:
    return _active(user) and participant.user_id == user.pk


def can_manage_survey(user, survey=None) -> bool:
    return is_staff(user)


def can_list_surveys(user) -> bool:
    """Staff run surveys, deputies answer them, leaders and units read their results."""
    return (
        can_manage_survey(user)
        or deputy_id(user) is not None
        or can_view_survey_results(user, None)
    )


def visible_surveys(user) -> QuerySet:
    """Surveys in preparation are the staff's own; the others see them once opened."""
    from followup.models import Survey

    if not can_list_surveys(user):
        return Survey.objects.none()
    qs = Survey.objects.all()
    return qs if can_manage_survey(user) else qs.exclude(status=Survey.State.DRAFT)


def can_answer_survey(user, survey) -> bool:
    return deputy_id(user) is not None


def can_view_survey_results(user, survey) -> bool:
    """Aggregates only: staff and leaders see every unit, a unit its own."""
    return sees_everything(user) or unit_id(user) is not None


def can_read_survey_answers(user, survey) -> bool:
    """Individual answers are for committee staff only; units never see them."""
    return is_staff(user)
