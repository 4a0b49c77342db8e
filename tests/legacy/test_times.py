"""Adopted date-times are read in the zone the legacy application wrote them in (DATABASE_TIME_ZONE), and
the adoption says in which zone it will read them, warning when that is not the legacy server's zone."""

import pytest

from tests.legacy.support import legacy_database

pytestmark = pytest.mark.usefixtures("mysql_only")

KOLKATA = {"DATABASE_TIME_ZONE": "Asia/Kolkata", "TIME_ZONE": "Asia/Kolkata", "ERP_SAMPLE_DATA": "false",
           "ALLOWED_HOSTS": "erp.example.com"}

# Vehicle 1 of the legacy fixture was created at '2023-12-09 09:00:00' (local time, as the legacy app wrote it).
SHOWN = """
import datetime, zoneinfo
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from fleet.models import Vehicle
from tests.support import verified_login

v = Vehicle.objects.get(pk=1)
print("read", timezone.localtime(v.created_at).isoformat())
print("on that day", Vehicle.objects.filter(pk=1, created_at__date=datetime.date(2023, 12, 9)).exists())
user = get_user_model().objects.create_superuser("tz-check", "tz-check@example.com", None)
client = Client()
verified_login(client, user)
response = client.get("/admin/fleet/vehicle/1/change/", HTTP_HOST="erp.example.com")
print("status", response.status_code)
page = response.content.decode()
print("page", "Dec. 9, 2023, 9 a.m." in page, "2:30 p.m." in page)
kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
Vehicle.objects.filter(pk=1).update(updated_at=datetime.datetime(2024, 5, 1, 10, 0, tzinfo=kolkata))
"""


def test_local_times_are_read_and_written_in_database_time_zone():
    with legacy_database("schema.sql", "data.sql") as db:
        dry = db.manage("adopt_legacy", "--dry-run", "--resolve", "quarantine", env=KOLKATA)
        assert dry.returncode == 0, dry.stdout + dry.stderr
        # This server gives the current time in UTC: the adoption warns that the zones differ.
        assert "date-time column(s) will be read as Asia/Kolkata (UTC+05:30), but the legacy server gives " \
               "the current time in" in dry.stdout, dry.stdout
        assert "WARNING: if the legacy application wrote local times" in dry.stdout
        done = db.manage("adopt_legacy", "--resolve", "quarantine", env=KOLKATA)
        assert done.returncode == 0, done.stdout + done.stderr

        out = db.shell(SHOWN, env=KOLKATA).stdout
        assert "read 2023-12-09T09:00:00+05:30" in out, out
        assert "on that day True" in out, out
        assert "status 200" in out and "page True False" in out, out
        # New times are written as the legacy application wrote them: local, without a zone.
        assert str(db.query("SELECT created_at, updated_at FROM vehicle WHERE id = 1")[0]) == \
            "(datetime.datetime(2023, 12, 9, 9, 0), datetime.datetime(2024, 5, 1, 10, 0))"


def test_without_database_time_zone_times_are_read_as_utc_and_the_plan_says_so():
    with legacy_database("schema.sql", "data.sql") as db:
        dry = db.manage("adopt_legacy", "--dry-run", "--resolve", "quarantine", env={"ERP_SAMPLE_DATA": "false"})
        assert dry.returncode == 0, dry.stdout + dry.stderr
        # This server's zone is UTC's offset: read as UTC, no warning.
        line = next(x for x in dry.stdout.splitlines() if x.startswith("Times: "))
        assert " date-time column(s) read as UTC (UTC+00:00), the zone the legacy server gives the current time " \
               "in " in line, line
        assert "WARNING" not in dry.stdout
