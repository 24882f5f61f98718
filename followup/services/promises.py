"""Promises after the reply: the unit reports progress with evidence; the deputy, the unit and
staff each confirm; the third confirmation fulfils the promise; or it ends not fulfilled with an
explanation. Staff may then upgrade the reply's class; the deputy rates the implementation."""

from __future__ import annotations

import os

from django.db import transaction
from django.utils.translation import gettext as _

from followup.models import (
    Evidence,
    ImplementationRating,
    Party,
    PromiseConfirmation,
    PromiseOutcome,
    PromiseUpdate,
)
from followup.selectors.promises import suggestion_promises
from followup.services.common import check_evidence, evidence_type, optional_text, required_text
from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Grade, Promise, Reply, ResultClass
from suggestions.services.base import lock_suggestion, log_event
from suggestions.services.unit_work import replying_assignments

TEXT_MAX = 5000
# Better classes first: an upgrade moves left.
CLASS_ORDER = [ResultClass.A, ResultClass.B, ResultClass.C, ResultClass.D]


def lock_promise(user, promise_or_pk) -> Promise:
    """Lock the suggestion (as every service does), then the promise; 404 for outsiders."""
    pk = getattr(promise_or_pk, "pk", promise_or_pk)
    suggestion_id = (
        Promise.objects.filter(pk=pk)
        .values_list("reply__assignment__suggestion_id", flat=True)
        .first()
    )
    if suggestion_id is None:
        raise NotVisible()
    suggestion = lock_suggestion(user, suggestion_id)
    promise = Promise.objects.select_for_update(of=("self",)).select_related("reply").get(pk=pk)
    promise.suggestion = suggestion
    return promise


def _check_open(promise) -> None:
    if promise.reply.approved_at is None or promise.state != Promise.State.OPEN:
        raise InvalidState(status=promise.state)


def _ask_for_implementation_rating(user, suggestion, event) -> None:
    """When the last promise has ended, the lead deputy is asked for the implementation rating."""
    if not suggestion_promises(suggestion).filter(state=Promise.State.OPEN).exists():
        notify.send(
            actor=user,
            recipients=notify.deputy_users(suggestion, cosigners=False),
            verb="implementation_rating_due",
            suggestion=suggestion,
            event=event,
        )


def _units(suggestion):
    return notify.unit_users(replying_assignments(suggestion).values_list("unit_id", flat=True))


@transaction.atomic
def promise_report_progress(*, user, promise, text: str, files=()) -> PromiseUpdate:
    """The promising unit reports progress, with photos or documents as evidence."""
    promise = lock_promise(user, promise)
    _check_open(promise)
    if not perms.can_report_promise_progress(user, promise):
        raise NotPermitted(status=promise.state)
    errors: dict = {}
    text = required_text(
        text, "text", errors, limit=TEXT_MAX, message=_("Please describe the progress.")
    )
    check_evidence(files, errors)
    if errors:
        raise InvalidInput(fields=errors)
    update = PromiseUpdate.objects.create(promise=promise, text=text, created_by=user)
    for upload in files or []:
        Evidence.objects.create(
            update=update,
            file=upload,
            name=os.path.basename(upload.name)[:200],
            size=upload.size,
            content_type=evidence_type(upload),
        )
    suggestion = promise.suggestion
    event = log_event(
        suggestion,
        "promise_progress",
        user,
        promise=promise.pk,
        update=update.pk,
        files=len(files or []),
    )
    notify.send(
        actor=user,
        recipients=[*notify.deputy_users(suggestion, cosigners=False), *notify.staff_users()],
        verb="promise_progress",
        suggestion=suggestion,
        event=event,
    )
    return update


@transaction.atomic
def promise_confirm(*, user, promise, note: str = "") -> PromiseConfirmation:
    """One party confirms the promise was kept; the third confirmation fulfils it."""
    promise = lock_promise(user, promise)
    _check_open(promise)
    suggestion = promise.suggestion
    party = perms.promise_party(user, promise, suggestion)
    if party is None:
        raise NotPermitted(status=promise.state)
    errors: dict = {}
    note = optional_text(note, "note", errors, limit=2000)
    if promise.confirmations.filter(party=party).exists():
        errors["party"] = [_("You have already confirmed this promise.")]
    if errors:
        raise InvalidInput(fields=errors)
    confirmation = PromiseConfirmation.objects.create(
        promise=promise, party=party, user=user, note=note
    )
    parties = set(promise.confirmations.values_list("party", flat=True))
    fulfilled = parties == set(Party.values)
    if fulfilled:
        promise.state = Promise.State.FULFILLED
        promise.save(update_fields=["state"])
        PromiseOutcome.objects.create(promise=promise, fulfilled=True, ended_by=user)
    event = log_event(
        suggestion,
        "promise_fulfilled" if fulfilled else "promise_confirmed",
        user,
        promise=promise.pk,
        party=party,
        confirmed_by=sorted(parties),
    )
    recipients = [*notify.deputy_users(suggestion, cosigners=False), *notify.staff_users()]
    recipients += list(notify.unit_users([promise.unit_id]))
    notify.send(
        actor=user,
        recipients=recipients,
        verb="promise_fulfilled" if fulfilled else "promise_confirmed",
        suggestion=suggestion,
        event=event,
    )
    if fulfilled:
        _ask_for_implementation_rating(user, suggestion, event)
    return confirmation


