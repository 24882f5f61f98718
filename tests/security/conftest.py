import os

import pytest
from django.db import connection

from tests.pgcheck import postgres_reachable


@pytest.fixture
def require_postgres():
    """Skip on SQLite. CI runs the suite on SQLite and again on PostgreSQL: there a skip in the
    SQLite pass is fine, but a missing PostgreSQL server fails the run."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true" and not postgres_reachable():
            pytest.fail("CI needs PostgreSQL at 127.0.0.1:5432 for the race and crash tests")
        pytest.skip("needs PostgreSQL (runs when DATABASE_URL points at PostgreSQL)")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed many times; the slow default hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
