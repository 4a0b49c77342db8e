"""The shadow database: a scratch database migrated from scratch, so the expected schema is known exactly.

MariaDB/MySQL: `CREATE DATABASE <live>_shadow_<random>` on the same server, or, when that server is
read-only (a replica checked with `--database replica_1`), on the primary's (`default`): the shadow then
replicates to the replicas and is dropped from them the same way; SQLite: a temporary file.
It is migrated by the project's own `manage.py migrate` in a subprocess (ERP_SAMPLE_DATA=false unless
the caller says otherwise) and dropped when the context ends, whatever happens.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


def database_url(config: dict, name: str) -> str:
    """A DATABASE_URL for database `name` on the server described by a Django DATABASES entry."""
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = quote(config.get("USER") or "", safe="")
    password = config.get("PASSWORD") or ""
    auth = user + (f":{quote(password, safe='')}" if password else "")
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 3306
    return f"mysql://{auth}@{host}:{port}/{name}"


def migrate_targets(applied: Iterable[tuple[str, str]], graph) -> list[tuple[str, str]]:
    """Per app, the last applied migration: `migrate <app> <name>` to each reproduces the applied state."""
    applied = set(applied)
    targets = []
    for app in sorted({app for app, _ in applied}):
        nodes = [n for n in applied if n[0] == app and n in graph.nodes]
        # The applied node of this app that no other applied node of this app depends on.
        leaves = [n for n in nodes if not any(n in graph.forwards_plan(o) and o != n for o in nodes)]
        targets.extend(sorted(leaves))
    return targets


# One process for all targets: `migrate <app> <name>` once per app, in the order given.
_MIGRATE_TARGETS = """
import sys, django
from django.core.management import call_command
from django.core.management.base import CommandError
django.setup()
args = sys.argv[1:]
replay = args[:1] == ["--replay"]
args = args[1:] if replay else args
fast = {}
if args[:1] and args[0].startswith("--schema-file="):  # the fast path from this file, or fail
    fast = {"schema_file": args.pop(0).split("=", 1)[1], "require_fast_path": True}
try:
    if not args:
        call_command("migrate", interactive=False, verbosity=0, no_fast_path=replay, **fast)
    for target in args:
        app, name = target.split(":", 1)
        call_command("migrate", app, name, interactive=False, verbosity=0)
except CommandError as exc:  # one line, as manage.py prints it
    sys.exit(f"CommandError: {exc}")
"""


def _run_migrate(url: str, targets: list[tuple[str, str]] | None, replay: bool = False,
                 env: dict | None = None, schema_file: str | None = None) -> None:
    extra = env or {}
    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "ERP_SAMPLE_DATA": "false", "PYTHONUNBUFFERED": "1"})
    env.pop("ERP_ADMIN_PASSWORD", None)
    env.pop("DATABASE_REPLICA_URLS", None)  # the shadow has no replica of its own
    env.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")
    env.update(extra)
    result = subprocess.run(
        [sys.executable, "-c", _MIGRATE_TARGETS, *(["--replay"] if replay else []),
         *([f"--schema-file={schema_file}"] if schema_file else []),
         *(f"{a}:{n}" for a, n in targets or [])],
        cwd=str(MANAGE_PY.parent), env=env, capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        # The last line of the child's output is its error (a traceback's exception, or manage.py's one
        # line); the traceback above it names files of this machine and stays out of messages and files.
        last = ((result.stderr or result.stdout).strip().splitlines() or ["no output"])[-1]
        raise CommandError("migrating the shadow database failed: " + re.sub(r"^(\w+\.)+(?=\w+: )", "", last))


@contextmanager
def shadow_database(
    using: str = "default", *, targets: list[tuple[str, str]] | None = None, replay: bool = False,
    env: dict | None = None, schema_file: str | None = None,
) -> Iterator[str]:
    """Create, migrate and yield the alias of a shadow of database `using`; drop it afterwards.

    targets: (app, migration) pairs to migrate to, one `migrate app name` each; None migrates everything.
    replay: apply every migration even where migrate's fast path would load the schema snapshot.
    env: environment of the migrate (ERP_SAMPLE_DATA is false unless set here).
    schema_file: build through the fast path from this schema file, failing rather than falling back.
    """
    live = connections[using]
    alias = f"shadow_{secrets.token_hex(4)}"
    if live.vendor == "mysql":
        with live.cursor() as cur:
            cur.execute(
                "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                "WHERE SCHEMA_NAME = DATABASE()"
            )
            charset, collation = cur.fetchone()
        server = _writable_server(using)
        config = dict(connections[server].settings_dict)
        base = (live.settings_dict["NAME"] or "db")[:40]
        # Creation time in the name: a shadow left by a killed run is recognised and dropped later.
        name = f"{base}_shadow_{int(time.time()):x}_{secrets.token_hex(3)}"
        _drop_stale_shadows(server, base)
        with connections[server].cursor() as cur:
            # Same defaults as the live database, so table and column collations compare like for like.
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET {charset} COLLATE {collation}")
        cleanup = lambda: _drop_mysql(server, name)  # noqa: E731
        url_name = name
    elif live.vendor == "sqlite":
        config = dict(live.settings_dict)
        fd, path = tempfile.mkstemp(prefix="erp_shadow_", suffix=".sqlite3")
        os.close(fd)
        os.unlink(path)
        name = url_name = path
        cleanup = lambda: _unlink(path)  # noqa: E731
    else:
        raise CommandError(f"no shadow database support for {live.vendor}")
    try:
        url = database_url(config, url_name)
        _run_migrate(url, targets, replay, env=env, schema_file=schema_file)
        config["NAME"] = name
        config.pop("TEST", None)
        connections.settings[alias] = {**config, "TEST": {}}
        try:
            yield alias
        finally:
            if alias in connections:
                connections[alias].close()
            connections.settings.pop(alias, None)
            try:
                delattr(connections._connections, alias)
            except AttributeError:
                pass
    finally:
        cleanup()


def _read_only(alias: str) -> bool:
    with connections[alias].cursor() as cur:
        cur.execute("SELECT @@global.read_only")
        return bool(cur.fetchone()[0])


def _writable_server(using: str) -> str:
    """The alias of the server the shadow is created on: the live database's own, unless it is read-only."""
    if not _read_only(using):
        return using
    if using != "default" and connections["default"].vendor == "mysql" and not _read_only("default"):
        return "default"
    raise CommandError(
        f"database {connections[using].settings_dict['NAME']!r} is on a read-only server (a replica?) and the "
        "shadow database cannot be created there. Check a replica from its primary: DATABASE_URL at the "
        "primary, DATABASE_REPLICA_URLS at the replica, and `--database replica_1`.")


STALE_AFTER_SECONDS = 3600


def _drop_stale_shadows(using: str, base: str) -> None:
    """Drop shadows of this database left by runs killed over an hour ago (never a live database)."""
    pattern = re.compile(re.escape(base) + r"_shadow_([0-9a-f]{8})_[0-9a-f]{6}")
    with connections[using].cursor() as cur:
        cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE %s",
                    [base.replace("_", "\\_") + "\\_shadow\\_%"])
        for (schema,) in cur.fetchall():
            m = pattern.fullmatch(schema)
            if m and time.time() - int(m.group(1), 16) > STALE_AFTER_SECONDS:
                cur.execute(f"DROP DATABASE IF EXISTS `{schema}`")


def _drop_mysql(using: str, name: str) -> None:
    with connections[using].cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def _unlink(path: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass
