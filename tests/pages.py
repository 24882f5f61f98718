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


def form_data(page: str, action: str) -> dict[str, list[str]]:
    """What a browser sends when the form posting to `action` is submitted as the page shows
    it: its text fields, text areas and hidden fields, the checked boxes and radio buttons, the
    selected options (a single select without one sends its first). Buttons are left out."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, re.S)
    found = [f for f in forms if _attr(re.match(r"<form\b[^>]*>", f).group(0), "action") == action]
    assert len(found) == 1, f"{len(found)} forms post to {action}"
    form, data = found[0], {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for tag in re.findall(r"<input\b[^>]*>", form):
        name, kind = _attr(tag, "name"), (_attr(tag, "type") or "text").lower()
        if not name or kind in ("submit", "button", "reset", "image", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if _attr(tag, "checked") is not None:
                add(name, _attr(tag, "value") or "on")
        else:
            add(name, _attr(tag, "value") or "")
    for name in re.findall(r'<textarea\b[^>]*\sname="([^"]*)"', form):
        add(html.unescape(name), textarea(form, html.unescape(name)) or "")
    for tag, options in re.findall(r"(<select\b[^>]*>)(.*?)</select>", form, re.S):
        name = _attr(tag, "name")
        values = selected(form, name)
        if not values and _attr(tag, "multiple") is None:
            first = re.search(r"<option\b[^>]*>", options)
            values = [_attr(first.group(0), "value")] if first else []
        for value in values:
            add(name, value)
    return data
