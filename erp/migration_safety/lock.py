"""A database-wide lock so that only one process migrates (or adopts) a database at a time.

MySQL/MariaDB: a named lock (GET_LOCK) on a dedicated connection that lives as long as the lock, so
the server frees it when the process dies; the holder (host, pid, since) is kept in a small table
`erp_migration_lock` for waiters to show. SQLite: fcntl.flock on a file next to the database file,
whose content names the holder; the kernel frees it when the process dies.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

from erp.migration_safety import EXIT_LOCK_TIMEOUT
from erp.migration_safety.privileges import is_denied

HOLDER_TABLE = "erp_migration_lock"
# How often a waiter re-checks the holder (and says so when it changed).
POLL_SECONDS = 2.0


class MigrationLockTimeout(CommandError):
    """Another process held the migration lock for longer than the timeout."""

    def __init__(self, message: str):
        super().__init__(message, returncode=EXIT_LOCK_TIMEOUT)


def default_timeout() -> float:
    return float(getattr(settings, "ERP_MIGRATE_LOCK_TIMEOUT", 600))


def _this_process(purpose: str) -> dict:
    """Who holds the lock, as a waiter is told: host, process id, since when, and for what."""
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "purpose": purpose,
    }


def describe_holder(holder: dict | None) -> str:
    if not holder:
        return "another process (holder unknown)"
    return (
        f"{holder.get('purpose') or 'a process'} on host {holder.get('host')}, "
        f"pid {holder.get('pid')}, since {holder.get('since')}"
    )


@contextmanager
def migration_lock(using: str = "default", timeout: float | None = None, stdout=None, purpose: str = "migrate",
                   defer_bookkeeping: bool = False):
    """Hold the database's migration lock for the duration of the block.

    Waits up to `timeout` seconds (default: settings.ERP_MIGRATE_LOCK_TIMEOUT), writing one line
    to `stdout` naming the holder while it waits; raises MigrationLockTimeout when it gives up.
    With `defer_bookkeeping` (MySQL/MariaDB) only the named lock is taken: the holder table is created and
    written when the block calls `lock.begin_work()`, so a run that stops before changing anything (a
    refused adoption) leaves no trace in the database.
    """
    timeout = default_timeout() if timeout is None else float(timeout)
    stdout = stdout or sys.stdout
    connection = connections[using]
    if connection.vendor == "mysql":
        refuse_read_only(connection, purpose)
        lock = _MySQLLock(connection, purpose)
        lock.defer_bookkeeping = defer_bookkeeping
    elif connection.vendor == "sqlite":
        lock = _FileLock(connection, purpose)
    else:  # pragma: no cover - settings refuse other engines
        raise CommandError(f"No migration lock for the {connection.vendor} backend.")
    try:
        lock.acquire(timeout, stdout)
    except BaseException:
        lock.close()
        raise
    try:
        yield lock
    finally:
        lock.release()


def noted_migration(using: str = "default") -> tuple[str | None, bool]:
    """The journal's note, read without taking the lock: ("app.name" or None, whether a migrate is running
    now). With no migrate running, a note names a migration a previous one started and did not finish."""
    connection = connections[using]
    if connection.vendor == "mysql":
        name = f"{connection.settings_dict['NAME']}.erp_migrate"[:64]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = %s",
                [HOLDER_TABLE],
            )
            if not cursor.fetchone()[0]:
                return None, False
            cursor.execute(f"SELECT `migrating`, IS_USED_LOCK(%s) FROM `{HOLDER_TABLE}` WHERE `name` = %s",
                           [name, name])
            row = cursor.fetchone()
        return (row[0], row[1] is not None) if row else (None, False)
    if connection.is_in_memory_db():
        return None, False
    path = Path(str(connection.settings_dict["NAME"]) + ".migrate-lock")
    try:
        record = json.loads(path.read_text() or "null")
    except (OSError, ValueError):
        return None, False
    if not record:
        return None, False
    import fcntl

    # The file is locked while its holder lives: a record in a file nobody holds is a dead holder's.
    with open(path, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return record.get("migrating"), True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return record.get("migrating"), False


def refuse_read_only(connection, purpose: str = "migrate") -> None:
    """Stop before writing anything when the server is read-only: a replica, reached by mistake.

    DDL run on a replica would break its replication (and root-like users may write despite read_only),
    so the check is on the server's setting, not on whether a write would fail.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@global.read_only")
        read_only = cursor.fetchone()[0]
    if read_only:
        config = connection.settings_dict
        raise CommandError(
            f"Refusing to {purpose}: database {config['NAME']!r} at {config.get('HOST') or 'localhost'}:"
            f"{config.get('PORT') or 3306} is on a read-only server (read_only=ON), as replicas are; "
            "migrations run on the primary only, so point DATABASE_URL at the primary. Nothing was changed."
        )


