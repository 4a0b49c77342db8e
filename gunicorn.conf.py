"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py erp.wsgi` (docs/operations.md, "Deploying").

Every value can be set from the environment or .env (GUNICORN_BIND, GUNICORN_WORKERS, ...; see
docs/configuration.md), read by the project's strict reader (erp/config.py); the defaults suit a small
server behind a reverse proxy on the same host. A value that cannot be read, in these variables or in
the Django settings, stops gunicorn with one line before any worker starts.
"""

import ipaddress
import multiprocessing
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from erp.config import env


def _is_network(value: str) -> bool:
    try:
        ipaddress.ip_network(value)
    except ValueError:
        return False
    return True


try:
    env.read_dotenv(Path(__file__).resolve().parent / ".env")
    # Loopback by default: a reverse proxy (nginx, Caddy) in front terminates TLS and faces the network.
    bind = env.list("GUNICORN_BIND", ["127.0.0.1:8000"], valid=r"\S+:\d+|unix:\S+|fd://\d+",
                    accepts="HOST:PORT, unix:PATH or fd://N, comma-separated")
    # Sync workers: Django views here are short database round-trips; two per core plus one is the usual start.
    workers = env.int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1, minimum=1)
    threads = env.int("GUNICORN_THREADS", 1, minimum=1)
    # A request that takes longer than this is stuck: the worker is killed and replaced.
    timeout = env.int("GUNICORN_TIMEOUT", 30, minimum=1)
    graceful_timeout = env.int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
    keepalive = env.int("GUNICORN_KEEPALIVE", 5, minimum=1)
    # Recycle workers now and then so a slow leak never grows without end; jitter keeps them from restarting
    # together.
    max_requests = env.int("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
    max_requests_jitter = env.int("GUNICORN_MAX_REQUESTS_JITTER", 200, minimum=0)
    # Access log to stdout by default ("-"; "off" for none), with the time each request took in microseconds.
    accesslog = env.str("GUNICORN_ACCESS_LOG", "-")
    accesslog = None if accesslog.lower() == "off" else accesslog
    errorlog = env.str("GUNICORN_ERROR_LOG", "-")
    loglevel = env.choice("GUNICORN_LOG_LEVEL", "info", ("debug", "info", "warning", "error", "critical"),
                          case_sensitive=False)
    # X-Forwarded-* (the scheme, "is this HTTPS") is trusted only behind a proxy (BEHIND_PROXY, as Django's
    # settings read it) and only from the proxy's own addresses; without a proxy, from nobody.
    _proxies = env.list("GUNICORN_FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"], valid=_is_network,
                        accepts="IP addresses or networks (10.0.0.0/8), comma-separated")
    forwarded_allow_ips = ",".join(_proxies) if env.bool("BEHIND_PROXY", False) else ""
except ImproperlyConfigured as exc:
    sys.exit(f"Configuration error: {exc}")

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'
proc_name = "erp"


def on_starting(server):
    """Read the Django settings once in the master: a bad value stops gunicorn with one line, not a
    traceback from every worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module)
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
