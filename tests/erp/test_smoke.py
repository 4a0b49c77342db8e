import pytest

from tests.support import is_mysql


@pytest.mark.slow
def test_fresh_migrate_then_noop(scratch_db):
    first = scratch_db.manage("migrate", check=True)
    if is_mysql():  # the fast path: the schema from the snapshot, the data migrations applied
        assert "Empty database: creating" in first.stdout
        assert "Applying showroom.0002_sample_catalogue... OK" in first.stdout
    else:
        assert "Applying hr.0001_initial... OK" in first.stdout
    assert "[ ]" not in scratch_db.manage("showmigrations", check=True).stdout
    second = scratch_db.manage("migrate", check=True)
    assert "No migrations to apply." in second.stdout
