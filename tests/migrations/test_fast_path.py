"""migrate's two shortcuts: the schema snapshot for an empty MariaDB database, and the cheap no-op."""

import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety import snapshot as schema_file
from tests.migrations.helpers import MODULE_GROUPS, Watched, bootstrap_facts
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


def _table_contents(db) -> dict:
    """Every row of every table, minus what differs between two installs by design: timestamps,
    the generated admin password's hash."""
    columns = db.query(
        "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION"
    )
    kept: dict[str, list[str]] = {}
    for table, column, data_type in columns:
        if data_type in ("datetime", "timestamp", "date") or (table, column) == ("auth_user", "password"):
            continue
        kept.setdefault(table, []).append(f"`{column}`")
    # Content types get their ids in the order post_migrate meets the models (the fast path hands it
    # the app registry, a replay the rendered state): compared by natural key, as are their users.
    by_natural_key = {
        "django_content_type": "SELECT app_label, model FROM django_content_type",
        "auth_permission": "SELECT ct.app_label, ct.model, p.codename, p.name FROM auth_permission p "
        "JOIN django_content_type ct ON ct.id = p.content_type_id",
        "auth_group_permissions": "SELECT g.name, ct.app_label, p.codename FROM auth_group_permissions gp "
        "JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type ct ON ct.id = p.content_type_id",
    }
    return {
        table: sorted(db.query(by_natural_key.get(table) or f"SELECT {', '.join(cols)} FROM `{table}`"), key=repr)
        for table, cols in kept.items()
        if table != "erp_migration_lock"
    }


def test_fast_path_builds_what_a_replay_builds(tmp_path, snapshot, mysql_only):
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
        assert _table_contents(fast) == _table_contents(slow)
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
            assert facts["groups"] == MODULE_GROUPS
            assert db.query("SELECT migrating FROM erp_migration_lock") in ([(None,)], [])


def test_database_with_tables_takes_the_normal_path(scratch_db, mysql_only):
    """A database that is not empty (here: a table of someone else's) is never loaded from the snapshot."""
    scratch_db.query("CREATE TABLE site_notes (id int PRIMARY KEY, note varchar(50))")
    scratch_db.query("INSERT INTO site_notes VALUES (1, 'kept')")
    result = scratch_db.manage("migrate", check=True)
    assert FAST not in result.stdout and "Applying hr.0001_initial... OK" in result.stdout
    assert scratch_db.query("SELECT note FROM site_notes") == [("kept",)]


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
