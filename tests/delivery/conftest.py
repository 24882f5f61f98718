import pytest

from suggestions.workdays import invalidate_cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' dozen accounts cost seconds each with the production hasher on a busy box."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # The rollback at the end of a test sends no signals: drop what this test cached.
    invalidate_cache()
