"""Setting whole legacy rows aside (row quarantine), and putting them back.

A row is set aside when one of its values fits no value the new schema allows and the operator chose
`--resolve-rows quarantine`. Every column is kept as stored (`erp.models.QuarantinedRow.row_data`: the
bytes in hex with the column's character set, so values invalid in the new type survive), and the row is
removed from its table in the same transaction. Rows that reference it through a foreign key (one the
legacy database has, or one adoption adds) are set aside with it, recursively: the plan lists that
cascade. A row referenced by a table the ERP does not manage is not eligible (adoption never changes
those tables): its conflict stays unresolved and stops the run.

Restoring validates the row, with the corrections a person entered, against the model (`full_clean`,
foreign keys and unique keys included) and inserts it again with its original primary key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, models, transaction
from django.utils import timezone

from erp.legacy.plan import qn
from erp.legacy.times import field_value

TEXT = {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"}
BINARY = {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit"}
FLOATS = {"float", "double", "real"}
CASCADE_REASON = "references_set_aside_row"
CHUNK = 2000
# MariaDB character sets -> Python codecs (MariaDB's latin1 is Windows-1252).
CODECS = {"utf8mb4": "utf-8", "utf8mb3": "utf-8", "utf8": "utf-8", "latin1": "cp1252", "ascii": "ascii",
          "binary": None}


def base_type(t: str) -> str:
    return t.split("(")[0].split(" ")[0]


@dataclass
class RowPlan:
    """The rows one adoption sets aside: table -> {pk: (reason, column, detail, parent (table, pk) or None)}."""

    rows: dict[str, dict[str, tuple]] = field(default_factory=dict)
    ineligible: list[str] = field(default_factory=list)

    def add(self, table, pk, reason, column, detail, parent=None) -> bool:
        entries = self.rows.setdefault(table, {})
        if str(pk) in entries:
            return False
        entries[str(pk)] = (reason, column, detail, parent)
        return True

    def has(self, table, pk) -> bool:
        return str(pk) in self.rows.get(table, {})

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def cascaded(self) -> list[tuple[str, str, tuple]]:
        return [(t, pk, e[3]) for t, rows in self.rows.items() for pk, e in rows.items() if e[3] is not None]

    def as_dict(self) -> dict:
        return {t: [{"pk": pk, "reason": e[0], "column": e[1], "detail": e[2],
                     "with": f"{e[3][0]} #{e[3][1]}" if e[3] else None} for pk, e in sorted(rows.items())]
                for t, rows in sorted(self.rows.items())}


def referencing(table: str, *, live, expected) -> list[tuple[str, str, str, bool]]:
    """(child table, child column, referenced column, child is managed) for every single-column foreign key to
    `table`, in the live database or added by adoption."""
    out = {}
    for schema, managed_only in ((live, False), (expected, True)):
        for t in schema.tables.values():
            for fk in t.foreign_keys.values():
                if (fk.ref_table == table and len(fk.columns) == 1 and t.name in live.tables
                        and fk.columns[0] in live.tables[t.name].columns):
                    out[(t.name, fk.columns[0], fk.ref_columns[0])] = t.name in expected.tables
    return [(t, c, r, managed) for (t, c, r), managed in sorted(out.items())]


def plan_rows(conflicts, *, live, expected, using: str) -> RowPlan:
    """The rows of the conflicts resolved by row quarantine, and every row that references them."""
    plan = RowPlan()
    todo: list[tuple[str, str]] = []
    for c in conflicts:
        for pk, _orig in c.rows:
            if plan.add(c.table, pk, c.reason, c.column, c.detail):
                todo.append((c.table, str(pk)))
    conn = connections[using]
    while todo:
        by_table: dict[str, list[str]] = {}
        for t, pk in todo:
            by_table.setdefault(t, []).append(pk)
        todo = []
        for table, pks in sorted(by_table.items()):
            pk_col = live.tables[table].primary_key
            for child, column, ref_col, managed in referencing(table, live=live, expected=expected):
                child_pk = live.tables[child].primary_key
                if len(child_pk) != 1:
                    plan.ineligible.append(f"{table}: referenced by {child}.{column}, which has no single-column key")
                    continue
                for start in range(0, len(pks), CHUNK):
                    chunk = pks[start:start + CHUNK]
                    marks = ", ".join(["%s"] * len(chunk))
                    with conn.cursor() as cur:
                        # Referenced by value: the parent's referenced column of the rows set aside.
                        cur.execute(
                            f"SELECT c.{qn(child_pk[0])}, p.{qn(pk_col[0])} FROM {qn(child)} c JOIN {qn(table)} p "
                            f"ON c.{qn(column)} = p.{qn(ref_col)} WHERE p.{qn(pk_col[0])} IN ({marks}) "
                            f"ORDER BY 1", chunk)
                        found = cur.fetchall()
                    for child_key, parent_key in found:
                        if child == table and str(child_key) == str(parent_key):
                            continue
                        if not managed:
                            plan.ineligible.append(
                                f"{table} #{parent_key} is referenced by {child} #{child_key}, a table the ERP does "
                                "not manage (adoption never changes it)")
                            continue
                        if plan.add(child, child_key, CASCADE_REASON, column,
                                    f"references {table} #{parent_key}, set aside", parent=(table, str(parent_key))):
                            todo.append((child, str(child_key)))
    return plan


def column_charsets(table: str, using: str) -> dict[str, str | None]:
    with connections[using].cursor() as cur:
        cur.execute("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
                    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s", [table])
        return dict(cur.fetchall())


def raw_expr(name: str, column_type: str) -> str:
    """SQL giving the stored value's bytes in hex: text in its own character set, binary as is, other types
    (numbers, dates, including zero dates) as MariaDB writes them; FLOAT as its stored double."""
    b = base_type(column_type)
    if b in TEXT or b in BINARY:
        return f"HEX({qn(name)})"
    if b in FLOATS:
        return f"HEX(CAST(CAST({qn(name)} AS DOUBLE) AS CHAR))"
    return f"HEX(CAST({qn(name)} AS CHAR))"


def decode(entry: dict) -> str | None:
    if entry["hex"] is None:
        return None
    raw = bytes.fromhex(entry["hex"])
    codec = CODECS.get(entry.get("charset") or "utf8mb4", "utf-8")
    if codec is None:
        return raw.hex()
    return raw.decode(codec, errors="replace")


def text_expr(name: str, column_type: str, charset: str | None) -> str:
    """SQL giving the stored value as readable text (QuarantinedRow.row_text): text decoded from its own
    character set, binary strings in hex, FLOAT as its stored double, other types as MariaDB writes them."""
    b = base_type(column_type)
    if (b in TEXT and charset == "binary") or b in {"binary", "varbinary"}:
        return f"LOWER(HEX({qn(name)}))"
    if b in TEXT or b in BINARY:
        return f"CONVERT({qn(name)} USING utf8mb4)"
    if b in FLOATS:
        return f"CAST(CAST({qn(name)} AS DOUBLE) AS CHAR)"
    return f"CAST({qn(name)} AS CHAR)"


def set_rows_aside(plan: RowPlan, *, live, run_id: str, using: str = "default") -> int:
    """Record every planned row with all its columns, then delete it; one transaction. Returns the count.

    The records are written by the server (INSERT INTO erp_quarantined_row ... SELECT ... FROM the table,
    each column's bytes in hex), by chunks of keys, parents before the rows that reference them (whose
    cascade_of names the parent's record); then the rows are deleted, those that reference others first.
    The statements wait on reading the tables' pages (the rows are spread over all of them): at 1M + 1M
    rows with 1% set aside (bench/adopt_bench.py), two connections, one per table, were no faster than
    this one, which keeps the set-aside all or nothing.
    """
    from erp.models import QuarantinedRow

    if not plan.count:
        return 0
    conn = connections[using]
    total = 0
    now = timezone.now()
    record_table = qn(QuarantinedRow._meta.db_table)
    with transaction.atomic(using=using):
        depth = {}

        def level(t, pk):
            key = (t, pk)
            if key not in depth:
                parent = plan.rows[t][pk][3]
                depth[key] = 0 if parent is None else level(parent[0], parent[1]) + 1
            return depth[key]

        levels: dict[int, list[tuple[str, str]]] = {}
        for t, rows in plan.rows.items():
            for pk in rows:
                levels.setdefault(level(t, pk), []).append((t, pk))
        selects = {}
        for table in plan.rows:
            cols = live.tables[table].columns
            charsets = column_charsets(table, using)
            data, text, params_data, params_text = [], [], [], []
            for n, c in cols.items():
                data.append(f"JSON_OBJECT('column', %s, 'type', %s, 'charset', %s, 'hex', {raw_expr(n, c.type)})")
                params_data += [n, c.type, charsets.get(n)]
                text.append(f"%s, {text_expr(n, c.type, charsets.get(n))}")
                params_text.append(n)
            selects[table] = (f"JSON_ARRAY({', '.join(data)}), JSON_OBJECT({', '.join(text)})",
                              params_data + params_text)
        db_now = QuarantinedRow._meta.get_field("quarantined_at").get_db_prep_save(now, conn)
        for n in sorted(levels):
            # Rows that share a reason, a column, a detail and a parent are written by one statement per chunk.
            groups: dict[tuple, list[str]] = {}
            for table, pk in levels[n]:
                reason, column, detail, parent = plan.rows[table][pk]
                groups.setdefault((table, reason, column, detail, parent), []).append(pk)
            parents = {}
            if n:
                for table, pk in {g[4] for g in groups}:
                    parents[(table, pk)] = QuarantinedRow.objects.using(using).filter(
                        table_name=table, row_pk=pk, adoption_run=run_id).values_list("pk", flat=True).first()
            for (table, reason, column, detail, parent), pks in groups.items():
                pk_col = live.tables[table].primary_key[0]
                exprs, params = selects[table]
                for start in range(0, len(pks), CHUNK):
                    chunk = pks[start:start + CHUNK]
                    with conn.cursor() as cur:
                        cur.execute(
                            f"INSERT INTO {record_table} (table_name, row_pk, reason, column_name, detail, row_data, "
                            "row_text, corrections, cascade_of_id, adoption_run, quarantined_at, restored_at, "
                            f"restored_by, restore_note) SELECT %s, CAST({qn(pk_col)} AS CHAR), %s, %s, %s, {exprs}, "
                            f"'{{}}', %s, %s, %s, NULL, '', '' FROM {qn(table)} "
                            f"WHERE {qn(pk_col)} IN ({', '.join(['%s'] * len(chunk))})",
                            [table, reason, column.split(",")[0][:64], detail, *params,
                             parents.get(parent) if parent else None, run_id, db_now, *chunk])
        # The rows that reference others first, so no foreign key (or legacy ON DELETE rule) acts.
        for n in sorted(levels, reverse=True):
            by_table: dict[str, list[str]] = {}
            for table, pk in levels[n]:
                by_table.setdefault(table, []).append(pk)
            for table, pks in by_table.items():
                pk_col = live.tables[table].primary_key[0]
                for start in range(0, len(pks), CHUNK):
                    chunk = pks[start:start + CHUNK]
                    with conn.cursor() as cur:
                        cur.execute(f"DELETE FROM {qn(table)} WHERE {qn(pk_col)} IN ({', '.join(['%s'] * len(chunk))})",
                                    chunk)
                        total += cur.rowcount
    return total


def model_of(table: str):
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return model
    return None


def quarantined_row_restore(*, record, restored_by: str, using: str = "default") -> tuple[bool, str]:
    """Put a set-aside row back, with its corrections, once it is valid for the model. Nothing changes
    when refused."""
    if record.restored_at is not None:
        return False, "already restored"
    if record.cascade_of is not None and record.cascade_of.restored_at is None:
        parent = record.cascade_of
        return False, f"restore {parent.table_name} #{parent.row_pk} first: this row references it"
    model = model_of(record.table_name)
    if model is None:
        return False, f"{record.table_name} is not a table of the ERP's models"
    values = {e["column"]: decode(e) for e in record.row_data}
    legacy_types = {e["column"]: base_type(e["type"]) for e in record.row_data}
    corrections = record.corrections or {}
    for f in model._meta.concrete_fields:
        if (isinstance(f, models.DecimalField) and legacy_types.get(f.column) in FLOATS
                and values.get(f.column) is not None):
            # The documented FLOAT -> DECIMAL conversion adoption applied to the rows it kept: the nearest
            # step of the field (a cent for money).
            step = Decimal(1).scaleb(-f.decimal_places)
            values[f.column] = str(Decimal(values[f.column]).quantize(step, rounding=ROUND_HALF_UP))
    unknown = sorted(set(corrections) - set(values) - {f.column for f in model._meta.concrete_fields})
    if unknown:
        return False, "corrections name columns the row does not have: " + ", ".join(unknown)
    values.update(corrections)
    instance = model()
    errors = []
    for f in model._meta.concrete_fields:
        if f.column not in values:
            continue  # a column adoption added: the model's default
        try:
            setattr(instance, f.attname,
                    None if values[f.column] is None else field_value(f, values[f.column], using=using))
        except ValidationError as exc:
            errors.append(f"{f.column}: {values[f.column]!r}: " + " ".join(exc.messages))
    if not errors:
        try:
            instance.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                f = next((x for x in model._meta.concrete_fields if x.name == name), None)
                shown = f"{f.column}: {values.get(f.column)!r}: " if f is not None else f"{name}: "
                errors.append(shown + " ".join(messages))
    if errors:
        return False, "not valid for the model (correct it first): " + "; ".join(errors)
    conn = connections[using]
    with conn.cursor() as cur:
        live_columns = [c.name for c in conn.introspection.get_table_description(cur, record.table_name)]
    by_column = {f.column: f for f in model._meta.concrete_fields}
    names, params = [], []
    for name in live_columns:
        f = by_column.get(name)
        if f is not None:
            names.append(name)
            params.append(f.get_db_prep_save(getattr(instance, f.attname), conn))
        elif name in values:
            names.append(name)  # a legacy column the ERP does not manage: its stored value
            params.append(values[name])
    try:
        with transaction.atomic(using=using):
            with conn.cursor() as cur:
                cur.execute(f"INSERT INTO {qn(record.table_name)} ({', '.join(qn(n) for n in names)}) "
                            f"VALUES ({', '.join(['%s'] * len(names))})", params)
            record.restored_at = timezone.now()
            record.restored_by = restored_by
            record.restore_note = "restored" + (f" with corrections {corrections}" if corrections else "")
            record.save(using=using, update_fields=["restored_at", "restored_by", "restore_note"])
    except DatabaseError as exc:
        return False, f"the database refused it: {exc}"
    return True, "restored"
