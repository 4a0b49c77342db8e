import pytest

from tests.erp import factories as erp_factories
from tests.support import is_mysql, scratch_database, verified_login


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
