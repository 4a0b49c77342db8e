import pytest

from tests.migrations.helpers import schema_snapshot


@pytest.fixture
def snapshot(django_db_blocker):
    """schema_snapshot(db) for a scratch database (not the test database pytest-django guards)."""

    def take(db):
        with django_db_blocker.unblock():
            return schema_snapshot(db)

    return take
