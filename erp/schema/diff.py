"""Compare an expected schema (the shadow's) with a live one, and classify every difference.

Three classes (docs/schema-check.md lists KINDS below; tests/test_docs.py checks it):
- drift: the live database does not give the models what they rely on; `schemacheck` exits 1 and
  `adopt_legacy` changes the live schema to match;
- harmless: legacy leftovers the application does not notice (a column comment, a DEFAULT or ON UPDATE
  Django does not use, an extra index, a name that differs while the definition matches, a foreign key
  to a table the ERP does not manage, a collation); reported, never changed (except that adoption
  renames an index whose definition already matches, which is cheap and keeps later migrations working);
- information: tables and columns the ERP does not manage (`production_order`, the legacy `user`, ...);
  left as they are, every row of them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from erp.schema.introspection import Column, IntrospectedSchema, Table

DRIFT = "drift"
HARMLESS = "harmless"
INFO = "info"

# kind -> (class, description). Every difference `compare` returns has one of these kinds.
KINDS: dict[str, tuple[str, str]] = {
    "table_missing": (DRIFT, "a table the models need does not exist"),
    "column_missing": (DRIFT, "a column the models need does not exist"),
    "column_type": (DRIFT, "a column has another type (FLOAT vs DECIMAL, ENUM vs VARCHAR, DATETIME vs DATETIME(6), "
                           "length, ...)"),
    "column_null": (DRIFT, "a column's nullability differs"),
    "column_auto_increment": (DRIFT, "AUTO_INCREMENT differs"),
    "column_default": (DRIFT, "a database default the models declare (db_default) is missing or different"),
    "primary_key": (DRIFT, "the primary key has other columns"),
    "index_missing": (DRIFT, "an index the models declare is missing (no index with the same columns)"),
    "unique_missing": (DRIFT, "a unique constraint/index the models declare is missing"),
    "index_changed": (DRIFT, "an index with the expected name has other columns or uniqueness"),
    "fk_missing": (DRIFT, "a foreign key the models declare is missing"),
    "fk_rule": (DRIFT, "a foreign key has other ON DELETE / ON UPDATE rules"),
    "fk_extra": (DRIFT, "a foreign key between managed tables that the models do not declare "
                        "(it would refuse valid writes)"),
    "check_missing": (DRIFT, "a CHECK constraint the models declare is missing"),
    "check_changed": (DRIFT, "a CHECK constraint with the expected name has another clause"),
    "check_extra": (DRIFT, "a CHECK constraint on a managed table the models do not declare "
                           "(it would refuse valid writes)"),
    "engine": (DRIFT, "a table on another storage engine (a legacy MyISAM table has no transactions and drops "
                      "every foreign key added to it)"),
    "column_zero_default": (DRIFT, "a legacy zero-date DEFAULT ('0000-00-00'): strict mode refuses every later "
                                   "ALTER of the table"),
    "column_extra_required": (DRIFT,
                              "an unmanaged column is NOT NULL without a default: inserts by the ERP would fail"),
    "column_comment": (HARMLESS, "a legacy column comment"),
    "column_legacy_default": (HARMLESS, "a legacy DEFAULT on a column whose model declares no database default"),
    "column_on_update": (HARMLESS, "a legacy ON UPDATE CURRENT_TIMESTAMP (Django sets auto_now itself)"),
    "collation": (HARMLESS, "a table or column collation differs"),
    "index_extra": (HARMLESS, "an extra legacy index (non-unique)"),
    "unique_extra": (HARMLESS, "an extra legacy unique key on a managed table (stricter than the models)"),
    "index_name": (HARMLESS, "an index or unique key that differs only in name (adoption renames it)"),
    "fk_name": (HARMLESS, "a foreign key that differs only in name"),
    "check_name": (HARMLESS, "a CHECK constraint that differs only in name"),
    "fk_to_unmanaged": (HARMLESS, "a foreign key from a managed table to a table the ERP does not manage"),
    "table_unmanaged": (INFO, "a table the ERP does not manage (left as it is, every row)"),
    "column_unmanaged": (INFO, "a column of a managed table the models do not have (left as it is)"),
}


@dataclass
class Difference:
    kind: str
    table: str
    name: str = ""  # column, index, constraint name
    detail: str = ""
    expected: object = None
    actual: object = None

    @property
    def severity(self) -> str:
        return KINDS[self.kind][0]

    def as_dict(self) -> dict:
        return {"severity": self.severity, **asdict(self)}

    def __str__(self) -> str:
        where = f"{self.table}.{self.name}" if self.name else self.table
        return f"[{self.severity}] {self.kind}: {where}" + (f" – {self.detail}" if self.detail else "")


def compare(expected: IntrospectedSchema, actual: IntrospectedSchema) -> list[Difference]:
    """Every difference between the expected (shadow) and actual (live) snapshots, classified."""
    diffs: list[Difference] = []
    managed = set(expected.tables)
    for name in sorted(expected.tables):
        if name not in actual.tables:
            diffs.append(Difference("table_missing", name))
            continue
        diffs.extend(compare_table(expected.tables[name], actual.tables[name], managed))
    for name in sorted(set(actual.tables) - managed):
        diffs.append(Difference("table_unmanaged", name))
    return diffs


def compare_table(exp: Table, act: Table, managed: set[str]) -> list[Difference]:
    t = exp.name
    diffs: list[Difference] = []
    if exp.engine and act.engine and exp.engine.lower() != act.engine.lower():
        diffs.append(Difference("engine", t, detail=f"{act.engine}, expected {exp.engine}", expected=exp.engine,
                                actual=act.engine))
    if exp.collation and act.collation and exp.collation != act.collation:
        diffs.append(Difference("collation", t, detail=f"table {act.collation}, expected {exp.collation}",
                                expected=exp.collation, actual=act.collation))
    for cname, e in exp.columns.items():
        a = act.columns.get(cname)
        if a is None:
            diffs.append(Difference("column_missing", t, cname, f"expected {e.type}", expected=e.type))
            continue
        if e.type != a.type:
            diffs.append(Difference("column_type", t, cname, f"{a.type}, expected {e.type}", e.type, a.type))
        if e.nullable != a.nullable:
            diffs.append(Difference("column_null", t, cname,
                                    f"{'NULL' if a.nullable else 'NOT NULL'}, "
                                    f"expected {'NULL' if e.nullable else 'NOT NULL'}",
                                    e.nullable, a.nullable))
        if e.auto_increment != a.auto_increment:
            diffs.append(Difference("column_auto_increment", t, cname, expected=e.auto_increment,
                                    actual=a.auto_increment))
        if is_zero_date_default(a):
            diffs.append(Difference("column_zero_default", t, cname, f"DEFAULT {a.default}", actual=a.default))
        if e.default is not None and e.default != a.default:
            diffs.append(Difference("column_default", t, cname, f"DEFAULT {a.default}, expected {e.default}",
                                    e.default, a.default))
        elif e.default is None and a.default is not None and not is_zero_date_default(a):
            diffs.append(Difference("column_legacy_default", t, cname, f"DEFAULT {a.default}", None, a.default))
        if a.on_update and a.on_update != e.on_update:
            diffs.append(Difference("column_on_update", t, cname, f"ON UPDATE {a.on_update}", e.on_update, a.on_update))
        if a.comment != e.comment:
            diffs.append(Difference("column_comment", t, cname, repr(a.comment), e.comment, a.comment))
        if e.collation and a.collation and e.collation != a.collation:
            diffs.append(Difference("collation", t, cname, f"{a.collation}, expected {e.collation}", e.collation,
                                    a.collation))
    for cname, a in act.columns.items():
        if cname in exp.columns:
            continue
        if is_zero_date_default(a):
            diffs.append(Difference("column_zero_default", t, cname, f"DEFAULT {a.default}", actual=a.default))
        if not a.nullable and a.default is None and not a.auto_increment:
            diffs.append(Difference("column_extra_required", t, cname, f"{a.type} NOT NULL, no default", actual=a.type))
        else:
            diffs.append(Difference("column_unmanaged", t, cname, a.type, actual=a.type))

    if exp.primary_key != act.primary_key:
        diffs.append(Difference("primary_key", t, detail=f"{act.primary_key}, expected {exp.primary_key}",
                                expected=exp.primary_key, actual=act.primary_key))
    diffs.extend(_compare_indexes(exp, act))
    diffs.extend(_compare_fks(exp, act, managed))
    diffs.extend(_compare_checks(exp, act))
    return diffs


def is_zero_date_default(c: Column) -> bool:
    """A date or time DEFAULT with a zero month or day ('0000-00-00 00:00:00', '2020-00-10'), which only
    a server outside strict mode accepted: with NO_ZERO_DATE and NO_ZERO_IN_DATE every ALTER of the table fails
    on it ("Invalid default value"), even one about another column."""
    return (c.type.split("(")[0].lower() in ("date", "datetime", "timestamp") and c.default is not None
            and re.match(r"'?\d{4}-(00-\d{2}|\d{2}-00)", c.default) is not None)


def _compare_indexes(exp: Table, act: Table) -> list[Difference]:
    t = exp.name
    diffs = []
    live = {n: i for n, i in act.indexes.items() if not i.primary}
    matched: set[str] = set()
    pending = []
    for name, e in exp.indexes.items():
        if e.primary:
            continue
        a = live.get(name)
        if a is not None and a.columns == e.columns and a.unique == e.unique:
            matched.add(name)
        else:
            pending.append(e)
    for e in pending:
        same = [n for n, a in live.items()
                if n not in matched and a.columns == e.columns and a.unique == e.unique and n not in exp.indexes]
        if same:
            matched.add(same[0])
            diffs.append(Difference("index_name", t, e.name, f"live name {same[0]!r}", e.name, same[0]))
        elif e.name in live and e.name not in matched:
            a = live[e.name]
            matched.add(e.name)
            diffs.append(Difference("index_changed", t, e.name,
                                    f"{'UNIQUE ' if a.unique else ''}{a.columns}, "
                                    f"expected {'UNIQUE ' if e.unique else ''}{e.columns}",
                                    expected={"columns": e.columns, "unique": e.unique},
                                    actual={"columns": a.columns, "unique": a.unique}))
        else:
            kind = "unique_missing" if e.unique else "index_missing"
            diffs.append(Difference(kind, t, e.name, f"{e.columns}",
                                    expected={"columns": e.columns, "unique": e.unique}))
    for name, a in live.items():
        if name in matched:
            continue
        kind = "unique_extra" if a.unique else "index_extra"
        diffs.append(Difference(kind, t, name, f"{a.columns}", actual={"columns": a.columns, "unique": a.unique}))
    return diffs


def _compare_fks(exp: Table, act: Table, managed: set[str]) -> list[Difference]:
    t = exp.name
    diffs = []
    live = dict(act.foreign_keys)
    for name, e in exp.foreign_keys.items():
        match = live.pop(name, None) if name in live and live[name].key == e.key else None
        if match is None:
            others = [n for n, a in live.items() if a.key == e.key]
            if others:
                match = live.pop(others[0])
                diffs.append(Difference("fk_name", t, name, f"live name {match.name!r}", name, match.name))
        if match is None:
            diffs.append(Difference("fk_missing", t, name, f"{e.columns} -> {e.ref_table}{e.ref_columns}",
                                    expected={"columns": e.columns, "ref_table": e.ref_table,
                                              "ref_columns": e.ref_columns}))
            continue
        if (match.on_delete, match.on_update) != (e.on_delete, e.on_update):
            diffs.append(Difference("fk_rule", t, name,
                                    f"ON DELETE {match.on_delete} ON UPDATE {match.on_update}, expected "
                                    f"ON DELETE {e.on_delete} ON UPDATE {e.on_update}"))
    for name, a in live.items():
        kind = "fk_extra" if a.ref_table in managed else "fk_to_unmanaged"
        diffs.append(Difference(kind, t, name, f"{a.columns} -> {a.ref_table}{a.ref_columns}",
                                actual={"columns": a.columns, "ref_table": a.ref_table, "ref_columns": a.ref_columns}))
    return diffs


def _compare_checks(exp: Table, act: Table) -> list[Difference]:
    t = exp.name
    diffs = []
    live = dict(act.checks)
    for name, e in exp.checks.items():
        a = live.pop(name, None)
        if a is not None:
            if e.clause != a.clause or e.columns != a.columns:
                diffs.append(Difference("check_changed", t, name, f"{a.clause!r}, expected {e.clause!r}", e.clause,
                                        a.clause))
            continue
        others = [n for n, c in live.items() if c.clause == e.clause and c.columns == e.columns and e.clause]
        if others:
            live.pop(others[0])
            diffs.append(Difference("check_name", t, name, f"live name {others[0]!r}", name, others[0]))
        else:
            diffs.append(Difference("check_missing", t, name, e.clause, expected=e.clause))
    for name, a in live.items():
        diffs.append(Difference("check_extra", t, name, a.clause, actual=a.clause))
    return diffs


def has_drift(diffs: list[Difference]) -> bool:
    return any(d.severity == DRIFT for d in diffs)
