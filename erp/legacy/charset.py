"""Legacy latin1 tables holding UTF-8 bytes (double-encoded text), converted to utf8mb4 without mangling.

The legacy application wrote UTF-8 through a latin1 connection into latin1 tables: 'é' is stored as the
two bytes C3 A9, which a plain conversion turns into 'Ã©'. Adoption converts such a table whole
(`ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4`, planned by erp.legacy.plan), then re-decodes every
value whose stored bytes are valid UTF-8 with a byte above 0x7F: found before anything changes, recorded
in the quarantine (reason "double_encoded": the stored bytes in hex, the text a plain conversion gives,
and the text it becomes) before the conversion, and applied after it. Text that is not valid UTF-8 is
real latin1 and is converted as such. The re-decoding is idempotent: a re-run after an interruption
applies the recorded ones whose column still holds the plainly converted text.
"""

from __future__ import annotations

from django.db import connections, transaction

from erp.legacy.plan import qn

TEXT = {"char", "varchar", "tinytext", "text", "mediumtext", "longtext"}
REASON = "double_encoded"


def find(steps, live, *, using: str) -> dict:
    """Read-only: per converted table, the values that are UTF-8 bytes (double-encoded) and how many
    values are real latin1 text."""
    conn = connections[using]
    found = {"tables": [], "double_encoded": [], "latin1_values": 0}
    for s in steps:
        if not s.charset_from:
            continue
        table = live.tables[s.table]
        if len(table.primary_key) != 1:
            continue
        pk = table.primary_key[0]
        found["tables"].append({"table": s.table, "from": s.charset_from, "to": "utf8mb4"})
        for name, c in table.columns.items():
            if c.type.split("(")[0] not in TEXT:
                continue
            with conn.cursor() as cur:
                # Only values with a byte above 0x7F can differ between the two readings.
                cur.execute(f"SELECT {qn(pk)}, HEX({qn(name)}), CONVERT({qn(name)} USING utf8mb4) FROM {qn(s.table)} "
                            f"WHERE HEX({qn(name)}) REGEXP '^(..)*[89A-F]' ORDER BY {qn(pk)}")
                rows = cur.fetchall()
            for key, hexed, plain in rows:
                raw = bytes.fromhex(hexed)
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    found["latin1_values"] += 1
                    continue
                found["double_encoded"].append({"table": s.table, "column": name, "pk_column": pk, "pk": key,
                                                "stored_hex": hexed, "plain_conversion": plain, "converted": text})
    return found


def record(found: dict, *, run_id: str, using: str) -> None:
    """Before the conversion: every value to re-decode, recorded (once) with its stored bytes."""
    from erp.models import QuarantinedValue

    done = set(QuarantinedValue.objects.using(using).filter(reason=REASON).values_list(
        "table_name", "column_name", "row_pk"))
    with transaction.atomic(using=using):
        QuarantinedValue.objects.using(using).bulk_create(
            QuarantinedValue(
                table_name=v["table"], column_name=v["column"], row_pk=str(v["pk"]), reason=REASON,
                detail=f"stored bytes {v['stored_hex']} in a latin1 column are UTF-8 text: re-decoded when the "
                       "table became utf8mb4", original_value=v["plain_conversion"], replacement_value=v["converted"],
                restorable=False, adoption_run=run_id)
            for v in found["double_encoded"] if (v["table"], v["column"], str(v["pk"])) not in done)


def apply_recorded(*, using: str) -> int:
    """After the conversion: write the re-decoded text where the column still holds the plain conversion."""
    from erp.models import QuarantinedValue

    conn = connections[using]
    changed = 0
    records = QuarantinedValue.objects.using(using).filter(reason=REASON).order_by("id")
    for r in records:
        with conn.cursor() as cur:
            cur.execute("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME = %s AND INDEX_NAME = 'PRIMARY'", [r.table_name])
            pk = cur.fetchone()[0]
            cur.execute("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME = %s AND EXTRA LIKE %s", [r.table_name, "%on update%"])
            keep = "".join(f", {qn(c)} = {qn(c)}" for (c,) in cur.fetchall() if c != r.column_name)
            cur.execute(f"UPDATE {qn(r.table_name)} SET {qn(r.column_name)} = %s{keep} WHERE {qn(pk)} = %s "
                        f"AND BINARY {qn(r.column_name)} = BINARY %s",
                        [r.replacement_value, r.row_pk, r.original_value])
            changed += cur.rowcount
    return changed
