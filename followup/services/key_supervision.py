"""Key supervision: staff propose an item (one suggestion or a topic of several), the leaders'
meeting decides, staff and the leading leader run it (plan, milestones, activities with invited
deputies, mid-term check, conclusion). Each call logs one event on every suggestion of the item,
so each suggestion's timeline shows its supervision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    KeyItem,
    KeyItemStatus,
    KeyItemSuggestion,
    Milestone,
)
from followup.services.common import optional_text, parse_date, required_text
from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import ASSIGNED_STATUSES, Role, Suggestion, Unit, User
from suggestions.services.base import apply, check_transition, log_event
from suggestions.services.supervision import key_supervision_put

TEXT_MAX = 10000
# Only suggestions the committee has taken on can be supervised.
SUPERVISABLE = ASSIGNED_STATUSES
OPEN_ITEM = (KeyItemStatus.LISTED, KeyItemStatus.MIDTERM)


def _pk(value):
    value = getattr(value, "pk", value)
    return int(value) if str(value or "").isdigit() else None


def _lock_item(user, item_or_pk) -> KeyItem:
    item = (
        KeyItem.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "leader")
        .filter(pk=_pk(item_or_pk))
        .first()
    )
    if item is None or not perms.can_view_key_item(user, item):
        raise NotVisible()
    return item


def _lock_suggestions(item) -> list[Suggestion]:
    """Lock the item's suggestions in id order, like every service locks its suggestion."""
    return list(
        Suggestion.objects.select_for_update(of=("self",))
        .filter(key_items=item)
        .select_related("session", "lead_deputy")
        .order_by("pk")
    )


def _log(item, verb: str, user, **payload):
    events = [
        log_event(s, verb, user, key_item=item.pk, **payload) for s in _lock_suggestions(item)
    ]
    return events


def _tell(user, item, verb: str, recipients, events) -> None:
    suggestion = events[0].suggestion if events else None
    if suggestion is not None:
        notify.send(
            actor=user,
            recipients=recipients,
            verb=verb,
            suggestion=suggestion,
            event=events[0],
            key_item=item.pk,
            item_title=item.title,
        )


@transaction.atomic
def key_item_propose(
    *,
    user,
    session,
    title: str,
    suggestions,
    leader,
    responsible_committee: str,
    lead_unit,
    reason: str = "",
) -> KeyItem:
    """Staff propose an item for the key list; several suggestions make a topic."""
    if not perms.can_propose_key_item(user):
        raise NotPermitted()
    errors: dict = {}
    title = required_text(title, "title", errors, limit=200, message=_("Please give a title."))
    committee = required_text(
        responsible_committee,
        "responsible_committee",
        errors,
        limit=100,
        message=_("Name the responsible committee."),
    )
    reason = optional_text(reason, "reason", errors, limit=5000)
    ids = sorted({_pk(s) for s in suggestions or [] if _pk(s)})
    chosen = list(
        Suggestion.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, session=session, status__in=SUPERVISABLE)
        .order_by("pk")
    )
    if not ids or len(chosen) != len(ids):
        errors["suggestions"] = [_("Choose assigned suggestions of this session.")]
    elif KeyItemSuggestion.objects.filter(
        suggestion_id__in=ids, item__status__in=(KeyItemStatus.PROPOSED, *OPEN_ITEM)
    ).exists():
        errors["suggestions"] = [_("A chosen suggestion is already on the key list.")]
    leader_user = User.objects.filter(pk=_pk(leader), role=Role.LEADER, is_active=True).first()
    if leader_user is None:
        errors["leader"] = [_("Choose a committee leader.")]
    unit = Unit.objects.filter(pk=_pk(lead_unit), is_active=True).first()
    if unit is None:
        errors["lead_unit"] = [_("Choose the lead unit.")]
    if errors:
        raise InvalidInput(fields=errors)
    head = (
        User.objects.filter(unit=unit, role=Role.UNIT_HEAD, is_active=True).order_by("pk").first()
    )
    item = KeyItem.objects.create(
        session=session,
        kind=KeyItem.Kind.TOPIC if len(ids) > 1 else KeyItem.Kind.SINGLE,
        title=title,
        leader=leader_user,
        responsible_committee=committee,
        lead_unit=unit,
        responsible_person=head,
        reason=reason,
        proposed_by=user,
    )
    KeyItemSuggestion.objects.bulk_create(
        KeyItemSuggestion(item=item, suggestion=s) for s in chosen
    )
    events = _log(item, "key_proposed", user)
    _tell(user, item, "key_proposed", [leader_user], events)
    return item