def _write(stdout, line: str) -> None:
    stdout.write(line + ("" if line.endswith("\n") else "\n"))
    flush = getattr(stdout, "flush", None)
    if flush:
        flush()


class _Waiter:
    """Shared wait loop: try, report the holder once (and again if it changes), give up at the deadline."""

    # "app.name" of a migration a previous holder started and did not finish (MySQL only: on SQLite
    # every migration is one transaction, so there is never a half-applied one).
    interrupted: str | None = None
    # Set when the run stops without touching the noted migration: the note must outlive the lock.
    keep_note: bool = False

    def journal(self, migration: str | None) -> None:
        pass

    def begin_work(self) -> None:
        """The holder starts changing the database (see migration_lock's `defer_bookkeeping`)."""

    def acquire(self, timeout: float, stdout) -> None:
        deadline = time.monotonic() + timeout
        reported = None
        first = True
        while True:
            remaining = deadline - time.monotonic()
            # The first try does not wait, so a waiter says at once whom it waits for.
            if self.try_acquire(0.0 if first else max(0.0, min(POLL_SECONDS, remaining))):
                if reported is not None:
                    _write(stdout, "Migration lock acquired.")
                return
            first = False
            holder = self.holder()
            if remaining <= 0:
                raise MigrationLockTimeout(
                    f"Gave up after {timeout:g} s waiting for the migration lock on {self.where}, "
                    f"held by {describe_holder(holder)} (exit code {EXIT_LOCK_TIMEOUT}; "
                    "set ERP_MIGRATE_LOCK_TIMEOUT to wait longer)."
                )
            if holder != reported:
                _write(
                    stdout,
                    f"Waiting up to {timeout:g} s for the migration lock on {self.where}, held by "
                    f"{describe_holder(holder)}...",
                )
                reported = holder or {}


