"""Reading a form back from a page: what a text field or text area holds, which radio buttons
and check boxes are checked, which options are selected; and a message as the user reads it."""

from __future__ import annotations

import html
import re

from django.utils import translation
from django.utils.translation import gettext


def zh(msgid: str, **params) -> str:
    """The message as a Chinese user reads it in the page (HTML-escaped, as rendered)."""
    with translation.override("zh-hans"):
        message = gettext(msgid)
    return html.escape(message % params if params else message)


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}(?:="([^"]*)")?(?=[\s>/])', tag)
    if found is None:
        return None
    return html.unescape(found.group(1) or "")


def _inputs(page: str, name: str) -> list[str]:
    return [tag for tag in re.findall(r"<input\b[^>]*>", page) if _attr(tag, "name") == name]


def input_value(page: str, name: str) -> str | None:
    """The value of the (first) input called `name`."""
    tags = _inputs(page, name)
    return _attr(tags[0], "value") if tags else None


def checked(page: str, name: str) -> list[str]:
    """The values of the checked radio buttons or check boxes called `name`."""
    return [_attr(t, "value") for t in _inputs(page, name) if _attr(t, "checked") is not None]


def textarea(page: str, name: str) -> str | None:
    found = re.search(
        rf'<textarea\b[^>]*\sname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S
    )
    return html.unescape(found.group(1)).strip("\n") if found else None


def selected(page: str, name: str) -> list[str]:
    """The values of the selected options of the select called `name`."""
    found = re.search(rf'<select\b[^>]*\sname="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    if found is None:
        return []
    options = re.findall(r"<option\b[^>]*>", found.group(1))
    return [_attr(o, "value") for o in options if _attr(o, "selected") is not None]
