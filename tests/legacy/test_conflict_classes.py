"""Every conflict class adoption meets, on a generated legacy variant on MariaDB, each with its resolution
(issue 12, items 1, 3 and 4).

One legacy database from the repository's fixture gets one instance of every class (old MySQL servers in
non-strict mode accepted them); the dry run writes the resolutions template, a person's choices are filled
in for two values, and the real run uses all three resolutions at once:
`--resolve-values quarantine --resolve-rows quarantine --resolutions FILE`. Each class is then checked
(table-driven), and every legacy value is compared with its adopted value, row by row and column by column,
with the quarantine accounting for every difference.
"""

import json

import pytest

from tests.legacy.support import (
    adopt,
    assert_nothing_lost,
    capture,
    legacy_database,
    quarantined,
    quarantined_rows,
)
from tests.support import mysql_connect

pytestmark = pytest.mark.usefixtures("mysql_only")

LONG_NAME = "Anand " + "Krishnamurthy-" * 10  # 146 characters: attendance.name becomes VARCHAR(100)
LONG_TITLE = "Senior " + "Assembly Line Supervisor, " * 9  # 241 characters: job_postings.title is VARCHAR(200)
SHORT_TITLE = "Senior Assembly Line Supervisor"
DOUBLE_ENCODED = "Zoë & café, Łódź"
LATIN1 = "Caffè"
# What a legacy FLOAT column stores for 1e13 and 2.5e12 (single precision), recorded as stored.
FLOAT_1E13, FLOAT_25E11 = "9999999827968", "2499999956992"

# What old, non-strict servers let in. Each statement runs with sql_mode='' (or ALLOW_INVALID_DATES).
VARIANT = [
    # Zero and impossible dates and datetimes, in NULL and NOT NULL columns.
    "UPDATE attendance SET date = '0000-00-00' WHERE id = 7",
    "UPDATE attendance SET date = '2019-02-30' WHERE id = 8",
    "UPDATE showroom_product SET sold_date = '0000-00-00 00:00:00' WHERE id = 2",
    "UPDATE employees SET date_of_birth = '1990-02-30' WHERE id = 3",
    "UPDATE going_out_logs SET going_out_time = '0000-00-00 00:00:00' WHERE id = 2",
    # Times outside the day (a legacy TIME is a duration), in NULL and NOT NULL columns.
    "UPDATE attendance SET check_in_time = '25:30:00' WHERE id = 3",
    "UPDATE interviews SET scheduled_time = '-01:00:00' WHERE id = 2",
    # ENUM: an empty string (what a non-strict server stores for an invalid value), and lower-case spellings.
    "UPDATE attendance SET status = 'bogus' WHERE id = 9",
    "ALTER TABLE leaves MODIFY leave_type ENUM('casual','sick','earned','maternity','paternity') NOT NULL",
    # NULL where the model requires a value and has no default.
    "ALTER TABLE customer MODIFY name VARCHAR(200) NULL",
    "UPDATE customer SET name = NULL WHERE id = 2",
    # Duplicates on a unique key the models add: exact, and differing only in case.
    "ALTER TABLE sales_order DROP INDEX order_number",
    "UPDATE sales_order SET order_number = (SELECT n FROM (SELECT order_number n FROM sales_order WHERE id = 1) x) "
    "WHERE id = 3",
    "UPDATE sales_order SET order_number = (SELECT LOWER(n) FROM (SELECT order_number n FROM sales_order "
    "WHERE id = 2) x) WHERE id = 6",
    # Text longer than the new column.
    "ALTER TABLE attendance MODIFY name VARCHAR(300) NULL",
    f"UPDATE attendance SET name = '{LONG_NAME}' WHERE id = 10",
    "ALTER TABLE job_postings MODIFY title VARCHAR(400) NOT NULL",
    f"UPDATE job_postings SET title = '{LONG_TITLE}' WHERE id = 1",
    # Money: more than two decimals, and beyond DECIMAL(12,2) (NOT NULL with a default; nullable).
    "ALTER TABLE showroom_product MODIFY cost_price DOUBLE NULL",
    "UPDATE showroom_product SET cost_price = 10.125 WHERE id = 3",
    "UPDATE sales_order SET discount_amount = 1e13 WHERE id = 4",
    "UPDATE job_applications SET expected_salary = 2.5e12 WHERE id = 2",
    # An integer beyond INT (a legacy BIGINT).
    "ALTER TABLE dispatch_request MODIFY quantity BIGINT NULL",
    "UPDATE dispatch_request SET quantity = 3000000000 WHERE id = 1",
    # Negative quantities where a CHECK arrives.
    "UPDATE showroom_product SET quantity = -3 WHERE id = 5",
    "UPDATE interviews SET duration_minutes = -5 WHERE id = 1",
    # A latin1 table, as old installs created them, holding UTF-8 bytes (double-encoded: 'Zoë & café' written
    # through a latin1 connection) beside real latin1 text ('Caffè').
    "ALTER TABLE vehicle CONVERT TO CHARACTER SET latin1",
    f"UPDATE vehicle SET notes = _latin1 X'{DOUBLE_ENCODED.encode().hex()}' WHERE id = 1",
    f"UPDATE vehicle SET notes = _latin1 X'{LATIN1.encode('latin1').hex()}' WHERE id = 2",
    # (the fixture's own dangling references: transport_job #4 -> dispatch_request 999, and others)
]


