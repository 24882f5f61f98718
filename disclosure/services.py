"""The only writers of publications: prepare the redacted copies, edit them, publish (after the
automatic personal-detail check), withdraw. Each change logs one event on the suggestion
(`publication_prepared`, `publication_refreshed`, `publication_edited`, `published`,
`unpublished`); a call that changes nothing writes nothing, so it logs nothing either."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import sensitive
from disclosure.models import Publication
from security.inputs import text_error
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import AssignmentRole, Consent, Reply, Suggestion
from suggestions.services.base import log_event
from suggestions.workdays import add_period

TEXT_FIELDS = ("title", "content", "reply_text")
MAX_LENGTHS = {"title": 200, "content": 20000, "reply_text": 100000}


def _formal_replies(suggestion: Suggestion):
    """The approved replies of the latest round of each replying unit."""
    return (
        Reply.objects.filter(
            assignment__suggestion=suggestion,
            assignment__role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
            approved_at__isnull=False,
        )
        .select_related("assignment__unit")
        .order_by("assignment__unit__code", "-round")
    )


def _reply_text_and_class(suggestion: Suggestion) -> tuple[str, str]:
    latest = {}
    for reply in _formal_replies(suggestion):
        latest.setdefault(reply.assignment.unit_id, reply)
    replies = list(latest.values())
    if len(replies) == 1:
        text = replies[0].text
    else:
        text = "\n\n".join(f"【{r.assignment.unit.name}】\n{r.text}" for r in replies)
    classes = [r.original_class or r.result_class for r in replies]
    return text, max(classes) if classes else ""


def _visible(user, suggestion, *, lock: bool = True) -> Suggestion:
    """The suggestion, locked; 404 for a caller who cannot see it."""
    pk = getattr(suggestion, "pk", suggestion)
    rows = Suggestion.objects.filter(pk=pk)
    row = (rows.select_for_update(of=("self",)) if lock else rows).first()
    if row is None or not perms.can_view_suggestion(user, row):
        raise NotVisible()
    return row


def _require_publisher(user, suggestion: Suggestion, status: str) -> None:
    if not perms.can_publish(user, suggestion):
        raise NotPermitted(status=status)


def _check_publishable(suggestion: Suggestion) -> None:
    if suggestion.replied_at is None:
        raise InvalidState(
            _("Only suggestions with a formal reply can be published."), status=suggestion.status
        )
    if suggestion.publication_consent == Consent.NONE:
        raise InvalidState(
            _("The deputy did not consent to publication."), status=suggestion.status
        )


def check_access(*, user, suggestion, action: str) -> None:
    """Raise what the service of `action` (prepare, update, publish, withdraw) would raise before
    it reads its input, in the order 404 → 409 → 403 (for an API body that is malformed)."""
    row = _visible(user, suggestion, lock=False)
    publication = Publication.objects.filter(suggestion=row).first()
    state = publication.state if publication else ""
    if publication is None or action == "prepare":
        _check_publishable(row)
    if action == "publish" and state == Publication.State.PUBLISHED:
        raise InvalidState(status=state)
    if action == "withdraw" and state != Publication.State.PUBLISHED:
        raise InvalidState(status=state or row.status)
    _require_publisher(user, row, state or row.status)


def working_copy(*, user, suggestion, refresh: bool = False) -> Publication:
    """The staff's working copy of the suggestion, prepared first when there is none yet (or
    when asked to refresh it)."""
    pk = getattr(suggestion, "pk", suggestion)
    publication = Publication.objects.filter(suggestion_id=pk).first()
    if publication is None or refresh:
        publication = publication_prepare(user=user, suggestion=pk)
    return publication


@transaction.atomic
def publication_prepare(*, user, suggestion) -> Publication:
    """Start (or refresh) the staff's working copy from the replied suggestion; texts already
    redacted by staff are kept, only the reply and class are refreshed to the latest round."""
    suggestion = _visible(user, suggestion)
    _check_publishable(suggestion)
    _require_publisher(user, suggestion, suggestion.status)
    reply_text, result_class = _reply_text_and_class(suggestion)
    publication = Publication.objects.filter(suggestion=suggestion).first()
    created = publication is None
    if created:
        due = add_period(
            timezone.localtime(suggestion.replied_at).date(),
            suggestion.session.deadline("publication"),
        ).date
        publication = Publication(
            suggestion=suggestion,
            title=suggestion.title,
            due_date=due,
            content=suggestion.content if suggestion.publication_consent == Consent.FULL else "",
        )
    before = (publication.reply_text, publication.result_class)
    if publication.state != Publication.State.PUBLISHED:
        publication.reply_text = sensitive.redact(reply_text)
    publication.result_class = result_class
    if not created and (publication.reply_text, publication.result_class) == before:
        return publication  # already the latest reply: nothing to write or log
    publication.save()
    # Only which copy, never its texts: the payload must not carry what redaction removes.
    verb = "publication_prepared" if created else "publication_refreshed"
    log_event(suggestion, verb, user, publication=publication.pk)
    return publication


def _validate(values: dict, consent: str) -> dict:
    errors: dict = {}
    for field in TEXT_FIELDS:
        if len(values.get(field) or "") > MAX_LENGTHS[field]:
            errors[field] = [_("At most %(n)s characters.") % {"n": MAX_LENGTHS[field]}]
        elif message := text_error(values.get(field) or ""):
            errors[field] = [message]  # a NUL cannot be stored in PostgreSQL
    if not (values.get("title") or "").strip():
        errors["title"] = [_("Please give the title.")]
    if consent != Consent.FULL and (values.get("content") or "").strip():
        errors["content"] = [_("The deputy consented to publishing the title only.")]
    return errors


@transaction.atomic
def publication_update(*, user, publication, title: str, content: str, reply_text: str):
    """Staff save their redacted copies; the originals are never changed."""
    suggestion = _visible(user, publication.suggestion_id)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require_publisher(user, suggestion, publication.state)
    values = {"title": title, "content": content, "reply_text": reply_text}
    errors = _validate(values, suggestion.publication_consent)
    if errors:
        raise InvalidInput(fields=errors)
    changed = []
    for field, value in values.items():
        value = (value or "").strip()
        if getattr(publication, field) != value:
            setattr(publication, field, value)
            changed.append(field)
    if not changed:
        return publication
    publication.save()
    # The names of the edited texts, not the texts (see publication_prepare).
    log_event(suggestion, "publication_edited", user, publication=publication.pk, fields=changed)
    return publication


def check(publication: Publication) -> dict:
    """Personal details found in each text of the publication: {field: [findings]}."""
    found = {f: sensitive.find(getattr(publication, f)) for f in TEXT_FIELDS}
    return {f: items for f, items in found.items() if items}


@transaction.atomic
def publication_publish(*, user, publication) -> Publication:
    """Approve and publish; refused while the automatic check finds a personal detail."""
    suggestion = _visible(user, publication.suggestion_id)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if suggestion.publication_consent == Consent.NONE:
        raise InvalidState(
            _("The deputy did not consent to publication."), status=suggestion.status
        )
    if publication.state == Publication.State.PUBLISHED:
        raise InvalidState(status=publication.state)
    _require_publisher(user, suggestion, publication.state)
    errors = _validate(
        {f: getattr(publication, f) for f in TEXT_FIELDS}, suggestion.publication_consent
    )
    for field, items in check(publication).items():
        errors.setdefault(field, []).append(
            _("Redact before publishing: %(items)s")
            % {"items": "、".join(f"{i['label']} {i['text']}" for i in items)}
        )
    if errors:
        raise InvalidInput(fields=errors)
    publication.state = Publication.State.PUBLISHED
    publication.approved_by, publication.approved_at = user, timezone.now()
    publication.save()
    log_event(suggestion, "published", user, publication=publication.pk)
    return publication


@transaction.atomic
def publication_withdraw(*, user, publication, reason: str = "") -> Publication:
    suggestion = _visible(user, publication.suggestion_id)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.state != Publication.State.PUBLISHED:
        raise InvalidState(status=publication.state)
    _require_publisher(user, suggestion, publication.state)
    if message := text_error(reason or ""):
        raise InvalidInput(fields={"reason": [message]})  # kept in the event's JSON
    publication.state = Publication.State.WITHDRAWN
    publication.save()
    log_event(suggestion, "unpublished", user, publication=publication.pk, reason=reason or "")
    return publication
