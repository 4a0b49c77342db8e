"""Read replicas: the router's decisions proven on two real SQLite files holding different rows.

The replica file starts as a copy of the migrated primary (as a real replica would); then each
file gets a row the other lacks, so every read shows which database answered it.
"""

import shutil
import sqlite3

import pytest

from tests.erp.routing_checks import ROUTING_CHECKS
from tests.support import run_manage

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture
def primary_and_replica(tmp_path):
    primary = tmp_path / "primary.sqlite3"
    replica = tmp_path / "replica.sqlite3"
    run_manage("migrate", "-v0", database_url=f"sqlite:///{primary}", check=True)
    # With an enrolled authenticator app, copied to the replica too (the second factor is read from there).
    run_manage("shell", "-v0", "-c", "from django.contrib.auth.models import User; "
               "from django_otp.plugins.otp_totp.models import TOTPDevice; "
               "u = User.objects.create_superuser('router-admin', 'r@example.com', password=None); "
               "TOTPDevice.objects.create(user=u, name='phone', confirmed=True)",
               database_url=f"sqlite:///{primary}", check=True)
    shutil.copyfile(primary, replica)
    for path, name in ((primary, "only on primary"), (replica, "only on replica")):
        with sqlite3.connect(path) as conn:
            conn.execute(
                "INSERT INTO customer (name, customer_type, credit_limit, current_balance, is_active) "
                "VALUES (?, 'retail', 0, 0, 1)", (name,))
    return primary, replica


def test_reads_use_the_replica_writes_and_later_reads_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    result = run_manage("shell", "-v0", "-c", ROUTING_CHECKS, database_url=f"sqlite:///{primary}",
                        env={"DATABASE_REPLICA_URLS": f"sqlite:///{replica}", "ALLOWED_HOSTS": "testserver"})
    assert result.returncode == 0, result.stderr
    assert "ROUTING OK" in result.stdout
    # The writes landed on the primary only.
    with sqlite3.connect(replica) as conn:
        assert conn.execute("SELECT COUNT(*) FROM customer WHERE name LIKE 'only on primary%'").fetchone()[0] == 0
    with sqlite3.connect(primary) as conn:
        assert conn.execute("SELECT COUNT(*) FROM customer WHERE name LIKE 'only on primary%'").fetchone()[0] == 3


def test_without_replicas_everything_uses_default(primary_and_replica):
    primary, _ = primary_and_replica
    code = ("from sales.models import Customer; "
            "assert sorted(Customer.objects.values_list('name', flat=True)) == ['only on primary']; print('OK')")
    result = run_manage("shell", "-v0", "-c", code, database_url=f"sqlite:///{primary}")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
