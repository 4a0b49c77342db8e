#!/usr/bin/env python
"""Changelist cost of the ever-growing tables at two sizes, tuned admin against Django's defaults (MariaDB).

    .venv/bin/python bench/admin_bench.py [--small 10000] [--large 1000000] [--repeat 15] [--only attendance]

Builds `<prefix>_10k` and `<prefix>_1m` once with `manage.py seed_demo` (reused when present), then
for each size runs a child process that times the attendance, gate entry log and sales transaction
changelists (first page, a later page, a filter, a search) through Django's test client, with
ERP_ADMIN_TUNING on and off on the same data. The sizes are measured in turn over --rounds rounds
(Django's defaults in the first only), so other work on a shared machine weighs on both alike.
Prints medians (over all rounds' requests), p95, query counts and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODELS = [("hr", "attendance"), ("gate", "gateentrylog"), ("sales", "salestransaction")]
BUDGET_MS = 60.0
GROWTH_LIMIT = 1.3
QUERY_LIMIT = 8


def _label(scale: int) -> str:
    return f"{scale // 1_000_000}m" if scale >= 1_000_000 and scale % 1_000_000 == 0 else f"{scale // 1000}k"


def _server_url(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def _env(url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "erp.settings", "DEBUG": "false",
                "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50), "PYTHONUNBUFFERED": "1",
                # Production settings, but plain HTTP on loopback: no redirect to HTTPS.
                "SECURE_SSL_REDIRECT": "false"})
    env.update(extra)
    return env


def ensure_database(base_url: str, name: str, scale: int) -> None:
    """Create, migrate and seed the database unless it already holds the demo data."""
    from urllib.parse import urlparse

    import MySQLdb

    u = urlparse(base_url)
    conn = MySQLdb.connect(host=u.hostname or "127.0.0.1", port=u.port or 3306, user=u.username or "root",
                           password=u.password or "", autocommit=True)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'attendance'",
                [name])
    seeded = False
    if cur.fetchone()[0]:
        cur.execute(f"SELECT EXISTS (SELECT 1 FROM `{name}`.gate_entry_logs)")
        seeded = bool(cur.fetchone()[0])
    if seeded:
        print(f"Reusing database {name} (applying any new migrations).")
        env = _env(_server_url(base_url, name), ERP_ADMIN_PASSWORD=secrets.token_urlsafe(16))
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    else:
        build(cur, base_url, name, scale)
    # Fresh index statistics, so the optimizer and the estimated counts see the table as it is.
    for table in ("attendance", "gate_entry_logs", "sales_transaction"):
        cur.execute(f"ANALYZE TABLE `{name}`.`{table}`")
        cur.fetchall()
    conn.close()


def build(cur, base_url: str, name: str, scale: int) -> None:
    print(f"Building database {name} (seed_demo --scale {scale:,}); this is done once.")
    cur.execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    env = _env(_server_url(base_url, name), ERP_ADMIN_PASSWORD=secrets.token_urlsafe(16))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--scale", str(scale), "--seed", "1"], cwd=ROOT, env=env, check=True)


# ------------------------------------------------------------------ child: measure one database
def measure(repeat: int, repeat_defaults: int, statement_timeout: int, models: list) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import OperationalError, connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from gate.models import GateEntryLog, GateUser
    from hr.models import Attendance
    from sales.models import SalesTransaction

    # No setup_test_environment(): its instrumented template rendering doubles the CPU time of a page.
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    # A superuser's session needs the second factor passed (erp/security/two_factor.py), as after a real login.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    name = Attendance.objects.order_by("pk").values_list("name", flat=True).first()
    phone = GateUser.objects.order_by("pk").values_list("phone", flat=True).first()
    reference = SalesTransaction.objects.order_by("pk").values_list("reference_number", flat=True).first()
    scenarios = {
        "attendance": {"first page": "", "later page": "p=20", "filter": "status__exact=LATE",
                       "search": f"q={quote_plus(name)}"},  # a person's attendance: their name
        "gateentrylog": {"first page": "", "later page": "p=20", "filter": "action__exact=exit",
                         "search": f"q={phone}"},
        "salestransaction": {"first page": "", "later page": "p=20", "filter": "payment_method__exact=cheque",
                             "search": f"q={reference}"},
    }
    rows = {m._meta.model_name: m.objects.count() for m in (Attendance, GateEntryLog, SalesTransaction)}
    results = []
    for app_label, model_name in models:
        base = reverse(f"admin:{app_label}_{model_name}_changelist")
        for scenario, query in scenarios[model_name].items():
            url = f"{base}?{query}" if query else base
            for tuned in ((True, False) if repeat_defaults else (True,)):
                times, cpu, sql, queries, timed_out = [], [], [], 0, False
                # Django's defaults can take minutes per page at a million rows: bound each statement.
                with connection.cursor() as cursor:
                    cursor.execute(f"SET SESSION max_statement_time = {0 if tuned else statement_timeout}")
                with override_settings(ERP_ADMIN_TUNING=tuned, ALLOWED_HOSTS=["testserver"]):
                    if tuned:
                        client.get(url)  # warm caches and connections
                    for _ in range(repeat if tuned else repeat_defaults):
                        with CaptureQueriesContext(connection) as captured:
                            started, cpu_started = time.perf_counter(), time.process_time()
                            try:
                                response = client.get(url)
                            except OperationalError:
                                timed_out = True
                                break
                            times.append((time.perf_counter() - started) * 1000)
                            cpu.append((time.process_time() - cpu_started) * 1000)
                        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
                        assert response.status_code == 200, (url, response.status_code)
                        queries = len(captured)
                if timed_out:
                    results.append({"model": model_name, "scenario": scenario, "tuned": tuned, "timed_out": True,
                                    "median_ms": statement_timeout * 1000.0, "p95_ms": statement_timeout * 1000.0,
                                    "queries": queries, "runs": 0, "cpu_ms": 0.0, "sql_ms": 0.0})
                    continue
                times.sort()
                results.append({
                    "model": model_name, "scenario": scenario, "tuned": tuned, "median_ms": statistics.median(times),
                    "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], "queries": queries,
                    "runs": len(times), "cpu_ms": statistics.median(cpu), "sql_ms": statistics.median(sql),
                    "samples": {"times": times, "cpu": cpu, "sql": sql},
                })
    return {"rows": rows, "results": results}


# ------------------------------------------------------------------ parent: build, run, compare
def _merge(data: dict, scale: int, measured: dict) -> None:
    """Add one round's results for a size: samples pooled per case, medians and p95 over the pool."""
    entry = data.setdefault(scale, {"rows": measured["rows"], "results": []})
    index = {(r["model"], r["scenario"], r["tuned"]): r for r in entry["results"]}
    for result in measured["results"]:
        key = (result["model"], result["scenario"], result["tuned"])
        pooled = index.get(key)
        if pooled is None:
            entry["results"].append(result)
            index[key] = result
            continue
        if "samples" not in pooled or "samples" not in result:  # a timed-out case: nothing to pool
            continue
        for name in ("times", "cpu", "sql"):
            pooled["samples"][name] += result["samples"][name]
        times = sorted(pooled["samples"]["times"])
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        pooled.update(median_ms=statistics.median(times), p95_ms=p95,
                      runs=len(times), cpu_ms=statistics.median(pooled["samples"]["cpu"]),
                      sql_ms=statistics.median(pooled["samples"]["sql"]),
                      queries=max(pooled["queries"], result["queries"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306"),
                        help="MariaDB server URL without database name")
    parser.add_argument("--prefix", default="erp_scale_bench", help="database name prefix")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per tuned case and round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds over both sizes in turn (small, large, small, ...): other work on the machine "
                             "then weighs on both sizes alike; medians are over all rounds' requests")
    parser.add_argument("--repeat-defaults", type=int, default=1, help="timed requests per untuned case (slow)")
    parser.add_argument("--statement-timeout", type=int, default=20,
                        help="seconds any one SQL statement may take with the tuning off (reported as '>')")
    parser.add_argument("--only", nargs="+", choices=[m for _, m in MODELS], metavar="CHANGELIST",
                        help=f"measure only these changelists ({', '.join(m for _, m in MODELS)})")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    models = [(app, m) for app, m in MODELS if not args.only or m in args.only]
    if args.measure:
        print(json.dumps(measure(args.repeat, args.repeat_defaults, args.statement_timeout, models)))
        return 0
    if args.small < 1 or args.large <= args.small or args.repeat < 1 or args.repeat_defaults < 1 or args.rounds < 1:
        parser.error("need 1 <= --small < --large and --repeat, --repeat-defaults, --rounds >= 1")

    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    data = {}
    # Production settings (DEBUG off) render pages with the hashed static names: collect them once.
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=_env(_server_url(args.server, f"{args.prefix}_{_label(args.small)}")), check=True)
    for scale in (args.small, args.large):
        ensure_database(args.server, f"{args.prefix}_{_label(scale)}", scale)
    for round_ in range(args.rounds):
        for scale in (args.small, args.large):
            name = f"{args.prefix}_{_label(scale)}"
            print(f"Measuring {name} (round {round_ + 1} of {args.rounds}) ...", flush=True)
            # Django's defaults take seconds to minutes a page: measured in the first round only.
            child = subprocess.run(
                [sys.executable, __file__, "--measure", "--repeat", str(args.repeat),
                 "--repeat-defaults", str(args.repeat_defaults if round_ == 0 else 0),
                 "--statement-timeout", str(args.statement_timeout), *(["--only", *args.only] if args.only else [])],
                cwd=ROOT, env=_env(_server_url(args.server, name)), capture_output=True, text=True,
            )
            if child.returncode != 0:
                print(child.stderr, file=sys.stderr)
                return 1
            _merge(data, scale, json.loads(child.stdout.strip().splitlines()[-1]))

    small, large = args.small, args.large
    print()
    for scale in (small, large):
        print(f"{_label(scale)}: rows " + ", ".join(f"{k} {v:,}" for k, v in data[scale]["rows"].items()))
    print()
    print(f"Load average before/after: {load_before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs (other work on the machine inflates wall times; CPU and SQL columns less so)")
    print()
    header = (f"{'changelist':<18}{'case':<12}| {'tuned ' + _label(small):>14} {'tuned ' + _label(large):>14} "
              f"{'p95 ' + _label(large):>9} {'q':>3} {'growth':>7} | {'defaults ' + _label(large):>15} {'q':>3} "
              f"{'defaults/tuned':>15} | {'cpu ' + _label(large):>9} {'sql ' + _label(large):>9}")
    print(header)
    print("-" * len(header))
    index = {(s, r["model"], r["scenario"], r["tuned"]): r for s in data for r in data[s]["results"]}
    failures = []
    for app_label, model_name in models:
        for scenario in ("first page", "later page", "filter", "search"):
            ts, tl = index[(small, model_name, scenario, True)], index[(large, model_name, scenario, True)]
            dl = index[(large, model_name, scenario, False)]
            growth = tl["median_ms"] / ts["median_ms"]
            over = ">" if dl.get("timed_out") else " "
            print(f"{model_name:<18}{scenario:<12}| {ts['median_ms']:>11.1f} ms {tl['median_ms']:>11.1f} ms "
                  f"{tl['p95_ms']:>6.1f} ms {tl['queries']:>3} {growth:>6.2f}x |{over}{dl['median_ms']:>11.1f} ms "
                  f"{dl['queries'] if not dl.get('timed_out') else '-':>3} "
                  f"{over}{dl['median_ms'] / tl['median_ms']:>13.1f}x"
                  f" | {tl['cpu_ms']:>6.1f} ms {tl['sql_ms']:>6.1f} ms")
            if tl["median_ms"] > BUDGET_MS:
                failures.append(f"{model_name} {scenario}: {tl['median_ms']:.1f} ms > {BUDGET_MS:.0f} ms")
            if growth > GROWTH_LIMIT:
                failures.append(f"{model_name} {scenario}: grows {growth:.2f}x from {_label(small)} to {_label(large)}")
            if max(ts["queries"], tl["queries"]) > QUERY_LIMIT:
                failures.append(f"{model_name} {scenario}: {tl['queries']} queries")
    print()
    print(f"Goals: tuned median at {_label(large)} <= {BUDGET_MS:.0f} ms, <= {GROWTH_LIMIT}x the median at "
          f"{_label(small)}, <= {QUERY_LIMIT} queries. 'defaults' is ERP_ADMIN_TUNING=false on the same data; "
          f"'>' marks a page cut off by the {args.statement_timeout} s statement timeout.")
    if failures:
        print("Not met: " + "; ".join(failures))
        return 2
    print("All goals met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
