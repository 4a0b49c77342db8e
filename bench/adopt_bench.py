#!/usr/bin/env python
"""Benchmark: adopting a legacy database with 1,000,000 attendance rows and 1,000,000 gate entry logs.

Builds two identical legacy databases (the shared fixture plus generated rows, from MariaDB's sequence
engine), adopts the first with `manage.py adopt_legacy` (whole command, wall time), then replays on the
second exactly the DDL statements the adoption executed (same ALGORITHM clauses), and prints the
ratio adoption / bare DDL. Goal: at most 1.3. Also prints the algorithm of every step.

    DATABASE_URL=mysql://root@127.0.0.1:3306/erp_adopt_bench python bench/adopt_bench.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import MySQLdb

ROOT = Path(__file__).resolve().parent.parent
LEGACY = Path(os.environ.get("ERP_LEGACY_FIXTURES", "/work/shared/legacy"))


def server(url: str) -> dict:
    u = urlparse(url)
    return {"host": u.hostname or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root",
            "passwd": u.password or ""}


def connect(params: dict, db: str | None = None):
    kw = dict(params, charset="utf8mb4", autocommit=True)
    if db:
        kw["database"] = db
    return MySQLdb.connect(**kw)


def load(params: dict, db: str, path: Path) -> None:
    env = dict(os.environ, MYSQL_PWD=params["passwd"]) if params["passwd"] else dict(os.environ)
    with open(path, "rb") as fh:
        subprocess.run(["mariadb", "-h", params["host"], "-P", str(params["port"]), "-u", params["user"], db],
                       stdin=fh, check=True, env=env)


def build(params: dict, db: str, rows: int) -> None:
    conn = connect(params)
    conn.cursor().execute(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
    conn.close()
    load(params, db, LEGACY / "schema.sql")
    load(params, db, LEGACY / "data.sql")
    conn = connect(params, db)
    cur = conn.cursor()
    # The fixture's dangling references are a quarantine matter, measured by the tests, not here:
    # the benchmark compares the adoption with its bare DDL, so it starts from a conflict-free database.
    cur.execute("UPDATE transport_job SET dispatch_request_id = 1 WHERE id = 4")
    cur.execute("UPDATE dispatch_request SET sales_order_id = NULL WHERE sales_order_id = 77")
    cur.execute("UPDATE job_applications SET candidate_id = NULL WHERE candidate_id = 42")
    cur.execute("UPDATE leaves SET approved_by = NULL")
    # One attendance row per employee per day (the unique key adoption adds), in 1850-1987.
    cur.execute(
        f"INSERT INTO attendance (employee_id, name, date, check_in_time, check_out_time, status, hours_worked, "
        f"notes, created_at, updated_at) "
        f"SELECT 1 + seq % 20, CONCAT('Employee ', 1 + seq % 20), DATE('1850-01-01') + INTERVAL (seq DIV 20) DAY, "
        f"SEC_TO_TIME(32400 + (seq % 60) * 60), '18:00:00', ELT(1 + seq % 4, 'PRESENT', 'ABSENT', 'LATE', 'HALF_DAY'), "
        f"8 + (seq % 100) / 100, NULL, NOW(), NOW() FROM seq_1_to_{rows}")
    cur.execute(
        f"INSERT INTO gate_entry_logs (user_id, user_name, user_phone, action, method, details, status, entry_time, "
        f"exit_time, override_cooling, `timestamp`, created_at) "
        f"SELECT 1 + seq % 7, CONCAT('Gate user ', 1 + seq % 7), CONCAT('900000000', 1 + seq % 7), "
        f"IF(seq % 2, 'entry', 'exit'), 'manual', NULL, 'completed', "
        f"TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE, NULL, 0, TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE, "
        f"TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE FROM seq_1_to_{rows}")
    conn.close()


def database_url(url: str, db: str) -> str:
    u = urlparse(url)
    return u._replace(path="/" + db).geturl()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/erp_adopt_bench")
    params = server(url)
    tag = uuid.uuid4().hex[:8]
    adopted, bare = f"erp_adopt_bench_a_{tag}", f"erp_adopt_bench_b_{tag}"
    try:
        t0 = time.monotonic()
        build(params, adopted, args.rows)
        build(params, bare, args.rows)
        print(f"Built two legacy databases with {args.rows:,} attendance rows and {args.rows:,} gate entry logs "
              f"each in {time.monotonic() - t0:.1f} s")

        report_path = Path(tempfile.mkstemp(prefix="adopt_bench_", suffix=".json")[1])
        env = dict(os.environ, DATABASE_URL=database_url(url, adopted), ERP_SAMPLE_DATA="false",
                   DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "erp.settings"))
        env.setdefault("SECRET_KEY", uuid.uuid4().hex * 2)
        t0 = time.monotonic()
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "adopt_legacy", "--report", str(report_path)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        adoption = time.monotonic() - t0
        if result.returncode != 0:
            print(result.stdout, result.stderr, sep="\n")
            return 1
        report = json.loads(report_path.read_text())
        report_path.unlink()
        print("Adoption phases (s):", report.get("phase_seconds"))

        conn = connect(params, bare)
        cur = conn.cursor()
        cur.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
        t0 = time.monotonic()
        for step in report["executed"]:
            if step["algorithm"] == "CREATE":
                cur.execute("SET SESSION foreign_key_checks = 0")
                cur.execute(step["sql"])
                cur.execute("SET SESSION foreign_key_checks = 1")
            else:
                cur.execute(step["sql"])
        ddl = time.monotonic() - t0
        conn.close()

        print("\nSteps of the adoption (algorithm, seconds), tables with more than 1,000 rows:")
        for table, entry in report["tables"].items():
            if (entry.get("rows_before") or 0) > 1000:
                for s in entry["statements"]:
                    print(f"  {table:<18} {s['algorithm']:<8} {' '.join(s['sql'].split())[:110]}")
        algorithms = {}
        for step in report["executed"]:
            algorithms[step["algorithm"]] = algorithms.get(step["algorithm"], 0) + 1
        print(f"\nStatements by algorithm: {algorithms}")
        print(f"Shadow database built and introspected in {report.get('shadow_seconds')} s")
        print(f"\nadoption (whole manage.py adopt_legacy): {adoption:8.2f} s")
        print(f"bare DDL (same {len(report['executed'])} statements):    {ddl:8.2f} s")
        print(f"ratio: {adoption / ddl:.2f}x  (goal: at most 1.3x)")
        return 0
    finally:
        conn = connect(params)
        for db in (adopted, bare):
            conn.cursor().execute(f"DROP DATABASE IF EXISTS `{db}`")
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