def make_variant(db):
    conn = mysql_connect(db.name)
    cur = conn.cursor()
    cur.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'")
    for sql in VARIANT:
        cur.execute(sql)
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def adopted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("classes")
    with legacy_database("schema.sql", "data.sql", mutate=make_variant) as db:
        before = capture(db)
        options = ("--resolve-values", "quarantine", "--resolve-rows", "quarantine")
        resolutions = tmp / "resolutions.json"
        dry, dry_report = adopt(db, "--dry-run", *options, "--resolutions", str(resolutions), report=tmp / "dry.json")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        assert capture(db) == before
        template = json.loads(resolutions.read_text())
        choices = {("attendance", "date", "8"): "2019-02-28", ("job_postings", "title", "1"): SHORT_TITLE}
        for entry in template["entries"]:
            assert entry["replacement"] is None
            entry["replacement"] = choices.get((entry["table"], entry["column"], entry["key"]))
        resolutions.write_text(json.dumps(template))
        # The dry run with the filled file announces the chosen values.
        dry2, announced = adopt(db, "--dry-run", *options, "--resolutions", str(resolutions),
                                report=tmp / "dry2.json")
        assert dry2.returncode == 0, dry2.stdout + dry2.stderr
        assert capture(db) == before
        done, report = adopt(db, *options, "--resolutions", str(resolutions), report=tmp / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        yield {"db": db, "before": before, "after": capture(db), "dry": dry, "dry_report": dry_report,
               "announced": announced, "template": template, "report": report, "out": done.stdout,
               "values": quarantined(db), "rows": quarantined_rows(db)}


def conflict(report, table, column, reason):
    found = [c for c in report["conflicts"] if (c["table"], c["column"], c["reason"]) == (table, column, reason)]
    assert found, f"no {reason} conflict on {table}.{column}"
    return found


def value_set_aside(a, table, column, pk, reason, original, replacement):
    assert a["values"][(table, column, str(pk))] == (reason, original, replacement)
    held = a["after"][table]["rows"][pk][column]
    assert (None if held is None else str(held)) == replacement


def row_set_aside(a, table, pk, reason, column, stored):
    row = a["rows"][(table, str(pk))]
    assert row["reason"] == reason
    entry = next(e for e in row["data"] if e["column"] == column)
    assert bytes.fromhex(entry["hex"]).decode() == stored  # the stored bytes, invalid in the new type
    assert pk not in a["after"][table]["rows"]


CLASSES = {
    "latin1 table holding UTF-8 bytes: converted to utf8mb4, re-decoded, reported":
        (lambda a: check_latin1(a), None),
    # class: (check on the adopted database, the resolution the dry run announced)
    "zero date, NOT NULL without default: row quarantine":
        (lambda a: row_set_aside(a, "attendance", 7, "invalid_date", "date", "0000-00-00"),
         ("attendance", "date", "invalid_date", "row")),
    "impossible date, NOT NULL without default: the operator's value":
        (lambda a: value_set_aside(a, "attendance", "date", 8, "invalid_date", "2019-02-30", "2019-02-28"),
         ("attendance", "date", "invalid_date", "chosen")),
    "zero datetime, NULL column: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "showroom_product", "sold_date", 2, "invalid_date", "0000-00-00 00:00:00",
                                   None), ("showroom_product", "sold_date", "invalid_date", "value")),
    "impossible date, NULL column: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "employees", "date_of_birth", 3, "invalid_date", "1990-02-30", None),
         ("employees", "date_of_birth", "invalid_date", "value")),
    "zero datetime, NOT NULL without default: row quarantine":
        (lambda a: row_set_aside(a, "going_out_logs", 2, "invalid_date", "going_out_time", "0000-00-00 00:00:00"),
         ("going_out_logs", "going_out_time", "invalid_date", "row")),
    "time outside the day, NULL column: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "attendance", "check_in_time", 3, "invalid_date", "25:30:00", None),
         ("attendance", "check_in_time", "invalid_date", "value")),
    "negative time, NOT NULL without default: row quarantine":
        (lambda a: row_set_aside(a, "interviews", 2, "invalid_date", "scheduled_time", "-01:00:00"),
         ("interviews", "scheduled_time", "invalid_date", "row")),
    "empty ENUM value: value quarantine (the field's default)":
        (lambda a: value_set_aside(a, "attendance", "status", 9, "invalid_choice", "", "PRESENT"),
         ("attendance", "status", "invalid_choice", "value")),
    "ENUM values in another case: converted to the model's spelling, originals recorded":
        (lambda a: check_spelling(a), ("leaves", "leave_type", "invalid_choice", "chosen")),
    "NULL into NOT NULL without default: row quarantine":
        (lambda a: check_null_row(a), ("customer", "name", "null_not_allowed", "row")),
    "dangling reference: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "transport_job", "dispatch_request_id", 4, "dangling_reference", "999", None),
         ("transport_job", "dispatch_request_id", "dangling_reference", "value")),
    "duplicates on a new unique key, exact and case-only: row quarantine with its cascade":
        (lambda a: check_duplicates(a), ("sales_order", "order_number", "duplicate", "row")),
    "text too long, NULL column: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "attendance", "name", 10, "too_long", LONG_NAME, None),
         ("attendance", "name", "too_long", "value")),
    "text too long, NOT NULL: the operator's value":
        (lambda a: value_set_aside(a, "job_postings", "title", 1, "too_long", LONG_TITLE, SHORT_TITLE),
         ("job_postings", "title", "too_long", "chosen")),
    "money beyond DECIMAL(12,2), NOT NULL with a default: value quarantine (default)":
        (lambda a: value_set_aside(a, "sales_order", "discount_amount", 4, "out_of_range", FLOAT_1E13, "0.00"),
         ("sales_order", "discount_amount", "out_of_range", "value")),
    "money beyond DECIMAL(12,2), NULL column: value quarantine (NULL)":
        (lambda a: value_set_aside(a, "job_applications", "expected_salary", 2, "out_of_range", FLOAT_25E11,
                                   None), ("job_applications", "expected_salary", "out_of_range", "value")),
    "integer beyond INT, NOT NULL with a default: value quarantine (default)":
        (lambda a: value_set_aside(a, "dispatch_request", "quantity", 1, "out_of_range", "3000000000", "1"),
         ("dispatch_request", "quantity", "out_of_range", "value")),
    "negative quantity where a CHECK arrives: value quarantine (the field's default)":
        (lambda a: value_set_aside(a, "showroom_product", "quantity", 5, "check_violation", "-3", "1"),
         ("showroom_product", "quantity", "check_violation", "value")),
    "negative duration where a CHECK arrives: value quarantine (the field's default)":
        (lambda a: value_set_aside(a, "interviews", "duration_minutes", 1, "check_violation", "-5", "60"),
         ("interviews", "duration_minutes", "check_violation", "value")),
}


def check_latin1(a):
    assert a["after"]["vehicle"]["rows"][1]["notes"] == DOUBLE_ENCODED  # never mangled
    assert a["after"]["vehicle"]["rows"][2]["notes"] == LATIN1
    assert a["after"]["vehicle"]["column_types"]["notes"] == "longtext"
    assert a["db"].query("SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                         "AND TABLE_NAME = 'vehicle'")[0][0].startswith("utf8mb4")
    # The report says what was converted, and the quarantine keeps the stored bytes.
    conversions = a["report"]["charset_conversions"]
    assert {"table": "vehicle", "from": "latin1", "to": "utf8mb4"} in conversions["tables"]
    entry = next(v for v in conversions["double_encoded"] if (v["table"], v["pk"]) == ("vehicle", 1))
    assert entry["stored_hex"] == DOUBLE_ENCODED.encode().hex().upper() and entry["converted"] == DOUBLE_ENCODED
    assert conversions["latin1_values"] >= 1 and conversions["redecoded"] >= 1
    assert a["values"][("vehicle", "notes", "1")] == ("double_encoded", entry["plain_conversion"], DOUBLE_ENCODED)
    assert "Character set: vehicle latin1 -> utf8mb4" in a["dry"].stdout


def check_spelling(a):
    before = a["before"]["leaves"]["rows"]
    for pk, row in before.items():
        old = row["leave_type"]
        assert old == old.lower()
        assert a["after"]["leaves"]["rows"][pk]["leave_type"] == old.upper()
        assert a["values"][("leaves", "leave_type", str(pk))] == ("invalid_choice", old, old.upper())


def check_null_row(a):
    row = a["rows"][("customer", "2")]
    assert row["reason"] == "null_not_allowed"
    assert next(e for e in row["data"] if e["column"] == "name")["hex"] is None
    assert row["text"]["email"] == a["before"]["customer"]["rows"][2]["email"]


def check_duplicates(a):
    before = a["before"]["sales_order"]["rows"]
    for pk, first in ((3, 1), (6, 2)):
        row = a["rows"][("sales_order", str(pk))]
        assert row["reason"] == "duplicate"
        assert row["text"]["order_number"].lower() == before[first]["order_number"].lower()
    assert before[6]["order_number"] != before[2]["order_number"]  # differs only in case
    assert {1, 2} <= set(a["after"]["sales_order"]["rows"])
    # Rows that referenced a row set aside went with it, each naming it, and are listed in the plan.
    cascaded = {k: v for k, v in a["rows"].items() if v["cascade_of"] is not None}
    planned = a["dry_report"]["row_quarantine"]
    for (table, pk), row in cascaded.items():
        parent = row["cascade_of"]
        assert parent in a["rows"], (table, pk)
        assert row["reason"] == "references_set_aside_row"
        assert any(str(e["pk"]) == pk and e["with"] == f"{parent[0]} #{parent[1]}" for e in planned[table])
    assert any(p == ("sales_order", "3") for p in (v["cascade_of"] for v in cascaded.values()))


@pytest.mark.parametrize("name", CLASSES)
def test_conflict_class_has_its_resolution(adopted, name):
    check, expected = CLASSES[name]
    if expected is not None:
        # The dry run announced the resolution each conflict gets, and the real run applied it.
        table, column, reason, resolution = expected
        announced = {c["resolution_kind"] for c in conflict(adopted["announced"], table, column, reason)}
        assert resolution in announced, announced
        assert resolution in {c["resolution_kind"] for c in conflict(adopted["report"], table, column, reason)}
    check(adopted)


def test_dry_run_shows_each_resolution_and_writes_the_template(adopted):
    out = adopted["dry"].stdout
    assert "-> resolution: rows set aside whole (row quarantine)" in out
    assert "-> resolution: replaced by the operator's values" not in out  # the template was not filled yet
    assert "Resolutions template written to" in out
    keys = {(e["table"], e["column"], e["key"]) for e in adopted["template"]["entries"]}
    assert {("attendance", "date", "7"), ("attendance", "date", "8"), ("job_postings", "title", "1")} <= keys
    entry = next(e for e in adopted["template"]["entries"] if (e["table"], e["key"]) == ("attendance", "8"))
    assert entry["original"] == "2019-02-30" and entry["reason"] == "invalid_date"


def test_every_legacy_value_is_accounted_for(adopted):
    # Row by row, column by column: equal (text and integers exactly), converted as documented (FLOAT money
    # within half a cent, dates and times with microseconds), or in the quarantine with its original.
    # Documented conversion: UTF-8 bytes in a latin1 column are re-decoded (the reading before adoption is the
    # plain conversion, 'Zoë' read as 'ZoÃ«'); its quarantine entry is checked by check_latin1.
    values = {k: v for k, v in adopted["values"].items() if v[0] != "double_encoded"}
    conversions = {("vehicle", "notes", "1"): DOUBLE_ENCODED}
    assert adopted["before"]["vehicle"]["rows"][1]["notes"] != DOUBLE_ENCODED
    assert_nothing_lost(adopted["before"], adopted["after"], values, adopted["rows"], conversions)
    rows_gone = sum(len(b["rows"]) - len(adopted["after"][t]["rows"]) for t, b in adopted["before"].items())
    assert rows_gone == len(adopted["rows"]) == adopted["report"]["quarantined_rows"] > 3


def test_money_with_more_than_two_decimals_is_rounded_and_recorded(adopted):
    assert str(adopted["after"]["showroom_product"]["rows"][3]["cost_price"]) == "10.13"
    money = {(m["table"], m["column"], m["pk"]): m for m in adopted["report"]["money_changes"]}
    assert money[("showroom_product", "cost_price", 3)]["converted"] == "10.13"
    assert adopted["values"][("showroom_product", "cost_price", "3")][0] == "money_review"
