#!/usr/bin/env python
"""Benchmark: adopting a legacy database with 1,000,000 attendance rows and 1,000,000 gate entry logs.

Builds identical legacy databases (the repository's legacy fixture, tests/legacy/fixture, plus
generated rows from MariaDB's sequence engine), adopts the first with `manage.py adopt_legacy --jobs N`
(whole command, wall time), then replays on a second copy exactly the DDL statements the adoption
executed (same ALGORITHM clauses), one after the other, and prints the ratio adoption / bare DDL (goal:
at most 1.3). Adoption alters tables on N connections at once; so that the ratio does not flatter it, a
third copy replays the same statements with the same N-way parallelism per table, and that ratio is
printed too. Also prints each algorithm.

With `--bad-percent P` (default 1), P% of the attendance rows hold a zero date and P% of the gate entry
logs an action outside the choices (both required, without a default), as old non-strict servers let
in, in the adopted copy only: the adoption runs with `--resolve-values quarantine --resolve-rows
quarantine` and sets those rows aside whole (erp.models.QuarantinedRow), while the bare
DDL runs on copies whose rows are all valid (the DDL alone would refuse a zero date).

    DATABASE_URL=mysql://root@127.0.0.1:3306/erp_adopt_bench python bench/adopt_bench.py [--rows N] [--bad-percent P]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import MySQLdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.legacy import fixture  # noqa: E402  (the repository's legacy test data)


def server(url: str) -> dict:
    u = urlparse(url)
    return {"host": u.hostname or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root",
            "passwd": u.password or ""}


def connect(params: dict, db: str | None = None):
    kw = dict(params, charset="utf8mb4", autocommit=True)
    if db:
        kw["database"] = db
    return MySQLdb.connect(**kw)


def load(params: dict, db: str, sql: str) -> None:
    env = dict(os.environ, MYSQL_PWD=params["passwd"]) if params["passwd"] else dict(os.environ)
    subprocess.run(["mariadb", "-h", params["host"], "-P", str(params["port"]), "-u", params["user"], db],
                   input=sql.encode(), check=True, env=env)


def build(params: dict, db: str, rows: int) -> None:
    conn = connect(params)
    conn.cursor().execute(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
    conn.close()
    load(params, db, fixture.schema_sql())
    load(params, db, fixture.data_sql())
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
        # (an ABSENT day has no times and no hours: the CHECK attendance_absent_without_hours)
        f"SELECT 1 + seq % 20, CONCAT('Employee ', 1 + seq % 20), DATE('1850-01-01') + INTERVAL (seq DIV 20) DAY, "
        f"IF(seq % 4 = 1, NULL, SEC_TO_TIME(32400 + (seq % 60) * 60)), IF(seq % 4 = 1, NULL, '18:00:00'), "
        f"ELT(1 + seq % 4, 'PRESENT', 'ABSENT', 'LATE', 'HALF_DAY'), "
        f"IF(seq % 4 = 1, NULL, 8 + (seq % 100) / 100), NULL, NOW(), NOW() FROM seq_1_to_{rows}")
    cur.execute(
        f"INSERT INTO gate_entry_logs (user_id, user_name, user_phone, action, method, details, status, entry_time, "
        f"exit_time, override_cooling, `timestamp`, created_at) "
        f"SELECT 1 + seq % 7, CONCAT('Gate user ', 1 + seq % 7), CONCAT('900000000', 1 + seq % 7), "
        f"IF(seq % 2, 'entry', 'exit'), 'manual', NULL, 'completed', "
        f"TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE, NULL, 0, TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE, "
        f"TIMESTAMP('2020-01-01') + INTERVAL seq MINUTE FROM seq_1_to_{rows}")
    conn.close()


def damage(params: dict, db: str, rows: int, percent: float) -> int:
    """Zero dates in `percent`% of the attendance rows and zero timestamps in as many gate entry logs."""
    if percent <= 0:
        return 0
    every = max(1, round(100 / percent))
    conn = connect(params, db)
    cur = conn.cursor()
    cur.execute("SET SESSION sql_mode = ''")
    cur.execute(f"UPDATE attendance SET date = '0000-00-00' WHERE id > 120 AND id % {every} = 0")
    bad = cur.rowcount
    cur.execute(f"UPDATE gate_entry_logs SET action = 'bogus' WHERE id % {every} = 0")
    bad += cur.rowcount
    conn.close()
    return bad


def replay(params: dict, db: str, executed: list[dict], jobs: int) -> float:
    """Run the adoption's DDL statements on `db`: CREATEs, then per table (in parallel when jobs > 1)."""
    def open_conn():
        conn = connect(params, db)
        conn.cursor().execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                              "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
        return conn

    groups: dict[str, list[str]] = {}
    creates = []
    for step in executed:
        if step["algorithm"] == "CREATE":
            creates.append(step["sql"])
        else:
            table = re.match(r"ALTER TABLE `([^`]+)`", step["sql"]).group(1)
            groups.setdefault(table, []).append(step["sql"])

    def run(statements: list[str]) -> None:
        conn = open_conn()
        for sql in statements:
            conn.cursor().execute(sql)
        conn.close()

    t0 = time.monotonic()
    conn = open_conn()
    cur = conn.cursor()
    cur.execute("SET SESSION foreign_key_checks = 0")
    for sql in creates:
        cur.execute(sql)
    conn.close()
    if jobs == 1:
        run([step["sql"] for step in executed if step["algorithm"] != "CREATE"])
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(run, groups.values()))
    return time.monotonic() - t0


