"""A migrate killed with SIGKILL at any moment is finished by a plain re-run, to the same schema."""

import time

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import CreateModel

from tests.migrations.helpers import MIGRATED_GROUPS, Watched, bootstrap_facts
from tests.support import is_mysql, scratch_database

pytestmark = pytest.mark.slow

# Kill while these migrations run (a little after they start), as well as at moments spread over the run.
INSIDE = [
    ("auth.0001_initial", 0.05),
    ("contenttypes.0002_remove_content_type_name", 0.0),
    ("sales.0001_initial", 0.08),
    ("hr.0001_initial", 0.15),
    ("gate.0001_initial", 0.03),
]
# Fractions of the "Running migrations:" phase of a full migrate.
SPREAD = [0.3, 0.55, 0.8]
SPREAD_SQLITE = [0.4, 0.8]


def test_killed_migrate_is_finished_by_a_plain_rerun(tmp_path, snapshot):
    with scratch_database(tmp_path, prefix="erp_ref") as ref:
        run = Watched(ref.popen("migrate", "--no-fast-path"))
        assert run.finish() == 0, run.stderr
        # How long the migrations themselves take, from the first to the last applied.
        duration = run.time_of(" OK", last=True) - run.time_of("Running migrations:")
        expected = snapshot(ref)

    points = [("inside", name, delay) for name, delay in (INSIDE if is_mysql() else INSIDE[1:3])]
    points += [("after", None, f * duration) for f in (SPREAD if is_mysql() else SPREAD_SQLITE)]
    report, resumed = [], 0
    for n, (kind, name, delay) in enumerate(points):
        with scratch_database(tmp_path, prefix=f"erp_kill{n}") as db:
            run = Watched(db.popen("migrate", "--no-fast-path"))
            marker = f"Applying {name}..." if kind == "inside" else "Running migrations:"
            assert run.wait_for(marker), run.stdout + run.stderr
            time.sleep(delay)
            run.proc.kill()
            run.finish()
            last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "(nothing yet)"

            rerun = db.manage("migrate")
            assert rerun.returncode == 0, f"killed at {last!r}:\n{rerun.stdout}\n{rerun.stderr}"
            resumed += "Resuming " in rerun.stdout
            report.append(last)

            assert snapshot(db) == expected, f"schema differs after a kill at {last!r}"
            check = db.manage("schemacheck")
            assert check.returncode == 0, f"schemacheck after a kill at {last!r}:\n{check.stdout}\n{check.stderr}"
            facts = bootstrap_facts(db)
            assert facts["duplicate_migrations"] == []
            assert facts["superusers"] == 1
            assert facts["groups"] == MIGRATED_GROUPS
    print(f"killed at ({resumed} resumed):", *report, sep="\n  ")
    if is_mysql():
        # The kills inside migrations did leave half-applied ones, which the re-run finished.
        assert resumed >= 2, report


def test_sqlite_migration_committed_but_not_recorded_is_recorded_by_a_rerun(scratch_db):
    """The window a kill can hit on SQLite: Django records a migration with deferred statements (indexes)
    only after its transaction commits. Reproduce the state such a kill leaves: the migration's tables
    are there, its django_migrations row is not, and the dead process's lock record names it."""
    import json

    if is_mysql():
        pytest.skip("SQLite only: on MariaDB the same state is covered by the kills above")
    scratch_db.manage("migrate", check=True)
    # A migration nothing depends on (so the history stays consistent) that creates a table.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    app, name = next(
        key for key in sorted(loader.graph.leaf_nodes())
        if any(isinstance(op, CreateModel) for op in loader.disk_migrations[key].operations)
    )
    scratch_db.query(f"DELETE FROM django_migrations WHERE app = '{app}' AND name = '{name}'")
    lock_file = scratch_db.path.with_name(scratch_db.path.name + ".migrate-lock")
    lock_file.write_text(json.dumps({"host": "gone", "pid": 1, "since": "earlier", "purpose": "migrate",
                                     "migrating": f"{app}.{name}"}))

    rerun = scratch_db.manage("migrate")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"Resuming {app}.{name}: already applied by the interrupted run" in rerun.stdout
    assert scratch_db.query(
        f"SELECT COUNT(*) FROM django_migrations WHERE app = '{app}' AND name = '{name}'"
    ) == [(1,)]
    assert lock_file.read_text() == ""  # released cleanly: no note left for the next run
    assert scratch_db.manage("schemacheck").returncode == 0


def test_sqlite_resumed_table_rebuild_keeps_the_column_order(tmp_path):
    """A resumed migration whose first operation rebuilds a table (fleet.0002: AlterField, then a
    constraint) lists the table's columns in the order a plain migrate gives them. Resuming applied it
    on a state rendered lazily: the state after the operation was rendered before the state before it,
    so the altered column's field was older than the others and SQLite's rebuild put it first (the
    reorder seen after kills on SQLite), where Django's executor renders the state first and puts it last."""
    import json

    if is_mysql():
        pytest.skip("SQLite only: on MariaDB an altered column keeps its place (MODIFY)")
    noted = "fleet.0002_unique_ignoring_case"
    with scratch_database(tmp_path, prefix="erp_order_ref") as ref, \
            scratch_database(tmp_path, prefix="erp_order") as db:
        ref.manage("migrate", check=True)
        db.manage("migrate", "fleet", "0001", check=True)
        lock_file = db.path.with_name(db.path.name + ".migrate-lock")
        lock_file.write_text(json.dumps({"host": "gone", "pid": 1, "since": "earlier", "purpose": "migrate",
                                         "migrating": noted}))
        rerun = db.manage("migrate", check=True)
        assert f"Resuming {noted}: applied again" in rerun.stdout
        columns = "SELECT name FROM pragma_table_info('vehicle') ORDER BY cid"
        assert db.query(columns) == ref.query(columns)
        assert db.manage("schemacheck").returncode == 0
