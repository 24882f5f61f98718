"""Fixtures of the API tests: fast password hashing, fresh throttles, a client per persona."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.api.client import Api


@pytest.fixture(autouse=True)
def _fast_passwords_and_fresh_throttles(settings):
    # Hashing with the production hasher costs ~0.3 s per user; the tests create many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api(world):
    """`api(user)` → an Api for that persona; `api()` → anonymous."""
    return lambda user=None, lang="en": Api(user, lang)
