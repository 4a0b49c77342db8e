"""The router's promises as one script for `manage.py shell`, run against SQLite files and a real MariaDB pair.

Before it runs, the primary must hold a customer "only on primary" and the replica one "only on replica"
(and not the other's), a showroom product, and a superuser `router-admin` with a confirmed TOTP device
on both. With SQLite the two files are edited apart; with MariaDB replication is delayed, so the
difference is real replication lag.
"""

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

def where(alias):
    return [connections[alias].settings_dict[key] for key in ("HOST", "PORT", "NAME")]

assert where("replica_1") != where("default")
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
