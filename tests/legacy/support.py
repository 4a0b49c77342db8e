"""Legacy databases for adoption tests: built from the repository's fixture (tests/legacy/fixture), in variants,
and compared."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from tests.legacy import fixture
from tests.support import ScratchDatabase, mysql_connect, mysql_database, mysql_server_params

UNMANAGED = {"user", "production_order", "tour_intimations", "audit_trail", "password_reset_tokens"}
# The migration lock's holder record and the history of runs (erp.migration_safety): bookkeeping of the
# tooling, which every run writes to (a second adoption is one more history row and changes nothing else).
LOCK_TABLES = {"erp_migration_lock", "erp_migration_run"}
FLOATS = {"float", "double", "real"}
TEMPORAL = {"date", "datetime", "timestamp", "time"}


# The parts a legacy database is built from, in the order given (see tests/legacy/fixture).
PARTS = {"schema.sql": fixture.schema_sql, "data.sql": fixture.data_sql, "partial.sql": fixture.partial_sql}


def load_sql(name: str, sql: str) -> None:
    """Run a script of SQL statements on database `name` with the mariadb client."""
    p = mysql_server_params()
    env = dict(os.environ)
    if p["password"]:
        env["MYSQL_PWD"] = p["password"]
    subprocess.run(["mariadb", "-h", p["host"], "-P", str(p["port"]), "-u", p["user"], name],
                   input=sql.encode(), check=True, env=env, capture_output=True, timeout=120)


@contextmanager
def legacy_database(*parts: str, prefix: str = "erp_adopt_legacy", mutate=None):
    """A legacy database from the fixture's parts named in `parts` (e.g. "schema.sql", "data.sql")."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    conn = mysql_connect()
    conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        for part in parts:
            load_sql(name, PARTS[part]())
        db = mysql_database(name)
        if mutate is not None:
            mutate(db)
        yield db
    finally:
        conn.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()


def drop_random_parts(seed: int, *, tables: int = 3, columns: int = 6):
    """A mutation dropping a seeded random subset of managed tables and of plain (unindexed) columns."""

    def mutate(db: ScratchDatabase) -> None:
        rng = random.Random(seed)
        names = sorted(t for (t,) in db.query("SHOW TABLES") if t not in UNMANAGED)
        dropped = set(rng.sample(names, tables))
        conn = mysql_connect(db.name)
        cur = conn.cursor()
        cur.execute("SET FOREIGN_KEY_CHECKS = 0")
        for t in sorted(dropped):
            cur.execute(f"DROP TABLE `{t}`")
        cur.execute(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() "
            "AND c.COLUMN_KEY = '' AND c.COLUMN_NAME NOT IN ('id') "
            # Only what an older release could lack: a required column without a default cannot be invented.
            "AND (c.IS_NULLABLE = 'YES' OR c.COLUMN_DEFAULT IS NOT NULL) ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION")
        candidates = [(t, c) for t, c in cur.fetchall() if t not in UNMANAGED and t not in dropped]
        for t, c in rng.sample(candidates, columns):
            cur.execute(f"ALTER TABLE `{t}` DROP COLUMN `{c}`")
        conn.close()

    return mutate


def capture(db: ScratchDatabase) -> dict:
    """Every table's columns, types and rows (floats as their stored double), and CHECKSUM TABLE."""
    conn = mysql_connect(db.name)
    cur = conn.cursor()
    cur.execute("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS "
                "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION")
    columns: dict[str, list[tuple[str, str, str]]] = {}
    for t, c, dt, ct in cur.fetchall():
        columns.setdefault(t, []).append((c, dt, ct))
    out = {}
    for t, cols in columns.items():
        if t in LOCK_TABLES:
            continue
        # Dates and times as MariaDB writes them: zero and impossible dates stay visible (the driver reads
        # them as None).
        exprs = [f"CAST(`{c}` AS DOUBLE)" if dt in FLOATS else f"CAST(`{c}` AS CHAR)" if dt in TEMPORAL
                 else f"`{c}`" for c, dt, _ in cols]
        cur.execute(f"SELECT {', '.join(exprs)} FROM `{t}` ORDER BY 1")
        rows = {r[0]: dict(zip([c for c, _, _ in cols], r)) for r in cur.fetchall()}
        cur.execute(f"CHECKSUM TABLE `{t}`")
        out[t] = {"types": {c: dt for c, dt, _ in cols}, "column_types": {c: ct for c, _, ct in cols},
                  "rows": rows, "checksum": cur.fetchone()[1]}
    conn.close()
    return out


def quarantined(db: ScratchDatabase) -> dict[tuple[str, str, str], tuple]:
    rows = db.query("SELECT table_name, column_name, row_pk, reason, original_value, replacement_value "
                    "FROM erp_quarantined_value")
    return {(t, c, pk): (reason, orig, repl) for t, c, pk, reason, orig, repl in rows}


def quarantined_rows(db: ScratchDatabase) -> dict[tuple[str, str], dict]:
    """(table, pk) -> {"reason", "cascade_of", "data": [{column, type, charset, hex}], "text": {column: text}}."""
    if not db.query("SHOW TABLES LIKE 'erp_quarantined_row'"):
        return {}
    rows = db.query("SELECT r.table_name, r.row_pk, r.reason, r.row_data, r.row_text, p.table_name, p.row_pk "
                    "FROM erp_quarantined_row r LEFT JOIN erp_quarantined_row p ON p.id = r.cascade_of_id "
                    "WHERE r.restored_at IS NULL")
    return {(t, pk): {"reason": reason, "data": json.loads(data), "text": json.loads(text),
                      "cascade_of": (pt, ppk) if pt else None}
            for t, pk, reason, data, text, pt, ppk in rows}


