"""migrate's two shortcuts: the schema snapshot for an empty MariaDB database, and the cheap no-op."""

import time

import pytest
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety import fast_path as schema_file
from tests.migrations.helpers import MIGRATED_GROUPS, Watched, bootstrap_facts, connection_for
from tests.support import is_mysql, scratch_database

FAST = "Empty database: creating"


def test_snapshot_file_lists_every_migration_on_disk():
    """The checked-in schema file is regenerated whenever a migration changes (else CI fails here)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = schema_file.read()
    reason = schema_file.stale_reason(found, schema_file.full_plan(loader))
    assert reason is None, f"{reason}: run `manage.py schema_snapshot` against MariaDB and commit the file"
    assert {f"{a}.{n}" for a, n, _ in found.migrations} == {f"{a}.{n}" for a, n in loader.disk_migrations}
    assert set(found.checksums) == set(loader.disk_migrations)


@pytest.mark.django_db
def test_full_plan_is_djangos_order_for_an_empty_database():
    executor = MigrationExecutor(connection)
    django_plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    assert [m for m, _ in django_plan] == schema_file.full_plan(executor.loader)


def test_snapshot_matches_a_replayed_migrate(scratch_db, mysql_only):
    """`schema_snapshot --check` replays every migration into a scratch database and compares."""
    result = scratch_db.manage("schema_snapshot", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches the migrations" in result.stdout


def test_schema_snapshot_refuses_sqlite(scratch_db):
    if is_mysql():
        pytest.skip("the refusal is for SQLite: runs in the SQLite leg")
    result = scratch_db.manage("schema_snapshot")
    assert result.returncode == 1
    assert "needs a MariaDB server" in result.stderr
    assert "Traceback" not in result.stderr


def test_fast_path_builds_what_a_replay_builds(tmp_path, snapshot, mysql_only, django_db_blocker):
    with scratch_database(tmp_path, prefix="erp_fast") as fast, scratch_database(tmp_path, prefix="erp_replay") as slow:
        started = time.monotonic()
        loaded = fast.manage("migrate", check=True)
        fast_seconds = time.monotonic() - started
        started = time.monotonic()
        replayed = slow.manage("migrate", "--no-fast-path", check=True)
        replay_seconds = time.monotonic() - started

        assert FAST in loaded.stdout and "Applying erp.0003_module_groups... OK" in loaded.stdout
        assert "Applying hr.0001_initial... OK" not in loaded.stdout  # schema migrations are not replayed
        assert FAST not in replayed.stdout and "Applying hr.0001_initial... OK" in replayed.stdout
        # Both printed the first admin's password once.
        assert loaded.stdout.count("password:") == replayed.stdout.count("password:") == 1

        assert snapshot(fast) == snapshot(slow)
        with django_db_blocker.unblock():
            a, b = connection_for(slow), connection_for(fast)
            try:
                assert schema_file.compare_databases(a, b) == []
                # The comparison sees a difference of one value in one row.
                with b.cursor() as cursor:
                    cursor.execute("UPDATE showroom_product SET name = CONCAT(name, ' ') ORDER BY id LIMIT 1")
                assert schema_file.compare_databases(a, b) == ["rows of showroom_product differ"]
            finally:
                a.close()
                b.close()
        assert fast.manage("schemacheck").returncode == 0
        status = fast.manage("dbstatus", check=True).stdout
        assert "No applied migration was edited since it ran." in status and "[ ]" not in status
        print(f"fresh migrate: fast path {fast_seconds:.2f} s, replay {replay_seconds:.2f} s")


@pytest.mark.slow
def test_fast_path_killed_at_any_moment_is_finished_by_a_plain_rerun(tmp_path, snapshot, mysql_only):
    with scratch_database(tmp_path, prefix="erp_fastref") as ref:
        ref.manage("migrate", check=True)
        expected = snapshot(ref)
    # While the tables are created, and inside the data migrations' transaction.
    points = [(FAST, 0.0), (FAST, 0.05), (FAST, 0.15), ("Applying erp.0002_first_admin_user...", 0.0),
              ("Applying erp.0003_module_groups...", 0.02), ("Recorded ", 0.0)]
    for n, (marker, delay) in enumerate(points):
        with scratch_database(tmp_path, prefix=f"erp_fastkill{n}") as db:
            run = Watched(db.popen("migrate"))
            assert run.wait_for(marker), run.stdout + run.stderr
            time.sleep(delay)
            run.proc.kill()
            run.finish()
            rerun = db.manage("migrate")
            assert rerun.returncode == 0, f"killed after {marker!r}+{delay}s:\n{rerun.stdout}\n{rerun.stderr}"
            assert snapshot(db) == expected, f"schema differs after a kill after {marker!r}+{delay}s"
            check = db.manage("schemacheck")
            assert check.returncode == 0, check.stdout + check.stderr
            facts = bootstrap_facts(db)
            assert facts["duplicate_migrations"] == []
            assert facts["superusers"] == 1
            assert facts["groups"] == MIGRATED_GROUPS
            assert db.query("SELECT migrating FROM erp_migration_lock") in ([(None,)], [])


def test_database_with_tables_takes_the_normal_path(scratch_db, mysql_only):
    """A database that is not empty (here: a table of someone else's) is never loaded from the snapshot."""
    scratch_db.query("CREATE TABLE site_notes (id int PRIMARY KEY, note varchar(50))")
    scratch_db.query("INSERT INTO site_notes VALUES (1, 'kept')")
    result = scratch_db.manage("migrate", check=True)
    assert FAST not in result.stdout and "Applying hr.0001_initial... OK" in result.stdout
    assert scratch_db.query("SELECT note FROM site_notes") == [("kept",)]


@pytest.mark.slow
def test_noop_migrate_prints_djangos_output_and_still_completes_permissions(scratch_db):
    scratch_db.manage("migrate", check=True)
    removed = scratch_db.query("SELECT COUNT(*) FROM auth_permission WHERE codename = 'view_gateentrylog'")[0][0]
    assert removed == 1
    scratch_db.query(
        "DELETE FROM auth_group_permissions WHERE permission_id IN "
        "(SELECT id FROM auth_permission WHERE codename = 'view_gateentrylog')"
    )
    scratch_db.query("DELETE FROM auth_permission WHERE codename = 'view_gateentrylog'")

    again = scratch_db.manage("migrate", check=True)
    lines = [line for line in again.stdout.splitlines() if line.strip()]
    assert lines[0] == "Operations to perform:"
    assert lines[1].startswith("  Apply all migrations: admin, auditlog, auth, axes, contenttypes, dispatch, erp")
    assert lines[2:] == ["Running migrations:", "  No migrations to apply."]
    # post_migrate still ran: the missing permission is back, as with Django's own migrate.
    assert scratch_db.query("SELECT COUNT(*) FROM auth_permission WHERE codename = 'view_gateentrylog'")[0][0] == 1


def _migration(app, name, *operations):
    migration = migrations.Migration(name, app)
    migration.operations = list(operations)
    return migration


def test_runsql_and_mixed_migrations_turn_the_fast_path_off():
    noop = migrations.RunPython.noop
    plan = [
        _migration("shop", "0001_initial", migrations.DeleteModel("Old")),
        _migration("shop", "0002_seed", migrations.RunPython(noop, noop)),
        _migration("shop", "0003_trim", migrations.RunSQL("UPDATE item SET name = TRIM(name)", migrations.RunSQL.noop)),
        _migration("shop", "0004_currency", migrations.DeleteModel("Older"), migrations.RunPython(noop, noop)),
        _migration("contenttypes", "0002_remove_content_type_name", migrations.DeleteModel("X"),
                   migrations.RunPython(noop, noop)),
    ]
    assert schema_file.blockers(plan) == [
        "shop.0003_trim runs RunSQL",
        "shop.0004_currency mixes schema and data operations",
    ]
    assert [m.name for m in plan if schema_file.is_data_migration(m)] == ["0002_seed"]


def test_interrupted_fast_path_is_cleared_then_replayed_on_request(scratch_db, mysql_only):
    """Empty tables and the fast path's mark (a run killed before its commit): any migrate drops those
    tables and starts over, here with --no-fast-path; a table that gained rows stops it instead."""
    run = Watched(scratch_db.popen("migrate"))
    assert run.wait_for(FAST), run.stdout + run.stderr
    run.proc.kill()
    run.finish()
    scratch_db.query("UPDATE erp_migration_lock SET migrating = %s", (schema_file.JOURNAL_MARK,))
    if scratch_db.query("SHOW TABLES LIKE 'django_migrations'"):  # the kill may come before or after its CREATE
        scratch_db.query("DELETE FROM django_migrations")
    scratch_db.query("CREATE TABLE IF NOT EXISTS stray_note (id int PRIMARY KEY)")
    scratch_db.query("INSERT INTO stray_note VALUES (1)")

    refused = scratch_db.manage("migrate")
    assert refused.returncode == 1
    assert "these now hold rows, so they are not dropped: stray_note" in refused.stderr
    assert scratch_db.query("SELECT id FROM stray_note") == [(1,)]

    scratch_db.query("DELETE FROM stray_note")
    replayed = scratch_db.manage("migrate", "--no-fast-path", check=True)
    assert "empty tables and no recorded migration: dropped them" in replayed.stdout
    assert "Applying hr.0001_initial... OK" in replayed.stdout
    assert scratch_db.manage("schemacheck").returncode == 0
    assert scratch_db.query("SELECT migrating FROM erp_migration_lock") == [(None,)]
