import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords are hashed once per test; the cheapest hasher keeps tests fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
