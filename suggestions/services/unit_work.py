"""A handling unit's work on its assignment: sign for it, contact the deputy, send a co-unit
opinion, draft the reply and have the head sign it off."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from security.uploads import validate_file_count
from security.uploads import validate_upload as check_upload
from suggestions import notify
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Attachment,
    Contact,
    Promise,
    Reply,
    ResultClass,
    Status,
)
from suggestions.services.base import (
    apply,
    check_transition,
    lock_assignment,
    log_event,
    transition_suggestion,
)

TEXT_MAX = 50000
NOTE_MAX = 5000
PROMISE_CLASSES = (ResultClass.B, ResultClass.C)


def _parse_date(value, field: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
        return None


@transaction.atomic
def assignment_sign(*, user, assignment) -> Assignment:
    """The unit signs for (签收) its assignment; the first lead/split signature starts handling."""
    assignment = lock_assignment(user, assignment)
    check_transition(assignment, "sign", user)
    suggestion = assignment.suggestion
    assignment.signed_at = timezone.now()
    assignment.signed_by = user
    before_a = apply(assignment, "sign")
    before = suggestion.status
    if suggestion.status == Status.ASSIGNED:
        check_transition(suggestion, "start_handling", user)
        transition_suggestion(suggestion, "start_handling")
    log_event(
        suggestion,
        "signed",
        user,
        from_status=before,
        assignment=assignment,
        assignment_from=before_a,
        assignment_to=assignment.status,
    )
    return assignment


@transaction.atomic
def assignment_record_contact(*, user, assignment, kind: str, date, note: str = "") -> Contact:
    assignment = lock_assignment(user, assignment)
    if assignment.status == AssignmentStatus.RELIEVED:
        raise InvalidState(status=assignment.status)
    if not perms.can_record_contact(user, assignment):
        raise NotPermitted(status=assignment.status)
    errors: dict = {}
    if kind not in Contact.Kind.values:
        errors["kind"] = [_("Please choose a valid option.")]
    day = _parse_date(date, "date", errors)
    if day and day > timezone.localdate():
        errors["date"] = [_("A contact cannot be in the future.")]
    if len(note or "") > NOTE_MAX:
        errors["note"] = [_("At most 5000 characters.")]
    if errors:
        raise InvalidInput(fields=errors)
    contact = Contact.objects.create(
        assignment=assignment, kind=kind, date=day, note=note or "", recorded_by=user
    )
    log_event(
        assignment.suggestion,
        "contact_recorded",
        user,
        assignment=assignment,
        kind=kind,
        date=day.isoformat(),
    )
    return contact


@transaction.atomic
def assignment_submit_opinion(*, user, assignment, text: str) -> Assignment:
    """A co-unit sends its written opinion to the lead unit (协办意见)."""
    assignment = lock_assignment(user, assignment)
    check_transition(assignment, "submit_opinion", user)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(fields={"text": [_("Please write the opinion.")]})
    if len(text) > TEXT_MAX:
        raise InvalidInput(fields={"text": [_("The text is too long.")]})
    assignment.opinion = text
    assignment.opinion_at = timezone.now()
    if assignment.signed_at is None:
        assignment.signed_at, assignment.signed_by = assignment.opinion_at, user
    before_a = apply(assignment, "submit_opinion")
    suggestion = assignment.suggestion
    event = log_event(
        suggestion,
        "opinion_submitted",
        user,
        assignment=assignment,
        assignment_from=before_a,
        assignment_to=assignment.status,
    )
    lead_units = suggestion.assignments.filter(role=AssignmentRole.LEAD).exclude(
        status=AssignmentStatus.RELIEVED
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users(lead_units.values_list("unit_id", flat=True)),
        verb="opinion_submitted",
        suggestion=suggestion,
        event=event,
    )
    return assignment


def _validate_reply(result_class, text, promises, errors: dict) -> list[dict]:
    if result_class not in ResultClass.values:
        errors["result_class"] = [_("Choose the result class A, B, C or D.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Please write the reply.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("The text is too long.")]
    cleaned = []
    for index, item in enumerate(promises or []):
        item = item if isinstance(item, dict) else {}
        what = str(item.get("text") or "").strip()
        day = _parse_date(item.get("due_date"), f"promises.{index}.due_date", errors)
        if not what:
            errors[f"promises.{index}.text"] = [_("Say what is promised.")]
        elif len(what) > 1000:
            errors[f"promises.{index}.text"] = [_("At most 1000 characters.")]
        if day and day < timezone.localdate():
            errors[f"promises.{index}.due_date"] = [_("The date cannot be in the past.")]
        cleaned.append({"text": what, "due_date": day})
    if result_class in PROMISE_CLASSES and not cleaned and "result_class" not in errors:
        errors["promises"] = [
            _("A B or C reply must state concrete promises with dates (承诺事项).")
        ]
    return cleaned


def validate_upload(upload, errors: dict, field: str = "attachments") -> None:
    """Size, name and content type (security.uploads); the messages go to `errors[field]`."""
    try:
        check_upload(upload)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)


def validate_uploads(files, errors: dict, field: str = "attachments") -> None:
    """The number of files (at most security.uploads.MAX_FILES), then each file; too many are
    refused without reading any of them."""
    try:
        validate_file_count(files)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return
    for upload in files:
        validate_upload(upload, errors, field)


@transaction.atomic
def assignment_draft_reply(
    *, user, assignment, result_class: str, text: str, promises=(), attachments=()
) -> Reply:
    """The lead (or a split) unit writes or revises its reply for the current round."""
    assignment = lock_assignment(user, assignment)
    check_transition(assignment, "draft_reply", user)
    errors: dict = {}
    cleaned = _validate_reply(result_class, text, promises, errors)
    attachments = list(attachments or [])
    validate_uploads(attachments, errors)
    if errors:
        raise InvalidInput(fields=errors)
    reply, _created = Reply.objects.update_or_create(
        assignment=assignment,
        round=assignment.round,
        defaults={
            "result_class": result_class,
            "original_class": result_class,
            "text": text.strip(),
            "drafted_by": user,
            "signed_off_by": None,
            "signed_off_at": None,
        },
    )
    reply.promises.all().delete()
    Promise.objects.bulk_create(
        Promise(reply=reply, unit_id=assignment.unit_id, text=p["text"], due_date=p["due_date"])
        for p in cleaned
    )
    for upload in attachments:
        Attachment.objects.create(
            reply=reply,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_by=user,
        )
    before_a = apply(assignment, "draft_reply")
    event = log_event(
        assignment.suggestion,
        "reply_drafted",
        user,
        assignment=assignment,
        assignment_from=before_a,
        assignment_to=assignment.status,
        result_class=result_class,
        promises=len(cleaned),
    )
    notify.send(
        actor=user,
        recipients=notify.unit_users([assignment.unit_id], heads_only=True),
        verb="reply_drafted",
        suggestion=assignment.suggestion,
        event=event,
    )
    return reply


@transaction.atomic
def assignment_sign_off(*, user, assignment) -> Assignment:
    """The unit head signs off (签发) the reply; it goes to committee staff once every replying
    unit has signed off."""
    assignment = lock_assignment(user, assignment)
    check_transition(assignment, "sign_off", user)
    reply = assignment.replies.get(round=assignment.round)
    reply.signed_off_by = user
    reply.signed_off_at = timezone.now()
    reply.save(update_fields=["signed_off_by", "signed_off_at"])
    before_a = apply(assignment, "sign_off")
    suggestion = assignment.suggestion
    before = suggestion.status
    outstanding = (
        suggestion.assignments.filter(role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT))
        .exclude(status__in=(AssignmentStatus.RELIEVED, AssignmentStatus.SIGNED_OFF))
        .exclude(status=AssignmentStatus.REPLIED, round=suggestion.round)
        .exists()
    )
    if not outstanding:
        check_transition(suggestion, "finish_handling", user)
        transition_suggestion(suggestion, "finish_handling")
    event = log_event(
        suggestion,
        "reply_signed_off",
        user,
        from_status=before,
        assignment=assignment,
        assignment_from=before_a,
        assignment_to=assignment.status,
    )
    if not outstanding:
        notify.send(
            actor=user,
            recipients=notify.staff_users(),
            verb="reply_signed_off",
            suggestion=suggestion,
            event=event,
        )
    return assignment


def replying_assignments(suggestion):
    return suggestion.assignments.filter(
        role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT)
    ).exclude(status=AssignmentStatus.RELIEVED)


@transaction.atomic
def reply_add_attachments(*, user, assignment, files) -> list[Attachment]:
    """Add files to the current round's reply draft (before the head signs it off)."""
    assignment = lock_assignment(user, assignment)
    if assignment.status != AssignmentStatus.DRAFTED:
        raise InvalidState(status=assignment.status)
    if not perms.can_draft_reply(user, assignment):
        raise NotPermitted(status=assignment.status)
    files = list(files or [])
    errors: dict = {}
    if not files:
        errors["files"] = [_("Choose at least one file.")]
    validate_uploads(files, errors, field="files")
    if errors:
        raise InvalidInput(fields=errors)
    reply = assignment.replies.get(round=assignment.round)
    added = [
        Attachment.objects.create(
            reply=reply,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_by=user,
        )
        for upload in files
    ]
    log_event(
        assignment.suggestion,
        "attachments_added",
        user,
        assignment=assignment,
        names=[a.name for a in added],
    )
    return added