@transaction.atomic
def promise_end_unfulfilled(*, user, promise, explanation: str) -> PromiseOutcome:
    """The promise ends not fulfilled; the explanation is required and shown to the deputy."""
    promise = lock_promise(user, promise)
    _check_open(promise)
    if not perms.can_end_promise_unfulfilled(user, promise):
        raise NotPermitted(status=promise.state)
    errors: dict = {}
    explanation = required_text(
        explanation,
        "explanation",
        errors,
        limit=TEXT_MAX,
        message=_("Please explain why the promise was not fulfilled."),
    )
    if errors:
        raise InvalidInput(fields=errors)
    promise.state = Promise.State.NOT_FULFILLED
    promise.save(update_fields=["state"])
    outcome = PromiseOutcome.objects.create(
        promise=promise, fulfilled=False, explanation=explanation, ended_by=user
    )
    suggestion = promise.suggestion
    event = log_event(suggestion, "promise_not_fulfilled", user, promise=promise.pk)
    notify.send(
        actor=user,
        recipients=[
            *notify.deputy_users(suggestion, cosigners=False),
            *notify.staff_users(),
            *notify.unit_users([promise.unit_id]),
        ],
        verb="promise_not_fulfilled",
        suggestion=suggestion,
        event=event,
    )
    _ask_for_implementation_rating(user, suggestion, event)
    return outcome


@transaction.atomic
def reply_upgrade_class(*, user, reply, result_class: str) -> Reply:
    """Staff upgrade a reply's class (e.g. B→A) once a promise of it was fulfilled with all three
    confirmations; the original class stays for statistics."""
    pk = getattr(reply, "pk", reply)
    suggestion_id = (
        Reply.objects.filter(pk=pk).values_list("assignment__suggestion_id", flat=True).first()
    )
    if suggestion_id is None:
        raise NotVisible()
    suggestion = lock_suggestion(user, suggestion_id)
    reply = Reply.objects.select_for_update(of=("self",)).get(pk=pk)
    fulfilled = reply.promises.filter(state=Promise.State.FULFILLED).exists()
    if reply.approved_at is None or not fulfilled:
        raise InvalidState(status=reply.result_class)
    if not perms.can_upgrade_class(user, reply):
        raise NotPermitted(status=reply.result_class)
    current = reply.result_class
    if result_class not in ResultClass.values or (
        CLASS_ORDER.index(result_class) >= CLASS_ORDER.index(current)
    ):
        raise InvalidInput(
            fields={"result_class": [_("Choose a better class than the current one.")]}
        )
    reply.original_class = reply.original_class or current
    reply.result_class = result_class
    reply.save(update_fields=["original_class", "result_class"])
    event = log_event(
        suggestion,
        "class_upgraded",
        user,
        reply=reply.pk,
        from_class=current,
        to_class=result_class,
        original_class=reply.original_class,
    )
    notify.send(
        actor=user,
        recipients=[*notify.deputy_users(suggestion), *_units(suggestion)],
        verb="class_upgraded",
        suggestion=suggestion,
        event=event,
    )
    return reply


@transaction.atomic
def implementation_rate(*, user, suggestion, grade: str, comment: str = "") -> ImplementationRating:
    """The lead deputy's implementation rating (落实评价), once the last promise has ended."""
    suggestion = lock_suggestion(user, suggestion)
    states = list(suggestion_promises(suggestion).values_list("state", flat=True))
    if not states or Promise.State.OPEN in states:
        raise InvalidState(status=suggestion.status)
    if not perms.can_rate_implementation(user, suggestion):
        raise NotPermitted(status=suggestion.status)
    errors: dict = {}
    if grade not in Grade.values:
        errors["grade"] = [_("Choose satisfied, basically satisfied or dissatisfied.")]
    comment = optional_text(comment, "comment", errors, limit=TEXT_MAX)
    if ImplementationRating.objects.filter(
        suggestion=suggestion, deputy_id=user.deputy_id
    ).exists():
        errors["grade"] = [_("You have already rated the implementation.")]
    if errors:
        raise InvalidInput(fields=errors)
    rating = ImplementationRating.objects.create(
        suggestion=suggestion,
        deputy_id=user.deputy_id,
        grade=grade,
        comment=comment,
        rated_by=user,
    )
    event = log_event(suggestion, "implementation_rated", user, grade=grade, rating=rating.pk)
    notify.send(
        actor=user,
        recipients=[*_units(suggestion), *notify.staff_users()],
        verb="implementation_rated",
        suggestion=suggestion,
        event=event,
    )
    return rating
