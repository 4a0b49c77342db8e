"""adopt_legacy killed part-way (SIGKILL) and re-run ends in the same state as an uninterrupted run."""

import signal

import pytest

from tests.legacy.support import capture, legacy_database

pytestmark = [pytest.mark.usefixtures("mysql_only"), pytest.mark.slow]

# Tables whose content legitimately differs between two runs (timestamps, generated passwords, run ids).
VOLATILE = {"django_migrations", "auth_user", "erp_quarantined_value", "erp_bootstrap_record", "django_session",
            "django_admin_log", "auth_permission", "auth_group_permissions", "django_content_type", "auth_group",
            "erp_migration_checksum", "auth_user_groups", "erp_link_proposal"}
ENV = {"ERP_SAMPLE_DATA": "false"}


def final_state(db) -> dict:
    state = {t: v for t, v in capture(db).items() if t not in VOLATILE}
    state["_migrations"] = sorted(db.query("SELECT app, name FROM django_migrations"))
    state["_quarantine"] = sorted(db.query(
        "SELECT table_name, column_name, row_pk, reason, original_value, replacement_value FROM erp_quarantined_value"))
    # Proposals carry ids and times of the run that made them: compare what they propose.
    state["_proposals"] = sorted(db.query(
        "SELECT kind, object_pk, proposed_pk, basis, decision FROM erp_link_proposal"))
    state["_groups"] = sorted(db.query("SELECT name FROM auth_group"))
    state["_users"] = sorted(db.query("SELECT id, username, email, is_active, is_superuser FROM auth_user"))
    return state


def run_and_kill(db, marker: str, occurrence: int) -> bool:
    """Start an adoption, SIGKILL it right after the `occurrence`-th output line containing `marker`."""
    proc = db.popen("adopt_legacy", "--resolve", "quarantine", env=ENV)
    seen = 0
    for line in proc.stdout:
        if marker in line:
            seen += 1
            if seen == occurrence:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=600)
    proc.stdout.close()
    proc.stderr.close()
    return proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def reference_state():
    with legacy_database("schema.sql", "data.sql") as db:
        result = db.manage("adopt_legacy", "--resolve", "quarantine", env=ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        yield final_state(db)


@pytest.mark.parametrize("marker,occurrence", [(" created ", 2), (" altered ", 6), ("Legacy users", 1)])
def test_killed_adoption_finishes_on_rerun(reference_state, marker, occurrence):
    with legacy_database("schema.sql", "data.sql") as db:
        assert run_and_kill(db, marker, occurrence), "the adoption ended before the kill point"
        rerun = db.manage("adopt_legacy", "--resolve", "quarantine", env=ENV)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        check = db.manage("schemacheck")
        assert check.returncode == 0, check.stdout
        assert final_state(db) == reference_state
