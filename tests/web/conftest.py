import pytest


@pytest.fixture(autouse=True)
def fast_passwords_and_private_media(settings, tmp_path):
    """The personas' passwords are hashed per test: the cheapest hasher keeps tests fast.
    Uploads go to a temporary folder, never into the checkout."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
