import pytest

from tests.personas import make_world


@pytest.fixture
def world(db):
    return make_world()
