"""Validate on migrate (issue 11): an applied migration whose operations changed since it ran stops `migrate`
before anything changes, unless --accept-edited REASON, which is recorded in the history."""

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS

pytestmark = pytest.mark.slow

ENV = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "preview_app"}
# preview_app.0001 with another max_length: the same file, other operations.
EDITED = {**ENV, "PREVIEW_APP_NAME_LENGTH": "120"}


def applied(db):
    return {n for (n,) in db.query("SELECT name FROM django_migrations WHERE app = 'preview_app'")}


def test_migrate_refuses_an_edited_applied_migration_until_accepted_with_a_reason(scratch_db):
    scratch_db.manage("migrate", check=True)
    scratch_db.manage("migrate", "preview_app", "0001", env=ENV, check=True)
    recorded = scratch_db.query("SELECT checksum FROM erp_migration_checksum WHERE app = 'preview_app'")

    refused = scratch_db.manage("migrate", env=EDITED)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    message = refused.stderr.strip().splitlines()[-1]
    assert "Applied migrations were edited since they ran: preview_app.0001_initial." in message
    assert "--accept-edited REASON" in message and "Nothing was changed" in message
    assert applied(scratch_db) == {"0001_initial"}  # 0002 was not applied

    # A reason is required; an empty one is refused as bad input, changing nothing.
    empty = scratch_db.manage("migrate", "--accept-edited", " ", env=EDITED)
    assert empty.returncode == 1 and "--accept-edited needs a reason" in empty.stderr
    assert applied(scratch_db) == {"0001_initial"}

    # The unchanged file goes through as before.
    reason = "name widened to 120 by hand on every site (ticket 7)"
    done = scratch_db.manage("migrate", "--accept-edited", reason, env=EDITED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Accepted edited migrations (preview_app.0001_initial)" in done.stdout
    assert applied(scratch_db) == {"0001_initial", "0002_note_index_bigint"}
    kind, outcome, migrations, detail = scratch_db.query(
        "SELECT kind, outcome, migrations, detail FROM erp_migration_run WHERE kind = 'accept'")[0]
    assert (kind, outcome, migrations) == ("accept", "succeeded", "preview_app.0001_initial")
    assert detail.startswith(reason) and recorded[0][0] in detail  # what was accepted, undoable
    refusals = scratch_db.query("SELECT detail FROM erp_migration_run WHERE outcome = 'refused'")
    assert len(refusals) == 1 and "edited since they ran" in refusals[0][0]
    # Accepted once: later runs go ahead, dbstatus lists nothing edited.
    assert "No applied migration was edited" in scratch_db.manage("dbstatus", env=EDITED, check=True).stdout
    scratch_db.manage("migrate", "preview_app", "0001", env=EDITED, check=True)


def test_a_no_op_migrate_validates_too(scratch_db):
    """Flyway's validateOnMigrate: also when every migration is applied, an edited one stops migrate (the
    no-op answers nothing else and changes nothing), until accepted with a reason."""
    scratch_db.manage("migrate", env=ENV, check=True)
    assert applied(scratch_db) == {"0001_initial", "0002_note_index_bigint"}
    assert "No migrations to apply." in scratch_db.manage("migrate", env=ENV, check=True).stdout

    refused = scratch_db.manage("migrate", env=EDITED)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    assert "Applied migrations were edited since they ran: preview_app.0001_initial." in refused.stderr
    assert "No migrations to apply." not in refused.stdout

    done = scratch_db.manage("migrate", "--accept-edited", "widened by hand (ticket 8)", env=EDITED, check=True)
    assert "Accepted edited migrations (preview_app.0001_initial)" in done.stdout
    assert "No migrations to apply." in done.stdout
    assert "No migrations to apply." in scratch_db.manage("migrate", env=EDITED, check=True).stdout


# Removes preview_app.0001's row with Django's recorder, as Django's own tests and a DBA do, behind our
# migrate's back; with DROP, its table too (the migration is then not applied in any sense).
FORGET_0001 = (
    "from django.db import connection\n"
    "from django.db.migrations.recorder import MigrationRecorder\n"
    "MigrationRecorder(connection).record_unapplied('preview_app', '0001_initial')\n"
)
DROP_ITEM = "with connection.cursor() as c: c.execute('DROP TABLE preview_app_item')\n"


def checksum_of_0001(db):
    return db.query("SELECT checksum FROM erp_migration_checksum WHERE app = 'preview_app' AND name = '0001_initial'")


def test_another_file_applied_under_a_name_whose_row_was_removed_is_not_refused(scratch_db):
    """A django_migrations row removed outside our migrate (Django's recorder, by hand) leaves the checksum of
    the file that ran then; a different file applied later under that name is what ran, not an edit: its
    checksum replaces the old one. An edit after that is refused as before."""
    scratch_db.manage("migrate", check=True)
    scratch_db.manage("migrate", "preview_app", "0001", env=ENV, check=True)
    first = checksum_of_0001(scratch_db)
    scratch_db.shell(FORGET_0001 + DROP_ITEM, env=ENV)

    done = scratch_db.manage("migrate", "preview_app", "0001", env=EDITED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Applying preview_app.0001_initial... OK" in done.stdout
    assert applied(scratch_db) == {"0001_initial"}
    second = checksum_of_0001(scratch_db)
    assert len(second) == 1 and second != first  # the checksum of the file that ran

    again = scratch_db.manage("migrate", env=EDITED)
    assert again.returncode == 0, again.stdout + again.stderr
    assert applied(scratch_db) == {"0001_initial", "0002_note_index_bigint"}
    assert not scratch_db.query("SELECT 1 FROM erp_migration_run WHERE outcome = 'refused'")

    # The protection stays: the file as it was before is now an edit of what ran.
    refused = scratch_db.manage("migrate", env=ENV)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Applied migrations were edited since they ran: preview_app.0001_initial." in refused.stderr


def test_a_migration_faked_under_a_name_whose_row_was_removed_gets_the_faked_files_checksum(scratch_db):
    """--fake records what it fakes as applied: its checksum is the faked file's, not the one recorded
    under that name before the row was removed."""
    scratch_db.manage("migrate", check=True)
    scratch_db.manage("migrate", "preview_app", "0001", env=ENV, check=True)
    first = checksum_of_0001(scratch_db)
    scratch_db.shell(FORGET_0001, env=ENV)

    scratch_db.manage("migrate", "preview_app", "0001", "--fake", env=EDITED, check=True)
    assert applied(scratch_db) == {"0001_initial"}
    assert checksum_of_0001(scratch_db) not in ([], first)
    assert "No migrations to apply." in scratch_db.manage("migrate", "preview_app", "0001", env=EDITED,
                                                           check=True).stdout
