"""DDL under a bounded metadata-lock wait on MySQL/MariaDB, and who to blame when it runs out.

An ALTER TABLE needs the table's exclusive metadata lock. While any transaction that read the table is
still open, the ALTER waits (by default for a day: lock_wait_timeout = 86400), and every query on that
table queues behind the waiting ALTER: a deploy's migrate turns one idle transaction into an outage.
`migrate` therefore sets its session's `lock_wait_timeout` to ERP_MIGRATE_DDL_LOCK_WAIT seconds (default
10). When it runs out the statement did nothing (error 1205); `blocker_line()` names the connection that
holds the table (metadata_lock_info when the server has it, otherwise the oldest open transaction or
running statement of another connection using this database, then of any other) and what it runs, in
one line.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.db.backends.signals import connection_created

LOCK_WAIT_TIMEOUT = 1205  # ER_LOCK_WAIT_TIMEOUT: also raised by a DDL's metadata lock wait


def lock_wait() -> int:
    return int(getattr(settings, "ERP_MIGRATE_DDL_LOCK_WAIT", 10))


def _set(connection, seconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION lock_wait_timeout = %s", [seconds])


@contextmanager
def bounded_lock_wait(connection):
    """For the block, DDL on `connection` waits at most lock_wait() seconds for a metadata lock (MySQL and
    MariaDB; elsewhere nothing changes). Also on a connection Django opens again meanwhile."""
    if connection.vendor != "mysql":
        yield
        return
    seconds = lock_wait()
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@SESSION.lock_wait_timeout")
        before = int(cursor.fetchone()[0])

    def reopened(sender, connection=None, **kwargs):
        if connection is not None and connection.alias == alias:
            _set(connection, seconds)

    alias = connection.alias
    _set(connection, seconds)
    connection_created.connect(reopened, weak=False)
    try:
        yield
    finally:
        connection_created.disconnect(reopened)
        if connection.connection is not None:
            try:
                _set(connection, before)
            except Exception:  # the connection broke with the failure: it is gone, and its setting with it
                pass


def is_lock_wait_timeout(exc: BaseException) -> bool:
    while exc is not None:
        if getattr(exc, "args", None) and exc.args[0] == LOCK_WAIT_TIMEOUT:
            return True
        exc = exc.__cause__
    return False


def _describe(row) -> str:
    conn_id, user, host, command, seconds, state, info, trx_started = row
    who = f"connection {conn_id} ({user}@{(host or '').split(':')[0]})"
    if info:
        doing = f"running for {seconds} s: {' '.join(str(info).split())[:200]}"
    elif trx_started is not None:
        doing = f"idle in a transaction open since {trx_started:%Y-%m-%d %H:%M:%S}"
    else:
        doing = f"{command or 'connected'} for {seconds} s"
    return f"{who}, {doing}"


_WHO = (
    "SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, p.STATE, p.INFO, t.trx_started "
    "FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t "
    "ON t.trx_mysql_thread_id = p.ID "
)


def blockers(connection) -> list[str]:
    """Other connections that may hold a metadata lock on this database's tables, likeliest first."""
    with connection.cursor() as cursor:
        try:  # exact, when the metadata_lock_info plugin is installed
            cursor.execute(
                _WHO + "WHERE p.ID IN (SELECT THREAD_ID FROM information_schema.METADATA_LOCK_INFO "
                "WHERE TABLE_SCHEMA = DATABASE() AND THREAD_ID <> CONNECTION_ID()) ORDER BY p.TIME DESC"
            )
            rows = cursor.fetchall()
        except Exception:
            rows = ()
        # Otherwise: an open transaction or a running statement of another connection, one using this
        # database first (then any: a query may name another database's tables); never the ones queued
        # for a metadata lock themselves (they wait, they do not hold).
        for same_database in (True, False):
            if rows:
                break
            cursor.execute(
                _WHO + "WHERE p.ID <> CONNECTION_ID() AND (t.trx_id IS NOT NULL OR p.COMMAND = 'Query') "
                + ("AND p.DB = DATABASE() " if same_database else "AND t.trx_id IS NOT NULL ")
                + "AND COALESCE(p.STATE, '') NOT LIKE 'Waiting for%%lock%%' "
                "ORDER BY t.trx_started IS NULL, t.trx_started, p.TIME DESC"
            )
            rows = cursor.fetchall()
    return [_describe(row) for row in rows]


def blocker_line(connection) -> str:
    """One line: the wait that ran out, the blocking connection and what it runs, what to do."""
    found = blockers(connection)
    if found:
        named = found[0] + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
        blame = f"blocked by {named}"
    else:
        blame = "the connection holding it has gone since"
    return (
        f"gave up after {lock_wait()} s waiting for a table's metadata lock (ERP_MIGRATE_DDL_LOCK_WAIT), "
        f"{blame}. The statement did nothing; end that transaction or wait for it, then run migrate again"
    )
