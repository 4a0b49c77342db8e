"""Where our `migrate` must answer exactly as Django's (issue 16): the exceptions callers of call_command get,
the no-op path (its hint, its signals, its refusals), and when a half-done migration is resumed."""

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS

APPS = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app,parity_app"}
BROKEN = {**APPS, "FAILING_APP_BROKEN": "1"}
FIXED = {**APPS, "FAILING_APP_BROKEN": "0"}
MODULES = "tests.migration_apps.parity_app"


def raised(db, code: str, env: dict) -> str:
    """The class name of what call_command raised in a `manage.py shell` ('nothing' when nothing)."""
    result = db.shell(
        "from django.core.management import call_command\n"
        f"try:\n    {code}\nexcept BaseException as exc:\n    print('raised', type(exc).__name__)\n"
        "else:\n    print('raised nothing')\n",
        env=env,
    )
    return result.stdout.split("raised ", 1)[1].split()[0]


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1 and len(lines) == 1, result.stdout + result.stderr
    return lines[0]


def test_callers_get_djangos_exceptions_and_the_command_line_one_line(scratch_db):
    scratch_db.manage("migrate", "parity_app", env=FIXED, check=True)
    scratch_db.query("DELETE FROM django_migrations WHERE app = 'parity_app' AND name = '0001_initial'")
    # Django raises InconsistentMigrationHistory; ours wrapped it in CommandError.
    assert raised(scratch_db, "call_command('migrate', 'parity_app', verbosity=0)", FIXED) \
        == "InconsistentMigrationHistory"
    line = one_line(scratch_db.manage("migrate", "parity_app", env=FIXED))
    assert line.startswith("CommandError: migrate failed: InconsistentMigrationHistory: Migration parity_app.0002")
    assert "again" not in line  # a re-run does not help here
    scratch_db.query("INSERT INTO django_migrations (app, name, applied) VALUES ('parity_app', '0001_initial', "
                     "'2026-01-01 00:00:00')")

    # A failing migration: the exception of its code, as Django lets it through.
    assert raised(scratch_db, "call_command('migrate', 'failing_app', verbosity=0)", BROKEN) == "RuntimeError"
    line = one_line(scratch_db.manage("migrate", "failing_app", env=BROKEN))
    assert "Migration failing_app.0002_colour_then_weight failed: RuntimeError: deliberately broken" in line
    assert "run migrate again, it continues from there" in line


@pytest.mark.slow
def test_the_no_op_path_hints_signals_and_refuses_as_django(scratch_db):
    scratch_db.manage("migrate", env=FIXED, check=True)

    # Nothing to apply: Django's hint about models without their migration, and the migration state's apps
    # (where the model that exists only in migrations is) for pre_migrate and post_migrate.
    noop = scratch_db.manage("migrate", env={**FIXED, "PARITY_APP_REPORT": "1"}, check=True)
    assert "No migrations to apply." in noop.stdout
    assert "Your models in app(s): 'parity_app' have changes that are not yet reflected in a migration" in noop.stdout
    assert "pre_migrate: StateApps, sees Ghost" in noop.stdout
    assert "post_migrate: StateApps, sees Ghost" in noop.stdout

    # Conflicting leaves, all applied: Django refuses (issue 11, item 8).
    scratch_db.query("INSERT INTO django_migrations (app, name, applied) VALUES ('parity_app', '0002_other', "
                     "'2026-01-01 00:00:00')")
    conflict = scratch_db.manage(
        "migrate", env={**FIXED, "ERP_TEST_MIGRATION_MODULES": f"parity_app={MODULES}.migrations_conflicting"})
    assert conflict.returncode == 1
    assert "CommandError: Conflicting migrations detected; multiple leaf nodes in the migration graph: " \
        "(0002_ghost, 0002_other in parity_app)" in conflict.stderr

    # An applied migration whose parent file is gone: Django's NodeNotFoundError, one line on the command line.
    orphan_env = {**FIXED, "ERP_TEST_MIGRATION_MODULES": f"parity_app={MODULES}.migrations_orphan"}
    line = one_line(scratch_db.manage("migrate", env=orphan_env))
    assert "NodeNotFoundError: Migration parity_app.0002_ghost dependencies reference nonexistent parent node " \
        "('parity_app', '0001_initial')" in line
    assert raised(scratch_db, "call_command('migrate', verbosity=0)", orphan_env) == "NodeNotFoundError"


def note(db) -> str | None:
    rows = db.query("SELECT migrating FROM erp_migration_lock")
    return rows[0][0] if rows else None


@pytest.mark.slow
def test_a_half_done_migration_is_resumed_only_by_a_valid_migrate_that_includes_it(scratch_db, mysql_only):
    assert scratch_db.manage("migrate", "failing_app", env=BROKEN).returncode == 1
    assert note(scratch_db) == "failing_app.0002_colour_then_weight"

    # A bad argument is reported before anything is resumed.
    bad = scratch_db.manage("migrate", "failing_app", "nonexistent", env=FIXED)
    assert bad.returncode == 1 and "Cannot find a migration matching 'nonexistent'" in bad.stderr
    assert "Resuming" not in bad.stdout
    assert note(scratch_db) == "failing_app.0002_colour_then_weight"

    # A migrate that does not include it leaves it, and its note, alone.
    other = scratch_db.manage("migrate", "parity_app", env=FIXED, check=True)
    assert "Resuming" not in other.stdout
    assert "Left as it is: failing_app.0002_colour_then_weight" in other.stdout
    assert note(scratch_db) == "failing_app.0002_colour_then_weight"
    assert not scratch_db.query("SELECT * FROM django_migrations WHERE name = '0002_colour_then_weight'")

    # Faking it records it as the user asked, and clears the note; unapplying it (faked) keeps it cleared.
    faked = scratch_db.manage("migrate", "failing_app", "0002", "--fake", env=FIXED, check=True)
    assert "Applying failing_app.0002_colour_then_weight... FAKED" in faked.stdout
    assert note(scratch_db) is None
