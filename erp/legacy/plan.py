"""The adoption plan: per table, the DDL that turns the live (legacy) shape into the shadow's.

Every step is derived from the two snapshots of this run (live and shadow), never from a previous run,
so a re-run after an interruption plans exactly what is still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from erp.schema.diff import Difference, compare_table
from erp.schema.introspection import Column, ForeignKey, IntrospectedSchema


def qn(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def materialized(select: str, alias: str) -> str:
    """`select` as a derived table the server materializes: a LIMIT (the largest there is) keeps MariaDB
    from merging it back into the outer query, which would evaluate its expressions at every mention."""
    return f"({select} LIMIT 18446744073709551615) AS {alias}"


def cols(names) -> str:
    return ", ".join(qn(n) for n in names)


@dataclass
class TableStep:
    table: str
    action: str  # create | alter | unchanged | unmanaged
    create_sql: str = ""
    pre: list[str] = field(default_factory=list)  # clauses run as separate statements before the main ALTER
    clauses: list[str] = field(default_factory=list)  # the main ALTER TABLE (one statement)
    post: list[str] = field(default_factory=list)  # cheap follow-ups (DROP DEFAULT after a backfill)
    deferred: list[str] = field(default_factory=list)  # FKs to tables filled by the legacy user import
    relax: list[str] = field(default_factory=list)  # MODIFY ... NULL so quarantine can write NULL
    columns_added: list[str] = field(default_factory=list)
    columns_altered: list[dict] = field(default_factory=list)
    renamed_indexes: list[tuple[str, str]] = field(default_factory=list)
    money_columns: list[tuple[str, str]] = field(default_factory=list)  # (column, target type)
    charset_from: str = ""  # the legacy table's character set, when it is converted (latin1 -> utf8mb4)
    # Run first, before anything else touches the table (erp.legacy.adopt.Adoption._prepare_tables):
    zero_defaults: list[str] = field(default_factory=list)  # columns whose zero-date DEFAULT is dropped
    engine_from: str = ""  # a legacy MyISAM (or other) table, converted to the models' engine (InnoDB)
    engine_to: str = ""
    # A legacy COMPACT or REDUNDANT table (or a converted MyISAM one, whose FIXED format InnoDB refuses) made
    # DYNAMIC: index keys of up to 3072 bytes, which an indexed VARCHAR(255) in utf8mb4 needs.
    row_format_from: str = ""
    unlink: list[str] = field(default_factory=list)  # legacy FKs over a column whose type changes: dropped first
    relink: list[str] = field(default_factory=list)  # the models' FKs over such columns: added after every ALTER
    differences: list[Difference] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.create_sql or self.preparation() or self.pre or self.clauses or self.post or self.relink
                    or self.deferred)

    def preparation(self) -> list[str]:
        """What makes the table alterable at all, before its rows are set aside or changed: its zero-date
        DEFAULTs dropped (strict mode refuses any ALTER while they exist), its foreign keys over a column
        whose type changes dropped, then the engine that has transactions and foreign keys."""
        return [sql for sql in (self.zero_defaults_sql, self.unlink_sql, self.table_options_sql) if sql]

    def alter_sql(self, clauses: list[str]) -> str:
        """One ALTER TABLE of this table with `clauses`; "" when there are none."""
        return f"ALTER TABLE {qn(self.table)} " + ", ".join(clauses) if clauses else ""

    @property
    def unlink_sql(self) -> str:
        return self.alter_sql([f"DROP FOREIGN KEY {qn(name)}" for name in self.unlink])

    @property
    def relink_sql(self) -> str:
        return self.alter_sql(self.relink)

    @property
    def zero_defaults_sql(self) -> str:
        return self.alter_sql([f"ALTER COLUMN {qn(c)} DROP DEFAULT" for c in self.zero_defaults])

    @property
    def table_options_sql(self) -> str:
        return self.alter_sql(([f"ENGINE={self.engine_to}"] if self.engine_from else [])
                              + (["ROW_FORMAT=DYNAMIC"] if self.row_format_from else []))

    def statements(self) -> list[str]:
        """The SQL of this step, in order (without the ALGORITHM clause, chosen at run time)."""
        return [sql for sql in [self.create_sql, *self.preparation(), *map(self.alter_sql, ([c] for c in self.relax)),
                                *self.changes_sql(), self.relink_sql, self.alter_sql(self.deferred)] if sql]

    def changes_sql(self) -> list[str]:
        """The table's changes proper (after its preparation and the relaxing for quarantine; before the
        foreign keys added once every table is altered, and those to imported users)."""
        return [self.alter_sql([c]) for c in self.pre] + ([self.alter_sql(self.clauses)] if self.clauses else []) + \
            [self.alter_sql([c]) for c in self.post]


def column_sql(c: Column, *, comment: str = "", default_literal: str | None = None) -> str:
    parts = [qn(c.name), c.type, "NULL" if c.nullable else "NOT NULL"]
    default = default_literal if default_literal is not None else c.default
    if default is not None:
        parts.append(f"DEFAULT {default}")
    if c.auto_increment:
        parts.append("AUTO_INCREMENT")
    if comment:
        parts.append("COMMENT " + "'" + comment.replace("\\", "\\\\").replace("'", "''") + "'")
    return " ".join(parts)


def is_money(exp_type: str, live_type: str) -> bool:
    """FLOAT/DOUBLE to DECIMAL: the conversion whose rounding a person must review (money, DECIMAL(12,2):
    the cents; hours, days and ratings: the decimal places their field does not keep)."""
    return exp_type.startswith("decimal(") and live_type.split("(")[0] in {"float", "double", "real"}


def build_plan(expected: IntrospectedSchema, live: IntrospectedSchema, *, create_sql: dict[str, str], default_literal,
               deferred_targets: set[str], row_counts: dict[str, int]) -> list[TableStep]:
    """Steps for every table: managed ones (create/alter/unchanged) and unmanaged ones (untouched).

    default_literal(table, column): the SQL literal of the model field's default, or None (backfills
    a NOT NULL column added to a table with rows); deferred_targets: tables whose rows the legacy user
    import provides (foreign keys to them are added after it).
    """
    managed = set(expected.tables)
    steps: list[TableStep] = []
    for name in sorted(expected.tables):
        exp = expected.tables[name]
        if name not in live.tables:
            steps.append(TableStep(name, "create", create_sql=create_sql[name], columns_added=list(exp.columns)))
            continue
        act = live.tables[name]
        step = TableStep(name, "alter")
        step.differences = compare_table(exp, act, managed)
        rows = row_counts.get(name, 0)
        for d in step.differences:
            _plan_difference(step, d, exp, act, default_literal, deferred_targets, rows)
        live_charset, charset = _charset(act.collation), _charset(exp.collation)
        if live_charset and charset and live_charset != charset:
            # A legacy latin1 table: converted whole, before its other changes (text that is UTF-8 bytes
            # stored as latin1 is re-decoded afterwards, erp.legacy.charset).
            step.pre.insert(0, f"CONVERT TO CHARACTER SET {charset} COLLATE {exp.collation}")
            step.charset_from = live_charset
        step.zero_defaults = [d.name for d in step.differences if d.kind == "column_zero_default"]
        if any(d.kind == "engine" for d in step.differences):
            step.engine_from, step.engine_to = act.engine, exp.engine
        if step.engine_from or (act.row_format or "").lower() in ("compact", "redundant"):
            step.row_format_from = act.row_format or "unknown"
        if not step.changes:
            step.action = "unchanged"
        steps.append(step)
    _relink_around_type_changes(steps, expected, live)
    for step in steps:
        if step.action == "unchanged" and step.changes:  # a foreign key to a table whose key changes type
            step.action = "alter"
    for name in sorted(set(live.tables) - managed):
        steps.append(TableStep(name, "unmanaged"))
    return steps


def _plan_difference(step: TableStep, d: Difference, exp, act, default_literal, deferred_targets, rows):
    t = exp.name
    k = d.kind
    if k == "column_missing":
        c = exp.columns[d.name]
        literal = None
        if not c.nullable and not c.auto_increment and c.default is None and rows:
            literal = default_literal(t, c.name)
            if literal is not None:
                # Existing rows get the model's default (as Django's AddField does), then the DEFAULT goes.
                step.post.append(f"ALTER COLUMN {qn(c.name)} DROP DEFAULT")
        step.clauses.append("ADD COLUMN " + column_sql(c, default_literal=literal))
        step.columns_added.append(c.name)
    elif k in ("column_type", "column_null", "column_auto_increment", "column_default"):
        c = exp.columns[d.name]
        a = act.columns[d.name]
        clause = "MODIFY COLUMN " + column_sql(c, comment=a.comment)  # a legacy comment is kept (harmless)
        if clause not in step.clauses:
            step.clauses.append(clause)
            change = {"column": c.name, "from": _describe(a), "to": _describe(c)}
            step.columns_altered.append(change)
            if is_money(c.type, a.type):
                step.money_columns.append((c.name, c.type))
    elif k == "column_extra_required" or (k == "column_zero_default" and d.name not in exp.columns
                                          and not act.columns[d.name].nullable):
        a = act.columns[d.name]
        # An unmanaged NOT NULL column without a default (or about to lose its zero-date one, TableStep.
        # preparation) would make every insert by the ERP fail.
        relaxed = Column(**{**a.__dict__, "nullable": True, "default": None})
        step.clauses.append("MODIFY COLUMN " + column_sql(relaxed, comment=a.comment))
        step.columns_altered.append({"column": a.name, "from": _describe(a), "to": _describe(relaxed)})
    elif k in ("index_missing", "unique_missing"):
        i = exp.indexes[d.name]
        step.clauses.append(f"ADD {'UNIQUE ' if i.unique else ''}INDEX {qn(i.name)} ({cols(i.columns)})")
    elif k == "index_changed":
        i = exp.indexes[d.name]
        step.clauses.append(f"DROP INDEX {qn(i.name)}")
        step.clauses.append(f"ADD {'UNIQUE ' if i.unique else ''}INDEX {qn(i.name)} ({cols(i.columns)})")
    elif k == "index_name":
        step.clauses.append(f"RENAME INDEX {qn(d.actual)} TO {qn(d.expected)}")
        step.renamed_indexes.append((d.actual, d.expected))
    elif k in ("fk_missing", "fk_rule"):
        fk = exp.foreign_keys[d.name]
        if k == "fk_rule":
            live_name = d.name if d.name in act.foreign_keys else next(
                n for n, a in act.foreign_keys.items() if a.key == fk.key)
            step.pre.append(f"DROP FOREIGN KEY {qn(live_name)}")
        (step.deferred if fk.ref_table in deferred_targets else step.clauses).append(fk_clause(fk))
    elif k == "fk_extra":
        step.pre.append(f"DROP FOREIGN KEY {qn(d.name)}")
    elif k in ("check_missing", "check_changed"):
        c = exp.checks[d.name]
        if k == "check_changed":
            step.pre.append(f"DROP CONSTRAINT {qn(d.name)}")
        step.clauses.append(f"ADD CONSTRAINT {qn(c.name)} CHECK ({c.clause})")
    elif k == "check_extra":
        step.pre.append(f"DROP CONSTRAINT {qn(d.name)}")
    # primary_key: not changed by adoption (reported as an unresolvable conflict); harmless/info: nothing.


def fk_clause(fk: ForeignKey) -> str:
    clause = (f"ADD CONSTRAINT {qn(fk.name)} FOREIGN KEY ({cols(fk.columns)}) "
              f"REFERENCES {qn(fk.ref_table)} ({cols(fk.ref_columns)})")
    if fk.on_delete != "RESTRICT":
        clause += f" ON DELETE {fk.on_delete}"
    if fk.on_update != "RESTRICT":
        clause += f" ON UPDATE {fk.on_update}"
    return clause


def _retyped(steps: list[TableStep]) -> set[tuple[str, str]]:
    """(table, column) of every column whose type changes (a legacy INT UNSIGNED key becoming INT, ...)."""
    return {(s.table, d.name) for s in steps for d in s.differences if d.kind == "column_type"}


def _touches(table: str, fk: ForeignKey, retyped: set[tuple[str, str]]) -> bool:
    """Does the foreign key join a column whose type changes (on either side)?"""
    return any((table, c) in retyped for c in fk.columns) or \
        any((fk.ref_table, c) in retyped for c in fk.ref_columns)


def _relink_around_type_changes(steps: list[TableStep], expected: IntrospectedSchema,
                                live: IntrospectedSchema) -> None:
    """MariaDB refuses to change the type of a column a foreign key joins ("Cannot change column ...: used in
    a foreign key constraint"), and to add a foreign key between columns of different types. Each such
    foreign key the legacy tables have is dropped first (TableStep.unlink, in the preparation), and every
    one the models declare over such a column is added once every table is altered (TableStep.relink)."""
    retyped = _retyped(steps)
    if not retyped:
        return
    for s in steps:
        if s.action not in ("alter", "unchanged"):
            continue
        exp, act = expected.tables[s.table], live.tables[s.table]
        for e in exp.foreign_keys.values():
            if _touches(s.table, e, retyped) and fk_clause(e) in s.clauses:
                s.clauses.remove(fk_clause(e))
                s.relink.append(fk_clause(e))
        for name, fk in act.foreign_keys.items():
            if not _touches(s.table, fk, retyped):
                continue
            s.unlink.append(name)
            if f"DROP FOREIGN KEY {qn(name)}" in s.pre:
                s.pre.remove(f"DROP FOREIGN KEY {qn(name)}")
            twin = next((e for e in exp.foreign_keys.values() if e.key == fk.key), None)
            if twin is not None and fk_clause(twin) not in s.relink and fk_clause(twin) not in s.deferred:
                s.relink.append(fk_clause(twin))


def _charset(collation: str | None) -> str:
    return collation.split("_")[0] if collation else ""


def _describe(c: Column) -> str:
    return f"{c.type} {'NULL' if c.nullable else 'NOT NULL'}"


def strip_create(sql: str) -> str:
    """SHOW CREATE TABLE of the shadow, without its AUTO_INCREMENT counter."""
    return re.sub(r"\s+AUTO_INCREMENT=\d+", "", sql)
