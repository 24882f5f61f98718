import os

import pytest
from django.db import connection


@pytest.fixture
def require_postgres():
    """Skip on SQLite, except in CI, where PostgreSQL must be there."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run this test on PostgreSQL (set DATABASE_URL)")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed many times; the slow default hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
