"""How an adopted database's date-times are read: in DATABASE_TIME_ZONE, or as UTC when it is unset.

Legacy `DATETIME` columns hold no zone: the legacy application wrote local times (`DEFAULT
CURRENT_TIMESTAMP` gives the server's current time in the server's zone). Adoption converts no stored
time; it says in which zone the ERP will read them and in which zone the legacy server gives the current
time, and warns when the two differ now (docs/adoption.md, "Times").
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, models
from django.utils import timezone
from django.utils.dateparse import parse_date

TIME_TYPES = ("datetime", "timestamp")


def as_stored(value, *, using: str = "default"):
    """A naive date-time read from the database as raw text or a raw value (a row set aside, a legacy user, a
    value typed in the form stored values have) made aware in the zone the database stores date-times in:
    saved again, it is stored as it was. Anything else is returned as is."""
    if isinstance(value, datetime) and settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, connections[using].timezone)
    return value


def field_value(f: models.Field, value, *, using: str = "default"):
    """f.to_python(value) for a value as stored or typed in its stored form; a date-time (a DATE a date-time
    field adopts included: its midnight) aware in the zone the database stores date-times in."""
    if isinstance(f, models.DateTimeField) and not isinstance(value, datetime):
        try:
            day = value if isinstance(value, date) else parse_date(str(value))
        except ValueError:
            day = None
        if day is not None:
            value = datetime(day.year, day.month, day.day)
    return as_stored(f.to_python(value), using=using)


def utc_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def survey(live, managed, *, using: str) -> dict:
    """The date-time columns of the managed tables, the zone they will be read in, the legacy server's zone."""
    conn = connections[using]
    with conn.cursor() as cur:
        cur.execute("SELECT @@session.time_zone, @@system_time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())")
        zone, system, server_offset = cur.fetchone()
    columns = sorted(f"{t}.{name}" for t in managed if t in live.tables
                     for name, c in live.tables[t].columns.items() if c.type.split("(")[0] in TIME_TYPES)
    read_as = conn.settings_dict.get("TIME_ZONE") or "UTC"
    read_offset = int(datetime.now(ZoneInfo(read_as)).utcoffset().total_seconds() // 60)
    return {"columns": columns, "read_as": read_as, "database_time_zone": conn.settings_dict.get("TIME_ZONE"),
            "server_zone": system if zone == "SYSTEM" else zone, "server_offset_minutes": int(server_offset),
            "read_offset_minutes": read_offset, "agree": int(server_offset) == read_offset}


def describe(times: dict) -> list[str]:
    """What the plan prints about times: one line, and what to do when the zones differ."""
    n = len(times["columns"])
    if not n:
        return []
    read = f"{times['read_as']} ({utc_offset(times['read_offset_minutes'])})"
    server = f"{times['server_zone']} ({utc_offset(times['server_offset_minutes'])})"
    if times["agree"]:
        return [f"Times: {n} date-time column(s) read as {read}, the zone the legacy server gives the current "
                f"time in ({server})."]
    unset = "" if times["database_time_zone"] else ", DATABASE_TIME_ZONE being unset"
    return [f"Times: {n} date-time column(s) will be read as {read}{unset}, but the legacy server gives the "
            f"current time in {server}, which its DEFAULT CURRENT_TIMESTAMP columns hold.",
            "  WARNING: if the legacy application wrote local times, set DATABASE_TIME_ZONE and TIME_ZONE to "
            "its zone before adopting, or every time will be shown shifted (docs/adoption.md, \"Times\")."]
