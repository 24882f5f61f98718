import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a throw-away folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
