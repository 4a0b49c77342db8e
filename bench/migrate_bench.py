#!/usr/bin/env python
"""Migration timings on MariaDB, measured side by side in one run (medians of several runs).

(a) a fresh `manage.py migrate` of an empty database (its fast path: the checked-in schema snapshot)
    against loading the same final schema and rows from one SQL dump of a migrated database (goal: at
    most 2x); also the same migrate replaying every migration (`--no-fast-path`), and both ratios net of
    process start-up (a `manage.py check` and a `mariadb -e "SELECT 1"` measured in the same run), since
    Python and Django start-up alone take longer than loading the whole dump;
    also the fresh migrate against `manage.py check`, both with start-up (goal: at most 2.5x);
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
    timings: dict[str, list[float]] = {"migrate_fresh": [], "migrate_replay": [], "load_dump": [],
                                       "client_start": [], "migrate_noop": [], "check": []}
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
                replay = new_db()
                timings["migrate_replay"].append(manage(url_for(s, replay), "migrate", "--no-fast-path"))
                target = new_db()
                started = time.perf_counter()
                with open(dump) as source:
                    subprocess.run([load_tool, *client_args(s), target], stdin=source, env=client_env(s), check=True)
                timings["load_dump"].append(time.perf_counter() - started)
                started = time.perf_counter()
                subprocess.run([load_tool, *client_args(s), "-e", "SELECT 1"], env=client_env(s), check=True,
                               capture_output=True)
                timings["client_start"].append(time.perf_counter() - started)
                # (b)
                timings["migrate_noop"].append(manage(url_for(s, reference), "migrate"))
                timings["check"].append(manage(url_for(s, reference), "check"))
                for name in (fresh, replay, target):
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
    net_dump = med["load_dump"] - med["client_start"]
    net = (med["migrate_fresh"] - med["check"]) / net_dump
    net_replay = (med["migrate_replay"] - med["check"]) / net_dump
    print(f"(a) fresh migrate / load of a dump: {ratio_a:.2f}x  (goal <= 2x: {'met' if ratio_a <= 2 else 'NOT met'})")
    print(f"    replaying every migration:     {med['migrate_replay'] / med['load_dump']:.2f}x")
    print(f"    net of start-up (migrate - check) / (load - client start): fast path {net:.2f}x, "
          f"replay {net_replay:.2f}x")
    fresh_check = med["migrate_fresh"] / med["check"]
    print(f"    fresh migrate / check:          {fresh_check:.2f}x  "
          f"(goal <= 2.5x: {'met' if fresh_check <= 2.5 else 'NOT met'}); replaying: "
          f"{med['migrate_replay'] / med['check']:.2f}x")
    print(f"(b) no-op migrate / check:          {ratio_b:.2f}x  "
          f"(goal <= 1.2x: {'met' if ratio_b <= 1.2 else 'NOT met'})")


if __name__ == "__main__":
    main()