def database_url(url: str, db: str) -> str:
    u = urlparse(url)
    return u._replace(path="/" + db).geturl()


def adopt(url: str, db: str, args) -> tuple[float, dict] | None:
    """The documented procedure on `db`: a dry run (it builds the shadow database and caches its schema),
    then the adoption, which is what is timed. Returns (seconds, report), or None when it failed."""
    resolve = ["--resolve-values", "quarantine", "--resolve-rows", "quarantine"]
    report_path = Path(tempfile.mkstemp(prefix="adopt_bench_", suffix=".json")[1])
    env = dict(os.environ, DATABASE_URL=database_url(url, db), ERP_SAMPLE_DATA="false",
               DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "erp.settings"))
    env.setdefault("SECRET_KEY", uuid.uuid4().hex * 2)
    try:
        dry = subprocess.run([sys.executable, str(ROOT / "manage.py"), "adopt_legacy", "--dry-run", *resolve,
                              "--report", str(report_path)], cwd=ROOT, env=env, capture_output=True, text=True)
        if dry.returncode != 0:
            print(dry.stdout, dry.stderr, sep="\n")
            return None
        t0 = time.monotonic()
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "adopt_legacy", *resolve, "--report",
                                 str(report_path), "--jobs", str(args.jobs)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.monotonic() - t0
        if result.returncode != 0:
            print(result.stdout, result.stderr, sep="\n")
            return None
        return seconds, json.loads(report_path.read_text())
    finally:
        report_path.unlink(missing_ok=True)


