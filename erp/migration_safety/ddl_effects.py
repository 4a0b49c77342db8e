"""Is the effect of one DDL statement (as Django's schema editor writes it) already in the live schema?

`statement_done(connection, sql)` answers True (verified present, with the expected shape), False
(verified absent) or None (this kind of statement cannot be checked, e.g. MODIFY/UPDATE, which are
idempotent anyway). It is what lets an interrupted migration be resumed on MySQL/MariaDB, where each
DDL statement commits by itself.
"""

from __future__ import annotations

import re

Q = r"[`\"]"
NAME = rf"{Q}(?P<{{}}>[^`\"]+){Q}"


def _named(group: str) -> str:
    return NAME.format(group)


_PATTERNS = [
    ("create_table", re.compile(rf"^CREATE TABLE {_named('table')} \((?P<body>.*)\)\s*;?$", re.S | re.I)),
    (
        "create_index",
        re.compile(
            rf"^CREATE (?P<unique>UNIQUE )?INDEX {_named('name')} ON {_named('table')} \((?P<cols>.*?)\)", re.S | re.I
        ),
    ),
    (
        "add_column",
        re.compile(rf"^ALTER TABLE {_named('table')} ADD COLUMN {_named('column')} (?P<definition>.*)$", re.S | re.I),
    ),
    ("drop_column", re.compile(rf"^ALTER TABLE {_named('table')} DROP COLUMN {_named('column')}\s*;?$", re.I)),
    (
        "add_fk",
        re.compile(
            rf"^ALTER TABLE {_named('table')} ADD CONSTRAINT {_named('name')} FOREIGN KEY \({_named('column')}\) "
            rf"REFERENCES {_named('ref_table')} \({_named('ref_column')}\)",
            re.I,
        ),
    ),
    (
        "add_unique",
        re.compile(rf"^ALTER TABLE {_named('table')} ADD CONSTRAINT {_named('name')} UNIQUE \((?P<cols>.*?)\)", re.I),
    ),
    ("add_check", re.compile(rf"^ALTER TABLE {_named('table')} ADD CONSTRAINT {_named('name')} CHECK ", re.I)),
    ("add_pk", re.compile(rf"^ALTER TABLE {_named('table')} ADD CONSTRAINT {_named('name')} PRIMARY KEY", re.I)),
    (
        "drop_constraint",
        re.compile(
            rf"^ALTER TABLE {_named('table')} DROP (?:FOREIGN KEY|INDEX|KEY|CONSTRAINT|CHECK) {_named('name')}\s*;?$",
            re.I,
        ),
    ),
    ("drop_index", re.compile(rf"^DROP INDEX {_named('name')} ON {_named('table')}\s*;?$", re.I)),
    ("drop_table", re.compile(rf"^DROP TABLE {_named('table')}(?: CASCADE)?\s*;?$", re.I)),
    (
        "rename_table",
        re.compile(rf"^(?:RENAME TABLE|ALTER TABLE) {_named('old')} (?:RENAME )?TO {_named('new')}\s*;?$", re.I),
    ),
    (
        "rename_column",
        re.compile(
            rf"^ALTER TABLE {_named('table')} "
            rf"(?:RENAME COLUMN {_named('old')} TO {_named('new')}|CHANGE {_named('old2')} {_named('new2')} )",
            re.I,
        ),
    ),
]

_COLS = re.compile(rf"{Q}([^`\"]+){Q}")


def classify(sql: str) -> tuple[str, dict] | None:
    """(kind, parts) for a statement Django's schema editor writes, or None."""
    sql = sql.strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(sql)
        if m:
            parts = {k: v for k, v in m.groupdict().items() if v is not None}
            if kind == "rename_column" and "old2" in parts:
                parts["old"], parts["new"] = parts.pop("old2"), parts.pop("new2")
            return kind, parts
    return None


def _split_top_level(body: str) -> list[str]:
    items, depth, current, quote = [], 0, [], None
    for ch in body:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'`\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    if current:
        items.append("".join(current).strip())
    return items


