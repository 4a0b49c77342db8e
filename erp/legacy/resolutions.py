"""Operator-chosen replacement values for conflicting legacy values (`adopt_legacy --resolutions FILE`).

The dry run writes FILE as a template when it does not exist: one entry per conflicting value (table,
key, column, reason, original value as stored, `"replacement": null`). A person fills in the replacements
they choose (leaving null where another resolution should apply) and the real run writes them, recording
each original in the quarantine (erp.models.QuarantinedValue, restorable). The file is checked whole
before anything changes: not JSON, an entry that names no current conflict, an original that no longer
matches (the data changed since the template), a value the model's field refuses, or a row whose chosen
values break one of the model's CHECK constraints (evaluated on the row as stored with the chosen values in
place, as the ALTER adding the CHECK would) stops the run with a message naming the entry, and nothing is
changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connections
from django.db.models import CheckConstraint, Q

from erp.legacy.plan import qn
from erp.legacy.times import field_value

VERSION = 1


class BadResolutions(CommandError):
    """The resolutions file cannot be used: the run stops before changing anything."""


def choosable(conflict) -> bool:
    """A single column's value of a row named by its key: a person can choose its replacement."""
    return bool(conflict.pk_column and conflict.rows and conflict.column and "," not in conflict.column
                and conflict.reason != "money_review")


def template(conflicts) -> dict:
    entries = [{"table": c.table, "key": str(pk), "column": c.column, "reason": c.reason, "original": original,
                "replacement": None}
               for c in conflicts if choosable(c) for pk, original in c.rows]
    return {"version": VERSION,
            "about": "Fill in `replacement` for the values you choose (leave null to use --resolve-values or "
                     "--resolve-rows); then run adopt_legacy --resolutions with this file. Originals are kept "
                     "in the quarantine.",
            "entries": entries}


def write_template(path: str, conflicts) -> int:
    data = template(conflicts)
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return len(data["entries"])