class _MySQLLock(_Waiter):
    has_table = False
    defer_bookkeeping = False
    recorded = False

    def __init__(self, connection, purpose: str):
        import MySQLdb

        self.db_name = connection.settings_dict["NAME"]
        self.name = f"{self.db_name}.erp_migrate"[:64]
        self.where = f"database {self.db_name!r}"
        self.purpose = purpose
        params = connection.get_connection_params()
        params.pop("init_command", None)
        # Our own connection: Django may close or reconnect its own at any time, which would free the lock.
        self.conn = MySQLdb.connect(**params)
        self.conn.autocommit(True)

    def _query(self, sql: str, params=None):
        cur = self.conn.cursor()
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            cur.close()

    def try_acquire(self, wait: float) -> bool:
        got = self._query("SELECT GET_LOCK(%s, %s)", (self.name, wait))[0][0]
        if got != 1:
            return False
        if not self.defer_bookkeeping:
            self._record_holder()
        return True

    def begin_work(self) -> None:
        if not self.recorded:
            self._record_holder()

    def _ensure_table(self) -> bool:
        """Create the holder table when it is missing; False when this user may not (a user with only SELECT,
        INSERT, UPDATE and DELETE can still run a migrate with nothing to apply, like Django's)."""
        exists = self._query(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = %s",
            (HOLDER_TABLE,),
        )[0][0]
        if exists:
            return True
        import MySQLdb

        try:
            self._create_table()
        except MySQLdb.OperationalError as exc:
            if is_denied(exc):
                return False
            raise
        return True

    def _create_table(self) -> None:
        self._query(
            f"CREATE TABLE IF NOT EXISTS `{HOLDER_TABLE}` ("
            "`name` varchar(64) NOT NULL PRIMARY KEY, `connection_id` bigint NOT NULL, "
            "`host` varchar(255) NOT NULL, `pid` int NOT NULL, `since` varchar(40) NOT NULL, "
            "`purpose` varchar(100) NOT NULL, `migrating` varchar(255) NULL) "
            "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
        )

    def _record_holder(self) -> None:
        self.recorded = True
        me = _this_process(self.purpose)
        self.has_table = self._ensure_table()
        if not self.has_table:
            return  # no holder shown to waiters, no journal: any DDL this user tries is refused anyway
        # The previous holder's journal: a migration it started and never finished (it died).
        rows = self._query(f"SELECT `migrating` FROM `{HOLDER_TABLE}` WHERE `name` = %s", (self.name,))
        self.interrupted = rows[0][0] if rows and rows[0][0] else None
        self._query(
            f"REPLACE INTO `{HOLDER_TABLE}` (`name`, `connection_id`, `host`, `pid`, `since`, `purpose`) "
            "VALUES (%s, CONNECTION_ID(), %s, %s, %s, %s)",
            (self.name, me["host"], me["pid"], me["since"], me["purpose"]),
        )
        if self.interrupted:
            self.journal(self.interrupted)

    def journal(self, migration: str | None) -> None:
        """Note the migration now running ("app.name"), or None once it is recorded as applied."""
        if not self.has_table:
            return
        self._query(f"UPDATE `{HOLDER_TABLE}` SET `migrating` = %s WHERE `name` = %s", (migration, self.name))

    def holder(self) -> dict | None:
        owner = self._query("SELECT IS_USED_LOCK(%s)", (self.name,))[0][0]
        if owner is None:
            return None
        try:
            rows = self._query(
                f"SELECT `host`, `pid`, `since`, `purpose` FROM `{HOLDER_TABLE}` "
                "WHERE `name` = %s AND `connection_id` = %s",
                (self.name, owner),
            )
        except Exception:  # table not created yet by the holder: it is about to be
            rows = ()
        if not rows:
            return {"host": "?", "pid": "?", "since": "?", "purpose": f"connection {owner}"}
        host, pid, since, purpose = rows[0]
        return {"host": host, "pid": pid, "since": since, "purpose": purpose}

    def release(self) -> None:
        try:
            self._query("SELECT RELEASE_LOCK(%s)", (self.name,))
        finally:
            self.close()

    def close(self) -> None:
        self.conn.close()


class _FileLock(_Waiter):
    def __init__(self, connection, purpose: str):
        name = str(connection.settings_dict["NAME"])
        self.purpose = purpose
        # Includes the test runner's shared in-memory database ("file:memorydb_…?mode=memory").
        self.memory = connection.is_in_memory_db()
        self.path = Path(name + ".migrate-lock")
        self.where = str(name)
        self.fd = None

    def try_acquire(self, wait: float) -> bool:
        import fcntl

        if self.memory:  # private to this process: nothing to share
            return True
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.1)
                continue
            # A holder record left in the file means its process died holding the lock: keep its note
            # of the migration it was running (released locks leave the file empty).
            previous = self._read_record()
            self.interrupted = previous.get("migrating") if previous else None
            self._record = dict(_this_process(self.purpose), migrating=self.interrupted)
            self._write_record()
            return True

    def _read_record(self) -> dict | None:
        try:
            data = os.pread(self.fd, 65536, 0)
            return json.loads(data) if data else None
        except ValueError:
            return None

    def _write_record(self) -> None:
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, json.dumps(self._record).encode(), 0)
        os.fsync(self.fd)

    def journal(self, migration: str | None) -> None:
        """Note the migration now running ("app.name"), or None once it is recorded as applied."""
        if self.memory or self.fd is None:
            return
        self._record["migrating"] = migration
        self._write_record()

    def holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text() or "null")
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        import fcntl

        if self.fd is None:
            return
        try:
            # The file stays (removing it would race with a waiter that already opened it). A note of a
            # half-applied migration that must outlive this run stays in it, as a dead holder's would.
            if self.keep_note and self._record.get("migrating"):
                self._write_record()
            else:
                os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.close()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
