"""Is the effect of one DDL statement (as Django's schema editor writes it) already in the live schema?

`statement_done(connection, sql)` answers True (verified present, with the expected shape), False
(verified absent) or None (this kind of statement cannot be checked, e.g. UPDATE). It is what lets an
interrupted migration be resumed on MySQL/MariaDB, where each DDL statement commits by itself.

Shape means what the server makes of the statement, not names alone: on MySQL/MariaDB a table created
by CREATE TABLE, a column added by ADD COLUMN and a column changed by MODIFY are compared, column by
column, with what the same definition gives in a probe table (created, read with SHOW CREATE TABLE and
dropped at once): type, nullability, default, collation, auto-increment, and the keys (primary, unique,
indexes, checks) the statement declares. A table of the right name with another shape is not ours.
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
    (
        "modify_column",
        re.compile(rf"^ALTER TABLE {_named('table')} MODIFY (?:COLUMN )?{_named('column')} (?P<definition>.*)$",
                   re.S | re.I),
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


_CREATE_LINE = re.compile(r"^\s*(.*?),?$")
_DEFAULT = re.compile(r" DEFAULT (?:'(?:[^']|'')*'|\S+)")


def _create_lines(create: str) -> tuple[dict[str, str], set[str]]:
    """SHOW CREATE TABLE text -> (column name -> its line, the key and constraint lines)."""
    body = create[create.index("(") + 1: create.rindex(")")]
    columns, keys = {}, set()
    for raw in body.splitlines():
        line = _CREATE_LINE.match(raw).group(1).strip()
        if not line:
            continue
        m = re.match(r"^`([^`]+)` ", line)
        if m:
            columns[m.group(1)] = line
        else:
            keys.add(line)
    return columns, keys


def _probe(connection, body: str) -> tuple[dict[str, str], set[str]] | None:
    """What MySQL/MariaDB makes of a CREATE TABLE body: (column lines, key lines), or None on SQLite
    or when the probe cannot be created."""
    if connection.vendor != "mysql":
        return None
    import os

    name = f"_erp_probe_{os.getpid()}"
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"CREATE TABLE `{name}` ({body})")
        except Exception:
            return None
        try:
            cursor.execute(f"SHOW CREATE TABLE `{name}`")
            return _create_lines(cursor.fetchone()[1])
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS `{name}`")


def _column_definition(definition: str) -> str:
    """An ADD COLUMN/MODIFY definition without what MySQL's schema editor appends (", ADD CONSTRAINT ...")."""
    return re.split(r",\s*ADD CONSTRAINT ", definition, maxsplit=1, flags=re.I)[0].strip().rstrip(";")


def column_matches(connection, live: LiveSchema, table: str, column: str, definition: str) -> bool | None:
    """Whether the live column is what `definition` gives (a later DROP DEFAULT tolerated), None when it
    cannot be told (SQLite)."""
    probed = _probe(connection, f"`{column}` {_column_definition(definition)}")
    if probed is None:
        return None
    expected = probed[0].get(column)
    have = live.create_lines(table)[0].get(column)
    if have is None or expected is None:
        return False
    # Django adds a column with its default, then drops the default in the next statement.
    return have == expected or have == _DEFAULT.sub("", expected)


class LiveSchema:
    """Introspection of the live database, cached per table while one statement list is examined."""

    def __init__(self, connection):
        self.connection = connection
        self._tables = None
        self._columns: dict[str, dict] = {}
        self._constraints: dict[str, dict] = {}
        self._create: dict[str, tuple] = {}

    def forget(self) -> None:
        self._tables = None
        self._columns.clear()
        self._constraints.clear()
        self._create.clear()

    def create_lines(self, table: str) -> tuple[dict[str, str], set[str]]:
        """(column lines, key lines) of SHOW CREATE TABLE (MySQL/MariaDB)."""
        if table not in self._create:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SHOW CREATE TABLE `{table}`")
                self._create[table] = _create_lines(cursor.fetchone()[1])
        return self._create[table]

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
        if not all(name in names for name in expected_constraints):
            return None
        probed = _probe(connection, p["body"])
        if probed is None:
            return True if connection.vendor != "mysql" else None
        # Every column as the statement defines it; every key it declares (later statements of the same
        # migration may have added more).
        have_columns, have_keys = live.create_lines(table)
        return (have_columns == probed[0] and probed[1] <= have_keys) or None
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
        if bool(col.null_ok) != wants_null:
            return None
        if connection.vendor != "mysql":
            return True
        return column_matches(connection, live, table, p["column"], p["definition"]) or None
    if kind == "modify_column":
        if p["column"] not in live.columns(table):
            return None
        return column_matches(connection, live, table, p["column"], p["definition"])
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

