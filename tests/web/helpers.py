"""Shared helpers for the web-view tests: log in as a persona, post a form, read the page."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone


def client_for(user, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def today() -> dt.date:
    return timezone.localdate()


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def post_ok(client: Client, path: str, data: dict | None = None, **kwargs):
    """POST and expect the success redirect; fail with the page's errors otherwise."""
    response = client.post(path, data or {}, **kwargs)
    if response.status_code != 302:
        errors = re.findall(r'class="error[^"]*"[^>]*>([^<]*)<', response.content.decode())
        raise AssertionError(f"{path} answered {response.status_code}: {errors}")
    return response


def text(response) -> str:
    return response.content.decode()