@transaction.atomic
def key_item_decide(*, user, item, selected: bool, meeting_ref: str) -> KeyItem:
    """Record the leaders' meeting (主任会议) decision on a proposed item. A selected item puts
    each of its suggestions under key supervision with the item's leader and committee."""
    item = _lock_item(user, item)
    check_transition(item, "reject" if selected is False else "select", user)
    errors: dict = {}
    if not isinstance(selected, bool):
        errors["selected"] = [_("Say whether the meeting selected the item.")]
    meeting_ref = required_text(
        meeting_ref,
        "meeting_ref",
        errors,
        limit=100,
        message=_("Name the leaders' meeting that decided."),
    )
    if errors:
        raise InvalidInput(fields=errors)
    item.meeting_ref = meeting_ref
    item.decided_at = timezone.now()
    before = apply(item, "select" if selected else "reject")
    suggestions = _lock_suggestions(item)
    if selected:
        # The rows are written (and the leader checked again: he may have left since the
        # proposal) by the same writer as the staff's direct decision.
        for suggestion in suggestions:
            key_supervision_put(
                suggestion=suggestion,
                leader=item.leader,
                responsible_committee=item.responsible_committee,
                note=item.title,
                decided_by=user,
            )
    verb = "key_listed" if selected else "key_not_selected"
    events = _log(item, verb, user, from_item_status=before, meeting_ref=meeting_ref)
    recipients = [item.leader, *notify.staff_users()]
    if selected:
        recipients += list(notify.unit_users([item.lead_unit_id]))
        recipients += list(notify.deputy_users_of(suggestions))
    _tell(user, item, verb, recipients, events)
    return item


def _check_running(user, item) -> None:
    if item.status not in OPEN_ITEM:
        raise InvalidState(status=item.status)
    if not perms.can_manage_key_item(user, item):
        raise NotPermitted(status=item.status)


@transaction.atomic
def key_item_set_plan(*, user, item, plan: str, milestones, remove=()) -> KeyItem:
    """Write the supervision plan and change its milestones not yet done. An entry of
    `milestones` with the `id` of such a milestone edits it, one without an id adds one; the
    ids in `remove` are removed. An open milestone neither listed nor in `remove` stays as it
    is: a milestone is removed only when asked, never because the caller did not send it back
    (one added meanwhile by someone else, or one a page did not show). Done milestones are
    history and are never changed here."""
    item = _lock_item(user, item)
    _check_running(user, item)
    errors: dict = {}
    plan = required_text(plan, "plan", errors, limit=TEXT_MAX, message=_("Please write the plan."))
    # Read under the item's lock: marking a milestone done takes the same lock.
    still_open = {m.pk: m for m in item.milestones.filter(done_at__isnull=True)}
    removed: set[int] = set()
    for value in remove or []:
        pk = _pk(value)
        if pk not in still_open:
            errors["remove"] = [_("Choose milestones of this item not yet done.")]
        removed.add(pk)
    edited: dict[int, Milestone] = {}
    added: list[Milestone] = []
    for index, entry in enumerate(milestones or []):
        entry = entry if isinstance(entry, dict) else {}
        what = required_text(
            entry.get("title"),
            f"milestones.{index}.title",
            errors,
            limit=200,
            message=_("Say what the milestone is."),
        )
        day = parse_date(entry.get("due_date"), f"milestones.{index}.due_date", errors)
        if entry.get("id") in (None, ""):
            added.append(Milestone(item=item, title=what, due_date=day))
            continue
        pk = _pk(entry["id"])
        if pk not in still_open:
            errors[f"milestones.{index}.id"] = [_("Choose milestones of this item not yet done.")]
        elif pk in edited or pk in removed:
            errors[f"milestones.{index}.id"] = [_("Each milestone can be listed only once.")]
        else:
            edited[pk] = still_open[pk]
            edited[pk].title, edited[pk].due_date = what, day
    remaining = len(still_open) - len(removed & still_open.keys()) + len(added)
    if not remaining:
        errors["milestones"] = [_("A plan needs at least one milestone.")]
    if errors:
        raise InvalidInput(fields=errors)
    item.plan = plan
    item.save(update_fields=["plan"])
    Milestone.objects.filter(pk__in=removed).delete()
    Milestone.objects.bulk_update(edited.values(), ["title", "due_date"])
    Milestone.objects.bulk_create(added)
    events = _log(item, "key_plan_set", user, milestones=remaining)
    _tell(user, item, "key_plan_set", notify.unit_users([item.lead_unit_id]), events)
    return item