def load(path: str, conflicts, *, fields: dict, using: str) -> dict[tuple[str, str, str], object]:
    """The chosen replacements: (table, column, key) -> value as the database stores it. Raises BadResolutions."""
    where = f"resolutions file {path}"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadResolutions(f"{where}: no such file (a dry run with --resolutions writes it). "
                             "Nothing was changed.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadResolutions(f"{where}: cannot be read ({exc}). Nothing was changed.") from None
    except json.JSONDecodeError as exc:
        raise BadResolutions(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
                             "Nothing was changed.") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BadResolutions(f"{where}: expected an object with a list \"entries\" (as the dry run writes it). "
                             "Nothing was changed.")
    current = {(c.table, c.column, str(pk)): (c, original) for c in conflicts if choosable(c)
               for pk, original in c.rows}
    problems, chosen = [], {}
    python_values, names = {}, {}  # key -> the chosen value as the field's Python value; the entry's name
    conn = connections[using]
    for n, entry in enumerate(data["entries"], start=1):
        if not isinstance(entry, dict) or not {"table", "key", "column", "replacement"} <= set(entry):
            problems.append(f"entry {n}: needs table, key, column and replacement")
            continue
        if entry["replacement"] is None:
            continue
        name = f"entry {n} ({entry['table']}.{entry['column']} #{entry['key']})"
        key = (str(entry["table"]), str(entry["column"]), str(entry["key"]))
        if key not in current:
            problems.append(f"{name}: not a conflicting value now (the data changed? run the dry run again)")
            continue
        conflict, original = current[key]
        if "original" in entry and entry["original"] != original:
            problems.append(f"{name}: the original is {original!r} now, not {entry['original']!r} "
                            "(the data changed since the template; run the dry run again)")
            continue
        f = fields.get((conflict.table, conflict.column))
        value = entry["replacement"]
        if f is None:
            chosen[key] = value
            continue
        try:
            python = field_value(f, value, using=using)
            if f.is_relation:
                target = f.target_field
                if not target.model._default_manager.using(using).filter(**{target.attname: python}).exists():
                    raise ValidationError(f"{target.model._meta.db_table} has no row {python}")
            else:
                f.clean(python, None)
        except ValidationError as exc:
            problems.append(f"{name}: {value!r} is not valid for the field: " + " ".join(exc.messages))
            continue
        db_value = f.get_db_prep_save(python, conn)
        if conflict.reason == "duplicate":
            with conn.cursor() as cur:
                cur.execute(f"SELECT COUNT(*) FROM {qn(conflict.table)} WHERE {qn(conflict.column)} = %s", [db_value])
                taken = cur.fetchone()[0]
            if taken or any(k[:2] == key[:2] and v == db_value for k, v in chosen.items()):
                problems.append(f"{name}: {value!r} is taken (the unique key would still fail)")
                continue
        chosen[key] = db_value
        python_values[key] = python
        names[key] = name
    if not problems:
        problems = check_constraints(chosen, python_values, names, conflicts, fields=fields, using=using)
    if problems:
        raise BadResolutions(f"{where}: {len(problems)} problem(s), nothing was changed:\n  " + "\n  ".join(problems))
    return chosen


def check_constraints(chosen: dict, python_values: dict, names: dict, conflicts, *, fields: dict,
                      using: str) -> list[str]:
    """The rows whose chosen values break one of the model's CHECK constraints.

    Each row with chosen values is read as stored, its values converted by their fields (a value a field
    cannot convert, e.g. a zero date, leaves out the constraints that mention it), the chosen values put in
    place, and every CHECK constraint that mentions a chosen column evaluated as Django's validate_constraints
    does. A constraint the row breaks with its original values too is its own conflict (check_violation,
    resolved on its own) and is not held against the file.
    """
    pk_of = {c.table: c.pk_column for c in conflicts if c.pk_column}
    by_row: dict[tuple[str, str], dict[str, tuple]] = {}
    for (table, column, key) in chosen:
        by_row.setdefault((table, key), {})[column] = (table, column, key)
    problems = []
    conn = connections[using]
    for (table, key), columns in sorted(by_row.items()):
        some = next((fields.get((table, column)) for column in columns if fields.get((table, column))), None)
        if some is None or table not in pk_of:
            continue
        model = some.model
        checks = [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]
        if not checks:
            continue
        own = list(model._meta.local_concrete_fields)
        with conn.cursor() as cur:
            live = {c.name for c in conn.introspection.get_table_description(cur, table)}
            present = [f for f in own if f.column in live]
            cur.execute(f"SELECT {', '.join(qn(f.column) for f in present)} FROM {qn(table)} "
                        f"WHERE {qn(pk_of[table])} = %s", [key])
            row = cur.fetchone()
        if row is None:
            continue
        original, unusable = model(), {f.name for f in own if f.column not in live}
        for f, value in zip(present, row):
            try:
                setattr(original, f.attname, field_value(f, value, using=using))
            except (ValidationError, TypeError, ValueError):
                unusable.add(f.name)
        changed = model()
        changed.__dict__.update({k: v for k, v in original.__dict__.items() if k != "_state"})
        chosen_names = set()
        for column, full_key in columns.items():
            f = fields[(table, column)]
            setattr(changed, f.attname, python_values[full_key])
            chosen_names.add(f.name)
        for check in checks:
            mentioned = Q(check.condition).referenced_base_fields
            if not mentioned & chosen_names:
                continue
            skip = unusable - chosen_names
            if mentioned & skip:
                continue  # a value of the row no field can read: the check cannot be evaluated here
            try:
                check.validate(model, changed, exclude=skip, using=using)
            except ValidationError as exc:
                try:
                    check.validate(model, original, exclude=unusable, using=using)
                except ValidationError:
                    continue  # broken before the choice: a check_violation conflict of its own
                entries = ", ".join(names[k] for k in columns.values())
                problems.append(f"{entries}: breaks CHECK {check.name} of {table} ({' '.join(exc.messages)}); "
                                "choose values that satisfy it")
    return problems
