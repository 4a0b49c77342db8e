#!/usr/bin/env python
"""Load test: the app under gunicorn (4 workers, 127.0.0.1 only), 20 logged-in users browsing for 60 s.

    .venv/bin/python bench/load_test.py [--database erp_scale_bench_1m] [--users 20] [--duration 60]

Uses a database built by bench/admin_bench.py (or `seed_demo`). Each simulated user logs in through
the admin login form, then loops over the attendance, gate entry log and sales transaction list
pages (first page, a later page, a filter, a search) and their detail pages, with no think time.
Prints throughput and p50/p95/p99 latency, overall and per kind of page. Bounded: --duration
seconds, at most --max-requests requests, a timeout per request; gunicorn is stopped at the end.
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

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306"))
    parser.add_argument("--database", default="erp_scale_bench_1m")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    args = parser.parse_args()
    if not (1 <= args.users <= 200 and 1 <= args.duration <= 600 and 1 <= args.workers <= 32):
        parser.error("need 1-200 users, 1-600 s, 1-32 workers")

    from urllib.parse import urlparse

    import MySQLdb

    u = urlparse(args.server)
    try:
        db = MySQLdb.connect(host=u.hostname or HOST, port=u.port or 3306, user=u.username or "root",
                             password=u.password or "", database=args.database)
    except MySQLdb.OperationalError as exc:
        print(f"Cannot open database {args.database}: {exc}. Build it with bench/admin_bench.py first.",
              file=sys.stderr)
        return 1
    cur = db.cursor()
    ids, terms = {}, {}
    for model, table in (("attendance", "attendance"), ("gateentrylog", "gate_entry_logs"),
                         ("salestransaction", "sales_transaction")):
        cur.execute(f"SELECT MIN(id), MAX(id) FROM `{table}`")
        low, high = cur.fetchone()
        if low is None:
            print(f"{args.database}.{table} is empty: build it with bench/admin_bench.py first.", file=sys.stderr)
            return 1
        rng = random.Random(1)
        ids[model] = [rng.randint(low, high) for _ in range(500)]
    cur.execute("SELECT name FROM attendance ORDER BY id LIMIT 1")
    terms["attendance"] = quote_plus(cur.fetchone()[0])
    cur.execute("SELECT phone FROM gate_users ORDER BY id LIMIT 1")
    terms["gateentrylog"] = cur.fetchone()[0]
    cur.execute("SELECT reference_number FROM sales_transaction ORDER BY id LIMIT 1")
    terms["salestransaction"] = cur.fetchone()[0]
    db.close()

    password = secrets.token_urlsafe(18)
    port = free_port()
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"{args.server.rstrip('/')}/{args.database}", "DJANGO_SETTINGS_MODULE": "erp.settings",
        "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST,
        # Production settings, but plain HTTP on loopback (a TLS proxy would sit in front in production).
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": str(args.workers), "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_TIMEOUT": str(int(args.timeout) + 5), "LOAD_TEST_PASSWORD": password,
    })
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
                return 1
            time.sleep(0.3)
        print(f"gunicorn: {args.workers} workers on {HOST}:{port}, database {args.database}; "
              f"{args.users} users for {args.duration:.0f} s")

        browsers = []
        for _ in range(args.users):
            browser = Browser(port, args.timeout)
            browser.login(password)
            browsers.append(browser)

        plan = pages(ids, terms)
        samples: list[tuple[str, float, int]] = []
        lock = threading.Lock()
        started = time.monotonic()
        stop_at = started + args.duration

        def user(n: int) -> None:
            rng = random.Random(n)
            browser = browsers[n]
            while time.monotonic() < stop_at:
                kind, path = rng.choice(plan)
                if "{id}" in path:
                    model = path.split("/")[3]
                    path = path.format(id=rng.choice(ids[model]))
                t0 = time.perf_counter()
                try:
                    status, _ = browser.request("GET", path)
                except (http.client.HTTPException, OSError):
                    status = 0
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    if len(samples) >= args.max_requests:
                        return
                    samples.append((kind, elapsed, status))

        threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.duration + args.timeout + 5)
        wall = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    ok = [s for s in samples if s[2] in (200, 404)]  # a random key may have no row (gaps): still a served page
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
    return 0 if errors == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
