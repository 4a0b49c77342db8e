"""One migrator at a time: concurrent starts, the holder shown while waiting, the timeout's exit code."""

import textwrap

import pytest

from erp.migration_safety import EXIT_LOCK_TIMEOUT
from tests.migrations.helpers import MIGRATED_GROUPS, Watched, bootstrap_facts

pytestmark = pytest.mark.slow

HOLD_LOCK = textwrap.dedent(
    """
    import time
    from erp.migration_safety.lock import migration_lock
    with migration_lock(purpose="lock test holder"):
        print("HELD", flush=True)
        time.sleep(120)
    """
)


@pytest.mark.parametrize("options", [[], ["--no-fast-path"]], ids=["default", "replay"])
def test_four_migrate_processes_started_together(scratch_db, options):
    procs = [Watched(scratch_db.popen("migrate", *options)) for _ in range(4)]
    codes = [p.finish() for p in procs]
    outputs = [p.stdout for p in procs]
    assert codes == [0, 0, 0, 0], [p.stderr for p in procs]

    # Every migration was applied by exactly one of them; the others found nothing left to do.
    applied = [line for out in outputs for line in out.splitlines() if line.strip().startswith("Applying ")]
    assert len(applied) == len(set(applied)) and applied
    assert sum("No migrations to apply." in out for out in outputs) == 3
    if options:  # a replay takes seconds: the others certainly queued behind it (the fast path may finish first)
        assert any("Waiting up to" in out for out in outputs)

    facts = bootstrap_facts(scratch_db)
    assert facts["duplicate_migrations"] == []
    assert facts["superusers"] == 1
    assert facts["groups"] == MIGRATED_GROUPS


def test_waiter_names_the_holder_and_times_out_with_its_exit_code(scratch_db):
    holder = Watched(scratch_db.popen("shell", "-c", HOLD_LOCK))
    try:
        assert holder.wait_for("HELD"), holder.stderr
        timed_out = scratch_db.manage("migrate", env={"ERP_MIGRATE_LOCK_TIMEOUT": "2"})
        assert timed_out.returncode == EXIT_LOCK_TIMEOUT, timed_out.stderr
        assert "held by lock test holder on host" in timed_out.stdout
        assert f"pid {holder.proc.pid}, since" in timed_out.stdout
        error_lines = [line for line in timed_out.stderr.splitlines() if line.strip()]
        assert len(error_lines) == 1 and "Gave up after 2 s waiting for the migration lock" in error_lines[0]
        assert "Traceback" not in timed_out.stderr
        # Nothing was migrated while the lock was held elsewhere.
        assert scratch_db.manage("showmigrations", "erp").stdout.count("[X]") == 0

        # A patient migrate waits, and proceeds as soon as the holder dies (the lock dies with it).
        waiter = Watched(scratch_db.popen("migrate", "erp", "0001", "--lock-timeout", "60"))
        assert waiter.wait_for("Waiting up to 60 s"), waiter.stdout + waiter.stderr
        holder.proc.kill()
        assert waiter.finish() == 0, waiter.stderr
        assert "Migration lock acquired." in waiter.stdout
        assert "Applying erp.0001_initial... OK" in waiter.stdout
    finally:
        if holder.proc.poll() is None:
            holder.proc.kill()
        holder.finish()


def test_plan_and_check_take_no_lock(scratch_db):
    holder = Watched(scratch_db.popen("shell", "-c", HOLD_LOCK))
    try:
        assert holder.wait_for("HELD"), holder.stderr
        plan = scratch_db.manage("migrate", "--plan", env={"ERP_MIGRATE_LOCK_TIMEOUT": "0"})
        assert plan.returncode == 0 and "erp.0001_initial" in plan.stdout
        check = scratch_db.manage("migrate", "--check", env={"ERP_MIGRATE_LOCK_TIMEOUT": "0"})
        assert check.returncode == 1 and "Gave up" not in check.stderr  # Django's "unapplied" exit code
    finally:
        holder.proc.kill()
        holder.finish()
