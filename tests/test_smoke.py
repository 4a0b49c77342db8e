def test_fresh_migrate_then_noop(scratch_db):
    first = scratch_db.manage("migrate", check=True)
    assert "Applying hr.0001_initial... OK" in first.stdout
    second = scratch_db.manage("migrate", check=True)
    assert "No migrations to apply." in second.stdout