def as_text(value) -> str | None:
    """A captured legacy value as adoption records it (CAST(... AS CHAR); floats as their double)."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def same_text(old, recorded: str | None) -> bool:
    if old is None or recorded is None:
        return old is None and recorded is None
    if isinstance(old, float):
        return float(recorded) == old
    return as_text(old) == recorded


def assert_nothing_lost(before: dict, after: dict, quarantine: dict, rows_aside: dict | None = None,
                        conversions: dict | None = None) -> None:
    """Every legacy value, row by row and column by column, is in the adopted database (equal, or converted as
    documented), or in the quarantine with its original: a value set aside (QuarantinedValue: original and
    replacement both checked) or its whole row (QuarantinedRow: every column checked). Unmanaged tables are
    byte-identical. `conversions` maps (table, column, pk) -> the documented new value (e.g. re-decoded text)."""
    rows_aside = rows_aside or {}
    conversions = conversions or {}
    for t, b in before.items():
        assert t in after, f"table {t} disappeared"
        a = after[t]
        if t in UNMANAGED:
            assert a["checksum"] == b["checksum"], f"unmanaged table {t} changed"
            assert len(a["rows"]) == len(b["rows"])
            continue
        for pk, row in b["rows"].items():
            aside = rows_aside.get((t, str(pk)))
            if pk not in a["rows"]:
                assert aside is not None, f"{t} #{pk}: row gone and not in the quarantine of rows"
                for col, old in row.items():
                    assert col in aside["text"], f"{t} #{pk}: column {col} not kept in the quarantined row"
                    assert same_text(old, aside["text"][col]), \
                        f"{t} #{pk}.{col}: {old!r} kept as {aside['text'][col]!r}"
                continue
            assert aside is None, f"{t} #{pk}: row still there but recorded as set aside"
            new = a["rows"][pk]
            for col, old in row.items():
                assert col in new, f"{t}.{col} disappeared"
                q = quarantine.get((t, col, str(pk)))
                if q is not None and q[0] != "money_review":
                    # Set aside on purpose: the original is recorded, and what the row holds is the replacement.
                    assert same_text(old, q[1]), f"{t}.{col} #{pk}: original {old!r} recorded as {q[1]!r}"
                    assert same_value(new[col], q[2]), f"{t}.{col} #{pk}: holds {new[col]!r}, recorded {q[2]!r}"
                    continue
                if (t, col, str(pk)) in conversions:
                    expected = conversions[(t, col, str(pk))]
                    assert new[col] == expected, f"{t}.{col} #{pk}: {old!r} became {new[col]!r}, not {expected!r}"
                    continue
                assert_same(t, col, pk, old, new[col], b["types"][col], a["types"][col])
        extra = set(a["rows"]) - set(b["rows"])
        assert not extra, f"{t}: rows {sorted(extra)[:5]} appeared"


def same_value(new, recorded: str | None) -> bool:
    if new is None or recorded is None:
        return new is None and recorded is None
    if isinstance(new, Decimal):
        return new == Decimal(recorded)
    if isinstance(new, (int, float)):
        return float(new) == float(recorded)
    return normal_time(str(new)) == normal_time(recorded)


def normal_time(text: str) -> str:
    return re.sub(r"\.0+$", "", text)


def assert_same(t, col, pk, old, new, old_type, new_type) -> None:
    where = f"{t}.{col} #{pk}"
    if old is None:
        assert new is None, f"{where}: NULL became {new!r}"
    elif old_type in FLOATS and new_type == "decimal":
        # The nearest value of the column's scale: within half its last place (0.005 for cents).
        half = Decimal(5).scaleb(new.as_tuple().exponent - 1)
        assert abs(Decimal(repr(old)) - new) <= half, f"{where}: {old!r} converted to {new}"
    elif old_type in TEMPORAL:
        # DATETIME -> DATETIME(6), TIME -> TIME(6), TIMESTAMP -> DATETIME(6): the same instant, with microseconds.
        assert normal_time(new) == normal_time(old), f"{where}: {old!r} became {new!r}"
    else:
        # Text and integers exactly (ENUM -> VARCHAR keeps the stored string, TEXT -> LONGTEXT the text).
        assert type(new) is type(old) and new == old, f"{where}: {old!r} became {new!r}"


def adopt(db: ScratchDatabase, *args: str, report: Path | None = None, timeout: float = 600):
    extra = ["--report", str(report)] if report else []
    result = db.manage("adopt_legacy", *args, *extra, env={"ERP_SAMPLE_DATA": "false"}, timeout=timeout)
    data = json.loads(report.read_text()) if report and report.exists() else None
    return result, data


def database_state(db: ScratchDatabase) -> dict:
    """Everything a run could change in a database: its tables (information_schema), every column's
    definition, every index and constraint, and each table's row count and CHECKSUM TABLE."""
    conn = mysql_connect(db.name)
    cur = conn.cursor()
    cur.execute("SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
    tables = cur.fetchall()
    cur.execute("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
                "CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                "ORDER BY TABLE_NAME, ORDINAL_POSITION")
    columns = cur.fetchall()
    cur.execute("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX "
                "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")
    indexes = cur.fetchall()
    cur.execute("SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS "
                "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME")
    constraints = cur.fetchall()
    rows = {}
    for (t, *_rest) in tables:
        cur.execute(f"SELECT COUNT(*) FROM `{t}`")
        count = cur.fetchone()[0]
        cur.execute(f"CHECKSUM TABLE `{t}`")
        rows[t] = (count, cur.fetchone()[1])
    conn.close()
    return {"tables": tables, "columns": columns, "indexes": indexes, "constraints": constraints, "rows": rows}
