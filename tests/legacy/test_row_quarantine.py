"""Row quarantine and the resolutions file on real legacy MariaDB databases (issue 12, item 1): a row set
aside keeps every column as stored, is restored after correction with its original key (validated against
the model, the rows that went with it after it), and a bad resolutions file changes nothing."""

import json

import pytest

from tests.legacy.support import adopt, capture, database_state, legacy_database, normal_time, quarantined_rows
from tests.support import mysql_connect

pytestmark = pytest.mark.usefixtures("mysql_only")

RESTORE = """
from erp.legacy.rows import quarantined_row_restore
from erp.models import QuarantinedRow
r = QuarantinedRow.objects.get(table_name={table!r}, row_pk={pk!r})
r.corrections = {corrections!r}
r.save()
print(quarantined_row_restore(record=r, restored_by="tester"))
"""


def as_a_non_strict_server_stored_it(db, statement: str) -> None:
    """Run one UPDATE on the legacy database as an old, non-strict server accepted it (sql_mode '')."""
    conn = mysql_connect(db.name)
    cur = conn.cursor()
    cur.execute("SET SESSION sql_mode = ''")
    cur.execute(statement)
    conn.commit()
    conn.close()


def zero_date(db):
    as_a_non_strict_server_stored_it(db, "UPDATE attendance SET date = '0000-00-00' WHERE id = 7")


def restore(db, table, pk, corrections=None, env=None):
    return db.shell(RESTORE.format(table=table, pk=str(pk), corrections=corrections or {}), env=env).stdout.strip()


def test_zero_date_row_is_set_aside_then_restored_after_correction(tmp_path):
    with legacy_database("schema.sql", "data.sql", mutate=zero_date) as db:
        before = capture(db)
        # Without a resolution the dead end is gone: the refusal names the options.
        stopped, _ = adopt(db, "--resolve-values", "quarantine")
        assert stopped.returncode == 2
        assert "attendance.date: invalid_date" in stopped.stdout and "--resolve-rows quarantine" in stopped.stdout

        done, report = adopt(db, "--resolve-rows", "quarantine", report=tmp_path / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        rows = quarantined_rows(db)
        row = rows[("attendance", "7")]
        assert row["reason"] == "invalid_date"
        assert {e["column"] for e in row["data"]} == set(before["attendance"]["column_types"])
        assert db.query("SELECT COUNT(*) FROM attendance WHERE id = 7") == [(0,)]
        # Listed with its reason in the admin's data, and on the checklist.
        assert "rows set aside whole by adoption" in done.stdout

        refused = restore(db, "attendance", 7)
        assert refused.startswith("(False, ") and "not valid for the model" in refused
        assert "date: '0000-00-00'" in refused
        assert db.query("SELECT COUNT(*) FROM attendance WHERE id = 7") == [(0,)]

        # Restored by a site that shows times in India while the database stores UTC: its times come back as
        # they were stored, not shifted by the zone they are shown in.
        assert restore(db, "attendance", 7, {"date": "2024-03-01"}, env={"TIME_ZONE": "Asia/Kolkata"}) == \
            "(True, 'restored')"
        back = capture(db)["attendance"]["rows"][7]
        old = before["attendance"]["rows"][7]
        assert back["date"] == "2024-03-01"
        assert old["created_at"] is not None
        for column in ("employee_id", "name", "status", "notes", "check_in_time", "created_at"):
            assert normal_time(str(back[column])) == normal_time(str(old[column])), column
        assert restore(db, "attendance", 7) == "(False, 'already restored')"

        # A row that went with another (the cascade) comes back only after it.
        cascaded = [(k, v) for k, v in rows.items() if v["cascade_of"] is not None]
        assert cascaded, "the fixture's dangling references set aside rows that others reference"
        (table, pk), child = cascaded[0]
        assert restore(db, table, pk).startswith(f"(False, 'restore {child['cascade_of'][0]} #")


def test_bad_resolutions_file_changes_nothing(tmp_path):
    with legacy_database("schema.sql", "data.sql") as db:
        path = tmp_path / "resolutions.json"
        dry, _ = adopt(db, "--dry-run", "--resolutions", str(path))
        assert dry.returncode == 2 and path.exists()  # conflicts remain; the template is written all the same
        template = json.loads(path.read_text())
        before = database_state(db)

        def entry(table, key):
            return next(e for e in template["entries"] if (e["table"], e["key"]) == (table, key))

        cases = {
            "not valid JSON": "{ not json",
            "no such row": dict(template, entries=[dict(entry("transport_job", "4"), replacement=123456)]),
            "stale original": dict(template, entries=[dict(entry("transport_job", "4"), original="998",
                                                           replacement=1)]),
            "unknown conflict": dict(template, entries=[{"table": "transport_job", "key": "1",
                                                         "column": "dispatch_request_id", "replacement": 2}]),
        }
        messages = {"not valid JSON": "not valid JSON", "no such row": "has no row 123456",
                    "stale original": "the data changed since the template",
                    "unknown conflict": "not a conflicting value now"}
        for name, content in cases.items():
            path.write_text(content if isinstance(content, str) else json.dumps(content))
            result, _ = adopt(db, "--resolve-values", "quarantine", "--resolutions", str(path))
            assert result.returncode == 1, (name, result.stdout, result.stderr)
            assert messages[name] in result.stderr and "nothing was changed" in result.stderr.lower(), name
            assert database_state(db) == before, name
        missing, _ = adopt(db, "--resolve-values", "quarantine", "--resolutions", str(tmp_path / "none.json"))
        assert missing.returncode == 1 and "no such file" in missing.stderr
        assert database_state(db) == before


def absent_with_hours_choosable(db):
    """Attendance #9 gets a status outside the choices (stored as '' by a non-strict server) and a check-in."""
    as_a_non_strict_server_stored_it(
        db, "UPDATE attendance SET status = 'bogus', check_in_time = '09:05:00' WHERE id = 9")


def test_chosen_value_breaking_a_check_constraint_is_refused_before_anything_changes(tmp_path):
    with legacy_database("schema.sql", "data.sql", mutate=absent_with_hours_choosable) as db:
        path = tmp_path / "resolutions.json"
        adopt(db, "--dry-run", "--resolutions", str(path))
        template = json.loads(path.read_text())
        entry = next(e for e in template["entries"] if (e["table"], e["key"], e["column"]) == ("attendance", "9",
                                                                                                 "status"))
        before = database_state(db)

        # ABSENT is one of the field's choices, but an absent employee has no check-in: the CHECK the adoption
        # adds (attendance_absent_without_hours) would make the ALTER fail mid-run.
        path.write_text(json.dumps(dict(template, entries=[dict(entry, replacement="ABSENT")])))
        refused, _ = adopt(db, "--resolve-values", "quarantine", "--resolve-rows", "quarantine",
                           "--resolutions", str(path))
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "attendance.status #9" in refused.stderr
        assert "breaks CHECK attendance_absent_without_hours" in refused.stderr
        assert "nothing was changed" in refused.stderr.lower()
        assert database_state(db) == before

        # A choice that satisfies the check passes the file's check (the dry run reads the file as it is).
        path.write_text(json.dumps(dict(template, entries=[dict(entry, replacement="LATE")])))
        accepted, report = adopt(db, "--dry-run", "--resolve-values", "quarantine", "--resolve-rows", "quarantine",
                                 "--resolutions", str(path), report=tmp_path / "dry.json")
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        assert "breaks CHECK" not in accepted.stderr
