"""Read replicas: the router's decisions proven on two real SQLite files holding different rows.

The replica file starts as a copy of the migrated primary (as a real replica would); then each
file gets a row the other lacks, so every read shows which database answered it.
"""

import shutil
import sqlite3

import pytest

from tests.support import run_manage

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow

ROUTING_CHECKS = r'''
from django.db import connections, router, transaction
from django.test import Client
from django.contrib.auth.models import User
from sales.models import Customer
from showroom.models import ShowroomProduct
from erp import db_router
from tests.support import verified_login

def names():
    return sorted(Customer.objects.filter(name__startswith="only on").values_list("name", flat=True))

assert connections["replica_1"].settings_dict["NAME"] != connections["default"].settings_dict["NAME"]
# Reads go to the replica.
assert names() == ["only on replica"], names()
# Inside a transaction, reads go to the primary.
with transaction.atomic():
    assert names() == ["only on primary"], names()
# Migrations only on the primary.
assert router.allow_migrate("replica_1", "sales") is False
assert router.allow_migrate("default", "sales") in (None, True)
# Relations across primary and replica are allowed: a product read from the replica can be set on an order.
product = ShowroomProduct.objects.first()
assert product._state.db == "replica_1"
from sales.models import SalesOrder
SalesOrder(showroom_product=product)
# A write goes to the primary, and every read after it too.
Customer.objects.create(name="only on primary, written")
assert db_router.pinned_to_primary()
assert names() == ["only on primary", "only on primary, written"], names()

# Through the web: a fresh request reads from the replica again; a POST writes to the primary and pins
# the browser to it for the next page.
admin = User.objects.get(username="router-admin")
client = Client()
verified_login(client, admin)
page = client.get("/admin/sales/customer/?q=only+on").content.decode()
assert "only on replica" in page and "only on primary" not in page, "GET read the primary"
response = client.post("/admin/sales/customer/add/", {
    "name": "only on primary, posted", "customer_type": "retail", "credit_limit": "0", "current_balance": "0",
    "is_active": "on"})
assert response.status_code == 302, response.status_code
assert db_router.PIN_COOKIE in response.cookies
page = client.get("/admin/sales/customer/?q=only+on").content.decode()
assert "only on primary, posted" in page, "the page after a write read a replica"
client.cookies.pop(db_router.PIN_COOKIE)
page = client.get("/admin/sales/customer/?q=only+on").content.decode()
assert "only on replica" in page and "posted" not in page, "pin outlived its cookie"
print("ROUTING OK")
'''


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
