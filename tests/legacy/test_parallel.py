"""Adoption's work on several connections (erp.legacy.parallel): each worker has its own connection, closed
when it is done; none uses or closes the calling thread's connection; after a worker's error no worker takes
another item, and the error reaches the caller."""

import threading
import time

import pytest
from django.db import connection

from erp.legacy.parallel import each_on_its_connection


def connection_id() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID()")
        return cur.fetchone()[0]


def still_open(ids: set[int]) -> int:
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cur:
        for _ in range(50):  # the server forgets a closed connection a moment after the client closes it
            cur.execute(f"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID IN ({marks})", sorted(ids))
            count = cur.fetchone()[0]
            if count == 0:
                return 0
            time.sleep(0.05)
    return count


@pytest.mark.usefixtures("mysql_only")
@pytest.mark.django_db(transaction=True)
def test_workers_have_their_own_connections_and_the_callers_stays_open():
    caller = connection_id()
    with connection.cursor() as cur:
        cur.execute("SELECT GET_LOCK('erp_test_parallel', 0)")
        assert cur.fetchone()[0] == 1
    both_working = threading.Barrier(2, timeout=30)  # the first two items are worked on at once
    seen = []

    def work(n):
        seen.append((threading.get_ident(), connection_id()))
        if n in (3, 1):
            both_working.wait()
        return n * n

    assert each_on_its_connection(work, [3, 1, 2, 5, 4], jobs=2, using="default") == [9, 1, 4, 25, 16]
    threads, ids = {t for t, _ in seen}, {cid for _, cid in seen}
    assert len(threads) == 2 and threading.get_ident() not in threads
    assert caller not in ids
    # One connection per worker, not one per item; each closed when its worker is done.
    assert len(ids) == 2
    assert still_open(ids) == 0, "a worker's connection was left open"
    # The caller's connection, and what it holds, is untouched.
    assert connection_id() == caller
    with connection.cursor() as cur:
        cur.execute("SELECT IS_USED_LOCK('erp_test_parallel')")
        assert cur.fetchone()[0] == caller
        cur.execute("SELECT RELEASE_LOCK('erp_test_parallel')")


@pytest.mark.usefixtures("mysql_only")
@pytest.mark.django_db(transaction=True)
def test_after_a_workers_error_no_item_is_taken_and_the_error_is_raised():
    done = []
    failing = threading.Event()

    def work(n):
        if n == 1:
            failing.set()
            raise ValueError("table 1 failed")
        failing.wait(30)  # the other worker finishes its item after the error
        time.sleep(0.2)
        done.append(n)
        return n

    with pytest.raises(ValueError, match="table 1 failed"):
        each_on_its_connection(work, [0, 1, 2, 3, 4], jobs=2, using="default")
    assert done == [0], "items after the error were not taken"
