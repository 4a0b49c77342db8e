"""Shared helpers for the migration-safety tests: schema snapshots and watched manage.py processes."""

from __future__ import annotations

import threading
import time

from django.db.utils import ConnectionHandler

from tests.support import ScratchDatabase

MODULE_GROUPS = {"Showroom", "Sales", "HR", "Purchasing", "Dispatch", "Fleet", "Guest list", "Gate"}
# The groups a complete migrate leaves: one per module (erp.0003) and hr's Managers role (hr.0011).
MIGRATED_GROUPS = MODULE_GROUPS | {"Managers"}
TEST_APPS_SETTINGS = "tests.migration_apps.settings"


def connection_for(db: ScratchDatabase):
    from erp.settings import _database

    return ConnectionHandler({"default": _database(db.url)})["default"]


def schema_snapshot(db: ScratchDatabase) -> dict:
    """Tables -> columns and constraints, through Django's introspection (what schemacheck compares)."""
    connection = connection_for(db)
    try:
        snapshot = {}
        with connection.cursor() as cursor:
            intro = connection.introspection
            for table in sorted(intro.table_names(cursor)):
                # display_size comes from the widest value stored, not from the schema: left out.
                columns = [tuple(c._replace(display_size=None)) for c in intro.get_table_description(cursor, table)]
                constraints = {
                    name: {k: (tuple(v) if isinstance(v, list) else v) for k, v in sorted(info.items())}
                    for name, info in intro.get_constraints(cursor, table).items()
                }
                snapshot[table] = {"columns": columns, "constraints": constraints}
        return snapshot
    finally:
        connection.close()


def bootstrap_facts(db: ScratchDatabase) -> dict:
    """What must hold after any number of migrate runs: each migration once, one admin, eight groups."""
    return {
        "duplicate_migrations": db.query(
            "SELECT app, name, COUNT(*) FROM django_migrations GROUP BY app, name HAVING COUNT(*) > 1"
        ),
        "superusers": db.query("SELECT COUNT(*) FROM auth_user WHERE is_superuser = 1")[0][0],
        "groups": {row[0] for row in db.query("SELECT name FROM auth_group")},
    }


class Watched:
    """A manage.py process whose output is collected as it comes, so a test can act on what it printed."""

    def __init__(self, proc):
        self.proc = proc
        self.out: list[str] = []
        self.out_times: list[float] = []  # arrival time of each stdout character
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(proc.stdout, self.out, self.out_times), daemon=True),
            threading.Thread(target=self._pump, args=(proc.stderr, self.err, []), daemon=True),
        ]
        for t in self._threads:
            t.start()

    @staticmethod
    def _pump(stream, sink, times):
        while True:
            chunk = stream.read(1)
            if not chunk:
                return
            times.append(time.monotonic())
            sink.append(chunk)

    def time_of(self, text: str, last: bool = False) -> float:
        """When `text` finished arriving on stdout (its first or last occurrence)."""
        out = self.stdout
        index = out.rfind(text) if last else out.find(text)
        assert index >= 0, f"{text!r} not in output"
        return self.out_times[index + len(text) - 1]

    @property
    def stdout(self) -> str:
        return "".join(self.out)

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    def wait_for(self, text: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.stdout:
                return True
            if self.proc.poll() is not None:
                time.sleep(0.05)
                return text in self.stdout
            time.sleep(0.01)
        return False

    def finish(self, timeout: float = 120) -> int:
        code = self.proc.wait(timeout)
        for t in self._threads:
            t.join(5)
        return code
