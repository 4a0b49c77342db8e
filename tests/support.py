"""Helpers for tests that run real `manage.py` processes against real, throwaway databases."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def is_mysql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("mysql")


def mysql_server_params(url: str | None = None) -> dict:
    u = urlparse(url or os.environ["DATABASE_URL"])
    return {"host": u.hostname or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root",
            "password": u.password or ""}


def mysql_connect(database: str | None = None, url: str | None = None):
    import MySQLdb

    params = mysql_server_params(url)
    if database:
        params["database"] = database
    conn = MySQLdb.connect(charset="utf8mb4", autocommit=True, **params)
    return conn


@dataclass
class ScratchDatabase:
    """An empty database of the current leg's engine, with its DATABASE_URL."""

    url: str
    name: str
    path: Path | None = None  # SQLite file

    def manage(self, *args: str, env: dict | None = None, timeout: float = 600, check: bool = False,
               **popen) -> subprocess.CompletedProcess:
        return run_manage(*args, database_url=self.url, env=env, timeout=timeout, check=check, **popen)

    def shell(self, code: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run Python code in `manage.py shell` against this database (no auto-import chatter)."""
        return self.manage("shell", "--verbosity", "0", "-c", code, env=env, check=check)

    def popen(self, *args: str, env: dict | None = None, **popen) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT, env=manage_env(self.url, env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, **popen,
        )

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement on this database through a fresh connection; return its rows."""
        if self.path is not None:
            import sqlite3

            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql, params).fetchall()
        conn = mysql_connect(self.name)
        try:
            cur = conn.cursor()
            cur.execute(sql, params or None)
            return list(cur.fetchall())
        finally:
            conn.close()


def manage_env(database_url: str, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tests.settings",
                "PYTHONUNBUFFERED": "1"})
    env.pop("ERP_ADMIN_PASSWORD", None)
    env.update(extra or {})
    return env


def run_manage(*args: str, database_url: str, env: dict | None = None, timeout: float = 600,
               check: bool = False, **popen) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=manage_env(database_url, env), capture_output=True, text=True, timeout=timeout, **popen,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def mysql_database(name: str) -> ScratchDatabase:
    """Database `name` on the MariaDB server of DATABASE_URL, as a ScratchDatabase."""
    p = mysql_server_params()
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return ScratchDatabase(url=f"mysql://{auth}@{p['host']}:{p['port']}/{name}", name=name)


@contextmanager
def scratch_database(tmp_path: Path, prefix: str = "erp_scratch"):
    """Create an empty database for the current leg, drop it afterwards."""
    if is_mysql():
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        conn = mysql_connect()
        conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        try:
            yield mysql_database(name)
        finally:
            conn.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
            conn.close()
    else:
        path = tmp_path / f"{prefix}.sqlite3"
        yield ScratchDatabase(url=f"sqlite:///{path}", name=str(path), path=path)


def run_at_once(*calls) -> list:
    """Run the calls in threads released together, each on its own database connection (the race tests).

    Returns each call's result, or the exception it raised, in the order of the calls.
    """
    import threading

    from django.db import connection

    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # returned to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def verified_login(client, user) -> None:
    """`client.force_login(user)` with the second factor passed, as after a real two-factor login
    (erp/security/two_factor.py): the session names a confirmed authenticator device of the user. Use it
    wherever a test logs in a user and then uses the admin; tests of the login itself go through the pages."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
