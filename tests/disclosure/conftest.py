import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas' 13 accounts dominate set-up time with the production hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
