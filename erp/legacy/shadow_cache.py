"""A cache of the shadow database's schema for adoption, so the dry run's shadow serves the real run.

Keyed by everything the shadow's schema depends on: the content of every migration file the project
loads, Django's version, the server's version and the live database's default charset and collation.
Anything else changes the key, and a miss simply builds the shadow again. Files live in the system's
temporary directory (ERP_SHADOW_CACHE_DIR to choose another); deleting them is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

# What a cached snapshot holds; a new field in erp.schema.introspection raises it
# (2: each table's engine and row format).
FORMAT = 2


def cache_dir() -> Path:
    return Path(settings.ERP_SHADOW_CACHE_DIR or Path(tempfile.gettempdir()) / "erp-shadow-cache")


def cache_key(using: str = "default") -> str | None:
    conn = connections[using]
    if conn.vendor != "mysql":
        return None
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = loader.disk_migrations[key].__module__
        path = getattr(__import__(module, fromlist=["_"]), "__file__", None)
        digest.update(repr(key).encode())
        if path and os.path.exists(path):
            digest.update(Path(path).read_bytes())
    with conn.cursor() as cur:
        cur.execute("SELECT VERSION(), @@character_set_database, @@collation_database")
        digest.update(repr(cur.fetchone()).encode())
    digest.update(django.get_version().encode())
    return digest.hexdigest()


def load(key: str) -> dict | None:
    try:
        return json.loads((cache_dir() / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None


def store(key: str, data: dict) -> None:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data))
        tmp.replace(directory / f"{key}.json")  # atomic: a reader never sees half a file
    except OSError:
        pass  # a cache that cannot be written is only a slower next run