@transaction.atomic
def milestone_mark_done(*, user, milestone, done_on, item=None) -> Milestone:
    """Mark a milestone done. With `item` (a page or endpoint of that item), the milestone is
    chosen in the body: one of another item is invalid input, not someone else's object."""
    pk = _pk(milestone)
    if item is not None:
        item = _lock_item(user, item)
        _check_running(user, item)
        milestone = item.milestones.filter(pk=pk).first()
        if milestone is None:
            raise InvalidInput(fields={"milestone": [_("Choose a milestone of this item.")]})
        if milestone.done_at is not None:
            raise InvalidState(status="done")
        return _milestone_done(user, item, milestone, done_on)
    item_id = Milestone.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if item_id is None:
        raise NotVisible()
    item = _lock_item(user, item_id)
    milestone = Milestone.objects.get(pk=pk)
    if milestone.done_at is not None:
        raise InvalidState(status="done")
    _check_running(user, item)
    return _milestone_done(user, item, milestone, done_on)


def _milestone_done(user, item, milestone, done_on) -> Milestone:
    errors: dict = {}
    day = parse_date(done_on, "done_on", errors)
    if day and day > timezone.localdate():
        errors["done_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise InvalidInput(fields=errors)
    milestone.done_at = day
    milestone.save(update_fields=["done_at"])
    events = _log(item, "key_milestone_done", user, milestone=milestone.pk)
    _tell(user, item, "key_milestone_done", [item.leader, *notify.staff_users()], events)
    return milestone


@transaction.atomic
def activity_schedule(
    *, user, item, kind: str, date, place: str = "", deputies=(), participants=()
) -> Activity:
    """Schedule an inspection, supervision meeting or survey; invited deputies are asked to
    accept; other participants (leaders, staff, unit heads) are listed."""
    item = _lock_item(user, item)
    _check_running(user, item)
    errors: dict = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose inspection, supervision meeting or survey.")]
    day = parse_date(date, "date", errors)
    place = optional_text(place, "place", errors, limit=200)
    deputy_ids = {_pk(d) for d in deputies or []} - {None}
    invited = list(User.objects.filter(pk__in=deputy_ids, role=Role.DEPUTY, is_active=True))
    if len(invited) != len(deputy_ids):
        errors["deputies"] = [_("Choose deputies with an account.")]
    other_ids = ({_pk(p) for p in participants or []} - {None}) - deputy_ids
    others = list(User.objects.filter(pk__in=other_ids, is_active=True).exclude(role=Role.DEPUTY))
    if len(others) != len(other_ids):
        errors["participants"] = [_("Choose committee leaders, staff or unit users.")]
    if errors:
        raise InvalidInput(fields=errors)
    activity = Activity.objects.create(item=item, kind=kind, date=day, place=place, created_by=user)
    ActivityParticipant.objects.bulk_create(
        [ActivityParticipant(activity=activity, user=u) for u in invited]
        + [
            ActivityParticipant(
                activity=activity, user=u, answer=ActivityParticipant.Answer.ACCEPTED
            )
            for u in others
        ]
    )
    events = _log(
        item,
        "key_activity_scheduled",
        user,
        activity=activity.pk,
        kind=kind,
        date=day.isoformat(),
        invited=len(invited),
    )
    _tell(user, item, "key_activity_invited", [*invited, *others], events)
    return activity


def _lock_activity(user, activity_or_pk) -> tuple[KeyItem, Activity]:
    pk = _pk(activity_or_pk)
    item_id = Activity.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if item_id is None:
        raise NotVisible()
    item = KeyItem.objects.select_for_update(of=("self",)).get(pk=item_id)
    activity = Activity.objects.select_for_update(of=("self",)).get(pk=pk)
    activity.item = item
    return item, activity


@transaction.atomic
def activity_respond(*, user, activity, accept: bool) -> ActivityParticipant:
    """An invited deputy accepts or declines; only they can answer for themselves."""
    item, activity = _lock_activity(user, activity)
    participant = activity.participants.filter(user_id=getattr(user, "pk", None)).first()
    if participant is None or not perms.can_respond_activity(user, participant):
        if not perms.can_view_key_item(user, item):
            raise NotVisible()
        raise NotPermitted(status=activity.status)
    if activity.status != Activity.State.SCHEDULED:
        raise InvalidState(status=activity.status)
    if not isinstance(accept, bool):
        raise InvalidInput(fields={"accept": [_("Say whether you will take part.")]})
    participant.answer = (
        ActivityParticipant.Answer.ACCEPTED if accept else ActivityParticipant.Answer.DECLINED
    )
    participant.responded_at = timezone.now()
    participant.save(update_fields=["answer", "responded_at"])
    events = _log(item, "key_activity_answered", user, activity=activity.pk, accept=accept)
    _tell(user, item, "key_activity_answered", [activity.created_by], events)
    return participant


@transaction.atomic
def activity_hold(*, user, activity, findings: str, attended=(), item=None) -> Activity:
    """Record that the activity took place, who attended and what it found. With `item`, the
    activity is chosen in the body and must be one of that item's."""
    if item is not None:
        item = _lock_item(user, item)
        if not item.activities.filter(pk=_pk(activity)).exists():
            if not perms.can_manage_key_item(user, item):
                raise NotPermitted(status=item.status)
            raise InvalidInput(fields={"activity": [_("Choose an activity of this item.")]})
    item, activity = _lock_activity(user, activity)
    if not perms.can_view_key_item(user, item):
        raise NotVisible()
    check_transition(activity, "hold", user)
    errors: dict = {}
    findings = required_text(
        findings, "findings", errors, limit=20000, message=_("Please record the findings.")
    )
    if errors:
        raise InvalidInput(fields=errors)
    present = {_pk(a) for a in attended or []}
    participants = list(activity.participants.all())
    for participant in participants:
        participant.attended = participant.user_id in present
    ActivityParticipant.objects.bulk_update(participants, ["attended"])
    activity.findings = findings
    activity.held_at = timezone.now()
    apply(activity, "hold")
    events = _log(
        item,
        "key_activity_held",
        user,
        activity=activity.pk,
        kind=activity.kind,
        attended=sum(1 for p in participants if p.attended),
    )
    recipients = [p.user for p in participants] + list(notify.unit_users([item.lead_unit_id]))
    _tell(user, item, "key_activity_held", recipients, events)
    return activity


@transaction.atomic
def key_item_midterm_check(*, user, item, note: str) -> KeyItem:
    item = _lock_item(user, item)
    check_transition(item, "check_midterm", user)
    errors: dict = {}
    note = required_text(
        note, "note", errors, limit=TEXT_MAX, message=_("Please record the mid-term check.")
    )
    if errors:
        raise InvalidInput(fields=errors)
    item.midterm_note = note
    item.midterm_at = timezone.now()
    before = apply(item, "check_midterm")
    events = _log(item, "key_midterm_checked", user, from_item_status=before)
    _tell(user, item, "key_midterm_checked", notify.unit_users([item.lead_unit_id]), events)
    return item


@transaction.atomic
def key_item_conclude(*, user, item, conclusion: str, committee_opinion: str) -> KeyItem:
    """End the supervision with a conclusion and the responsible committee's opinion."""
    item = _lock_item(user, item)
    check_transition(item, "conclude", user)
    errors: dict = {}
    conclusion = required_text(
        conclusion, "conclusion", errors, limit=TEXT_MAX, message=_("Please write the conclusion.")
    )
    opinion = required_text(
        committee_opinion,
        "committee_opinion",
        errors,
        limit=TEXT_MAX,
        message=_("Please write the committee's opinion."),
    )
    if errors:
        raise InvalidInput(fields=errors)
    item.conclusion, item.committee_opinion = conclusion, opinion
    item.concluded_at = timezone.now()
    before = apply(item, "conclude")
    suggestions = _lock_suggestions(item)
    events = _log(item, "key_concluded", user, from_item_status=before)
    recipients = [
        item.leader,
        *notify.unit_users([item.lead_unit_id]),
        *notify.deputy_users_of(suggestions),
    ]
    _tell(user, item, "key_concluded", recipients, events)
    return item
