"""The migration lock for adoption: the same named lock as `migrate`, so the two never run at once.

Uses erp.migration_safety.lock.migration_lock when it is installed. Until then (integrator: switch to it
and drop the fallback), a GET_LOCK of the same name, '<dbname>.erp_migrate', on a dedicated connection
that lives as long as the command (a named lock belongs to its connection; Django may reconnect its own).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connections


def lock_name(using: str = "default") -> str:
    return f"{connections[using].settings_dict['NAME']}.erp_migrate"


@contextmanager
def adoption_lock(using: str = "default", *, timeout: int = 60, stdout=None):
    """Hold the migration lock for the block (erp.migration_safety's when installed, else the fallback)."""
    try:
        from erp.migration_safety.lock import migration_lock
    except ImportError:
        migration_lock = None
    if migration_lock is not None:
        with migration_lock(using=using, timeout=timeout, stdout=stdout, purpose="adopt_legacy"):
            yield "erp.migration_safety.lock.migration_lock"
        return
    import MySQLdb

    s = connections[using].settings_dict
    params = {"host": s.get("HOST") or "127.0.0.1", "user": s.get("USER") or "", "passwd": s.get("PASSWORD") or "",
              "charset": "utf8mb4"}
    if s.get("PORT"):
        params["port"] = int(s["PORT"])
    conn = MySQLdb.connect(**params)
    try:
        cur = conn.cursor()
        name = lock_name(using)
        if stdout is not None:
            stdout.write(f"Waiting for the migration lock {name!r} (up to {timeout} s)...")
        cur.execute("SELECT GET_LOCK(%s, %s)", (name, timeout))
        if cur.fetchone()[0] != 1:
            raise CommandError(f"another migrate or adoption holds the migration lock {name!r}; try again later")
        try:
            yield "GET_LOCK fallback (erp.migration_safety.lock not installed)"
        finally:
            cur.execute("SELECT RELEASE_LOCK(%s)", (name,))
    finally:
        conn.close()


def machinery_tables() -> set[str]:
    """Tables the lock itself keeps (its holder record): not legacy data, not managed by migrations."""
    try:
        from erp.migration_safety.lock import HOLDER_TABLE
    except ImportError:
        return set()
    return {HOLDER_TABLE}
