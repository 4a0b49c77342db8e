#!/usr/bin/env python
"""Migration timings on MariaDB, measured side by side in one run (medians of several runs).

(a) a fresh `manage.py migrate` of an empty database against loading the same final schema and rows
    from one SQL dump of a migrated database (goal: at most 2x);
(b) a no-op `manage.py migrate` against `manage.py check` (goal: at most 1.2x).

Usage: DATABASE_URL=mysql://root@127.0.0.1:3306/erp_bench .venv/bin/python bench/migrate_bench.py [--runs 5]
Scratch databases are named after DATABASE_URL's database plus a random suffix, and dropped.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# Generated per run, never stored; an existing SECRET_KEY in the environment is used as is.
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)


def server(url: str) -> dict:
    u = urlparse(url)
    return {"host": u.hostname or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root",
            "password": u.password or "", "name": u.path.lstrip("/") or "erp_bench"}


def client_args(s: dict) -> list[str]:
    return [f"--host={s['host']}", f"--port={s['port']}", f"--user={s['user']}"]


def client_env(s: dict) -> dict:
    env = dict(os.environ)
    if s["password"]:
        env["MYSQL_PWD"] = s["password"]
    return env


def sql(s: dict, statement: str) -> None:
    tool = shutil.which("mariadb") or shutil.which("mysql")
    subprocess.run([tool, *client_args(s), "-e", statement], env=client_env(s), check=True)


def url_for(s: dict, name: str) -> str:
    auth = s["user"] + (f":{s['password']}" if s["password"] else "")
    return f"mysql://{auth}@{s['host']}:{s['port']}/{name}"


def manage(url: str, *args: str) -> float:
    env = dict(os.environ, DATABASE_URL=url, DEBUG=os.environ.get("DEBUG", "true"), SECRET_KEY=SECRET_KEY)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    s = server(os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/erp_bench"))
    prefix = f"{s['name'][:30]}_bench_{uuid.uuid4().hex[:6]}"
    created: list[str] = []

    def new_db() -> str:
        name = f"{prefix}_{len(created)}"
        sql(s, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        created.append(name)
        return name

    dump_tool = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    load_tool = shutil.which("mariadb") or shutil.which("mysql")
    timings: dict[str, list[float]] = {"migrate_fresh": [], "load_dump": [], "migrate_noop": [], "check": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "migrated.sql"
            reference = new_db()
            manage(url_for(s, reference), "migrate")
            with open(dump, "w") as out:
                subprocess.run([dump_tool, *client_args(s), "--single-transaction", reference], stdout=out,
                               env=client_env(s), check=True)
            for _ in range(options.runs):
                # (a) interleaved, so both sides see the same machine load
                fresh = new_db()
                timings["migrate_fresh"].append(manage(url_for(s, fresh), "migrate"))
                target = new_db()
                started = time.perf_counter()
                with open(dump) as source:
                    subprocess.run([load_tool, *client_args(s), target], stdin=source, env=client_env(s), check=True)
                timings["load_dump"].append(time.perf_counter() - started)
                # (b)
                timings["migrate_noop"].append(manage(url_for(s, reference), "migrate"))
                timings["check"].append(manage(url_for(s, reference), "check"))
                for name in (fresh, target):
                    sql(s, f"DROP DATABASE `{name}`")
                    created.remove(name)
    finally:
        for name in created:
            sql(s, f"DROP DATABASE IF EXISTS `{name}`")

    med = {k: statistics.median(v) for k, v in timings.items()}
    print(f"runs: {options.runs} each (medians, seconds, wall clock including process start)")
    for key, values in timings.items():
        print(f"  {key:<14} median {med[key]:.3f}   runs: {', '.join(f'{v:.3f}' for v in values)}")
    ratio_a = med["migrate_fresh"] / med["load_dump"]
    ratio_b = med["migrate_noop"] / med["check"]
    print(f"(a) fresh migrate / load of a dump: {ratio_a:.2f}x  (goal <= 2x: {'met' if ratio_a <= 2 else 'NOT met'})")
    print(f"(b) no-op migrate / check:          {ratio_b:.2f}x  (goal <= 1.2x: {'met' if ratio_b <= 1.2 else 'NOT met'})")


if __name__ == "__main__":
    main()
