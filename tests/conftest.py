import os

import pytest

from tests.erp import factories as erp_factories
from tests.mariadb_pair import GaleraNode, MariaDBPair, PairUnavailable
from tests.support import is_mysql, scratch_database, verified_login


def pytest_collection_modifyitems(config, items):
    """Mark the tests that open Chromium `browser` and those that start MariaDB servers of their own `replication`.

    ERP_TESTS_DESELECT (markers, comma-separated) leaves such tests out: CI runs them in the pinned release's
    legs only (scripts/test-django-next.sh sets `browser,replication`), and pytest reports them as deselected
    there, never as passed.
    """
    own_servers = {"mariadb_pair", "mariadb_pair_session", "galera_node"}
    for item in items:
        function = getattr(item, "function", None)
        if function is not None and "chromium_page" in function.__code__.co_names:
            item.add_marker(pytest.mark.browser)
        if own_servers & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.replication)
    left_out = {name.strip() for name in os.environ.get("ERP_TESTS_DESELECT", "").split(",") if name.strip()}
    if left_out:
        deselected = [item for item in items if any(item.get_closest_marker(name) for name in left_out)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if item not in deselected]


def _local_servers(make, what: str):
    """Build local MariaDB servers of our own (tests/mariadb_pair.py), in the MariaDB leg only.

    The SQLite leg skips (the MariaDB leg runs the test); without mariadbd it skips with the reason, and
    with CI=true it fails instead: the replication tests are mandatory there.
    """
    if not is_mysql():
        pytest.skip(f"needs {what}: runs in the MariaDB leg")
    return build_or_skip(make, what)


def build_or_skip(make, what: str):
    """`make()`; where the programs it needs are not installed, skip with the reason, or fail with CI=true."""
    try:
        return make()
    except PairUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc}; CI=true makes the replication tests mandatory")
        pytest.skip(f"cannot start {what}: {exc}")


@pytest.fixture(scope="session")
def mariadb_pair_session(tmp_path_factory):
    """A real MariaDB primary and GTID replica of our own, started once per session (MariaDB leg)."""
    pair = _local_servers(lambda: MariaDBPair(tmp_path_factory.mktemp("mariadb_pair")),
                          "the MariaDB primary/replica pair")
    pair.start()
    yield pair
    pair.stop()


@pytest.fixture
def galera_node(tmp_path):
    """A one-node MariaDB Galera cluster of our own (MariaDB leg), stopped after the test."""
    node = _local_servers(lambda: GaleraNode(tmp_path), "a one-node Galera cluster")
    node.boot()
    yield node
    node.stop()


@pytest.fixture
def mariadb_pair(mariadb_pair_session):
    """The session's pair, with replication put back as it was after each test (no delay, running, caught up)."""
    yield mariadb_pair_session
    mariadb_pair_session.reset()


@pytest.fixture
def scratch_db(tmp_path):
    """An empty database of the current leg (SQLite file or MariaDB schema), dropped afterwards."""
    with scratch_database(tmp_path) as db:
        yield db


@pytest.fixture
def mysql_only():
    if not is_mysql():
        pytest.skip("needs MySQL/MariaDB: runs in the MariaDB leg")


@pytest.fixture
def superuser(db):
    """A superuser (no password: tests log in with tests.support.verified_login)."""
    return erp_factories.superuser()


@pytest.fixture
def group_user(db):
    """Makes staff users in module groups: `group_user("HR", email=...)`; no group, no permissions."""
    return erp_factories.group_user


@pytest.fixture
def superuser_client(client, superuser):
    """The test client, logged in as the superuser, second factor passed."""
    verified_login(client, superuser)
    return client
