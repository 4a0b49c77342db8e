#!/usr/bin/env python
"""Load test: the app under gunicorn (4 workers, 127.0.0.1 only), 20 logged-in users browsing for 60 s.

    .venv/bin/python bench/load_test.py [--database erp_scale_bench_1m] [--users 20] [--duration 60]
    .venv/bin/python bench/load_test.py --replica [--scale 100000] [--rounds 2] [--duration 15]

Uses a database built by bench/admin_bench.py (or `seed_demo`). Each simulated user logs in through
the admin login form, then loops over the attendance, gate entry log and sales transaction list
pages (first page, a later page, a filter, a search) and their detail pages, with no think time.
Prints throughput and p50/p95/p99 latency, overall and per kind of page. Bounded: --duration
seconds, at most --max-requests requests, a timeout per request; gunicorn is stopped at the end.

--replica starts a MariaDB primary and GTID replica of its own (tests/mariadb_pair.py), seeds the
primary with `seed_demo --scale`, and runs the same load against the primary alone and with reads
split to the replica (DATABASE_REPLICA_URLS), alternating --rounds times so that other work on the
machine weighs on both alike. Prints both and their ratios, and the SELECTs each server answered.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote_plus, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
USERNAME = "load-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Browser:
    """One logged-in user: a keep-alive connection and its cookies."""

    def __init__(self, port: int, timeout: float):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.expires: dict[str, float] = {}  # Max-Age, as a browser keeps it (the replica pin cookie)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        now = time.monotonic()
        for name in [n for n, at in self.expires.items() if at <= now]:
            self.cookies.pop(name, None)
            self.expires.pop(name)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # reconnect on the next request
            raise
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
                if morsel["max-age"]:
                    self.expires[name] = time.monotonic() + int(morsel["max-age"])
        return response.status, text

    def login(self, password: str) -> None:
        status, page = self.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"login page answered {status}")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": password,
                          "next": "/admin/"})
        status, _ = self.request("POST", "/admin/login/?next=/admin/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed ({status})")


def pages(ids: dict[str, list[int]], terms: dict[str, str]) -> list[tuple[str, str]]:
    """(kind, path) of the pages users visit; detail pages pick a random existing row each time."""
    out = []
    for app, model in (("hr", "attendance"), ("gate", "gateentrylog"), ("sales", "salestransaction")):
        base = f"/admin/{app}/{model}/"
        filt = {"attendance": "status__exact=LATE", "gateentrylog": "action__exact=exit",
                "salestransaction": "payment_method__exact=cheque"}[model]
        out += [("list first page", base), ("list later page", base + "?p=20"), ("list filter", f"{base}?{filt}"),
                ("list search", f"{base}?q={terms[model]}")]
        out += [("detail", f"{base}{{id}}/change/")] * 4
    return out


def connect(server: str, database: str | None = None):
    from urllib.parse import urlparse

    import MySQLdb

    u = urlparse(server)
    return MySQLdb.connect(host=u.hostname or HOST, port=u.port or 3306, user=u.username or "root",
                           password=u.password or "", **({"database": database} if database else {}))


def sample_rows(server: str, database: str) -> tuple[dict, dict] | str:
    """Existing keys to open detail pages with, and search terms that find rows; or why there are none."""
    import MySQLdb

    try:
        db = connect(server, database)
    except MySQLdb.OperationalError as exc:
        return f"Cannot open database {database}: {exc}. Build it with bench/admin_bench.py first."
    cur = db.cursor()
    ids, terms = {}, {}
    for model, table in (("attendance", "attendance"), ("gateentrylog", "gate_entry_logs"),
                         ("salestransaction", "sales_transaction")):
        cur.execute(f"SELECT MIN(id), MAX(id) FROM `{table}`")
        low, high = cur.fetchone()
        if low is None:
            return f"{database}.{table} is empty: build it with bench/admin_bench.py first."
        rng = random.Random(1)
        ids[model] = [rng.randint(low, high) for _ in range(500)]
    cur.execute("SELECT name FROM attendance ORDER BY id LIMIT 1")
    terms["attendance"] = quote_plus(cur.fetchone()[0])
    cur.execute("SELECT phone FROM gate_users ORDER BY id LIMIT 1")
    terms["gateentrylog"] = cur.fetchone()[0]
    cur.execute("SELECT reference_number FROM sales_transaction ORDER BY id LIMIT 1")
    terms["salestransaction"] = cur.fetchone()[0]
    db.close()
    return ids, terms


def app_env(args, database_url: str, password: str, port: int, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_REPLICA_URLS", None)
    env.update({
        "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "erp.settings",
        "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST,
        # Production settings, but plain HTTP on loopback (a TLS proxy would sit in front in production).
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": str(args.workers), "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_TIMEOUT": str(int(args.timeout) + 5), "LOAD_TEST_PASSWORD": password,
        **(extra or {}),
    })
    return env


def prepare(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "shell", "-v0", "-c",
                    "import os; from django.contrib.auth.models import Permission, User; "
                    f"u, _ = User.objects.get_or_create(username='{USERNAME}'); u.is_staff = True; "
                    "u.set_password(os.environ['LOAD_TEST_PASSWORD']); u.save(); "
                    # Staff who may view the three lists: a password login, no second factor (superusers need one).
                    "u.user_permissions.set(Permission.objects.filter(codename__in=["
                    "'view_attendance', 'view_gateentrylog', 'view_salestransaction']))"],
                   cwd=ROOT, env=env, check=True)


def run_load(args, env: dict, port: int, password: str, ids: dict, terms: dict, label: str = ""):
    """gunicorn with `env`, args.users users logged in, args.duration s of load after args.warmup s.

    Returns (samples, wall seconds) or None when gunicorn did not start.
    """
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "erp.wsgi"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = Browser(port, 5).request("GET", "/admin/login/")
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("gunicorn did not start:\n" + (server.stderr.read() if server.poll() is not None else ""),
                      file=sys.stderr)
                return None
            time.sleep(0.3)
        print(f"gunicorn: {args.workers} workers on {HOST}:{port}, database {env['DATABASE_URL'].rsplit('/', 1)[-1]}"
              f"{' (' + label + ')' if label else ''}; {args.users} users for {args.duration:.0f} s"
              + (f" after {args.warmup:.0f} s of warm-up" if args.warmup else ""), flush=True)

        browsers = []
        for _ in range(args.users):
            browser = Browser(port, args.timeout)
            browser.login(password)
            browsers.append(browser)

        plan = pages(ids, terms)
        samples: list[tuple[str, float, int]] = []
        lock = threading.Lock()
        measure_from = time.monotonic() + args.warmup
        stop_at = measure_from + args.duration

        def user(n: int) -> None:
            rng = random.Random(n)
            browser = browsers[n]
            while time.monotonic() < stop_at:
                kind, path = rng.choice(plan)
                if "{id}" in path:
                    model = path.split("/")[3]
                    path = path.format(id=rng.choice(ids[model]))
                begun = time.monotonic()
                t0 = time.perf_counter()
                try:
                    status, _ = browser.request("GET", path)
                except (http.client.HTTPException, OSError):
                    status = 0
                elapsed = (time.perf_counter() - t0) * 1000
                if begun < measure_from:
                    continue
                with lock:
                    if len(samples) >= args.max_requests:
                        return
                    samples.append((kind, elapsed, status))

        threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.warmup + args.duration + args.timeout + 5)
        wall = time.monotonic() - measure_from
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return samples, wall


def summary(samples: list, wall: float) -> dict:
    ok = [s for s in samples if s[2] in (200, 404)]  # a random key may have no row (gaps): still a served page
    times = [s[1] for s in ok] or [0.0]
    return {"requests": len(samples), "errors": len(samples) - len(ok), "rps": len(samples) / wall,
            "p50": statistics.median(times), "p95": percentile(times, 0.95), "p99": percentile(times, 0.99)}


def print_table(samples: list, wall: float) -> int:
    ok = [s for s in samples if s[2] in (200, 404)]
    errors = len(samples) - len(ok)
    print(f"\n{len(samples):,} requests in {wall:.1f} s: {len(samples) / wall:.1f} req/s, {errors} errors "
          f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"{'page':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    kinds = ["all"] + sorted({s[0] for s in ok})
    for kind in kinds:
        times = [s[1] for s in ok if kind == "all" or s[0] == kind]
        if times:
            print(f"{kind:<18}{len(times):>9,}{statistics.median(times):>9.0f}{percentile(times, 0.95):>9.0f}"
                  f"{percentile(times, 0.99):>9.0f}")
    return errors


def selects(pair) -> dict[str, int]:
    return {which: int(pair.query(which, "SHOW GLOBAL STATUS LIKE 'Com_select'")[0][1])
            for which in ("primary", "replica")}


def replica_run(args) -> int:
    """The same load against the primary alone and with reads split to a replica, in alternating rounds."""
    import shutil
    import tempfile

    from tests.mariadb_pair import READER, PairUnavailable, start_pair

    base = Path(tempfile.mkdtemp(prefix="erp_load_pair_"))
    try:
        pair = start_pair(base)
    except PairUnavailable as exc:
        print(f"--replica needs MariaDB installed here: {exc}", file=sys.stderr)
        shutil.rmtree(base, ignore_errors=True)
        return 1
    database = "erp_load"
    try:
        server = f"mysql://root@{HOST}:{pair.primary.port}"
        pair.query("primary", f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        password = secrets.token_urlsafe(18)
        port = free_port()
        primary_env = app_env(args, f"{server}/{database}", password, port)
        manage = [sys.executable, str(ROOT / "manage.py")]
        started = time.monotonic()
        # (The first admin's generated password is not shown: the database is thrown away at the end.)
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=primary_env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "seed_demo", "--scale", str(args.scale), "--no-progress"], cwd=ROOT, env=primary_env,
                       check=True, stdout=subprocess.DEVNULL)
        prepare(primary_env)
        pair.wait_replicated(timeout=600)
        print(f"Primary and replica on ports {pair.primary.port} and {pair.replica.port}: seed_demo --scale "
              f"{args.scale:,} replicated in {time.monotonic() - started:.0f} s", flush=True)
        found = sample_rows(server, database)
        if isinstance(found, str):
            print(found, file=sys.stderr)
            return 1
        ids, terms = found
        split = {"DATABASE_REPLICA_URLS": pair.url("replica", database, user=READER)}
        runs: dict[str, list] = {"primary alone": [], "reads split": []}
        served: dict[str, dict[str, int]] = {label: {"primary": 0, "replica": 0} for label in runs}
        for _ in range(args.rounds):
            for label, extra in (("primary alone", {}), ("reads split", split)):
                before = selects(pair)
                result = run_load(args, app_env(args, f"{server}/{database}", password, port, extra), port,
                                  password, ids, terms, label)
                if result is None:
                    return 1
                after = selects(pair)
                for which in after:
                    served[label][which] += after[which] - before[which]
                runs[label].append(result)
        results = {}
        errors = 0
        for label, parts in runs.items():
            samples = [s for part, _ in parts for s in part]
            wall = sum(w for _, w in parts)
            print(f"\n== {label} ({args.rounds} rounds of {args.duration:.0f} s)")
            errors += print_table(samples, wall)
            results[label] = summary(samples, wall)
        alone, split_ = results["primary alone"], results["reads split"]
        print(f"\n{'':<15}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'SELECTs primary':>17}{'replica':>9}")
        for label, r in results.items():
            print(f"{label:<15}{r['rps']:>8.1f}{r['p50']:>8.0f}{r['p95']:>8.0f}"
                  f"{served[label]['primary']:>17,}{served[label]['replica']:>9,}")
        print(f"{'split / alone':<15}{split_['rps'] / alone['rps']:>8.2f}{split_['p50'] / alone['p50']:>8.2f}"
              f"{split_['p95'] / alone['p95']:>8.2f}")
        print(f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; the servers, gunicorn and the "
              "load generator share them)")
        return 0 if errors == 0 else 2
    finally:
        pair.stop()
        shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306"))
    parser.add_argument("--database", default="erp_scale_bench_1m")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=None, help="seconds of measured load (default 60; "
                        "15 per phase and round with --replica)")
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds of unmeasured load first (default 0; 6 with --replica: the pin cookie of the "
                        "login expires)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--replica", action="store_true",
                        help="start a primary and replica of its own; compare the primary alone with reads split")
    parser.add_argument("--scale", type=int, default=100_000, help="--replica: seed_demo --scale (default 100000)")
    parser.add_argument("--rounds", type=int, default=2, help="--replica: alternating rounds (default 2)")
    args = parser.parse_args()
    args.duration = args.duration if args.duration is not None else (15.0 if args.replica else 60.0)
    args.warmup = args.warmup if args.warmup is not None else (6.0 if args.replica else 0.0)
    if not (1 <= args.users <= 200 and 1 <= args.duration <= 600 and 1 <= args.workers <= 32
            and 0 <= args.warmup <= 60 and 1 <= args.rounds <= 10 and 1 <= args.scale <= 10_000_000):
        parser.error("need 1-200 users, 1-600 s, 0-60 s warm-up, 1-32 workers, 1-10 rounds, scale 1-10,000,000")
    if args.replica:
        return replica_run(args)

    found = sample_rows(args.server, args.database)
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 1
    ids, terms = found
    password = secrets.token_urlsafe(18)
    port = free_port()
    env = app_env(args, f"{args.server.rstrip('/')}/{args.database}", password, port)
    prepare(env)
    result = run_load(args, env, port, password, ids, terms)
    if result is None:
        return 1
    return 0 if print_table(*result) == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