def created_table_shape(body: str) -> tuple[list[str], list[str]]:
    """(column names, named constraints) declared in a CREATE TABLE body."""
    columns, constraints = [], []
    for item in _split_top_level(body):
        m = re.match(rf"^{Q}([^`\"]+){Q}\s", item)
        if m:
            columns.append(m.group(1))
            continue
        m = re.match(rf"^CONSTRAINT {Q}([^`\"]+){Q}", item, re.I)
        if m:
            constraints.append(m.group(1))
    return columns, constraints


class LiveSchema:
    """Introspection of the live database, cached per table while one statement list is examined."""

    def __init__(self, connection):
        self.connection = connection
        self._tables = None
        self._columns: dict[str, dict] = {}
        self._constraints: dict[str, dict] = {}

    def forget(self) -> None:
        self._tables = None
        self._columns.clear()
        self._constraints.clear()

    def tables(self) -> set[str]:
        if self._tables is None:
            with self.connection.cursor() as cursor:
                self._tables = {t.name for t in self.connection.introspection.get_table_list(cursor)}
        return self._tables

    def columns(self, table: str) -> dict:
        if table not in self._columns:
            with self.connection.cursor() as cursor:
                self._columns[table] = {
                    c.name: c for c in self.connection.introspection.get_table_description(cursor, table)
                }
        return self._columns[table]

    def constraints(self, table: str) -> dict:
        if table not in self._constraints:
            with self.connection.cursor() as cursor:
                self._constraints[table] = self.connection.introspection.get_constraints(cursor, table)
        return self._constraints[table]


def statement_done(connection, sql: str, live: LiveSchema | None = None) -> bool | None:
    """True if the statement's effect is verifiably present, False if verifiably absent, None if unknown."""
    found = classify(sql)
    if not found:
        return None
    kind, p = found
    live = live or LiveSchema(connection)
    tables = live.tables()
    table = p.get("table")

    if kind == "create_table":
        if table not in tables:
            return False
        expected_columns, expected_constraints = created_table_shape(p["body"])
        have = live.columns(table)
        # The same columns: a table of that name with another shape is not "ours", so it must fail.
        if set(have) != set(expected_columns):
            return None
        names = set(live.constraints(table))
        return all(name in names for name in expected_constraints) or None
    if table is not None and table not in tables:
        # Everything below acts on an existing table: without it nothing is present.
        return False if kind in ("create_index", "add_column", "add_fk", "add_unique", "add_check", "add_pk") else None
    if kind == "create_index":
        c = live.constraints(table).get(p["name"])
        if c is None:
            return False
        return c["columns"] == _COLS.findall(p["cols"]) and bool(c["unique"]) == bool(p.get("unique")) or None
    if kind == "add_column":
        col = live.columns(table).get(p["column"])
        if col is None:
            return False
        wants_null = not re.search(r"\bNOT NULL\b", p["definition"], re.I)
        return bool(col.null_ok) == wants_null or None
    if kind == "drop_column":
        return p["column"] not in live.columns(table)
    if kind == "add_fk":
        c = live.constraints(table).get(p["name"])
        if c is None:
            return False
        return (c["foreign_key"] == (p["ref_table"], p["ref_column"]) and c["columns"] == [p["column"]]) or None
    if kind == "add_unique":
        c = live.constraints(table).get(p["name"])
        if c is None:
            return False
        return (bool(c["unique"]) and c["columns"] == _COLS.findall(p["cols"])) or None
    if kind == "add_check":
        c = live.constraints(table).get(p["name"])
        if c is None:
            return False
        return bool(c["check"]) or None
    if kind == "add_pk":
        return any(c["primary_key"] for c in live.constraints(table).values()) or False
    if kind in ("drop_constraint", "drop_index"):
        return p["name"] not in live.constraints(table)
    if kind == "drop_table":
        return table not in tables
    if kind == "rename_table":
        return p["old"] not in tables and p["new"] in tables
    if kind == "rename_column":
        cols = live.columns(table)
        return p["old"] not in cols and p["new"] in cols
    return None

