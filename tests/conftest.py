import pytest

from tests.support import is_mysql, scratch_database


@pytest.fixture
def scratch_db(tmp_path):
    """An empty database of the current leg (SQLite file or MariaDB schema), dropped afterwards."""
    with scratch_database(tmp_path) as db:
        yield db


@pytest.fixture
def mysql_only():
    if not is_mysql():
        pytest.skip("needs MySQL/MariaDB: runs in the MariaDB leg")
