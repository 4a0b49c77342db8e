"""Rows that would stop or corrupt an adoption step, found before anything is changed.

Each kind of conflict is a predicate evaluated on the live table (one counting scan per table for the
per-row predicates, plus one of a derived table converting each FLOAT a CHECK reads as DECIMAL once
per row; one query per foreign key and per duplicated unique key, the duplicates listed by the
grouping itself), then the affected primary keys and their original values are fetched. A conflict is
resolvable when the value can be set aside (NULL, or the field's default) without breaking the target
schema; `quarantine.py` does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core import validators as core_validators
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from erp.legacy.parallel import each_on_its_connection
from erp.legacy.plan import TableStep, column_sql, materialized, qn
from erp.schema.introspection import Column, IntrospectedSchema

TEXT_TYPES = {"char", "varchar", "text", "tinytext", "mediumtext", "longtext", "enum", "set"}
NUMERIC_TYPES = {"float", "double", "real", "decimal", "int", "bigint", "smallint", "tinyint", "mediumint"}
DATE_TYPES = {"date", "datetime", "timestamp"}
INTEGER_TYPES = {"int", "integer", "bigint", "smallint", "tinyint", "mediumint"}


# Validators whose rule the SQL predicates (or the column type itself) already search: lengths, ranges, digits.
SQL_CHECKED_VALIDATORS = (
    core_validators.MaxLengthValidator, core_validators.MinValueValidator, core_validators.MaxValueValidator,
    core_validators.DecimalValidator, core_validators.ProhibitNullCharactersValidator,
    core_validators.StepValueValidator,
)


def cols_sql(names) -> str:
    return ", ".join(qn(n) for n in names)


def int_range(t: str) -> tuple[int, int] | None:
    """The values an integer column type holds ("int(11)", "bigint(20) unsigned"), None for other types."""
    m = re.fullmatch(r"(tinyint|smallint|mediumint|int|bigint)(?:\(\d+\))?( unsigned)?( zerofill)?", t)
    if not m:
        return None
    bits = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "bigint": 64}[m.group(1)]
    return (0, 2 ** bits - 1) if m.group(2) else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)


def base_type(t: str) -> str:
    return t.split("(")[0].split(" ")[0]


def longest(t: str) -> float:
    """The most characters a legacy text column can hold (ENUM and SET: their longest value, or all of a
    SET's values joined); unbounded types: infinity."""
    m = re.fullmatch(r"(?:var)?char\((\d+)\)", t)
    if m:
        return int(m.group(1))
    if base_type(t) in ("enum", "set"):
        values = [v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", t)]
        if not values:
            return float("inf")
        if base_type(t) == "set":
            return sum(len(v) for v in values) + len(values) - 1
        return max(len(v) for v in values)
    return float("inf")


@dataclass
class Conflict:
    table: str
    column: str
    reason: str  # a QuarantinedValue.Reason value
    detail: str
    pk_column: str | None
    rows: list[tuple] = field(default_factory=list)  # (pk, original value as text or None)
    count: int = 0
    replacement: object = None  # the value written instead (None = NULL)
    replacement_text: str | None = None
    resolvable: bool = True
    unresolvable_reason: str = ""
    # Columns with ON UPDATE CURRENT_TIMESTAMP: the quarantine's UPDATE must not touch them.
    preserve: tuple[str, ...] = ()
    # The database keeps the value (it only fails the model's validation) and neither NULL nor a default is
    # acceptable: it stays as it is, recorded for review; workflows validate only the fields they change.
    keep: bool = False
    # What this run does with it (erp.legacy.adopt.Adoption.resolve_conflicts): "value", "keep", "row",
    # "chosen" (the operator's replacements, `chosen` maps key -> value) or "none" (stops the run).
    resolution: str = ""
    chosen: dict = field(default_factory=dict)
    # Whole rows can be set aside (row quarantine): the conflict names rows by a single-column key.
    rows_eligible: bool = True
    # Values that are a choice spelled in another case ('present' for 'PRESENT', as legacy ENUMs compare
    # without case): converted to the model's spelling (`chosen`), after the column's type change.
    spelling: bool = False

    @property
    def examples(self) -> list:
        return [r[0] for r in self.rows[:5]]

    def describe_resolution(self) -> str:
        if self.resolution == "row":
            return "rows set aside whole (row quarantine), every column kept; removed from the table"
        if self.resolution == "chosen" and self.spelling:
            return ("converted to the model's spelling of the choice (e.g. "
                    + ", ".join(f"{o!r} -> {self.chosen[str(k)]!r}" for k, o in self.rows[:2])
                    + "), originals recorded in the quarantine")
        if self.resolution == "chosen":
            return "replaced by the operator's values (resolutions file), originals recorded in the quarantine"
        if self.resolution == "none":
            return f"none: {self.unresolvable_reason or 'no resolution chosen'}"
        return ("kept as it is, recorded for review (the field allows neither NULL nor a default)"
                if self.keep else f"set to {self.replacement_text or 'NULL'}, original recorded in the quarantine")

    def as_dict(self) -> dict:
        if self.resolution:
            return {"table": self.table, "column": self.column, "reason": self.reason, "detail": self.detail,
                    "count": self.count, "example_keys": self.examples, "resolution_kind": self.resolution,
                    "resolution": self.describe_resolution()}
        return {
            "table": self.table, "column": self.column, "reason": self.reason, "detail": self.detail,
            "count": self.count, "example_keys": self.examples,
            "resolution": ("kept as it is, recorded for review (the field allows neither NULL nor a default)"
                           if self.keep else
                           f"set to {self.replacement_text or 'NULL'}, original recorded in the quarantine"
                           if self.resolvable else f"none: {self.unresolvable_reason}"),
        }


class ConflictFinder:
    def __init__(self, using: str, *, expected: IntrospectedSchema, live: IntrospectedSchema, fields: dict,
                 id_sources: dict[str, tuple[str, str]]):
        self.using = using
        self.expected = expected
        self.live = live
        self.fields = fields
        self.id_sources = id_sources  # target table -> (legacy table, column) whose ids will be imported
        # (table, column) -> the foreign keys of tables the ERP does not manage that reference it.
        self.unmanaged_references: dict[tuple[str, str], list[tuple[str, object]]] = {}
        for other, table in live.tables.items():
            if other not in expected.tables:
                for fk in table.foreign_keys.values():
                    for column in fk.ref_columns:
                        self.unmanaged_references.setdefault((fk.ref_table, column), []).append((other, fk))

    # ------------------------------------------------------------ helpers
    @property
    def conn(self):
        # Per thread: tables are searched in parallel, each worker on its own connection.
        return connections[self.using]

    def literal(self, value) -> str:
        if value is None:
            return "NULL"
        self.conn.ensure_connection()
        out = self.conn.connection.literal(value)
        return out.decode() if isinstance(out, bytes) else str(out)

    def default_of(self, table: str, column: str) -> tuple[bool, object]:
        f = self.fields.get((table, column))
        if f is None:
            return False, None
        value = BaseDatabaseSchemaEditor._effective_default(f)
        if value is None:
            return False, None
        value = f.get_db_prep_save(value, self.conn)
        return True, int(value) if isinstance(value, bool) else value

    def fill(self, table: str, column: str, order: tuple[str, ...]) -> tuple[bool, object, str]:
        """The first acceptable replacement among `order` ("null", "default") for a target column."""
        c = self.expected.tables[table].columns[column]
        for option in order:
            if option == "null" and c.nullable:
                return True, None, "NULL"
            if option == "default":
                ok, value = self.default_of(table, column)
                if ok:
                    return True, value, str(value)
        return False, None, ""

    def original_expr(self, a: Column, alias: str = "") -> str:
        ref = f"{alias}{qn(a.name)}"
        if base_type(a.type) in {"float", "double", "real"}:
            return f"CAST(CAST({ref} AS DOUBLE) AS CHAR)"  # the stored value, not the 6-digit display
        return f"CAST({ref} AS CHAR)"

    def fetch(self, sql: str, params=()) -> list[tuple]:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def substituted_clause(self, step: TableStep, clause: str, replace: dict[str, str] | None = None) -> str:
        """A CHECK clause of the target, rewritten to evaluate on the live table as it will be converted."""
        exp = self.expected.tables[step.table]
        act = self.live.tables[step.table]
        replace = replace or {}

        def sub(m):
            name = m.group(1)
            if name in replace:
                return replace[name]
            if name not in act.columns:
                ok, value = self.default_of(step.table, name)
                return self.literal(value) if ok else "NULL"
            e, a = exp.columns.get(name), act.columns[name]
            if e is not None and base_type(e.type) == "decimal" and e.type != a.type:
                return f"CAST({qn(name)} AS {e.type.upper()})"
            return qn(name)

        return re.sub(r"`([^`]+)`", sub, clause)

    # ------------------------------------------------------------ the search
    def find(self, steps: list[TableStep], row_counts: dict[str, int], *, jobs: int = 1) -> list[Conflict]:
        """All conflicts, table by table (largest tables first, on `jobs` connections in parallel)."""
        todo = sorted((s for s in steps if s.action == "alter"), key=lambda s: -row_counts.get(s.table, 0))

        def search(step: TableStep) -> list[Conflict]:
            preserve = tuple(n for n, c in self.live.tables[step.table].columns.items() if c.on_update)
            found = self._table_conflicts(step, row_counts.get(step.table, 0))
            for conflict in found:
                conflict.preserve = tuple(n for n in preserve if n != conflict.column)
            return found

        results = dict(zip([s.table for s in todo],
                           each_on_its_connection(search, todo, jobs=jobs, using=self.using)))
        return [c for s in steps if s.table in results for c in results[s.table]]

    def _table_conflicts(self, step: TableStep, rows: int) -> list[Conflict]:
        t = step.table
        exp = self.expected.tables[t]
        act = self.live.tables[t]
        pk = act.primary_key[0] if len(act.primary_key) == 1 else None
        out: list[Conflict] = []
        kinds = {d.kind for d in step.differences}
        if "primary_key" in kinds:
            out.append(Conflict(t, ",".join(act.primary_key), "primary_key", "the primary key differs from the models'",
                                pk, count=1, resolvable=False, rows_eligible=False,
                                unresolvable_reason="adoption does not change primary keys; fix it by hand"))
        for d in step.differences:
            # A key whose type changes (INT UNSIGNED -> INT) while a table the ERP does not manage references
            # it: the reference would need the same change, and adoption never changes those tables.
            for other, fk in self.unmanaged_references.get((t, d.name), []) if d.kind == "column_type" else ():
                out.append(Conflict(
                    t, d.name, "referenced_by_unmanaged",
                    f"its type changes ({d.detail}) and {other}.{', '.join(fk.columns)} references it",
                    pk, count=1, resolvable=False, rows_eligible=False,
                    unresolvable_reason=f"{other} is not managed by the ERP and keeps its "
                    f"{', '.join(fk.columns)} as it is: give it the new type by hand first "
                    f"(ALTER TABLE {other} MODIFY ...), then run again"))
            if d.kind == "column_missing" and rows:
                c = exp.columns[d.name]
                if not c.nullable and not c.auto_increment and c.default is None and not any(
                        p.startswith(f"ALTER COLUMN {qn(c.name)} DROP DEFAULT") for p in step.post):
                    out.append(Conflict(t, c.name, "null_not_allowed",
                                        "a required column without a default is added to a table with rows",
                                        pk, count=rows, resolvable=False, rows_eligible=False,
                                        unresolvable_reason="no default to give the existing rows"))
        if not rows or pk is None:
            return out

        # Per-row predicates: (column, reason, predicate, detail, fill order).
        preds: list[tuple[str, str, str, str, tuple]] = []
        for name, c in exp.columns.items():
            a = act.columns.get(name)
            if a is None:
                continue
            col = qn(name)
            changed = a.type != c.type
            if a.nullable and not c.nullable:
                preds.append((name, "null_not_allowed", f"{col} IS NULL", "NULL where the model requires a value",
                              ("default",)))
            f = self.fields.get((t, name))
            if f is not None and f.choices:
                values = [str(v) for v, _ in f.flatchoices if v is not None]
                allowed = ", ".join(self.literal(v) for v in values)
                preds.append((name, "invalid_choice", f"{col} IS NOT NULL AND BINARY {col} NOT IN ({allowed})",
                              "value outside the model's choices", ("default", "null")))
            m = re.fullmatch(r"(?:var)?char\((\d+)\)", c.type)
            if m and changed and base_type(a.type) in TEXT_TYPES and longest(a.type) > int(m.group(1)):
                preds.append((name, "too_long", f"CHAR_LENGTH({col}) > {m.group(1)}",
                              f"longer than {m.group(1)} characters", ("null", "default")))
            m = re.fullmatch(r"decimal\((\d+),(\d+)\)", c.type)
            if m and changed and base_type(a.type) in NUMERIC_TYPES:
                p, s = int(m.group(1)), int(m.group(2))
                preds.append((name, "out_of_range", f"ABS(ROUND({col}, {s})) >= {10 ** (p - s)}",
                              f"does not fit {c.type}", ("null", "default")))
            target, source = int_range(c.type), int_range(a.type)
            if changed and target and source and (source[0] < target[0] or source[1] > target[1]):
                # A narrower integer (BIGINT -> INT, INT UNSIGNED -> INT): strict mode refuses the ALTER.
                preds.append((name, "out_of_range", f"{col} NOT BETWEEN {target[0]} AND {target[1]}",
                              f"does not fit {c.type}", ("null", "default")))
            if base_type(c.type) in DATE_TYPES and base_type(a.type) in DATE_TYPES:
                preds.append((name, "invalid_date",
                              # NULL for zero dates, zero months or days and impossible dates ('2019-02-30').
                              f"{col} IS NOT NULL AND ({col} + INTERVAL 0 SECOND) IS NULL",
                              "zero or invalid date", ("null", "default")))
            if base_type(c.type) == "time" and base_type(a.type) == "time":
                # A legacy TIME is a duration (-838:59:59 to 838:59:59); the model's field is a time of day,
                # and reading '25:30:00' into one fails ("hour must be in 0..23") wherever the row is shown.
                preds.append((name, "invalid_date", f"({col} < '00:00:00' OR {col} >= '24:00:00')",
                              "a time outside the day (00:00:00 to 23:59:59)", ("null", "default")))
        checks = []
        for d in step.differences:
            if d.kind in ("check_missing", "check_changed"):
                clause = self.expected.tables[t].checks[d.name].clause
                checks.append((d.name, clause))
                preds.append(("", "check_violation", f"NOT ({self.substituted_clause(step, clause)})",
                              f"violates CHECK {d.name}: {clause}", ()))

        # Unique keys to add: duplicates exist when the rows with every column set outnumber the distinct
        # tuples; counted in the same scan, the detailed (grouping) query runs only when there are some.
        uniques = [exp.indexes[d.name] for d in step.differences
                   if d.kind in ("unique_missing", "index_changed") and exp.indexes[d.name].unique
                   and all(c in act.columns for c in exp.indexes[d.name].columns)]
        unique_exprs = []
        for index in uniques:
            all_set = " AND ".join(f"{qn(c)} IS NOT NULL" for c in index.columns)
            unique_exprs.append(
                f"SUM(CASE WHEN {all_set} THEN 1 ELSE 0 END) - COUNT(DISTINCT {cols_sql(index.columns)})")
        # Empty text where the field may not be blank (searched by _validator_conflicts): counted here too.
        blanks = self._blank_columns(t)
        blank_exprs = [f"SUM(CASE WHEN CHAR_LENGTH({qn(name)}) = 0 THEN 1 ELSE 0 END)" for name in blanks]
        duplicated: set[str] = set()
        blank_found: set[str] = set()
        if preds or unique_exprs or blank_exprs:
            # The CHECKs that read a column as the DECIMAL it becomes are counted on a derived table holding
            # each such cast once per row (materialized: LIMIT keeps the server from merging it back into
            # a query that casts at every mention); the other predicates in one scan of the table.
            derived = self._check_table(step, [clause for _, clause in checks])
            apart = [i for i, p in enumerate(preds) if derived and p[1] == "check_violation"]
            scan_preds = [p for i, p in enumerate(preds) if i not in apart]
            sums = ", ".join([f"SUM(CASE WHEN {p[2]} THEN 1 ELSE 0 END)" for p in scan_preds]
                             + unique_exprs + blank_exprs)
            scanned = self.fetch(f"SELECT {sums} FROM {qn(t)}")[0] if sums else ()
            apart_counts = iter(self.fetch(
                "SELECT " + ", ".join(f"SUM(CASE WHEN NOT ({derived[1](clause)}) THEN 1 ELSE 0 END)"
                                      for _, clause in checks) + f" FROM {derived[0]}")[0] if apart else ())
            scan_counts = iter(scanned[:len(scan_preds)])
            counts = [next(apart_counts) if i in apart else next(scan_counts) for i in range(len(preds))]
            rest = scanned[len(scan_preds):]
            duplicated = {index.name for index, n in zip(uniques, rest[:len(uniques)]) if n}
            blank_found = {name for name, n in zip(blanks, rest[len(uniques):]) if n}
            check_iter = iter(checks)
            for (name, reason, pred, detail, order), n in zip(preds, counts):
                check = next(check_iter) if reason == "check_violation" else None
                if not n:
                    continue
                if check is not None:
                    out.append(self._check_conflict(step, pk, check, pred, detail))
                    continue
                rows_ = self.fetch(f"SELECT {qn(pk)}, {self.original_expr(act.columns[name])} FROM {qn(t)} "
                                   f"WHERE {pred} ORDER BY {qn(pk)}")
                if reason == "invalid_choice":
                    spelled, rows_ = self._spelled_otherwise(t, name, pk, rows_)
                    if spelled is not None:
                        out.append(spelled)
                    if not rows_:
                        continue
                out.append(self._resolved(Conflict(t, name, reason, detail, pk, rows=rows_, count=len(rows_)), order))

        out.extend(self._validator_conflicts(step, pk, blank_found))
        for d in step.differences:
            if d.kind in ("fk_missing", "fk_rule"):
                conflict = self._fk_conflict(step, pk, self.expected.tables[t].foreign_keys[d.name])
                if conflict:
                    out.append(conflict)
            if d.kind in ("unique_missing", "index_changed") and d.name in duplicated:
                conflict = self._unique_conflict(step, pk, exp.indexes[d.name])
                if conflict:
                    out.append(conflict)
        return out

    def _check_table(self, step: TableStep, clauses: list[str]):
        """(derived table, clause rewriter) when a CHECK reads a column as the DECIMAL it becomes, else None.

        The derived table holds the columns the CHECKs mention, each converted one once per row under its
        own name; the rewriter substitutes only the columns the table does not have yet (their default).
        """
        t = step.table
        exp, act = self.expected.tables[t], self.live.tables[t]
        mentioned = [n for n in dict.fromkeys(m for clause in clauses for m in re.findall(r"`([^`]+)`", clause))
                     if n in act.columns]
        cast = {n: exp.columns[n].type for n in mentioned if n in exp.columns
                and base_type(exp.columns[n].type) == "decimal" and exp.columns[n].type != act.columns[n].type}
        if not cast:
            return None
        select = ", ".join(f"CAST({qn(n)} AS {cast[n].upper()}) AS {qn(n)}" if n in cast else qn(n)
                           for n in mentioned)
        as_is = {n: qn(n) for n in cast}
        return (materialized(f"SELECT {select} FROM {qn(t)}", "converted"),
                lambda clause: self.substituted_clause(step, clause, as_is))

    def _blank_columns(self, t: str) -> list[str]:
        """Columns whose field may not be blank: empty text there fails full_clean."""
        act = self.live.tables[t]
        out = []
        for name in self.expected.tables[t].columns:
            f = self.fields.get((t, name))
            if f is None or name not in act.columns or f.is_relation:
                continue
            if (not f.blank and f.empty_strings_allowed and not f.choices
                    and base_type(act.columns[name].type) in TEXT_TYPES):
                out.append(name)
        return out

    def _validator_conflicts(self, step: TableStep, pk: str, blank_found: set[str]) -> list[Conflict]:
        """Values the database keeps but the model's field validators refuse (e-mail, URL, slug, IP, custom),
        and empty text where the field may not be blank.

        Lengths, choices, ranges and dates are searched in SQL above; these are checked in Python, on the
        columns whose field has such a validator only (one scan of the non-empty values each).
        """
        t = step.table
        act = self.live.tables[t]
        # Empty text in a field that may not be blank fails full_clean as surely as a validator does
        # (a field with choices is searched above: the empty string is outside them).
        may_not_be_blank = set(self._blank_columns(t))
        out = []
        for name in self.expected.tables[t].columns:
            f = self.fields.get((t, name))
            if f is None or name not in act.columns or f.is_relation:
                continue
            checks = [v for v in f.validators if not isinstance(v, SQL_CHECKED_VALIDATORS)]
            no_blank = name in may_not_be_blank
            if not checks and not no_blank:
                continue
            bad = []
            if no_blank and name in blank_found:  # counted in the table's scan
                blank = str(f.error_messages["blank"])
                bad = [(key, "", blank) for (key,) in self.fetch(
                    f"SELECT {qn(pk)} FROM {qn(t)} WHERE CHAR_LENGTH({qn(name)}) = 0 ORDER BY {qn(pk)}")]
            # CHAR_LENGTH, not <> '': under PAD SPACE collations '  ' equals '' and would never be checked.
            values = self.fetch(f"SELECT {qn(pk)}, {qn(name)} FROM {qn(t)} WHERE CHAR_LENGTH({qn(name)}) > 0 "
                                f"ORDER BY {qn(pk)}") if checks else []
            for key, value in values:
                try:
                    python = f.to_python(value)
                    for validator in checks:
                        validator(python)
                except ValidationError as exc:
                    bad.append((key, str(value), " ".join(exc.messages)))
            if not bad:
                continue
            bad.sort(key=lambda row: row[0])
            first = bad[0][2]
            conflict = Conflict(t, name, "invalid_value", f"fails the field's validation ({first})", pk,
                                rows=[(key, value) for key, value, _ in bad], count=len(bad))
            ok, value, text = self.fill(t, name, ("null", "default"))
            if ok:
                conflict.replacement, conflict.replacement_text = value, text
            else:
                conflict.keep = True
            out.append(conflict)
        return out

    def _spelled_otherwise(self, t: str, name: str, pk: str, rows: list[tuple]) -> tuple[Conflict | None, list]:
        """Split off the values that are one of the field's choices in another case."""
        f = self.fields[(t, name)]
        canon: dict[str, str | None] = {}
        for v, _ in f.flatchoices:
            if v is not None:
                key = str(v).lower()
                canon[key] = None if key in canon else str(v)  # two choices differing only in case: ambiguous
        spelled = [(k, o) for k, o in rows if o is not None and canon.get(o.lower())]
        if not spelled:
            return None, rows
        rest = [(k, o) for k, o in rows if not (o is not None and canon.get(o.lower()))]
        conflict = Conflict(t, name, "invalid_choice", "a choice spelled in another case", pk, rows=spelled,
                            count=len(spelled), spelling=True, replacement_text="the model's spelling",
                            chosen={str(k): canon[o.lower()] for k, o in spelled})
        return conflict, rest

    def _resolved(self, conflict: Conflict, order: tuple[str, ...]) -> Conflict:
        ok, value, text = self.fill(conflict.table, conflict.column, order)
        if ok:
            conflict.replacement, conflict.replacement_text = value, text
        else:
            conflict.resolvable = False
            conflict.unresolvable_reason = "the column allows neither NULL nor a default"
        return conflict

    def _check_conflict(self, step: TableStep, pk: str, check: tuple[str, str], pred: str, detail: str) -> Conflict:
        t = step.table
        name, clause = check
        act = self.live.tables[t]
        mentioned = list(dict.fromkeys(re.findall(r"`([^`]+)`", clause)))
        for column in mentioned:
            if column not in act.columns:
                continue
            ok, value, text = self.fill(t, column, ("null", "default"))
            if not ok:
                continue
            replaced = self.substituted_clause(step, clause, {column: self.literal(value)})
            still = self.fetch(f"SELECT COUNT(*) FROM {qn(t)} WHERE {pred} AND NOT ({replaced})")[0][0]
            if still == 0:
                rows_ = self.fetch(f"SELECT {qn(pk)}, {self.original_expr(act.columns[column])} FROM {qn(t)} "
                                   f"WHERE {pred} ORDER BY {qn(pk)}")
                return Conflict(t, column, "check_violation", detail, pk, rows=rows_, count=len(rows_),
                                replacement=value, replacement_text=text)
        rows_ = self.fetch(f"SELECT {qn(pk)}, NULL FROM {qn(t)} WHERE {pred} ORDER BY {qn(pk)}")
        return Conflict(t, ",".join(mentioned), "check_violation", detail, pk, rows=rows_, count=len(rows_),
                        resolvable=False,
                        unresolvable_reason="no column of the check can be set to NULL or its default to satisfy it")

    def _fk_conflict(self, step: TableStep, pk: str, fk) -> Conflict | None:
        if len(fk.columns) != 1:
            return None
        t = step.table
        col, ref_col = fk.columns[0], fk.ref_columns[0]
        act = self.live.tables[t]
        if col not in act.columns:
            return None  # added by this adoption: NULL everywhere
        ref = fk.ref_table
        if ref in self.live.tables:
            cond = f"NOT EXISTS (SELECT 1 FROM {qn(ref)} r WHERE r.{qn(ref_col)} = t.{qn(col)})"
        else:
            cond = "1 = 1"  # the referenced table is created empty by this adoption
        source = self.id_sources.get(ref)
        if source and source[0] in self.live.tables:
            cond += f" AND NOT EXISTS (SELECT 1 FROM {qn(source[0])} s WHERE s.{qn(source[1])} = t.{qn(col)})"
        rows_ = self.fetch(f"SELECT t.{qn(pk)}, {self.original_expr(act.columns[col], 't.')} FROM {qn(t)} t "
                           f"WHERE t.{qn(col)} IS NOT NULL AND {cond} ORDER BY t.{qn(pk)}")
        if not rows_:
            return None
        conflict = Conflict(t, col, "dangling_reference", f"references {ref}.{ref_col} rows that do not exist",
                            pk, rows=rows_, count=len(rows_))
        return self._resolved(conflict, ("null",))

    def _unique_conflict(self, step: TableStep, pk: str, index) -> Conflict | None:
        t = step.table
        act = self.live.tables[t]
        if any(c not in act.columns for c in index.columns):
            return None
        grouped = ", ".join(qn(c) for c in index.columns)
        not_null = " AND ".join(f"{qn(c)} IS NOT NULL" for c in index.columns)
        nullable = [c for c in index.columns if self.expected.tables[t].columns[c].nullable]
        column = nullable[0] if nullable else ",".join(index.columns)
        # Every row of a duplicate group but the first (lowest key) is set aside.
        if base_type(act.columns[pk].type) in INTEGER_TYPES:
            # The groups' keys listed by the grouping itself (one pass, no join back to the table: a join
            # matches by `=`, which may pair values the grouping keeps apart, and reads the table again).
            rows_ = [(key, None) for key in self._duplicate_keys(t, pk, grouped, not_null)]
            if rows_ and nullable:
                shown = dict(self._values_by_key(t, pk, act.columns[nullable[0]], [key for key, _ in rows_]))
                rows_ = [(key, shown.get(key)) for key, _ in rows_]
        else:
            on = " AND ".join(f"t.{qn(c)} = d.{qn(c)}" for c in index.columns)
            shown = self.original_expr(act.columns[nullable[0]], "t.") if nullable else "NULL"
            rows_ = self.fetch(
                f"SELECT t.{qn(pk)}, {shown} FROM {qn(t)} t JOIN (SELECT {grouped}, MIN({qn(pk)}) AS keep_pk "
                f"FROM {qn(t)} WHERE {not_null} GROUP BY {grouped} HAVING COUNT(*) > 1) d ON {on} "
                f"WHERE t.{qn(pk)} <> d.keep_pk ORDER BY t.{qn(pk)}")
        if not rows_:
            return None
        conflict = Conflict(t, column, "duplicate", f"duplicates on unique {index.name} {index.columns}", pk,
                            rows=rows_, count=len(rows_))
        if not nullable:
            conflict.resolvable = False
            conflict.unresolvable_reason = "every column of the unique key is NOT NULL"
            return conflict
        return self._resolved(conflict, ("null",))

    def _duplicate_keys(self, t: str, pk: str, grouped: str, not_null: str) -> list[int]:
        """The integer keys of every row of a duplicate group but its lowest, in key order."""
        with self.conn.cursor() as cur:
            cur.execute("SELECT @@SESSION.group_concat_max_len")
            (before,) = cur.fetchone()
            cur.execute("SET SESSION group_concat_max_len = 4294967295")
            try:
                cur.execute(f"SELECT GROUP_CONCAT({qn(pk)} ORDER BY {qn(pk)}) FROM {qn(t)} WHERE {not_null} "
                            f"GROUP BY {grouped} HAVING COUNT(*) > 1")
                groups = cur.fetchall()
            finally:
                cur.execute("SET SESSION group_concat_max_len = %s", [before])
        keys = []
        for (listed,) in groups:
            if isinstance(listed, bytes):
                listed = listed.decode()
            keys.extend(int(k) for k in listed.split(",")[1:])
        return sorted(keys)

    def _values_by_key(self, t: str, pk: str, column: Column, keys: list) -> list[tuple]:
        out = []
        for i in range(0, len(keys), 1000):
            chunk = ", ".join(str(int(k)) for k in keys[i:i + 1000])
            out += self.fetch(f"SELECT {qn(pk)}, {self.original_expr(column)} FROM {qn(t)} WHERE {qn(pk)} IN ({chunk})")
        return out


def relax_clauses(step: TableStep, conflicts: list[Conflict], live: IntrospectedSchema) -> list[str]:
    """MODIFY ... NULL for live NOT NULL columns that quarantine must set to NULL (the target allows it)."""
    act = live.tables[step.table]
    out = []
    for c in conflicts:
        if c.resolution not in ("", "value"):
            continue
        if c.table != step.table or not c.resolvable or c.keep or c.replacement is not None:
            continue
        a = act.columns.get(c.column)
        if a is not None and not a.nullable:
            clause = "MODIFY COLUMN " + column_sql(Column(**{**a.__dict__, "nullable": True}), comment=a.comment)
            if clause not in out:
                out.append(clause)
    return out
