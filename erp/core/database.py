"""Database helpers that do not depend on any model: questions asked of the server itself."""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet


def estimated_table_rows(queryset: QuerySet) -> int | None:
    """The server's own estimate of a table's row count (MySQL/MariaDB), or None where there is none."""
    connection = connections[queryset.db]
    if connection.vendor != "mysql":
        return None
    with connection.cursor() as cursor:
        # InnoDB keeps this from its index statistics: reading it costs no scan.
        cursor.execute(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else None
