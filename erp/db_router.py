"""Read replicas: reads go to a replica, writes and everything after a write go to the primary.

Configured by `DATABASE_REPLICA_URLS` (settings: aliases `replica_1`, `replica_2`, ...). Without
replicas every query goes to `default`, as if this module did not exist. See docs/scaling.md.

A MySQL/MariaDB replica is used only while it replicates and lags at most ERP_REPLICA_MAX_LAG_SECONDS
behind its primary: its lag is read from the replica itself (`SHOW SLAVE STATUS`, Seconds_Behind_Master),
at most once every LAG_CACHE_SECONDS per process. A replica that is down, not replicating, lagging or
whose status cannot be read is skipped until a later check finds it well; reads then go to the primary.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# Set by the first write of a request (or command) and by the middleware for requests that must
# see their own recent writes; the middleware resets it when the request ends.
_pinned_to_primary: ContextVar[bool] = ContextVar("erp_pinned_to_primary", default=False)
_wrote: ContextVar[bool] = ContextVar("erp_wrote_to_primary", default=False)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Read on every request and written at login: a lagging replica would log people out.
PRIMARY_ONLY_APPS = {"sessions"}

PIN_COOKIE = "erp_primary"


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


# How long a replica's state (its lag, or that it is down) is trusted before it is read again.
LAG_CACHE_SECONDS = 2.0

OK, UNCHECKED, LAGGING, NOT_REPLICATING, DOWN, UNKNOWN = (
    "ok", "unchecked", "lagging", "not replicating", "down", "status unreadable")


@dataclass(frozen=True)
class ReplicaState:
    """What the last check of one replica found; `usable` says whether reads may go there."""

    alias: str
    state: str
    lag_seconds: int | None
    checked_at: float  # time.monotonic()
    detail: str = ""

    @property
    def usable(self) -> bool:
        return self.state in (OK, UNCHECKED)

    def as_dict(self) -> dict:
        """For /healthz: no host, no user, no DSN; the database error's text is logged, not shown."""
        return {"state": self.state, "lag_seconds": self.lag_seconds, "used_for_reads": self.usable,
                "checked_seconds_ago": round(time.monotonic() - self.checked_at, 1)}


_states: dict[str, ReplicaState] = {}
_states_lock = threading.Lock()


def max_lag_seconds() -> int:
    return int(getattr(settings, "ERP_REPLICA_MAX_LAG_SECONDS", 30))


def replica_state(alias: str) -> ReplicaState:
    """The replica's state, read from it when the cached one is older than LAG_CACHE_SECONDS."""
    cached = _states.get(alias)
    if cached is not None and time.monotonic() - cached.checked_at < LAG_CACHE_SECONDS:
        return cached
    state = _check(alias)
    with _states_lock:
        previous = _states.get(alias)
        _states[alias] = state
    if state.state != (previous.state if previous else OK):
        log = logger.info if state.usable else logger.warning
        log("Read replica %s: %s%s%s", alias, state.state,
            f", {state.lag_seconds} s behind" if state.lag_seconds is not None else "",
            f" ({state.detail})" if state.detail else "")
    return state


def forget_replica_states() -> None:
    """Drop the cached states: the next read checks every replica again."""
    with _states_lock:
        _states.clear()


def _check(alias: str) -> ReplicaState:
    now = time.monotonic()
    connection = connections[alias]
    limit = max_lag_seconds()
    if connection.vendor != "mysql" or limit == 0:
        # Nothing to measure (a SQLite copy), or the check is off (a proxy's reader endpoint does it).
        return ReplicaState(alias, UNCHECKED, None, now)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW SLAVE STATUS")
            row = cursor.fetchone()
            status = dict(zip([c[0] for c in cursor.description], row)) if row else None
    except DatabaseError as exc:
        try:
            connection.close()  # a broken connection is not reused by the next read
        except DatabaseError:
            pass
        code = exc.args[0] if exc.args else None
        if code in (1227, 1142):  # access denied: the user lacks SLAVE MONITOR (REPLICATION CLIENT)
            return ReplicaState(alias, UNKNOWN, None, now, f"grant SLAVE MONITOR to its user: {exc}")
        return ReplicaState(alias, DOWN, None, now, str(exc))
    if status is None:
        return ReplicaState(alias, NOT_REPLICATING, None, now, "the server is not a replica (no replica status)")
    lag = status.get("Seconds_Behind_Master")
    if lag is None or status.get("Slave_SQL_Running") != "Yes" or status.get("Slave_IO_Running") != "Yes":
        return ReplicaState(alias, NOT_REPLICATING, None, now,
                            f"IO thread {status.get('Slave_IO_Running')}, SQL thread {status.get('Slave_SQL_Running')}"
                            + (f": {status.get('Last_Error')}" if status.get("Last_Error") else ""))
    lag = int(lag)
    if lag > limit:
        return ReplicaState(alias, LAGGING, lag, now, f"more than ERP_REPLICA_MAX_LAG_SECONDS={limit}")
    return ReplicaState(alias, OK, lag, now)


def usable_replicas() -> list[str]:
    return [alias for alias in replica_aliases() if replica_state(alias).usable]


def pin_to_primary() -> None:
    _pinned_to_primary.set(True)


def pinned_to_primary() -> bool:
    return _pinned_to_primary.get()


class PrimaryReplicaRouter:
    """Reads to a random usable replica unless pinned; writes and migrations to the primary only."""

    def db_for_read(self, model, **hints):
        if (
            not replica_aliases()
            or _pinned_to_primary.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            # Inside a transaction the primary's view is the one that counts (and locks live there).
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        # Down, stopped or lagging replicas are left out; with none left, the primary serves the read.
        replicas = usable_replicas()
        return random.choice(replicas) if replicas else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Every read after this one, in the same request or command, must see what was written.
        _pinned_to_primary.set(True)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's rows: an object read from one may point at one from another.
        pool = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db in replica_aliases():
            return False  # replicas get the schema through replication
        return None


class PrimaryPinningMiddleware:
    """Scopes the "pinned to primary" flag to one request, and carries it over a redirect after a write.

    Unsafe methods (POST, ...) are pinned from the start: their reads validate what they are about
    to change. A request that wrote sets a short-lived cookie, so the page the browser is sent to
    next does not read from a replica that has not caught up yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        pinned = _pinned_to_primary.set(not safe or PIN_COOKIE in request.COOKIES)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if (_wrote.get() or not safe) and replica_aliases():
                response.set_cookie(PIN_COOKIE, "1", max_age=getattr(settings, "ERP_REPLICA_PIN_SECONDS", 5),
                                    httponly=True, samesite="Lax", secure=request.is_secure())
            return response
        finally:
            _wrote.reset(wrote)
            _pinned_to_primary.reset(pinned)