def one_round(params: dict, url: str, args, n: int, executed: list[dict] | None) -> dict | None:
    """Fresh copies, then the adoption and the bare DDL (one statement after the other, and `jobs` tables at
    once) in an order that turns with each round, so that none always runs first or last. `executed`: the
    statements the previous round's adoption executed (None in the first round)."""
    tag = uuid.uuid4().hex[:8]
    # The copies are named after DATABASE_URL's database (erp_adopt_bench by default), which is not used itself.
    prefix = urlparse(url).path.strip("/") or "erp_adopt_bench"
    adopted, bare, bare_parallel = (f"{prefix}_{x}_{tag}" for x in "abc")
    databases = [adopted, bare] + ([bare_parallel] if args.jobs > 1 else [])
    try:
        t0 = time.monotonic()
        for db in databases:
            build(params, db, args.rows)
        bad = damage(params, adopted, args.rows, args.bad_percent)
        print(f"\nRound {n}: built {len(databases)} legacy databases in {time.monotonic() - t0:.1f} s; "
              f"{bad:,} rows need row quarantine in the adopted copy ({args.bad_percent:g}% of each table)")
        out: dict = {}
        kinds = ["adoption", "bare"] + (["bare_parallel"] if args.jobs > 1 else [])
        shift = (n - 1) % len(kinds)
        order = kinds[shift:] + kinds[:shift]
        if executed is None:  # the first round: the bare DDL is what the adoption executes
            order = ["adoption"] + [k for k in order if k != "adoption"]
        for kind in order:
            if kind == "adoption":
                done = adopt(url, adopted, args)
                if done is None:
                    return None
                out["adoption"], out["report"] = done
                executed = out["report"]["executed"]
                if out["report"].get("quarantined_rows", 0) != bad:
                    print(f"Expected {bad:,} rows set aside, not {out['report'].get('quarantined_rows', 0):,}")
                    return None
            else:
                # Later rounds replay the statements the previous round's adoption executed (the same copies
                # get the same statements), so the bare DDL may run first.
                out[kind] = replay(params, bare if kind == "bare" else bare_parallel, executed,
                                   1 if kind == "bare" else args.jobs)
        line = (f"  adoption {out['adoption']:6.2f} s, bare DDL {out['bare']:6.2f} s "
                f"-> {out['adoption'] / out['bare']:.2f}x")
        if args.jobs > 1:
            line += (f"; bare DDL {args.jobs} tables at once {out['bare_parallel']:6.2f} s "
                     f"-> {out['adoption'] / out['bare_parallel']:.2f}x")
        print(line)
        print("  adoption phases (s):", out["report"].get("phase_seconds"))
        return out
    finally:
        conn = connect(params)
        for db in (adopted, bare, bare_parallel):
            conn.cursor().execute(f"DROP DATABASE IF EXISTS `{db}`")
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2, help="adopt_legacy --jobs (default 2)")
    parser.add_argument("--bad-percent", type=float, default=1.0,
                        help="percent of the generated rows needing row quarantine (default 1)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each on fresh copies (default 3)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/erp_adopt_bench")
    params = server(url)
    conn = connect(params)
    cur = conn.cursor()
    cur.execute("SELECT @@version, @@innodb_buffer_pool_size")
    version, pool = cur.fetchone()
    conn.close()
    print(f"Server {version}, InnoDB buffer pool {int(pool) // 2**20} MB; {os.cpu_count()} CPUs; "
          f"{args.rows:,} attendance rows and {args.rows:,} gate entry logs; {args.rounds} round(s)")
    rounds = []
    for n in range(1, args.rounds + 1):
        out = one_round(params, url, args, n, rounds[-1]["report"]["executed"] if rounds else None)
        if out is None:
            return 1
        rounds.append(out)

    report = rounds[-1]["report"]
    print("\nSteps of the adoption (algorithm), tables with more than 1,000 rows:")
    for table, entry in report["tables"].items():
        if (entry.get("rows_before") or 0) > 1000:
            for s in entry["statements"]:
                print(f"  {table:<18} {s['algorithm']:<8} {' '.join(s['sql'].split())[:110]}")
    algorithms = {}
    for step in report["executed"]:
        algorithms[step["algorithm"]] = algorithms.get(step["algorithm"], 0) + 1
    print(f"Statements by algorithm: {algorithms}; rows set aside whole: {report.get('quarantined_rows', 0):,}")

    ratios = [r["adoption"] / r["bare"] for r in rounds]
    print(f"\nadoption (whole manage.py adopt_legacy), median of {len(rounds)}: "
          f"{statistics.median([r['adoption'] for r in rounds]):8.2f} s")
    print(f"bare DDL (same {len(report['executed'])} statements, one after the other), median: "
          f"{statistics.median([r['bare'] for r in rounds]):8.2f} s")
    print(f"ratio per round: {', '.join(f'{x:.2f}x' for x in ratios)}; median {statistics.median(ratios):.2f}x "
          "(goal: at most 1.3x)")
    if args.jobs > 1:
        parallel = [r["adoption"] / r["bare_parallel"] for r in rounds]
        print(f"bare DDL, same statements, {args.jobs} tables at once, median: "
              f"{statistics.median([r['bare_parallel'] for r in rounds]):8.2f} s -> ratio per round: "
              f"{', '.join(f'{x:.2f}x' for x in parallel)}; median {statistics.median(parallel):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
