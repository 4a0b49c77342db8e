"""Volume demo data for every module, generated reproducibly and written in bulk (`manage.py seed_demo`).

A plan sizes each table from one number N (about N rows each in attendance, gate entry logs and
payments); generators yield rows as plain tuples with keys assigned here, so foreign keys are
consistent without reading anything back; a writer loads them in transactions of 50,000 rows: on
MySQL/MariaDB by LOAD DATA LOCAL INFILE from a second connection (multi-row INSERTs where the server
refuses it, or inside a caller's transaction), elsewhere by executemany. On MySQL/MariaDB the big
tables' plain secondary indexes are dropped for their load and built afterwards (README, "Demo data").
"""

from __future__ import annotations

import functools
import math
import os
import queue
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Iterator

from django.apps import apps
from django.db import connections, transaction

from erp.admin_base import estimated_table_rows
from erp.migration_safety.pending import nothing_to_apply

# ------------------------------------------------------------------ vocabulary
FIRST_NAMES = (
    "Aarav Vivaan Aditya Arjun Sai Reyansh Krishna Ishaan Rohan Rahul Amit Sunil Vikram Manoj Suresh Ravi "
    "Priya Ananya Diya Kavya Meera Pooja Sneha Neha Anjali Lakshmi Sunita Rekha Divya Swati Nisha Asha"
).split()
LAST_NAMES = (
    "Sharma Verma Patel Singh Kumar Reddy Nair Iyer Gupta Joshi Mehta Shah Rao Das Yadav Mishra Pillai "
    "Chauhan Thakur Desai Kulkarni Menon Bhat Pandey Saxena Agarwal Naidu Gill Sethi Bose"
).split()
DEPARTMENTS = {
    "Production": ["Machine Operator", "Welder", "Fitter", "Line Supervisor"],
    "Assembly": ["Assembler", "Quality Inspector", "Shift Lead"],
    "Sales": ["Sales Executive", "Showroom Manager", "Key Account Manager"],
    "Stores": ["Storekeeper", "Inventory Clerk"],
    "Dispatch": ["Dispatch Clerk", "Driver", "Loader"],
    "Accounts": ["Accountant", "Cashier"],
    "HR": ["HR Executive", "Recruiter"],
    "Security": ["Security Guard", "Gate Supervisor"],
}
PRODUCTS = [
    ("Power Tiller PT-12", "tiller", 98000, 124500),
    ("Rotavator RX-7", "rotavator", 71500, 89900),
    ("Seed Drill SD-9", "seed_drill", 54000, 67250),
    ("Mini Tractor MT-25", "tractor", 392000, 465000),
    ("Harvester H-40", "harvester", 1180000, 1395000),
    ("Boom Sprayer BS-400", "sprayer", 38500, 47900),
    ("Rotavator blade set", "spare_part", 6200, 8450),
    ("Tiller gearbox assembly", "spare_part", 14800, 19900),
    ("Disc Harrow DH-16", "harrow", 61000, 76800),
    ("Cultivator C-9", "cultivator", 32000, 41500),
]
CITIES = "Pune Nashik Indore Ludhiana Karnal Hubli Guntur Rajkot Agra Nagpur Raipur Hisar".split()
SUPPLIERS = "Bharat Forgings|Shakti Castings|Sai Steel Traders|Kisan Hydraulics|Om Bearings|Delta Paints".split("|")
COMPANIES = "Agro Corp|Green Fields Ltd|Kisan Seva Kendra|State Bank|District Office|Tata Motors".split("|")


