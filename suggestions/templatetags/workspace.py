"""Template helpers of the workspaces: humanised timeline events, the deputy's "what happens
next", status badges and traffic-light labels."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from suggestions.models import Contact, Grade, Status

register = template.Library()

EVENT_TEXT = {
    "created": _("%(actor)s drafted the suggestion"),
    "draft_updated": _("%(actor)s edited the draft"),
    "cosign_confirmed": _("%(actor)s confirmed co-signing"),
    "cosign_declined": _("%(actor)s declined to co-sign"),
    "submitted": _("%(actor)s submitted it"),
    "withdrawn": _("%(actor)s withdrew it"),
    "accepted": _("%(actor)s accepted it (立案)"),
    "not_accepted": _("%(actor)s did not accept it"),
    "merged": _("%(actor)s merged it into another suggestion"),
    "assigned": _("%(actor)s assigned it to the handling units"),
    "signed": _("%(unit)s signed for it"),
    "contact_recorded": _("%(unit)s recorded a contact with the deputy"),
    "opinion_submitted": _("%(unit)s sent its co-unit opinion"),
    "reply_drafted": _("%(unit)s drafted its reply"),
    "reply_signed_off": _("The head of %(unit)s signed off the reply"),
    "attachments_added": _("%(unit)s added attachments to its reply"),
    "reply_returned": _("%(actor)s returned the reply for revision"),
    "replied": _("%(actor)s approved the reply; it was sent to the deputies"),
    "rated": _("%(actor)s rated the reply"),
    "cosigner_rated": _("%(actor)s (co-signer) rated the reply"),
    "closed": _("%(actor)s closed it"),
    "key_supervision": _("%(actor)s put it under key supervision"),
    "reassignment_requested": _("%(unit)s asked to be relieved"),
    "reassignment_approved": _("%(actor)s approved the re-assignment request of %(unit)s"),
    "reassignment_rejected": _("%(actor)s refused the re-assignment request of %(unit)s"),
    "extension_requested": _("%(unit)s asked for an extension"),
    "extension_approved": _("%(actor)s approved the extension for %(unit)s"),
    "extension_rejected": _("%(actor)s refused the extension for %(unit)s"),
    # disclosure.services: the public copy (its texts stay on the staff's publication page).
    "publication_prepared": _("%(actor)s prepared the copy for publication"),
    "publication_refreshed": _("%(actor)s took the latest reply into the copy for publication"),
    "publication_edited": _("%(actor)s edited the copy for publication"),
    "published": _("%(actor)s published it on the public site"),
    "unpublished": _("%(actor)s withdrew it from the public site"),
}
# A rating staff typed in from a paper feedback form is the deputy's, not the actor's.
PAPER_RATING_TEXT = {
    "rated": _("%(actor)s entered the lead deputy's rating from a paper feedback form"),
    "cosigner_rated": _("%(actor)s entered a co-signer's rating from a paper feedback form"),
}

# Payload keys worth showing, and only to those who may see internal details.
DETAIL_KEYS = ("reason", "result_class", "due_date", "kind", "date", "result", "process")

NEXT_STEP = {
    Status.DRAFT: _("Invite co-signers if you wish; once every co-signer has answered, submit it."),
    Status.SUBMITTED: _("Committee staff review it and decide whether to accept it."),
    Status.ACCEPTED: _("Committee staff assign it to the handling units."),
    Status.ASSIGNED: _("The units sign for it and will contact you."),
    Status.HANDLING: _("The units are handling it and will contact you before replying."),
    Status.HANDLED: _("The unit's reply is being checked by committee staff."),
    Status.REPLIED: _("Read the reply and rate it."),
    Status.RATED: _("Committee staff will close it; promises stay under follow-up."),
    Status.REHANDLING: _("The units handle it again and will reply again."),
    Status.CLOSED: _("Closed. Promises in the reply are followed up."),
    Status.NOT_ACCEPTED: _("Not accepted; see the reason."),
    Status.MERGED: _("Merged into another suggestion; you will still receive the reply."),
    Status.WITHDRAWN: _("Withdrawn. Nothing more happens."),
}


@register.simple_tag
def event_text(event) -> str:
    actor = event.actor.display_name if event.actor else _("the system")
    unit = event.assignment.unit.name if event.assignment_id else ""
    template_ = EVENT_TEXT.get(event.verb)
    if (event.payload or {}).get("entered_by_staff"):
        template_ = PAPER_RATING_TEXT.get(event.verb, template_)
    if template_ is None:
        return event.verb
    return str(template_) % {"actor": actor, "unit": unit or actor}


@register.simple_tag
def event_details(event, show_internal: bool, viewer_deputy=None) -> list[tuple[str, str]]:
    """Selected payload items; reasons are internal except a not-accepted reason (told to the
    deputy anyway) and a rating, which only its own deputy reads (never a co-signer the lead's)."""
    public = {"not_accepted", "withdrawn", "rated", "extension_approved", "submitted"}
    if not show_internal and event.verb not in public:
        return []
    if not show_internal and event.verb == "rated" and viewer_deputy != _rating_deputy(event):
        return []
    labels = {
        "reason": _("Reason"),
        "result_class": _("Result class"),
        "due_date": _("Due date"),
        "kind": _("Kind"),
        "date": _("Date"),
        "result": _("Result"),
        "process": _("Process"),
    }
    items = []
    for key in DETAIL_KEYS:
        value = (event.payload or {}).get(key)
        if value in (None, ""):
            continue
        if key == "kind":
            value = dict(Contact.Kind.choices).get(value, value)
        elif key in ("result", "process"):
            value = _rating_word(key, value)
        items.append((str(labels[key]), str(value)))
    return items


def _rating_deputy(event):
    """Whose rating a rating event records: the deputy named when staff entered a paper form,
    else the deputy who rated online (the actor)."""
    payload = event.payload or {}
    if payload.get("deputy"):
        return payload["deputy"]
    return event.actor.deputy_id if event.actor_id else None


RATING_PARTS = (
    ("process", _("process")),
    ("result", _("result")),
    ("met", None),
    ("comment", _("comment")),
)


def _rating_word(key: str, value) -> str:
    if key == "met":
        return str(_("met face to face") if value else _("not met face to face"))
    if key == "comment":
        return value or "—"
    return str(dict(Grade.choices).get(value, value or "—"))


@register.simple_tag
def rating_summary(event) -> str:
    """A rating event in words: the grades given, or for a change each part that changed
    (before → after). The payload holds the stored values."""
    payload = event.payload or {}
    if "after" in payload:
        before, after = payload.get("before") or {}, payload.get("after") or {}
        keys = [k for k, _label in RATING_PARTS if before.get(k) != after.get(k)]
        words = {
            k: f"{_rating_word(k, before.get(k))} → {_rating_word(k, after.get(k))}" for k in keys
        }
    else:
        keys = [k for k, _label in RATING_PARTS if k in payload and k != "comment"]
        words = {k: _rating_word(k, payload[k]) for k in keys}
    labels = dict(RATING_PARTS)
    return " · ".join(f"{labels[k]} {words[k]}" if labels[k] else words[k] for k in keys)


@register.simple_tag
def next_step(suggestion) -> str:
    return str(NEXT_STEP.get(suggestion.status, ""))


LIGHT_TEXT = {"red": _("overdue"), "yellow": _("due soon"), "green": _("on track")}


@register.filter
def light_text(light: str) -> str:
    return str(LIGHT_TEXT.get(light, ""))


@register.filter
def in_set(value, values) -> bool:
    return str(value) in values


@register.filter
def status_badge(suggestion) -> str:
    """The status as a badge (a filter, not an {% include %}: lists render one per row)."""
    return format_html(
        '<span class="status status-{}" data-testid="status">{}</span>',
        suggestion.status,
        suggestion.get_status_display(),
    )


@register.filter
def unit_roles(assignments) -> str:
    """「unit(role)、unit(role)」 for a list row (a filter: the template loop cost 300 calls a row)."""
    return format_html_join(
        "、", "{}({})", ((a.unit.name, a.get_role_display()) for a in assignments)
    )
