"""How demo rows are written: tuples into one table at a time, in transactions of 50,000 rows.

On MySQL/MariaDB by LOAD DATA LOCAL INFILE from a second connection (multi-row INSERTs where the server
refuses it, or inside a caller's transaction), elsewhere by executemany. A background sender overlaps
generating the next batch with the server storing the last one.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator

from django.db import connections, transaction


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

        with tempfile.TemporaryDirectory(prefix="seed_demo_") as folder, BackgroundSender(label, load, 2) as sender:
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

        with BackgroundSender(label, send, 4) as sender:
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


class BackgroundSender:
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

