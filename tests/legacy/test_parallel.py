"""Adoption's work on several connections (erp.legacy.parallel): each worker has its own connection,
closed when it is done; none uses or closes the calling thread's connection, which holds the migration
lock; a worker's error reaches the caller."""

import threading
import time

import pytest
from django.db import connection

from erp.legacy.parallel import each_on_its_connection


def connection_id() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID()")
        return cur.fetchone()[0]


@pytest.mark.usefixtures("mysql_only")
@pytest.mark.django_db(transaction=True)
def test_workers_have_their_own_connections_and_the_callers_stays_open():
    caller = connection_id()
    with connection.cursor() as cur:
        cur.execute("SELECT GET_LOCK('erp_test_parallel', 0)")
        assert cur.fetchone()[0] == 1
    seen = []

    def work(n):
        seen.append((threading.get_ident(), connection_id()))
        return n * n

    assert each_on_its_connection(work, [3, 1, 2, 5, 4], jobs=2, using="default") == [9, 1, 4, 25, 16]
    assert caller not in {cid for _, cid in seen}
    assert len({thread for thread, _ in seen}) <= 2 and threading.get_ident() not in {t for t, _ in seen}
    # One connection per worker, not one per item; each closed when its worker is done.
    assert len({cid for _, cid in seen}) == len({thread for thread, _ in seen})
    with connection.cursor() as cur:
        for _ in range(50):  # the server forgets a closed connection a moment after the client closes it
            cur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID IN (%s, %s)",
                        [seen[0][1], seen[-1][1]])
            if cur.fetchone()[0] == 0:
                break
            time.sleep(0.05)
        else:
            pytest.fail("a worker's connection was left open")
        # The caller's connection (and the lock it holds) is untouched.
        assert connection_id() == caller
        cur.execute("SELECT IS_USED_LOCK('erp_test_parallel')")
        assert cur.fetchone()[0] == caller
        cur.execute("SELECT RELEASE_LOCK('erp_test_parallel')")


@pytest.mark.usefixtures("mysql_only")
@pytest.mark.django_db(transaction=True)
def test_a_workers_error_is_raised_to_the_caller():
    def work(n):
        if n == 2:
            raise ValueError("table 2 failed")
        return n

    with pytest.raises(ValueError, match="table 2 failed"):
        each_on_its_connection(work, [1, 2, 3], jobs=2, using="default")
