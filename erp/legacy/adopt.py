"""Adopting a legacy MySQL/MariaDB database in place (the `adopt_legacy` command's engine).

Order of work, under the migration lock:
 1. plan (read-only): live and shadow snapshots, per-table steps (erp.legacy.plan);
 2. conflicts (read-only): rows that would stop or corrupt a step (erp.legacy.conflicts); without
    `--resolve quarantine` any conflict stops the run (exit 2) before anything is changed;
 3. create the missing tables (the shadow's definitions), then quarantine conflicting values, record
    money values whose cents differ from the legacy display, and run one ALTER TABLE per table
    (ALGORITHM=INSTANT, NOCOPY or INPLACE where MariaDB allows it, else COPY);
 4. record schema migrations as applied and run the data migrations, so `migrate` has nothing to do;
 5. import the legacy users (erp.legacy.users), then add the foreign keys to auth_user (leaves.approved_by
    holds legacy user ids, valid once the users are imported with their ids).
Every step is re-derived from the live schema, so a re-run after an interruption finishes the job and
a run on an adopted database changes nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import secrets
import sys
import time
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython
from django.utils import timezone

from erp.legacy import charset, resolutions, times
from erp.legacy.conflicts import Conflict, ConflictFinder, relax_clauses
from erp.legacy.links import propose_links
from erp.legacy.parallel import each_on_its_connection
from erp.legacy.plan import TableStep, build_plan, materialized, qn, strip_create
from erp.legacy.quarantine import quarantine_conflicts
from erp.legacy.rows import plan_rows, set_rows_aside
from erp.migration_safety.django_api import project_state, record_applied
from erp.migration_safety.lock import HOLDER_TABLE, migration_lock
from erp.schema.diff import DRIFT, HARMLESS, INFO, compare
from erp.schema.introspection import IntrospectedSchema, introspect
from erp.schema.shadow import shadow_database

# Tables whose rows the legacy user import provides, and where the legacy ids come from.
USER_ID_SOURCES = {"auth_user": ("user", "id")}
UNSUPPORTED_ALGORITHM = {1845, 1846, 4092}

EXIT_OK, EXIT_ERROR, EXIT_CONFLICTS = 0, 1, 2


@dataclass
class Executed:
    sql: str
    algorithm: str
    seconds: float


@dataclass
class Outcome:
    exit_code: int
    report: dict = field(default_factory=dict)


def field_map() -> dict:
    out = {}
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            out[(model._meta.db_table, f.column)] = f
    return out


def load_user_importer():
    try:
        from erp.legacy.users import import_legacy_users
    except ModuleNotFoundError as exc:
        if exc.name in ("erp.legacy.users",):
            return None
        raise
    return import_legacy_users


class Adoption:
    def __init__(self, *, using: str = "default", dry_run: bool = False, resolve: str | None = None,
                 resolve_values: str | None = None, resolve_rows: str | None = None, resolutions: str | None = None,
                 report_path: str | None = None, stdout=None, lock_timeout: int = 60, jobs: int = 2,
                 use_cache: bool = True):
        self.using = using
        self.conn = connections[using]
        self.dry_run = dry_run
        # `resolve` is the older spelling of `resolve_values`.
        self.resolve_values = resolve_values or resolve
        self.resolve_rows = resolve_rows
        self.resolutions = resolutions
        self.resolve = self.resolve_values
        self.row_plan = None
        self.charsets: dict = {"tables": [], "double_encoded": [], "latin1_values": 0}
        self.report_path = report_path
        self.out = stdout or sys.stdout
        self.lock_timeout = lock_timeout
        self.jobs = max(1, jobs)
        self.use_cache = use_cache
        self.run_id = timezone.now().strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        self.executed: list[Executed] = []
        self.report: dict = {}
        self.lock = None

    def phase(self, name: str, since: float) -> float:
        now = time.monotonic()
        self.report.setdefault("phase_seconds", {})[name] = round(now - since, 3)
        return now

    def say(self, line: str = "") -> None:
        self.out.write(line + "\n")
        if hasattr(self.out, "flush"):
            self.out.flush()

    # ------------------------------------------------------------ SQL helpers
    # connections[...] is per thread: tables are altered in parallel, each worker on its own connection.
    def query(self, sql: str, params=()) -> list[tuple]:
        with connections[self.using].cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def execute(self, sql: str) -> None:
        with connections[self.using].cursor() as cur:
            cur.execute(sql)

    def alter(self, sql: str) -> str:
        """Run an ALTER TABLE with the cheapest algorithm MariaDB accepts; return the algorithm used.

        Strict mode stays (a value that does not fit its new type is refused), zero dates are let through:
        a table holding one in any column, one the ERP does not manage included, would otherwise refuse
        every ALTER that copies it. Those in the models' columns are conflicts, resolved before."""
        with self._zero_dates_allowed():
            return self._alter(sql)

    def alter_recorded(self, step: TableStep, sql: str) -> None:
        """alter(sql), recorded in the report with the algorithm used, under the step's table."""
        self.report["tables"][step.table]["statements"].append({"sql": sql, "algorithm": self.alter(sql)})

    @contextlib.contextmanager
    def _zero_dates_allowed(self):
        mode = self.query("SELECT @@SESSION.sql_mode")[0][0]
        allowed = ",".join(m for m in mode.split(",") if m not in ("NO_ZERO_DATE", "NO_ZERO_IN_DATE"))
        if allowed != mode:
            self.query("SET SESSION sql_mode = %s", [allowed])
        try:
            yield
        finally:
            if allowed != mode:
                self.query("SET SESSION sql_mode = %s", [mode])

    def _alter(self, sql: str) -> str:
        started = time.monotonic()
        for algorithm in ("INSTANT", "NOCOPY", "INPLACE"):
            try:
                self.execute(f"{sql}, ALGORITHM={algorithm}")
            except DatabaseError as exc:
                code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
                if code in UNSUPPORTED_ALGORITHM:
                    continue
                raise
            self.executed.append(Executed(f"{sql}, ALGORITHM={algorithm}", algorithm, time.monotonic() - started))
            return algorithm
        self.execute(sql)
        self.executed.append(Executed(sql, "COPY", time.monotonic() - started))
        return "COPY"

    def row_counts(self, tables) -> dict[str, int]:
        names = sorted(tables)
        counts = each_on_its_connection(lambda t: self.query(f"SELECT COUNT(*) FROM {qn(t)}")[0][0], names,
                                        jobs=self.jobs, using=self.using)
        return dict(zip(names, counts))

    def checksums(self, tables) -> dict[str, int]:
        out = {}
        for t in sorted(tables):
            rows = self.query(f"CHECKSUM TABLE {qn(t)}")
            out[t] = rows[0][1] if rows else None
        return out

    # ------------------------------------------------------------ the run
    def run(self) -> Outcome:
        if self.conn.vendor != "mysql":
            raise CommandError(
                f"adopt_legacy adopts MySQL/MariaDB legacy databases; DATABASE_URL points at {self.conn.vendor}. "
                "Nothing was changed.")
        started = time.monotonic()
        self.report = {"database": self.conn.settings_dict["NAME"], "run_id": self.run_id,
                       "started_at": timezone.now().isoformat(), "dry_run": self.dry_run,
                       "resolve_values": self.resolve_values, "resolve_rows": self.resolve_rows,
                       "resolutions": self.resolutions}
        outcome = Outcome(EXIT_ERROR)
        try:
            if self.dry_run:
                # Read-only: no lock (taking it may create the lock's holder table, a change).
                self.report["lock"] = "none (dry run)"
                outcome = self._run_locked()
            else:
                # The same lock as `migrate`: the two never run at once.
                # Only the named lock until work begins: a refused run creates and writes nothing (the
                # lock's holder table included).
                with migration_lock(using=self.using, timeout=self.lock_timeout, stdout=self.out,
                                    purpose="adopt_legacy", defer_bookkeeping=True) as lock:
                    self.lock = lock
                    self.report["lock"] = "erp.migration_safety.lock.migration_lock"
                    outcome = self._run_locked()
        except Exception as exc:
            self.report["outcome"] = f"error: {exc}"
            self.report["executed"] = [e.__dict__ for e in self.executed]
            raise
        finally:
            self.report["elapsed_seconds"] = round(time.monotonic() - started, 3)
            outcome.report = self.report
            if self.report_path:
                Path(self.report_path).write_text(json.dumps(self.report, indent=2, default=str))
                self.say(f"Report written to {self.report_path}")
        return outcome

    def _run_locked(self) -> Outcome:
        mark = time.monotonic()
        live = introspect(self.conn)
        counts_before = self.row_counts(live.tables)
        mark = self.phase("live_introspection_and_counts", mark)
        t0 = time.monotonic()
        expected, all_create_sql, cached = self._expected_schema()
        # The lock's holder table is the lock's own bookkeeping (created by lock.begin_work when work begins),
        # not a table of the plan.
        expected.tables.pop(HOLDER_TABLE, None)
        all_create_sql.pop(HOLDER_TABLE, None)
        create_sql = {t: sql for t, sql in all_create_sql.items() if t not in live.tables}
        self.report["shadow_seconds"] = round(time.monotonic() - t0, 3)
        self.report["shadow_from_cache"] = cached
        mark = self.phase("shadow", mark)

        importer = load_user_importer()
        id_sources = USER_ID_SOURCES if importer is not None else {}
        fields = field_map()
        finder = ConflictFinder(self.using, expected=expected, live=live, fields=fields, id_sources=id_sources)

        def default_literal(table: str, column: str) -> str | None:
            ok, value = finder.default_of(table, column)
            return finder.literal(value) if ok else None

        steps = build_plan(expected, live, create_sql=create_sql, default_literal=default_literal,
                           deferred_targets=set(USER_ID_SOURCES), row_counts=counts_before)
        mark = self.phase("plan", mark)
        conflicts = finder.find(steps, counts_before, jobs=self.jobs)
        mark = self.phase("conflicts", mark)
        conflicts = self.resolve_conflicts(conflicts, live=live, expected=expected, fields=fields)
        for step in steps:
            if step.action == "alter":
                step.relax = relax_clauses(step, conflicts, live)
        unmanaged = [s.table for s in steps if s.action == "unmanaged" and s.table != HOLDER_TABLE]
        checks_before = self.checksums(unmanaged)
        self.charsets = charset.find(steps, live, using=self.using)
        self.report["charset_conversions"] = self.charsets

        self._report_plan(steps, conflicts, counts_before)
        self._print_plan(steps, conflicts, importer)
        self.report["times"] = times.survey(live, expected.tables, using=self.using)
        for line in times.describe(self.report["times"]):
            self.say(line)
        if self.dry_run:
            # The money values the real run will record for review, as they will be converted: listed by the
            # first dry run too, which usually stops on conflicts (a value the run sets aside is not one).
            set_aside = {(c.table, c.column, str(pk)) for c in conflicts
                         if (c.resolution in ("value", "chosen") or (c.resolution == "none" and c.resolvable))
                         and not c.keep for pk, _ in c.rows}
            self.report["money_changes"] = [
                {"table": t, "column": c, "pk": key, "stored": stored, "legacy_displayed": displayed,
                 "converted": converted}
                for t, c, _pk, key, stored, displayed, converted, _target in self._money_candidates(steps)
                if (t, c, str(key)) not in set_aside and not (self.row_plan and self.row_plan.has(t, key))]
            if self.report["money_changes"]:
                self.say(f"Money: {len(self.report['money_changes'])} value(s) will differ from what the legacy "
                         "application displayed (listed in the report's money_changes; recorded for review).")
        for t in self.charsets["tables"]:
            values = [v for v in self.charsets["double_encoded"] if v["table"] == t["table"]]
            self.say(f"Character set: {t['table']} {t['from']} -> {t['to']}; {len(values)} value(s) hold UTF-8 bytes "
                     "(double-encoded) and are re-decoded" + (f", e.g. {values[0]['column']} #{values[0]['pk']}: "
                                                             f"{values[0]['converted']!r}" if values else ""))
        if self.charsets["latin1_values"]:
            self.say(f"  {self.charsets['latin1_values']} value(s) are latin1 text, converted as such.")
        if self.dry_run and self.resolutions and not Path(self.resolutions).exists():
            n = resolutions.write_template(self.resolutions, conflicts)
            self.report["resolutions_template"] = {"path": self.resolutions, "entries": n}
            self.say(f"Resolutions template written to {self.resolutions}: {n} entr(y/ies), one per conflicting "
                     "value; fill in the replacements you choose and run again with --resolutions.")
        unresolvable = [c for c in conflicts if c.resolution == "none"]
        if unresolvable:
            self._print_conflicts(conflicts, unresolvable)
            self.report["outcome"] = "stopped: conflicts"
            return Outcome(EXIT_CONFLICTS)
        if self.dry_run:
            self._print_sql(steps, conflicts)
            self.report["outcome"] = "dry run: nothing changed"
            self.report["sql"] = [sql for s in steps for sql in s.statements()]
            return Outcome(EXIT_OK)

        if self.lock is not None:
            self.lock.begin_work()  # the first write of this run: the lock's holder record
        self._apply(steps, conflicts, live, expected, importer)
        mark = time.monotonic()
        counts_after = self.row_counts(introspect(self.conn).tables)
        for t, entry in self.report["tables"].items():
            entry["rows_after"] = counts_after.get(t)
        checks_after = self.checksums(unmanaged)
        self.phase("counts_after", mark)
        self.report["unmanaged_tables"] = {
            t: {"rows": counts_after.get(t), "checksum_before": checks_before[t], "checksum_after": checks_after[t],
                "untouched": checks_before[t] == checks_after[t]} for t in unmanaged}
        self.report["executed"] = [e.__dict__ for e in self.executed]
        changed = any(s.changes for s in steps) or self.report["migrations"]["recorded"] or \
            self.report["migrations"]["run"]
        self.report["outcome"] = "adopted" if changed else "nothing to do: already adopted"
        self.say("Adoption finished: " + self.report["outcome"] + ".")
        self._print_checklist()
        return Outcome(EXIT_OK)

    def resolve_conflicts(self, conflicts: list[Conflict], *, live, expected, fields) -> list[Conflict]:
        """Give each conflict the resolution the operator chose (never a silent one); split a conflict whose
        rows get different ones. Raises resolutions.BadResolutions (nothing changed) on a bad file."""
        chosen = {}
        if self.resolutions and (not self.dry_run or Path(self.resolutions).exists()):
            chosen = resolutions.load(self.resolutions, conflicts, fields=fields, using=self.using)
        out = []
        for c in conflicts:
            picked = {str(pk): chosen[(c.table, c.column, str(pk))] for pk, _ in c.rows
                      if (c.table, c.column, str(pk)) in chosen}
            if picked and c.spelling:
                picked = {}  # the case conversion is exact: the file cannot override it
            if picked:
                mine = [r for r in c.rows if str(r[0]) in picked]
                part = replace(c, rows=mine, count=len(mine), resolution="chosen", chosen=picked)
                out.append(part)
                rest = [r for r in c.rows if str(r[0]) not in picked]
                if not rest:
                    continue
                c = replace(c, rows=rest, count=len(rest))
            if c.spelling and self.resolve_values == "quarantine":
                c.resolution = "chosen"
            elif c.resolvable and self.resolve_values == "quarantine":
                c.resolution = "value"
            elif c.rows_eligible and c.rows and c.pk_column and self.resolve_rows == "quarantine":
                c.resolution = "row"
            else:
                c.resolution = "none"
                if c.resolvable:
                    c.unresolvable_reason = "no resolution chosen (--resolve-values, --resolve-rows or --resolutions)"
                elif not c.rows_eligible or not c.rows:
                    pass
                elif self.resolve_rows != "quarantine":
                    c.unresolvable_reason = (c.unresolvable_reason or "no value can replace it") + \
                        "; --resolve-rows quarantine would set its rows aside whole"
            out.append(c)
        row_conflicts = [c for c in out if c.resolution == "row"]
        self.row_plan = plan_rows(row_conflicts, live=live, expected=expected, using=self.using)
        if self.row_plan.ineligible:
            for c in row_conflicts:
                c.resolution = "none"
                c.unresolvable_reason = "rows not eligible for row quarantine: " + "; ".join(
                    dict.fromkeys(self.row_plan.ineligible))
            self.row_plan = plan_rows([], live=live, expected=expected, using=self.using)
        # Values of rows that are set aside whole are set aside with them.
        kept = []
        for c in out:
            if c.resolution in ("value", "chosen") and self.row_plan.count:
                rows = [r for r in c.rows if not self.row_plan.has(c.table, r[0])]
                if not rows:
                    continue
                c.rows, c.count = rows, len(rows)
            kept.append(c)
        if self.row_plan.count:
            self.report["row_quarantine"] = self.row_plan.as_dict()
        return kept

    def _print_checklist(self) -> None:
        """What the adopting company reviews now: what, where and how many."""
        from erp.legacy.review import checklist

        items = checklist(using=self.using)
        self.report["checklist"] = items
        self.say("")
        self.say("Checklist after adoption (open items):")
        for item in items:
            if item["count"]:
                self.say(f"  [ ] {item['count']:>4}  {item['what']}")
        self.say(f"  Where: {checklist_where(items)}")
        self.say("  Verify: `manage.py schemacheck` (exit 0) and `manage.py migrate` (nothing to apply).")

    def _expected_schema(self):
        """The shadow's snapshot and CREATE TABLE statements, built now or taken from the cache.

        The cache (erp.legacy.shadow_cache) is keyed by the content of every migration file, Django's
        and the server's versions and the database's default charset: the dry run builds it, the real
        run that follows reuses it. `schemacheck` never uses it.
        """
        from erp.legacy import shadow_cache

        key = shadow_cache.cache_key(self.using) if self.use_cache else None
        hit = shadow_cache.load(key) if key else None
        if hit is not None:
            return IntrospectedSchema.from_dict(hit["snapshot"]), hit["create_sql"], True
        with shadow_database(self.using) as alias:
            expected = introspect(connections[alias])
            create_sql = {}
            with connections[alias].cursor() as cur:
                for t in expected.tables:
                    cur.execute(f"SHOW CREATE TABLE {qn(t)}")
                    create_sql[t] = strip_create(cur.fetchone()[1])
        if key:
            shadow_cache.store(key, {"snapshot": expected.as_dict(), "create_sql": create_sql})
        return expected, create_sql, False

    # ------------------------------------------------------------ applying
    def _apply(self, steps: list[TableStep], conflicts: list[Conflict], live, expected, importer) -> None:
        mark = time.monotonic()
        tables = self.report["tables"]
        creates = [s for s in steps if s.action == "create"]
        if creates:
            # New tables are empty; their foreign keys may point at each other in any order.
            self.execute("SET SESSION foreign_key_checks = 0")
            try:
                for s in creates:
                    t0 = time.monotonic()
                    self.execute(s.create_sql)
                    self.executed.append(Executed(s.create_sql, "CREATE", time.monotonic() - t0))
                    tables[s.table]["statements"].append({"sql": s.create_sql, "algorithm": "CREATE"})
                    self.say(f"  {s.table:<30} {'new':>9}       created  {time.monotonic() - t0:6.2f} s")
            finally:
                self.execute("SET SESSION foreign_key_checks = 1")

        self._prepare_tables(steps)
        if self.row_plan is not None and self.row_plan.count:
            n = set_rows_aside(self.row_plan, live=live, run_id=self.run_id, using=self.using)
            self.report["quarantined_rows"] = n
            self.say(f"Set aside {n} row(s) whole: see ERP administration > Quarantined rows.")
        for s in steps:
            for clause in s.relax:
                self.alter_recorded(s, s.alter_sql([clause]))
        if conflicts:
            n = quarantine_conflicts(conflicts=conflicts, run_id=self.run_id, using=self.using)
            self.report["quarantined_values"] = n
            self.say(f"Quarantined {n} value(s): see ERP administration > Quarantined values.")

        if self.charsets["double_encoded"]:
            charset.record(self.charsets, run_id=self.run_id, using=self.using)
        money_candidates = self._record_money_review(steps)
        mark = self.phase("creates_quarantine_money", mark)
        todo = sorted((s for s in steps if s.action == "alter" and (s.pre or s.clauses or s.post)),
                      key=lambda s: -(tables[s.table]["rows_before"] or 0))
        retry = self._alter_tables([(s, 0) for s in todo], jobs=self.jobs)
        if retry:
            # A table whose ALTER lost a metadata-lock deadlock against another (foreign keys between
            # tables altered at once) was rolled back whole; it is simply done again, alone.
            self._alter_tables(retry, jobs=1)
        for s in steps:
            if s.relink:  # every table altered: the keys on both sides have their new types
                self.alter_recorded(s, s.relink_sql)
                self.say(f"  {s.table:<30} {len(s.relink)} foreign key(s) added over the changed key types")
        redecoded = charset.apply_recorded(using=self.using)
        self.report["charset_conversions"]["redecoded"] = redecoded
        if redecoded:
            self.say(f"Re-decoded {redecoded} double-encoded value(s) as UTF-8 (recorded in Quarantined values, "
                     "reason 'double encoded').")
        spelled = [c for c in conflicts if c.spelling and c.resolution == "chosen"]
        if spelled:
            # After the type change: a legacy ENUM compares without case and would keep its own spelling.
            n = quarantine_conflicts(conflicts=spelled, run_id=self.run_id, using=self.using, spelling=True)
            self.say(f"Converted {n} choice value(s) to the model's spelling (originals in Quarantined values).")
        mark = self.phase("alters", mark)
        self._verify_money(money_candidates)
        self._verify_schema(expected, steps)

        # The data migrations first: the user import needs the module groups (0003) and takes over the
        # never-used first admin (0002) when a legacy user has its id and username.
        # The first-admin migration prints a generated password: held back until the user import has
        # run, because a legacy user with the same id and username takes that admin over (and the
        # generated password then does not work): it is printed only if it still works.
        held = io.StringIO()
        with contextlib.redirect_stdout(held):
            self.report["migrations"] = self._record_migrations()
        mark = self.phase("migrations", mark)
        self.report["legacy_users"] = self._import_users(importer)
        self._print_first_admin(held.getvalue())
        for s in steps:
            if s.deferred:
                self.alter_recorded(s, s.alter_sql(s.deferred))
                self.say(f"  {s.table:<30} foreign keys to imported users added")
        imported = (self.report["legacy_users"] or {}).get("imported")
        if imported or any(s.changes for s in steps):
            # Once, on the run that adopts: a re-run on an adopted database changes nothing.
            self.report["link_proposals"] = propose_links(run_id=self.run_id, using=self.using)
        self.phase("users_and_deferred", mark)

    def _print_first_admin(self, printed: str) -> None:
        """What the first-admin migration printed, unless its user was taken over by a legacy user."""
        from erp.legacy.users import BOOTSTRAP_ADMIN_KIND, TAKEN_OVER_KIND
        from erp.models import BootstrapRecord

        records = BootstrapRecord.objects.using(self.using)
        if "password:" in printed and not records.filter(kind=BOOTSTRAP_ADMIN_KIND).exists():
            taken = records.filter(kind=TAKEN_OVER_KIND).exists()
            self.say("First admin: " + ("taken over by the legacy user with its id and username, who signs in with "
                                        "the legacy password" if taken else "not kept") + "; no password to note.")
            self.report["first_admin"] = "taken over by a legacy user" if taken else "not kept"
            return
        if printed.strip():
            self.out.write(printed)
        self.report["first_admin"] = "created" if printed.strip() else "not created (a superuser exists)"

    def _verify_schema(self, expected: IntrospectedSchema, steps: list[TableStep]) -> None:
        """The tables as the models need them, read back before any migration is recorded as applied: an ALTER
        that did less than it said (a storage engine that drops foreign keys silently) stops the run here,
        never a wrong schema recorded as migrated. The foreign keys to imported users come after the import."""
        later = {name for s in steps for clause in s.deferred for name in re.findall(r"ADD CONSTRAINT `([^`]+)`",
                                                                                       clause)}
        drift = [d for d in compare(expected, introspect(self.conn, tables=set(expected.tables)))
                 if d.severity == DRIFT and not (d.kind == "fk_missing" and d.name in later)]
        if drift:
            self.report["drift_after_changes"] = [str(d) for d in drift]
            raise CommandError(
                f"Stopped before recording any migration as applied: after its changes the schema still differs "
                f"from the models' in {len(drift)} place(s):\n" + "\n".join(f"  {d}" for d in drift[:20])
                + ("\n  ..." if len(drift) > 20 else "") + "\nThe changes made so far stay (a re-run plans only "
                "what is still missing); no migration is recorded. `manage.py schemacheck` lists the same.")

    def _prepare_tables(self, steps: list[TableStep]) -> None:
        """Each legacy table's preparation (TableStep.preparation) before any of its rows is set aside or
        changed: the foreign keys over a column whose type changes go (every table's, before any ALTER), the
        zero-date DEFAULTs go, then a MyISAM table becomes InnoDB, so that what follows runs in transactions
        and the foreign keys added later exist (MyISAM drops them without a word)."""
        tables = self.report["tables"]
        for s in steps:
            if s.unlink:  # one table after the other: each also locks the table its keys reference
                self.alter_recorded(s, s.unlink_sql)
                self.say(f"  {s.table:<30} {len(s.unlink)} foreign key(s) dropped until the key types are changed")

        def work(s: TableStep) -> None:
            t0 = time.monotonic()
            if s.zero_defaults:
                self.alter_recorded(s, s.zero_defaults_sql)
            if s.table_options_sql:
                # The rows are copied as stored (their zero dates included, see alter): the conflicts'
                # resolutions come next, in transactions.
                self.alter_recorded(s, s.table_options_sql)
            changed = ", ".join(filter(None, [s.zero_defaults and "zero-date default(s) dropped",
                                              s.engine_from and f"{s.engine_from} -> {s.engine_to}",
                                              s.row_format_from and f"row format {s.row_format_from} -> Dynamic"]))
            self.say(f"  {s.table:<30} {tables[s.table]['rows_before'] or 0:>9} rows  prepared "
                     f"{time.monotonic() - t0:6.2f} s  ({changed})")

        todo = sorted((s for s in steps if s.action == "alter" and (s.zero_defaults or s.table_options_sql)),
                      key=lambda s: -(tables[s.table]["rows_before"] or 0))
        each_on_its_connection(work, todo, jobs=self.jobs, using=self.using)

    def _alter_tables(self, todo: list[tuple[TableStep, int]], *, jobs: int) -> list[tuple[TableStep, int]]:
        """The per-table ALTERs, largest tables first, on `jobs` connections; each table's statements from the
        given position (the ones before it are done). Returns the tables to retry, each with its position:
        the statement that lost a lock wait or deadlock (rolled back whole: an ALTER is all or nothing) and
        those after it, never the ones done (a second DROP FOREIGN KEY would fail)."""
        tables = self.report["tables"]

        def work(item: tuple[TableStep, int]) -> tuple[TableStep, int] | None:
            s, start = item
            t0 = time.monotonic()
            used = []
            statements = s.changes_sql()
            for position in range(start, len(statements)):
                sql = statements[position]
                try:
                    algorithm = self.alter(sql)
                except DatabaseError as exc:
                    if jobs > 1 and exc.args and exc.args[0] in (1205, 1213):
                        return s, position
                    raise
                used.append(algorithm)
                tables[s.table]["statements"].append({"sql": sql, "algorithm": algorithm})
            rows = tables[s.table]["rows_before"]
            self.say(f"  {s.table:<30} {rows:>9} rows  altered  {time.monotonic() - t0:6.2f} s  ({', '.join(used)})")
            return None

        return [r for r in each_on_its_connection(work, todo, jobs=jobs, using=self.using) if r is not None]

    def _import_users(self, importer) -> dict:
        if importer is None:
            self.say("Legacy users: not imported (erp.legacy.users is not installed in this version).")
            return {"status": "not available: erp.legacy.users is not installed"}
        result = importer(using=self.using, stdout=self.out)
        return {"status": "imported", **(result or {})}

    def _record_migrations(self) -> dict:
        """Record schema migrations as applied (the schema is there) and run the data migrations.

        A migration made only of RunPython operations is run; any other is recorded as applied, its
        schema being in place already. A migration mixing both (Django's contenttypes.0002) is recorded:
        its data step concerns rows of a table this adoption has just created empty.
        """
        executor = MigrationExecutor(self.conn)
        executor.recorder.ensure_schema()
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        state = project_state(executor, with_applied_migrations=True)
        recorded, ran = [], []
        if plan:
            from django.core.management.sql import emit_pre_migrate_signal

            # As `migrate` does: the module groups' receivers note the permissions present before (erp.apps),
            # so the post_migrate below gives each group its new models' permissions.
            emit_pre_migrate_signal(0, False, self.using)
        for migration, backwards in plan:
            label = f"{migration.app_label}.{migration.name}"
            if migration.operations and all(isinstance(op, RunPython) for op in migration.operations):
                state = executor.apply_migration(state, migration)
                ran.append(label)
            else:
                state = migration.mutate_state(state, preserve=False)
                record_applied(executor, migration)
                recorded.append(label)
        try:
            from erp.migration_safety.checksums import record_checksums
        except ImportError:
            pass
        else:
            # As `migrate` does: a migration edited after this adoption is then reported by schemacheck.
            record_checksums(self.using)
        if plan:
            from django.core.management.sql import emit_post_migrate_signal

            emit_post_migrate_signal(0, False, self.using)
            self.say(f"Migrations: {len(recorded)} recorded as applied, {len(ran)} data migration(s) run.")
        return {"recorded": recorded, "run": ran}

    # ------------------------------------------------------------ money
    def _money_candidates(self, steps: list[TableStep]) -> list[tuple]:
        """Read-only: FLOAT amounts that differ from the legacy display once they become DECIMAL(p,s): money's
        cents, or the decimal places a DECIMAL(5,1) does not keep (a rating shown as 4.25 becomes 4.3)."""
        candidates = []
        for s in steps:
            if not s.money_columns:
                continue
            pk = self._pk(s.table)
            if pk is None:
                continue
            for column, target in s.money_columns:
                scale = int(re.fullmatch(r"decimal\(\d+,(\d+)\)", target).group(1))
                places = Decimal(1).scaleb(-scale)
                # The server compares first (exact decimal arithmetic on the same two texts, rounded half away
                # from zero as ROUND_HALF_UP does): only the rows that may differ come back, and are compared
                # again here. Texts in exponent notation always come back.
                # The comparison depends on the value alone: it is made once per distinct value (the grouping
                # materialized by LIMIT, so the server does not push the comparison back to every row), and
                # the rows are read only when some value may differ.
                stored_v, displayed_v = "CAST(CAST(v AS DOUBLE) AS CHAR)", "CAST(v AS CHAR)"
                distinct = materialized(f"SELECT {qn(column)} AS v FROM {qn(s.table)} WHERE {qn(column)} IS NOT NULL "
                                        f"GROUP BY {qn(column)}", "distinct_values")
                differing = (
                    f"SELECT v FROM {distinct} WHERE NOT (ROUND(CAST({stored_v} AS DECIMAL(65,30)), {scale}) "
                    f"<=> CAST({displayed_v} AS DECIMAL(65,30))) OR {stored_v} LIKE '%%e%%' "
                    f"OR {displayed_v} LIKE '%%e%%'")
                if not self.query(f"SELECT COUNT(*) FROM ({differing}) AS d")[0][0]:
                    continue
                rows = self.query(
                    f"SELECT {qn(pk)}, CAST(CAST({qn(column)} AS DOUBLE) AS CHAR), CAST({qn(column)} AS CHAR) "
                    f"FROM {qn(s.table)} WHERE {qn(column)} IN ({differing}) ORDER BY {qn(pk)}")
                for key, stored, displayed in rows:
                    converted = Decimal(stored).quantize(places, rounding=ROUND_HALF_UP)
                    if converted != Decimal(displayed):
                        candidates.append((s.table, column, pk, key, stored, displayed, str(converted), target))
        return candidates

    def _record_money_review(self, steps: list[TableStep]) -> list[tuple]:
        """Before FLOAT becomes DECIMAL: record rows whose converted value differs from the legacy display."""
        from erp.models import QuarantinedValue

        candidates = self._money_candidates(steps)
        seen = set(QuarantinedValue.objects.using(self.using).filter(reason="money_review").values_list(
            "table_name", "column_name", "row_pk"))
        QuarantinedValue.objects.using(self.using).bulk_create(
            QuarantinedValue(
                table_name=table, column_name=column, row_pk=str(key), reason="money_review",
                legacy_display=displayed,
                detail=f"legacy application displayed {displayed}; stored FLOAT {stored}; "
                       f"converted to {target} as {converted}",
                original_value=stored, replacement_value=converted, restorable=False, adoption_run=self.run_id)
            for table, column, _pk, key, stored, displayed, converted, target in candidates
            if (table, column, str(key)) not in seen)
        return candidates

    def _verify_money(self, candidates: list[tuple]) -> None:
        from erp.models import QuarantinedValue

        report = []
        for table, column, pk, key, stored, displayed, estimated, _target in candidates:
            actual = self.query(f"SELECT CAST({qn(column)} AS CHAR) FROM {qn(table)} WHERE {qn(pk)} = %s", (key,))
            converted = actual[0][0] if actual else None
            if converted is not None and converted != estimated:
                QuarantinedValue.objects.using(self.using).filter(
                    table_name=table, column_name=column, row_pk=str(key), reason="money_review"
                ).update(replacement_value=converted)
            report.append({"table": table, "column": column, "pk": key, "stored": stored,
                           "legacy_displayed": displayed, "converted": converted})
        self.report["money_changes"] = report
        if report:
            self.say(f"Money: {len(report)} value(s) differ from what the legacy application displayed "
                     "(recorded for review: Quarantined values, reason 'money review').")

    def _pk(self, table: str) -> str | None:
        rows = self.query(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = %s AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX", (table,))
        return rows[0][0] if len(rows) == 1 else None

    # ------------------------------------------------------------ output
    def _report_plan(self, steps, conflicts, counts_before) -> None:
        self.report["tables"] = {
            s.table: {
                "action": s.action, "rows_before": counts_before.get(s.table, 0 if s.action == "create" else None),
                "rows_after": None, "columns_added": s.columns_added, "columns_altered": s.columns_altered,
                "indexes_renamed": s.renamed_indexes, "statements": [],
                "planned_sql": s.statements(),
                "harmless": [str(d) for d in s.differences if d.severity == HARMLESS],
                "unmanaged_columns": [d.name for d in s.differences if d.severity == INFO],
            } for s in steps}
        self.report["conflicts"] = [c.as_dict() for c in conflicts]
        self.report.setdefault("money_changes", [])
        self.report.setdefault("legacy_users", {"status": "not run"})
        self.report.setdefault("migrations", {"recorded": [], "run": []})

    def _print_plan(self, steps, conflicts, importer) -> None:
        by_action = {}
        for s in steps:
            by_action.setdefault(s.action, []).append(s)
        self.say(f"Adoption plan for {self.conn.settings_dict['NAME']} (run {self.run_id}):")
        for s in by_action.get("create", []):
            self.say(f"  create    {s.table}")
        for s in by_action.get("alter", []):
            parts = []
            if s.columns_added:
                parts.append("add " + ", ".join(s.columns_added))
            if s.columns_altered:
                altered = (f"{c['column']} ({c['from']} -> {c['to']})" for c in s.columns_altered)
                parts.append("alter " + ", ".join(altered))
            keys = len([c for c in s.clauses if c.startswith(("ADD INDEX", "ADD UNIQUE", "ADD CONSTRAINT"))])
            if keys:
                parts.append(f"{keys} key/constraint(s)")
            if s.renamed_indexes:
                parts.append("rename " + ", ".join(f"{a}->{b}" for a, b in s.renamed_indexes))
            if s.deferred:
                parts.append(f"{len(s.deferred)} FK(s) to imported users")
            if s.zero_defaults:
                parts.append("drop the zero-date default of " + ", ".join(s.zero_defaults))
            if s.engine_from:
                parts.append(f"engine {s.engine_from} -> {s.engine_to} (transactions, foreign keys)")
            if s.row_format_from:
                parts.append(f"row format {s.row_format_from} -> Dynamic (long index keys)")
            if s.unlink or s.relink:
                parts.append(f"{len(s.unlink)} FK(s) dropped and {len(s.relink)} added around the key type changes")
            self.say(f"  alter     {s.table}: " + "; ".join(parts))
        matching = [s.table for s in by_action.get("unchanged", [])]
        if matching:
            self.say(f"  matching  {', '.join(matching)}")
        unmanaged = [s.table for s in by_action.get("unmanaged", [])]
        if unmanaged:
            self.say(f"  untouched (not managed by the ERP): {', '.join(unmanaged)}")
        if importer is None:
            self.say("  note: erp.legacy.users is not installed: legacy users will not be imported by this run")
        if conflicts:
            self.say(f"Conflicts: {len(conflicts)} (values that would stop or corrupt the change)")
            for c in conflicts:
                self.say(f"  {c.table}.{c.column}: {c.reason}, {c.count} row(s), e.g. keys {c.examples}: {c.detail}"
                         + ("" if c.resolvable or c.resolution != "none"
                            else f"  [cannot be quarantined: {c.unresolvable_reason}]"))
                self.say(f"      -> resolution: {c.describe_resolution()}")
        plan = self.row_plan
        if plan is not None and plan.count:
            cascade = plan.cascaded()
            self.say(f"Rows set aside whole (row quarantine): {plan.count}, of which {len(cascade)} because they "
                     "reference a row set aside (the cascade):")
            for table, rows in sorted(plan.rows.items()):
                keys = sorted(rows, key=lambda k: (len(k), k))
                self.say(f"  {table}: {len(keys)} row(s), keys {keys[:10]}{' ...' if len(keys) > 10 else ''}")
            for table, pk, parent in cascade[:20]:
                self.say(f"  cascade: {table} #{pk} goes with {parent[0]} #{parent[1]}")

    def _print_conflicts(self, conflicts, unresolvable) -> None:
        self.say(f"Stopped: {len(unresolvable)} conflict(s) without a resolution. Nothing was changed.")
        if any(c.resolvable for c in unresolvable):
            self.say("  Choose one explicitly: --resolve-values quarantine (set the values aside: NULL or the "
                     "field's default, originals recorded and restorable), --resolve-rows quarantine (set the "
                     "rows aside whole, restorable after correction), or --resolutions FILE (your own "
                     "replacement values; a dry run with --resolutions writes the template).")

    def _print_sql(self, steps, conflicts) -> None:
        self.say("SQL that would run (ALGORITHM chosen at run time: INSTANT, NOCOPY, INPLACE, else COPY):")
        for s in steps:
            for sql in s.statements():
                self.say("  " + " ".join(sql.split()) + ";")
        if self.row_plan is not None and self.row_plan.count:
            self.say(f"  -- set aside {self.row_plan.count} row(s) whole (recorded with every column), "
                     "then delete them")
        for c in conflicts:
            if c.resolution == "row":
                continue
            if c.resolution == "chosen":
                self.say(f"  -- replace {c.count} value(s) of {c.table}.{c.column} by the chosen values, "
                         "originals recorded")
                continue
            if c.keep:
                self.say(f"  -- keep {c.count} value(s) of {c.table}.{c.column} as they are, recorded for review")
                continue
            self.say(f"  -- quarantine {c.count} value(s) of {c.table}.{c.column}, "
                     f"set to {c.replacement_text or 'NULL'}")
        self.say("  -- then: import legacy users, record migrations, run data migrations")
        self.say("Dry run: nothing was changed.")


def checklist_where(items: list[dict]) -> str:
    places = list(dict.fromkeys(item["where"] for item in items if item["count"]))
    return "; ".join(places) or "nothing left to review"


def adopt(**kwargs) -> Outcome:
    return Adoption(**kwargs).run()

