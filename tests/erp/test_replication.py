"""A real MariaDB primary and GTID replica (tests/mariadb_pair.py): routing under real lag, lagging, stopped
and down replicas, /healthz, migrations and adoption replicating, and `migrate` refusing a replica.

The application runs in `manage.py` processes with DATABASE_URL at the primary and DATABASE_REPLICA_URLS at
the replica as the least-privilege `reader` (SELECT, REFERENCES, SLAVE MONITOR), as docs/scaling.md recommends.
"""

import subprocess
import uuid

import pytest

from tests.erp.routing_checks import ROUTING_CHECKS
from tests.legacy.support import PARTS
from tests.mariadb_pair import HOST, READER
from tests.support import run_manage

pytestmark = pytest.mark.slow

# Long enough for any check below to finish while the replica still has not applied the writes.
DELAY = 300


def app_env(pair, database: str, max_lag: int = 30, **extra) -> dict:
    return {"DATABASE_REPLICA_URLS": pair.url("replica", database, user=READER), "ALLOWED_HOSTS": "testserver",
            "ERP_REPLICA_MAX_LAG_SECONDS": str(max_lag), "PAIR_REPLICA_PORT": str(pair.replica.port), **extra}


def manage(pair, database: str, *args: str, env: dict | None = None):
    """manage.py with DATABASE_URL at the primary and (by default) the replica as replica_1."""
    return run_manage(*args, database_url=pair.url("primary", database),
                      env=env if env is not None else app_env(pair, database))


def shell(pair, database: str, code: str, **env):
    result = manage(pair, database, "shell", "-v0", "-c", code, env=app_env(pair, database, **env))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def tables(pair, which: str, database: str) -> list[str]:
    return [t for (t,) in pair.query(which, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
                                           "ORDER BY TABLE_NAME", (database,))]


