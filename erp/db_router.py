"""Read replicas: reads go to a replica, writes and everything after a write go to the primary.

Configured by `DATABASE_REPLICA_URLS` (settings: aliases `replica_1`, `replica_2`, ...). Without
replicas every query goes to `default`, as if this module did not exist. See docs/scaling.md.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

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


def pin_to_primary() -> None:
    _pinned_to_primary.set(True)


def pinned_to_primary() -> bool:
    return _pinned_to_primary.get()


class PrimaryReplicaRouter:
    """Reads to a random replica unless pinned; writes and migrations to the primary only."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if (
            not replicas
            or _pinned_to_primary.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            # Inside a transaction the primary's view is the one that counts (and locks live there).
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

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