@dataclass
class Plan:
    """How many rows each table gets for a scale N, over which working days."""

    scale: int
    until: date
    employees: int = 0
    working_days: list[date] = field(default_factory=list)
    gate_users: int = 0
    products: int = 0
    customers: int = 0
    orders: int = 0
    vehicles: int = 0
    visitors: int = 0
    purchase_orders: int = 0

    @classmethod
    def for_scale(cls, scale: int, until: date) -> Plan:
        plan = cls(scale=scale, until=until)
        plan.employees = max(8, scale // 250)
        days = max(1, math.ceil(scale / plan.employees))
        plan.working_days = working_days_until(until, days)
        plan.gate_users = max(5, scale // 500)
        plan.products = max(10, scale // 100)
        plan.customers = max(10, scale // 200)
        plan.orders = max(4, scale // 3)
        plan.vehicles = max(3, scale // 20_000)
        plan.visitors = max(5, scale // 50)
        plan.purchase_orders = max(5, scale // 100)
        return plan

    def months(self) -> list[date]:
        first = self.working_days[0].replace(day=1)
        out = []
        while first <= self.until:
            out.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return out


def working_days_until(until: date, count: int) -> list[date]:
    """The last `count` working days (Monday to Saturday, as the factories work) up to `until`."""
    days = []
    day = until
    while len(days) < count:
        if day.weekday() != 6:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _d(value: date) -> str:
    return value.isoformat()


def _dt(value: datetime) -> str:
    return value.isoformat(" ", "seconds")


# Clock times and worked hours by minute of the day, formatted once.
_CLOCK = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(24 * 60)]
_HOURS = [f"{m / 60:.2f}" for m in range(24 * 60)]


def _money(value: float) -> str:
    return f"{value:.2f}"


# ------------------------------------------------------------------ writer
class Progress:
    """One line on stderr, rewritten in place: table, bar, rows so far of all planned, rows/s."""

    def __init__(self, total: int, stream=None, enabled: bool = True):
        self.total = max(total, 1)
        self.done = 0
        self.started = time.perf_counter()
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._last = 0.0

    def advance(self, rows: int, label: str) -> None:
        self.done += rows
        now = time.perf_counter()
        if not self.enabled or (now - self._last < 0.2 and self.done < self.total and rows):
            return
        self._last = now
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        rate = self.done / max(now - self.started, 1e-9)
        self.stream.write(
            f"\r{label:<22} [{bar:<30}] {self.done:>11,}/{self.total:,} rows {rate:>9,.0f} rows/s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _mysql_value(value) -> str:
    from MySQLdb._mysql import string_literal

    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    return string_literal(str(value).encode()).decode()


def _mysql_row_literal(row: tuple) -> str:
    """A row as SQL text, escaped without the connection (the driver allows one thread on it: the sender's).

    Fast path: quote every value and check that no value brought a quote, backslash or NUL of its
    own; otherwise escape value by value. MySQL reads a quoted number as the number.
    """
    text = "('" + "','".join(["\0" if v is None else str(v) for v in row]) + "')"
    if "\\" in text or text.count("'") != 2 * len(row) or text.count("\0") != row.count(None):
        return "(" + ",".join(map(_mysql_value, row)) + ")"
    return text.replace("'\0'", "NULL")


def _tsv_value(value) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\0", "\\0")


def _tsv(rows: list[tuple], columns: int) -> str:
    """Rows as LOAD DATA's default text format: tab-separated, newline-terminated, NULL as \\N.

    Fast path: join everything, then check that no value brought a tab, newline, backslash or NUL
    of its own; otherwise escape value by value.
    """
    nulls = sum(row.count(None) for row in rows)
    text = "\n".join(["\t".join(["\0" if v is None else str(v) for v in row]) for row in rows]) + "\n"
    if ("\\" in text or text.count("\t") != len(rows) * (columns - 1) or text.count("\n") != len(rows)
            or text.count("\0") != nulls):
        return "".join("\t".join(map(_tsv_value, row)) + "\n" for row in rows)
    return text.replace("\0", "\\N")


class TableWriter:
    """Tuples into one model's table, committed every `rows_per_transaction` rows.

    MySQL/MariaDB with a `loader` connection: LOAD DATA LOCAL INFILE of one file per transaction.
    Without one: multi-row INSERTs built here (escaped without the connection) and sent from a second
    thread, so generating the next batch overlaps with the server storing the last one. SQLite:
    executemany.
    """

    statement_bytes = 1024 * 1024
    rows_per_transaction = 50_000
    sqlite_batch = 5_000

    def __init__(self, alias: str, model, fields: list[str], progress: Progress, loader=None):
        self.alias = alias
        self.connection = connections[alias]
        self.model = model
        self.progress = progress
        # MySQL/MariaDB: a DB-API connection opened with local_infile, for LOAD DATA LOCAL INFILE.
        self.loader = loader
        qn = self.connection.ops.quote_name
        columns = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
        self.columns = len(fields)
        self.prefix = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES "
        self.load_sql = (f"LOAD DATA LOCAL INFILE %s INTO TABLE {qn(model._meta.db_table)} CHARACTER SET utf8mb4 "
                         f"FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ({columns})")
        self.placeholders = "(" + ", ".join(["?"] * len(fields)) + ")"
        self.written = 0

    def write(self, rows: Iterable[tuple]) -> int:
        self.connection.ensure_connection()
        if self.connection.vendor == "mysql" and self.loader is not None:
            self._write_load_data(rows)
        elif self.connection.vendor == "mysql":
            self._write_mysql(rows)
        else:
            self._write_executemany(rows)
        return self.written

    def _chunks(self, rows: Iterable[tuple]) -> Iterator[list[tuple]]:
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.rows_per_transaction:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _write_executemany(self, rows: Iterable[tuple]) -> None:
        label = self.model._meta.db_table
        for chunk in self._chunks(rows):
            with transaction.atomic(using=self.alias):
                cursor = self.connection.connection.cursor()
                for i in range(0, len(chunk), self.sqlite_batch):
                    part = chunk[i: i + self.sqlite_batch]
                    cursor.executemany(self.prefix + self.placeholders, part)
                    self.written += len(part)
                    self.progress.advance(len(part), label)

    def _write_load_data(self, rows: Iterable[tuple]) -> None:
        """Each transaction's rows as a tab-separated file, loaded by LOAD DATA LOCAL INFILE from a second thread.

        The server parses such a file several times faster than the same rows as INSERT statements;
        writing the next file overlaps with the server loading the last one.
        """
        label = self.model._meta.db_table
        raw = self.loader
        cursor = raw.cursor()

        def load(item) -> None:
            path, count = item
            try:
                cursor.execute(self.load_sql, [path])
                raw.commit()
                self.written += count
                self.progress.advance(count, label)
            finally:
                os.unlink(path)

        with tempfile.TemporaryDirectory(prefix="seed_demo_") as folder, _Sender(label, load, 2) as sender:
            for n, chunk in enumerate(self._chunks(rows)):
                sender.raise_failure()
                path = os.path.join(folder, f"{n}.tsv")
                with open(path, "w", encoding="utf-8", newline="") as out:
                    out.write(_tsv(chunk, self.columns))
                sender.put((path, len(chunk)))
            sender.wait()

    def _write_mysql(self, rows: Iterable[tuple]) -> None:
        label = self.model._meta.db_table
        cursor = self.connection.connection.cursor()
        literal = _mysql_row_literal
        prefix = self.prefix

        def send(item) -> None:
            statement, count = item
            cursor.execute(statement)
            self.written += count
            self.progress.advance(count, label)

        with _Sender(label, send, 4) as sender:
            for chunk in self._chunks(rows):
                with transaction.atomic(using=self.alias):
                    parts: list[str] = []
                    size = 0
                    for row in chunk:
                        value = literal(row)
                        parts.append(value)
                        size += len(value) + 1
                        if size >= self.statement_bytes:
                            sender.put(((prefix + ",".join(parts)).encode(), len(parts)))
                            parts, size = [], 0
                    if parts:
                        sender.put(((prefix + ",".join(parts)).encode(), len(parts)))
                    sender.wait()  # everything of this transaction sent before it commits


class _Sender:
    """A thread that sends what the generating thread queues, so that generating rows and the server's
    work on the previous batch overlap. The first error is kept and raised in the generating thread."""

    def __init__(self, label: str, send, depth: int):
        self.items: queue.Queue = queue.Queue(maxsize=depth)
        self.failure: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, args=(send,), name=f"seed-{label}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.items.put(None)
        self.thread.join()

    def _run(self, send) -> None:
        while True:
            item = self.items.get()
            try:
                if item is None:
                    return
                if not self.failure:
                    send(item)
            except BaseException as exc:  # handed to the generating thread, which raises it
                self.failure.append(exc)
            finally:
                self.items.task_done()

    def put(self, item) -> None:
        self.items.put(item)

    def raise_failure(self) -> None:
        if self.failure:
            raise self.failure[0]

    def wait(self) -> None:
        """Until everything queued is sent; raises the first error."""
        self.items.join()
        self.raise_failure()


# ------------------------------------------------------------------ deferred indexes (MySQL/MariaDB)
def deferrable_indexes(model) -> list:
    """The model's plain secondary indexes that a bulk load may drop and build afterwards.

    Only `Meta.indexes` entries (named, non-unique, on plain columns, no condition): unique keys stay,
    so do the indexes a foreign key needs (any index that leads with a relation's column).
    """
    out = []
    for index in model._meta.indexes:
        if index.contains_expressions or index.condition is not None or index.include or index.opclasses:
            continue
        if model._meta.get_field(index.fields_orders[0][0]).is_relation:
            continue
        out.append(index)
    return out


def _index_clause(connection, model, index) -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(name).column) + (f" {order}" if order else "")
                        for name, order in index.fields_orders)
    return f"ADD INDEX {qn(index.name)} ({columns})"


def existing_index_names(connection, table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def add_indexes(connection, model, indexes: list) -> None:
    """All the given indexes in one ALTER TABLE: InnoDB reads the table once and builds each by sorting."""
    if indexes:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} "
                           + ", ".join(_index_clause(connection, model, index) for index in indexes))


def drop_indexes(connection, model, indexes: list) -> None:
    if indexes:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} "
                           + ", ".join(f"DROP INDEX {qn(index.name)}" for index in indexes))


def missing_deferrable_indexes(connection, model) -> list:
    present = existing_index_names(connection, model._meta.db_table)
    return [index for index in deferrable_indexes(model) if index.name not in present]


def restore_deferred_indexes(alias: str, labels: Iterable[str]) -> dict[str, list[str]]:
    """Build the deferrable indexes that are missing, as a killed seed_demo leaves them; {label: names}.

    Only on MySQL/MariaDB and only when every migration is applied, so what is built is what the
    migrations declare (an index still to be added by a pending migration is left to `migrate`).
    """
    connection = connections[alias]
    if connection.vendor != "mysql" or not nothing_to_apply(connection):
        return {}
    restored = {}
    for label in labels:
        model = apps.get_model(label)
        missing = missing_deferrable_indexes(connection, model)
        if missing:
            add_indexes(connection, model, missing)
            restored[label] = [index.name for index in missing]
    return restored


class IndexBuilder:
    """Builds deferred indexes one table after another on its own connection, while the next table loads."""

    def __init__(self, alias: str):
        self.alias = alias
        self.jobs: queue.Queue = queue.Queue()
        self.seconds: dict[str, float] = {}
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, name="seed-indexes", daemon=True)
        self.thread.start()

    def submit(self, label: str, model, indexes: list) -> None:
        self.jobs.put((label, model, indexes))

    def _run(self) -> None:
        connection = connections[self.alias]  # this thread's own connection
        try:
            while (job := self.jobs.get()) is not None:
                label, model, indexes = job
                started = time.perf_counter()
                try:
                    add_indexes(connection, model, indexes)
                except BaseException as exc:  # raised by finish(); the next run's restore builds what is missing
                    self.errors.append(exc)
                self.seconds[label] = time.perf_counter() - started
        finally:
            connection.close()

    def finish(self, raise_errors: bool = True) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()
        if raise_errors and self.errors:
            raise self.errors[0]


def _numbered(rows: Iterable[tuple], first: int) -> Iterator[tuple]:
    for pk, row in enumerate(rows, first):
        yield (pk, *row)


# ------------------------------------------------------------------ generators
@dataclass(eq=False)
class Seeder:
    """Generates and writes every module's demo rows for one plan, keys starting after existing ones."""

    plan: Plan
    seed: int
    alias: str = "default"
    progress: Progress | None = None
    start_ids: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # MySQL/MariaDB: "auto" drops a big table's plain secondary indexes for its load and builds them
    # afterwards in one ALTER TABLE; "always" does it for every table; "never" keeps them.
    defer_indexes: str = "auto"
    # MySQL/MariaDB: unique_checks and foreign_key_checks off for the load. Only for a database without
    # business rows, where the generated rows are consistent by construction (the command decides).
    relax_checks: bool = False
    # {label: (seconds loading, seconds building deferred indexes)}
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)
    deferred: dict[str, list[str]] = field(default_factory=dict)

    index_wait: float = 0.0  # seconds waiting at the end for index builds still running

    # A table gets its indexes deferred ("auto") when it receives at least this many rows, more than it holds.
    defer_min_rows = 100_000

    def rng(self, table: str) -> random.Random:
        # One stream per table: the rows of a table do not depend on the order tables are generated in.
        return random.Random(f"{self.seed}:{table}")

    def first_id(self, label: str) -> int:
        return self.start_ids.get(label, 1)

    def model(self, label: str):
        return apps.get_model(label)

    def planned_counts(self) -> dict[str, int]:
        p = self.plan
        days = len(p.working_days)
        dispatches = int(p.orders * 0.6)
        return {
            "hr.Employee": p.employees, "hr.Attendance": p.employees * days, "hr.Leave": p.employees * 2,
            "hr.Payroll": p.employees * len(p.months()), "showroom.ShowroomProduct": p.products,
            "sales.Customer": p.customers, "sales.SalesOrder": p.orders, "sales.SalesTransaction": p.scale,
            "dispatch.DispatchRequest": dispatches, "dispatch.GatePass": dispatches // 2,
            "fleet.Vehicle": p.vehicles, "fleet.TransportJob": dispatches - dispatches // 2,
            "gate.GateUser": p.gate_users, "gate.GateEntryLog": p.scale, "guestlist.GuestVisit": p.visitors,
            "purchasing.PurchaseOrder": p.purchase_orders,
        }

    def planned_rows(self) -> int:
        return sum(self.planned_counts().values())

    def restore_indexes(self) -> dict[str, list[str]]:
        """Build the deferrable indexes a killed run left dropped (MySQL/MariaDB); {label: index names}."""
        return restore_deferred_indexes(self.alias, self.planned_counts())

    def _open_loader(self):
        """A second connection that may send LOAD DATA LOCAL INFILE, or None when the server refuses it."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute("SELECT @@local_infile")
            if not int(cursor.fetchone()[0] or 0):
                return None
        return connection.get_new_connection({**connection.get_connection_params(), "local_infile": True})

    def _indexes_to_defer(self, model, planned: int) -> list:
        if self.defer_indexes == "never":
            return []
        indexes = deferrable_indexes(model)
        if self.defer_indexes == "auto" and indexes:
            existing = estimated_table_rows(model._default_manager.using(self.alias)) or 0
            if planned < self.defer_min_rows or planned <= existing:
                return []
        return indexes

    def continue_keys(self) -> None:
        """New rows' keys start after the largest existing key of each table (matters with --append)."""
        from django.db.models import Max

        for label in self.planned_counts():
            top = self.model(label)._default_manager.using(self.alias).aggregate(top=Max("pk"))["top"]
            self.start_ids[label] = (top or 0) + 1

    def run(self) -> dict[str, int]:
        if not self.start_ids:
            self.continue_keys()
        self.progress = self.progress or Progress(self.planned_rows(), enabled=False)
        steps: list[tuple[str, list[str], Callable[[], Iterator[tuple]]]] = [
            ("hr.Employee", ["id", "employee_id", "first_name", "last_name", "email", "phone", "department",
                             "designation", "joining_date", "salary_type", "salary", "status", "manager",
                             "created_at", "updated_at"], self.employees),
            # Gate logs early: their index build (the longest) then overlaps the loads that follow.
            ("gate.GateUser", ["id", "name", "phone", "status", "registered_at", "last_entry", "last_exit",
                               "created_at", "updated_at"], self.gate_users),
            ("gate.GateEntryLog", ["user", "user_name", "user_phone", "action", "method", "status", "entry_time",
                                   "exit_time", "override_cooling", "timestamp", "created_at"], self.gate_logs),
            ("hr.Attendance", ["employee", "name", "date", "check_in_time", "check_out_time", "status",
                               "hours_worked", "created_at", "updated_at"], self.attendance),
            ("hr.Leave", ["employee", "name", "leave_type", "start_date", "end_date", "days_requested", "reason",
                          "status", "manager_approved_by", "manager_approved_at", "created_at", "updated_at"],
             self.leaves),
            ("hr.Payroll", ["employee", "name", "pay_period_start", "pay_period_end", "salary_type",
                            "monthly_salary", "allowances", "deductions", "gross_salary", "net_salary",
                            "payment_date", "status", "created_at", "updated_at"], self.payroll),
            ("showroom.ShowroomProduct", ["id", "name", "category", "cost_price", "sale_price", "showroom_status",
                                          "sold_date", "quantity", "created_at"], self.products),
            ("sales.Customer", ["id", "name", "contact", "email", "address", "customer_type", "credit_limit",
                                "current_balance", "is_active", "created_at", "updated_at"], self.customers),
            ("sales.SalesOrder", ["id", "order_number", "customer_name", "customer_contact", "customer_email",
                                  "customer_address", "showroom_product", "quantity", "unit_price", "total_amount",
                                  "discount_amount", "final_amount", "payment_method", "payment_status",
                                  "order_status", "sales_person", "created_at", "updated_at", "finance_bypass",
                                  "payment_due_date", "origin", "destination"], self.orders),
            ("sales.SalesTransaction", ["sales_order", "transaction_type", "amount", "payment_method",
                                        "reference_number", "utr_number", "created_at"], self.transactions),
            ("dispatch.DispatchRequest", ["id", "showroom_product", "party_name", "party_contact", "party_address",
                                          "delivery_type", "status", "created_at", "sales_order", "quantity",
                                          "updated_at"], self.dispatches),
            ("dispatch.GatePass", ["dispatch_request", "party_name", "vehicle_no", "driver_name", "status",
                                   "issued_at"], self.gate_passes),
            ("fleet.Vehicle", ["id", "vehicle_number", "vehicle_type", "driver_name", "driver_employee", "status",
                               "created_at", "updated_at"], self.vehicles),
            ("fleet.TransportJob", ["dispatch_request", "transporter_name", "vehicle_no", "vehicle", "driver",
                                    "status", "created_at", "updated_at"], self.transport_jobs),
            ("guestlist.GuestVisit", ["guest_name", "guest_contact", "guest_company", "meeting_person",
                                      "meeting_person_department", "visit_date", "visit_time", "purpose",
                                      "in_time", "out_time", "status", "created_by", "created_at", "updated_at"],
             self.visitors),
            ("purchasing.PurchaseOrder", ["po_number", "supplier_name", "supplier_contact", "requirements",
                                          "total_amount", "status", "requested_by", "approved_by",
                                          "expected_delivery", "created_at", "updated_at", "payment_terms"],
             self.purchase_orders),
        ]
        connection = connections[self.alias]
        mysql = connection.vendor == "mysql"
        planned = self.planned_counts()
        # Inside a transaction (a caller's atomic block, a test) everything goes through this connection
        # and stays in that transaction: no second connection, no DDL (MySQL would commit it).
        standalone = mysql and not connection.in_atomic_block
        may_defer = standalone and self.defer_indexes != "never" and nothing_to_apply(connection)
        loader = self._open_loader() if standalone else None
        builder = IndexBuilder(self.alias) if may_defer else None
        connection.ensure_connection()
        if mysql and self.relax_checks:
            for raw in filter(None, (connection.connection, loader)):
                raw.cursor().execute("SET SESSION unique_checks = 0, foreign_key_checks = 0")
        try:
            for label, fields, generator in steps:
                model = self.model(label)
                rows = generator()
                if "id" not in fields:
                    # Keys given here rather than by AUTO_INCREMENT, which LOAD DATA would leave gaps in.
                    fields, rows = ["id", *fields], _numbered(rows, self.first_id(label))
                names = [model._meta.get_field(f).attname for f in fields]
                started = time.perf_counter()
                deferred = self._indexes_to_defer(model, planned[label]) if may_defer else []
                # Dropped here and built by the builder thread once the table is loaded (while the next
                # table loads); a run killed in between leaves them to the next run's restore_indexes(),
                # which seed_demo calls first thing.
                drop_indexes(connection, model, deferred)
                try:
                    writer = TableWriter(self.alias, model, names, self.progress, loader=loader)
                    self.counts[label] = writer.write(rows)
                finally:
                    if deferred:
                        builder.submit(label, model, deferred)
                        self.deferred[label] = [index.name for index in deferred]
                self.seconds[label] = (time.perf_counter() - started, 0.0)
            if builder:
                waited = time.perf_counter()
                builder.finish()
                self.index_wait = time.perf_counter() - waited
                for label, took in builder.seconds.items():
                    self.seconds[label] = (self.seconds[label][0], took)
        finally:
            if builder:
                builder.finish(raise_errors=False)
            if loader is not None:
                loader.close()
            if mysql and self.relax_checks and connection.connection is not None:
                connection.connection.cursor().execute("SET SESSION unique_checks = 1, foreign_key_checks = 1")
        self.progress.close()
        return self.counts

    # -- people
    @functools.lru_cache(maxsize=None)
    def _employee(self, n: int) -> tuple[str, str, str]:
        """(first, last, department) of the n-th employee of this run: derived, so other tables agree."""
        rng = random.Random(f"{self.seed}:employee:{n}")
        return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(list(DEPARTMENTS))

    def employee_ids(self) -> range:
        start = self.first_id("hr.Employee")
        return range(start, start + self.plan.employees)

    def employees(self) -> Iterator[tuple]:
        rng = self.rng("employees")
        ids = self.employee_ids()
        managers = ids[: max(1, len(ids) // 10)]
        start_day = self.plan.working_days[0]
        for pk in ids:
            first, last, dept = self._employee(pk)
            # The first is the managing director; managers report to them; everyone else to a manager.
            if pk == ids[0]:
                manager = None
            elif pk in managers:
                manager = ids[0]
            else:
                manager = managers[rng.randrange(len(managers))]
            monthly = rng.random() < 0.6
            salary = rng.randrange(18_000, 90_000) if monthly else rng.randrange(600, 1_500)
            joined = start_day - timedelta(days=rng.randrange(30, 3_000))
            stamp = _dt(datetime.combine(joined, datetime.min.time()) + timedelta(hours=10))
            status = "active" if rng.random() < 0.96 else rng.choice(["inactive", "on_leave"])
            yield (pk, f"E{pk:06d}", first, last, f"{first}.{last}.{pk}@example.com".lower(),
                   f"9{rng.randrange(10**8, 10**9)}", dept, rng.choice(DEPARTMENTS[dept]), _d(joined),
                   "monthly" if monthly else "daily", _money(salary), status, manager, stamp, stamp)

    def attendance(self) -> Iterator[tuple]:
        rng = self.rng("attendance")
        random_ = rng.random
        clock, hours = _CLOCK, _HOURS
        names = [(pk, "{} {}".format(*self._employee(pk)[:2])) for pk in self.employee_ids()]
        for day in self.plan.working_days:
            ds = _d(day)
            stamp = f"{ds} 19:00:00"
            for pk, name in names:
                roll = random_()
                if roll < 0.05:
                    yield (pk, name, ds, None, None, "ABSENT", None, stamp, stamp)
                    continue
                in_min = 525 + int(random_() * 45)  # 08:45 to 09:30
                status = "PRESENT"
                if roll < 0.12:
                    status, in_min = "LATE", 570 + int(random_() * 60)
                out_min = 1020 + int(random_() * 90)  # 17:00 to 18:30
                if roll > 0.97:
                    status, out_min = "HALF_DAY", in_min + 240
                yield (pk, name, ds, clock[in_min], clock[out_min], status, hours[out_min - in_min], stamp, stamp)

    def leaves(self) -> Iterator[tuple]:
        rng = self.rng("leaves")
        ids = self.employee_ids()
        managers = ids[: max(1, len(ids) // 10)]
        days = self.plan.working_days
        for pk in ids:
            first, last, _ = self._employee(pk)
            for _ in range(2):
                start = days[rng.randrange(len(days))]
                length = rng.choice([1, 1, 1, 2, 3, 5])
                status = rng.choice(["APPROVED", "APPROVED", "APPROVED", "PENDING", "MANAGER_APPROVED", "REJECTED"])
                manager = managers[rng.randrange(len(managers))] if status != "PENDING" else None
                created = datetime.combine(start, datetime.min.time()) - timedelta(days=rng.randrange(2, 15))
                yield (pk, f"{first} {last}", rng.choice(["CASUAL", "SICK", "EARNED"]), _d(start),
                       _d(start + timedelta(days=length - 1)), f"{length:.1f}", "Personal work", status, manager,
                       _dt(created + timedelta(hours=20)) if manager else None, _dt(created), _dt(created))

    def payroll(self) -> Iterator[tuple]:
        rng = self.rng("payroll")
        for pk in self.employee_ids():
            first, last, _ = self._employee(pk)
            monthly = 18_000 + rng.randrange(0, 72_000)
            for month in self.plan.months():
                end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                allowances = rng.randrange(0, 4_000)
                deductions = rng.randrange(0, 2_500)
                gross = monthly + allowances
                paid = end < self.plan.until
                stamp = _dt(datetime.combine(end, datetime.min.time()) + timedelta(hours=18))
                yield (pk, f"{first} {last}", _d(month), _d(end), "MONTHLY", _money(monthly), _money(allowances),
                       _money(deductions), _money(gross), _money(gross - deductions),
                       _d(end + timedelta(days=1)) if paid else None, "paid" if paid else "pending", stamp, stamp)

    # -- showroom and sales
    def product_ids(self) -> range:
        start = self.first_id("showroom.ShowroomProduct")
        return range(start, start + self.plan.products)

    def products(self) -> Iterator[tuple]:
        rng = self.rng("products")
        days = self.plan.working_days
        for pk in self.product_ids():
            name, category, cost, sale = PRODUCTS[pk % len(PRODUCTS)]
            made = days[rng.randrange(len(days))]
            sold = rng.random() < 0.5
            stamp = _dt(datetime.combine(made, datetime.min.time()) + timedelta(hours=9))
            yield (pk, f"{name} #{pk}", category, _money(cost), _money(sale), "sold" if sold else "available",
                   _dt(datetime.combine(made, datetime.min.time()) + timedelta(days=3, hours=15)) if sold else None,
                   rng.randrange(1, 6), stamp)

    @functools.lru_cache(maxsize=None)
    def _customer(self, n: int) -> tuple[str, str, str]:
        rng = random.Random(f"{self.seed}:customer:{n}")
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return name, f"9{rng.randrange(10**8, 10**9)}", rng.choice(CITIES)

    def customers(self) -> Iterator[tuple]:
        rng = self.rng("customers")
        start = self.first_id("sales.Customer")
        for pk in range(start, start + self.plan.customers):
            name, contact, city = self._customer(pk)
            stamp = _dt(datetime.combine(self.plan.working_days[0], datetime.min.time()))
            yield (pk, name, contact, f"customer{pk}@example.com", f"{rng.randrange(1, 300)} Main Road, {city}",
                   rng.choice(["retail", "retail", "dealer", "corporate"]), _money(rng.choice([0, 50_000, 200_000])),
                   "0.00", 1, stamp, stamp)

    def order_ids(self) -> range:
        start = self.first_id("sales.SalesOrder")
        return range(start, start + self.plan.orders)

    @functools.cached_property
    def _order_facts(self) -> list[tuple[datetime, float, str, int, str]]:
        """(created, final amount, payment method, product, order status) of each order, in key order."""
        rng = self.rng("order_facts")
        days = self.plan.working_days
        products = self.product_ids()
        facts = []
        for n in range(self.plan.orders):
            # Orders spread evenly over the period, in key order, so newer keys are newer orders.
            day = days[min(n * len(days) // self.plan.orders, len(days) - 1)]
            created = datetime.combine(day, datetime.min.time()) + timedelta(minutes=600 + rng.randrange(480))
            product = products[rng.randrange(len(products))]
            sale = PRODUCTS[product % len(PRODUCTS)][3]
            final = sale - rng.choice((0, 0, 500, 1_000, 2_500))
            status = rng.choice(("delivered", "delivered", "dispatched", "confirmed", "pending", "cancelled"))
            method = rng.choice(("cash", "upi", "upi", "bank_transfer", "cheque", "card"))
            facts.append((created, float(final), method, product, status))
        return facts

    def _order(self, pk: int) -> tuple[datetime, float, str, int, str]:
        return self._order_facts[pk - self.order_ids().start]

    def orders(self) -> Iterator[tuple]:
        rng = self.rng("orders")
        sales_people = [f"{f} {l}" for f, l in zip(FIRST_NAMES[:8], LAST_NAMES[:8])]
        for pk in self.order_ids():
            created, final, method, product, status = self._order(pk)
            sale = PRODUCTS[product % len(PRODUCTS)][3]
            name, contact, city = self._customer(self.first_id("sales.Customer") + pk % self.plan.customers)
            paid = "paid" if status in ("delivered", "dispatched") else ("pending" if status == "pending" else "partial")
            if status == "cancelled":
                paid = "refunded"
            stamp = _dt(created)
            yield (pk, f"SO-{pk:08d}", name, contact, None, city, product, 1, _money(sale), _money(sale),
                   _money(sale - final), _money(final), method, paid, status, rng.choice(sales_people), stamp, stamp,
                   0, _d(created.date() + timedelta(days=15)), "Factory yard", city)

    def transactions(self) -> Iterator[tuple]:
        """About three payments per order (N in all): deposit, instalment, balance; refunds for cancellations."""
        remaining = self.plan.scale
        orders = self.order_ids()
        for i, pk in enumerate(orders):
            share = remaining // (len(orders) - i)
            remaining -= share
            if share == 0:
                continue
            created, final, method, _, status = self._order(pk)
            parts = [round(final / share, 2)] * share
            parts[-1] = round(final - sum(parts[:-1]), 2)
            for n, amount in enumerate(parts):
                kind = "payment"
                if status == "cancelled" and n == share - 1 and share > 1:
                    kind, amount = "refund", -round(sum(parts[:-1]), 2)
                if amount == 0:
                    amount = 1.0
                stamp = _dt(created + timedelta(days=n * 3, minutes=n * 7))
                bank = method in ("upi", "bank_transfer")
                yield (pk, kind, _money(amount), method, f"RCPT-{pk:08d}-{n + 1}",
                       f"UTR{pk:010d}{n + 1}" if bank else None, stamp)

    def dispatch_ids(self) -> range:
        start = self.first_id("dispatch.DispatchRequest")
        return range(start, start + int(self.plan.orders * 0.6))

    def dispatches(self) -> Iterator[tuple]:
        rng = self.rng("dispatches")
        orders = self.order_ids()
        for n, pk in enumerate(self.dispatch_ids()):
            order = orders[n * len(orders) // max(len(self.dispatch_ids()), 1)]
            created, _, _, product, status = self._order(order)
            name, contact, city = self._customer(self.first_id("sales.Customer") + order % self.plan.customers)
            transport = n % 2 == 0
            state = "completed" if status == "delivered" else rng.choice(["pending", "ready_for_pickup", "in_transit"])
            stamp = _dt(created + timedelta(days=1))
            yield (pk, product, name, contact, city, "transport" if transport else "self", state, stamp, order, 1,
                   stamp)

    def gate_passes(self) -> Iterator[tuple]:
        rng = self.rng("gate_passes")
        for pk in self.dispatch_ids()[1::2]:
            yield (pk, "Customer pickup", f"MH{rng.randrange(10, 50)}AB{rng.randrange(1000, 9999)}",
                   f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(["verified", "released"]),
                   _dt(datetime.combine(self.plan.until, datetime.min.time())))

    def vehicle_ids(self) -> range:
        start = self.first_id("fleet.Vehicle")
        return range(start, start + self.plan.vehicles)

    def vehicles(self) -> Iterator[tuple]:
        rng = self.rng("vehicles")
        drivers = list(self.employee_ids())
        for pk in self.vehicle_ids():
            driver = drivers[rng.randrange(len(drivers))]
            first, last, _ = self._employee(driver)
            stamp = _dt(datetime.combine(self.plan.working_days[0], datetime.min.time()))
            yield (pk, f"MH12-{pk:05d}", rng.choice(["truck", "van", "pickup", "tempo", "trailer"]), f"{first} {last}",
                   driver, rng.choice(["available", "available", "assigned", "maintenance"]), stamp, stamp)

    def transport_jobs(self) -> Iterator[tuple]:
        rng = self.rng("transport_jobs")
        vehicles = self.vehicle_ids()
        drivers = self.employee_ids()
        for pk in self.dispatch_ids()[0::2]:
            vehicle = vehicles[rng.randrange(len(vehicles))]
            stamp = _dt(datetime.combine(self.plan.until, datetime.min.time()))
            yield (pk, "Own fleet", f"MH12-{vehicle:05d}", vehicle, drivers[rng.randrange(len(drivers))],
                   rng.choice(["delivered", "delivered", "in_transit", "assigned"]), stamp, stamp)

    # -- gate, visitors, purchasing
    def gate_user_ids(self) -> range:
        start = self.first_id("gate.GateUser")
        return range(start, start + self.plan.gate_users)

    @functools.lru_cache(maxsize=None)
    def _gate_user(self, pk: int) -> tuple[str, str]:
        rng = random.Random(f"{self.seed}:gate_user:{pk}")
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"8{pk:09d}"

    def gate_users(self) -> Iterator[tuple]:
        start = _dt(datetime.combine(self.plan.working_days[0], datetime.min.time()))
        for pk in self.gate_user_ids():
            name, phone = self._gate_user(pk)
            yield (pk, name, phone, "active", start, None, None, start, start)

    def gate_logs(self) -> Iterator[tuple]:
        """N logs shared among gate users; each user's logs alternate entry, exit, entry, ... in time order."""
        rng = self.rng("gate_logs")
        random_ = rng.random
        users = self.gate_user_ids()
        period_start = datetime.combine(self.plan.working_days[0], datetime.min.time()) + timedelta(hours=7)
        period = (datetime.combine(self.plan.until, datetime.min.time()) + timedelta(hours=20)) - period_start
        remaining = self.plan.scale
        # Interleaved by visit slot rather than user by user, so keys follow time as a live gate would write them.
        per_user = [remaining // len(users) + (1 if i < remaining % len(users) else 0) for i in range(len(users))]
        visits = max(math.ceil(p / 2) for p in per_user)
        step = period / max(visits, 1)
        for slot in range(visits):
            base = period_start + step * slot
            for i, pk in enumerate(users):
                if 2 * slot >= per_user[i]:
                    continue
                name, phone = self._gate_user(pk)
                method = "face_recognition" if random_() < 0.7 else ("manual" if random_() < 0.9 else "override")
                entered = base + timedelta(seconds=int(random_() * step.total_seconds() * 0.3))
                es = _dt(entered)
                blocked = random_() < 0.01
                yield (pk, name, phone, "entry", method, "blocked" if blocked else "completed", es, None,
                       1 if method == "override" else 0, es, es)
                if 2 * slot + 1 < per_user[i]:
                    left = entered + timedelta(seconds=int(step.total_seconds() * (0.05 + random_() * 0.6)))  # before the next entry
                    xs = _dt(left)
                    yield (pk, name, phone, "exit", method, "completed", es, xs, 0, xs, xs)

    def visitors(self) -> Iterator[tuple]:
        rng = self.rng("visitors")
        days = self.plan.working_days
        for n in range(self.plan.visitors):
            day = days[n * len(days) // self.plan.visitors]
            arrive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=600 + rng.randrange(420))
            host, _ = rng.choice(FIRST_NAMES), None
            done = day < self.plan.until
            yield (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"7{rng.randrange(10**8, 10**9)}",
                   rng.choice(COMPANIES), f"{host} {rng.choice(LAST_NAMES)}", rng.choice(list(DEPARTMENTS)), _d(day),
                   arrive.strftime("%H:%M:%S"), rng.choice(["Meeting", "Delivery", "Interview", "Audit"]),
                   _dt(arrive) if done else None, _dt(arrive + timedelta(minutes=45)) if done else None,
                   "checked_out" if done else "scheduled", "reception", _dt(arrive), _dt(arrive))

    def purchase_orders(self) -> Iterator[tuple]:
        rng = self.rng("purchase_orders")
        days = self.plan.working_days
        start = self.first_id("purchasing.PurchaseOrder")
        for n in range(self.plan.purchase_orders):
            day = days[n * len(days) // self.plan.purchase_orders]
            status = rng.choice(["received", "received", "ordered", "approved", "pending", "cancelled"])
            stamp = _dt(datetime.combine(day, datetime.min.time()) + timedelta(hours=11))
            yield (f"PO-{start + n:08d}", rng.choice(SUPPLIERS), f"9{rng.randrange(10**8, 10**9)}",
                   "Steel sheet 2mm x 40; bearings 6204 x 200", _money(rng.randrange(5_000, 900_000)), status,
                   "Stores", None if status == "pending" else "Accounts", _d(day + timedelta(days=14)), stamp, stamp,
                   rng.choice(["full_payment", "advance_50", "net_30", "net_60"]))