def new_database(pair) -> str:
    name = f"erp_repl_{uuid.uuid4().hex[:8]}"
    pair.query("primary", f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    pair.wait_replicated()
    return name


def wait_for_lag(pair, at_least: int) -> None:
    import time

    deadline = time.monotonic() + 60
    while (pair.replica_status().get("Seconds_Behind_Master") or 0) < at_least:
        assert time.monotonic() < deadline, pair.replica_status()
        time.sleep(0.5)


def schemacheck_replica(pair, database: str) -> subprocess.CompletedProcess:
    """`schemacheck --database replica_1`, the way an operator checks a replica: from the primary's settings."""
    return manage(pair, database, "schemacheck", "--database", "replica_1")


@pytest.fixture(scope="module")
def migrated(mariadb_pair_session):
    """A database migrated on the primary (sample data, a superuser `router-admin` with a TOTP device), replicated."""
    pair = mariadb_pair_session
    name = new_database(pair)
    result = manage(pair, name, "migrate", "-v1")
    assert result.returncode == 0, result.stdout + result.stderr
    # With an enrolled authenticator app (the second factor is read from the replica like the user).
    shell(pair, name, "from django.contrib.auth.models import User; "
                      "from django_otp.plugins.otp_totp.models import TOTPDevice; "
                      "u = User.objects.create_superuser('router-admin', 'r@example.com', password=None); "
                      "TOTPDevice.objects.create(user=u, name='phone', confirmed=True)")
    pair.wait_replicated()
    yield name
    pair.reset()
    pair.drop_database(name)


def test_migrate_on_the_primary_replicates_and_the_replica_passes_schemacheck(mariadb_pair, migrated):
    pair = mariadb_pair
    assert tables(pair, "replica", migrated) == tables(pair, "primary", migrated)
    assert len(tables(pair, "primary", migrated)) > 40
    recorded = "SELECT app, name FROM django_migrations ORDER BY app, name"
    assert pair.query("replica", recorded, database=migrated) == pair.query("primary", recorded, database=migrated)
    result = schemacheck_replica(pair, migrated)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches the applied migrations" in result.stdout
    # The shadow it compared with was built on the primary (the replica is read-only) and is gone from both.
    pair.wait_replicated()
    for which in ("primary", "replica"):
        assert not pair.query(which, "SHOW DATABASES LIKE %s", (f"{migrated}\\_shadow%",))
    # A reader with SELECT alone cannot see the foreign keys' rules in MariaDB: said, not reported as drift.
    pair.query("primary", "CREATE USER IF NOT EXISTS 'select_only'@'127.0.0.1' IDENTIFIED BY 'select-only-pw'")
    pair.query("primary", "GRANT SELECT, SLAVE MONITOR ON *.* TO 'select_only'@'127.0.0.1'")
    pair.wait_replicated()
    env = app_env(pair, migrated, DATABASE_REPLICA_URLS=pair.url("replica", migrated, "select_only", "select-only-pw"))
    blind = manage(pair, migrated, "schemacheck", "--database", "replica_1", env=env)
    assert blind.returncode == 3, blind.stdout + blind.stderr
    assert "grant it REFERENCES" in blind.stderr and "fk_missing" not in blind.stdout, blind.stdout + blind.stderr
    # Drift made on the replica alone (as a hand edit there would) is found there.
    (ctype,) = pair.query("replica", "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s "
                                     "AND TABLE_NAME = 'customer' AND COLUMN_NAME = 'name'", (migrated,))[0]
    pair.query("replica", f"ALTER TABLE `{migrated}`.`customer` MODIFY `name` varchar(250) NOT NULL")
    try:
        drift = schemacheck_replica(pair, migrated)
        assert drift.returncode == 1 and "customer.name" in drift.stdout, drift.stdout + drift.stderr
    finally:
        pair.query("replica", f"ALTER TABLE `{migrated}`.`customer` MODIFY `name` {ctype} NOT NULL")


def test_reads_go_to_the_replica_and_writes_pin_to_the_primary_under_real_lag(mariadb_pair, migrated):
    pair = mariadb_pair
    customer = (f"INSERT INTO `{migrated}`.customer (name, customer_type, credit_limit, current_balance, is_active) "
                "VALUES (%s, 'retail', 0, 0, 1)")
    pair.query("primary", customer, ("only on replica",))
    pair.wait_replicated()
    pair.set_delay(DELAY)
    # From here on the replica applies nothing for DELAY seconds: what the primary does next is real lag.
    pair.query("primary", f"DELETE FROM `{migrated}`.customer WHERE name = 'only on replica'")
    pair.query("primary", customer, ("only on primary",))
    only = "SELECT name FROM customer WHERE name LIKE 'only on%' ORDER BY name"
    assert pair.query("replica", only, database=migrated) == [("only on replica",)]

    result = shell(pair, migrated, ROUTING_CHECKS, max_lag=DELAY * 10)
    assert "ROUTING OK" in result.stdout

    assert pair.query("replica", only, database=migrated) == [("only on replica",)]  # still lagging
    assert pair.query("primary", only, database=migrated) == [
        ("only on primary",), ("only on primary, posted",), ("only on primary, written",)]
    pair.set_delay(0)
    pair.wait_replicated()
    assert pair.query("replica", only, database=migrated) == pair.query("primary", only, database=migrated)


LAGGING_CHECKS = r'''
import time
from django.db import router
from django.test import Client
from erp import db_router
from sales.models import Customer

state = db_router.replica_state("replica_1")
assert state.state == "lagging" and state.lag_seconds >= 3, state
assert not state.usable and db_router.usable_replicas() == []
# Reads go to the primary, which has the row the replica has not applied yet; nothing is pinned.
assert router.db_for_read(Customer) == "default"
assert Customer.objects.filter(name="written while lagging").exists()
assert not db_router.pinned_to_primary()
response = Client().get("/healthz")
assert response.status_code == 200, response.status_code
body = response.json()
assert body["status"] == "ok" and body["database"] == "ok", body
replica = body["replicas"]["replica_1"]
assert replica["state"] == "lagging" and replica["lag_seconds"] >= 3 and replica["used_for_reads"] is False, body
assert set(body["replicas"]["replica_1"]) == {"state", "lag_seconds", "used_for_reads", "checked_seconds_ago"}
# Cached: asked again at once, the same check answers; after LAG_CACHE_SECONDS the replica is read again.
assert db_router.replica_state("replica_1") is state
time.sleep(db_router.LAG_CACHE_SECONDS + 0.1)
again = db_router.replica_state("replica_1")
assert again is not state and again.checked_at > state.checked_at and again.lag_seconds >= state.lag_seconds
print("LAGGING OK", state.lag_seconds)
'''


def test_a_replica_lagging_beyond_the_limit_is_skipped_and_healthz_reports_it(mariadb_pair, migrated):
    pair = mariadb_pair
    pair.set_delay(DELAY)
    pair.query("primary", f"INSERT INTO `{migrated}`.customer (name, customer_type, credit_limit, current_balance, "
                          "is_active) VALUES ('written while lagging', 'retail', 0, 0, 1)")
    wait_for_lag(pair, 4)
    result = shell(pair, migrated, LAGGING_CHECKS, max_lag=2)
    assert "LAGGING OK" in result.stdout
    # The same lag under a limit above it: the replica is read (it does not have the row yet).
    within = shell(pair, migrated, "from sales.models import Customer; from erp import db_router; "
                                   "assert db_router.usable_replicas() == ['replica_1']; "
                                   "assert not Customer.objects.filter(name='written while lagging').exists(); "
                                   "print('WITHIN OK')", max_lag=DELAY * 10)
    assert "WITHIN OK" in within.stdout


STOPPED_AND_DOWN_CHECKS = r'''
import os, time
import MySQLdb
from django.db import router
from django.test import Client
from erp import db_router
from sales.models import Customer

control = MySQLdb.connect(host="127.0.0.1", port=int(os.environ["PAIR_REPLICA_PORT"]), user="root")

def after_cache(expected):
    time.sleep(db_router.LAG_CACHE_SECONDS + 0.1)
    state = db_router.replica_state("replica_1")
    assert state.state == expected, (state, expected)
    return state

def healthz():
    response = Client().get("/healthz")
    assert response.status_code == 200, response.status_code
    return response.json()["replicas"]["replica_1"]

assert db_router.replica_state("replica_1").state == "ok"
assert router.db_for_read(Customer) == "replica_1"
assert healthz()["state"] == "ok" and healthz()["lag_seconds"] == 0

# The SQL thread stopped: the replica no longer applies anything, its lag is unknown.
control.cursor().execute("STOP SLAVE SQL_THREAD")
after_cache("not replicating")
assert router.db_for_read(Customer) == "default"
assert Customer.objects.filter(name="stop marker").count() == 1
replica = healthz()
assert (replica["state"], replica["lag_seconds"], replica["used_for_reads"]) == ("not replicating", None, False)
control.cursor().execute("START SLAVE SQL_THREAD")
deadline = time.monotonic() + 30
while db_router.replica_state("replica_1").state != "ok":
    assert time.monotonic() < deadline, db_router.replica_state("replica_1")
    time.sleep(0.5)
assert router.db_for_read(Customer) == "replica_1"
assert Customer.objects.filter(name="stop marker").count() == 1  # read from the replica, caught up

# The replica goes down while this process holds an open connection to it.
control.cursor().execute("SHUTDOWN")
control.close()
after_cache("down")
assert router.db_for_read(Customer) == "default"
assert Customer.objects.filter(name="stop marker").count() == 1
assert healthz()["state"] == "down"
print("STOPPED AND DOWN OK")
'''


def test_a_stopped_or_down_replica_is_skipped(mariadb_pair, migrated):
    pair = mariadb_pair
    pair.query("primary", f"INSERT INTO `{migrated}`.customer (name, customer_type, credit_limit, current_balance, "
                          "is_active) VALUES ('stop marker', 'retail', 0, 0, 1)")
    pair.wait_replicated()
    result = shell(pair, migrated, STOPPED_AND_DOWN_CHECKS)
    assert "STOPPED AND DOWN OK" in result.stdout
    assert not pair.replica.running
    assert result.stderr.count("Read replica replica_1: down") == 1, result.stderr  # logged once, when it changed
    # Back up, it replicates again (mariadb_pair's reset restarts it for the next test too).
    pair.reset()
    assert pair.replica_status()["Slave_SQL_Running"] == "Yes"


def test_migrate_pointed_at_a_read_only_replica_refuses_and_writes_nothing(mariadb_pair):
    pair = mariadb_pair
    name = new_database(pair)
    try:
        position = pair.query("replica", "SELECT @@gtid_current_pos")[0][0]
        for user in ("root", READER):  # root may write despite read_only: the refusal must not rely on it
            url = pair.url("replica", name, user=user)
            for command in (["migrate"], ["adopt_legacy"]):
                result = run_manage(*command, database_url=url, env={"ALLOWED_HOSTS": "testserver"})
                assert result.returncode == 1, (command, user, result.stdout, result.stderr)
                lines = result.stderr.strip().splitlines()
                assert len(lines) == 1 and "read-only server (read_only=ON)" in lines[0], lines
                assert "Nothing was changed" in lines[0] and f"Refusing to {command[0]}" in lines[0]
        # `--database replica_1` from the primary's settings is refused the same way.
        result = manage(pair, name, "migrate", "--database", "replica_1")
        assert result.returncode == 1 and "read-only server" in result.stderr, result.stderr
        assert tables(pair, "replica", name) == [] and tables(pair, "primary", name) == []
        assert pair.query("replica", "SELECT @@gtid_current_pos")[0][0] == position
        status = pair.replica_status()
        assert status["Slave_SQL_Running"] == "Yes" and not status["Last_Error"], status
    finally:
        pair.drop_database(name)


def test_adopt_legacy_on_the_primary_replicates_and_the_replica_passes_schemacheck(mariadb_pair):
    pair = mariadb_pair
    name = new_database(pair)
    try:
        for part in ("schema.sql", "data.sql"):
            subprocess.run(["mariadb", "-h", HOST, "-P", str(pair.primary.port), "-u", "root", name],
                           input=PARTS[part]().encode(), check=True, capture_output=True, timeout=120)
        # The fixture data has dangling references: set aside (recorded, restorable), as an adopter would.
        result = manage(pair, name, "adopt_legacy", "--resolve", "quarantine")
        assert result.returncode == 0, result.stdout + result.stderr
        pair.wait_replicated()
        assert tables(pair, "replica", name) == tables(pair, "primary", name)
        checksum = "CHECKSUM TABLE " + ", ".join(f"`{name}`.`{t}`" for t in tables(pair, "primary", name))
        assert pair.query("replica", checksum) == pair.query("primary", checksum)
        check = schemacheck_replica(pair, name)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "matches the applied migrations" in check.stdout
    finally:
        pair.drop_database(name)


def test_migrate_on_a_galera_node_and_its_lock_holds_on_that_node(galera_node):
    node = galera_node
    assert node.query("SELECT @@wsrep_on, @@wsrep_OSU_method")[0] == (1, "TOI")
    assert node.query("SHOW STATUS LIKE 'wsrep_cluster_size'")[0][1] == "1"
    node.query("CREATE DATABASE erp_galera CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    url = f"mysql://root@{HOST}:{node.port}/erp_galera"
    result = run_manage("migrate", "-v1", database_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    check = run_manage("schemacheck", database_url=url)
    assert check.returncode == 0 and "matches the applied migrations" in check.stdout, check.stdout + check.stderr
    # The migration lock (GET_LOCK) works on the node: a second migrate waits for the holder, then gives up.
    import MySQLdb

    conn = MySQLdb.connect(host=HOST, port=node.port, user="root")
    try:
        cur = conn.cursor()
        cur.execute("SELECT GET_LOCK('erp_galera.erp_migrate', 0)")
        assert cur.fetchone()[0] == 1
        waiting = run_manage("migrate", "--lock-timeout", "1", database_url=url)
        assert waiting.returncode == 75, waiting.stdout + waiting.stderr
        assert "Waiting up to 1 s for the migration lock" in waiting.stdout, waiting.stdout
    finally:
        conn.close()
