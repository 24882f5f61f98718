import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.personas import make_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; tests create many users and never attack the hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English (the API's Accept-Language) leaves English active in the test's
    # thread; the next test expects the site's default, Chinese.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test has its own database state; counts and figures cached by an earlier test (whose
    # transaction was rolled back, so its commit hooks never ran) must not leak into it.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return make_world()
