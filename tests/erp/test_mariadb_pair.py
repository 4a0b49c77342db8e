"""Without `mariadbd` the replication tests skip with the reason; with CI=true they fail (issue 15, item 1).

Nothing is uninstalled: the pair and the Galera node look for their programs in `tests.mariadb_pair._SEARCH`,
pointed here at an empty directory, as on a machine without MariaDB's server packages. No server starts.
"""

import pytest

from tests import mariadb_pair
from tests.conftest import build_or_skip
from tests.mariadb_pair import GaleraNode, MariaDBPair, PairUnavailable


@pytest.fixture
def no_mariadbd(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setattr(mariadb_pair, "_SEARCH", [str(empty)])
    assert mariadb_pair.find_program("mariadbd") is None
    return tmp_path


@pytest.mark.parametrize("kind", [MariaDBPair, GaleraNode])
def test_without_mariadbd_the_servers_are_unavailable_and_say_what_to_install(no_mariadbd, kind):
    with pytest.raises(PairUnavailable, match=r"mariadbd.*not installed|needs mariadbd") as raised:
        kind(no_mariadbd)
    assert "apt-get install mariadb-server" in str(raised.value)
    assert not list(no_mariadbd.glob("*/mysql")), "a data directory was made"


def test_without_mariadbd_the_replication_tests_skip_with_the_reason(no_mariadbd, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="cannot start the MariaDB primary/replica pair: mariadbd and "
                                                   "mariadb-install-db are not installed"):
        build_or_skip(lambda: MariaDBPair(no_mariadbd), "the MariaDB primary/replica pair")


def test_without_mariadbd_and_with_ci_true_the_replication_tests_fail(no_mariadbd, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true makes the replication tests mandatory"):
        build_or_skip(lambda: MariaDBPair(no_mariadbd), "the MariaDB primary/replica pair")
    with pytest.raises(pytest.fail.Exception, match="Galera 4 library"):
        build_or_skip(lambda: GaleraNode(no_mariadbd), "a one-node Galera cluster")
