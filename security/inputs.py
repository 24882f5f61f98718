"""First line of input checks for every service call: text arguments must be text without control
characters (NUL breaks PostgreSQL; others hide content), list arguments must be collections.

Deeper rules (lengths, choices, dates) stay in each service. Markup is not refused: it is stored as
typed and made inert by escaping wherever it is shown.
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext as _

from suggestions.errors import InvalidInput

TEXT_ARGUMENTS = (
    "title",
    "content",
    "reason",
    "text",
    "note",
    "comment",
    "responsible_committee",
)
LIST_ARGUMENTS = ("co_signers", "co_units", "split_units", "promises", "attachments", "assignments")
# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_error(value) -> str | None:
    if not isinstance(value, str):
        return _("Enter text.")
    if CONTROL.search(value):
        return _("The text contains control characters that cannot be stored.")
    return None


def _nested_text_errors(name: str, items, errors: dict) -> None:
    for index, item in enumerate(items or ()):
        if isinstance(item, dict) and "text" in item:
            message = text_error(item["text"]) if item["text"] is not None else None
            if message:
                errors[f"{name}.{index}.text"] = [message]


def input_errors(kwargs: dict) -> dict:
    errors: dict = {}
    for name in TEXT_ARGUMENTS:
        if name in kwargs and kwargs[name] is not None:
            message = text_error(kwargs[name])
            if message:
                errors[name] = [message]
    for name in LIST_ARGUMENTS:
        value = kwargs.get(name)
        # Any collection (a list, a form's queryset) will do; text, numbers and mappings will not.
        if value is not None and (
            isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__")
        ):
            errors[name] = [_("Expected a list.")]
        elif name == "promises" and isinstance(value, list | tuple):
            _nested_text_errors(name, value, errors)
    return errors


def guarded(service):
    """Refuse malformed text or list arguments with InvalidInput before the service runs."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        errors = input_errors(kwargs)
        if errors:
            raise InvalidInput(fields=errors)
        return service(*args, **kwargs)

    return wrapper
