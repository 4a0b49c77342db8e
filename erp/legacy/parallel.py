"""Adoption's work on several connections at once (`--jobs`): the conflict search, the ALTERs and the row
counts, one table at a time per connection, largest tables first.

Django's connections are per thread: a worker thread opens its own connection, takes tables until none is
left, and closes it. The calling thread's connection is never used by a worker and never closed here (the
migration lock itself is held on a connection of its own, erp.migration_safety.lock). After a worker's
error no worker takes another table: the error is raised once the tables being worked on are done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connections

Item = TypeVar("Item")
Result = TypeVar("Result")


def each_on_its_connection(work: Callable[[Item], Result], items: Sequence[Item], *, jobs: int,
                           using: str) -> list[Result]:
    """work(item) for every item, on up to `jobs` connections at once (in the calling thread when jobs is 1
    or there is one item); the results in the items' order."""
    if jobs <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    pending = iter(enumerate(items))
    taking = threading.Lock()
    failed = threading.Event()
    results: list = [None] * len(items)

    def worker() -> None:
        # Takes the next item until none is left (the items come largest first) or a worker failed, then
        # closes its connection.
        try:
            while not failed.is_set():
                with taking:
                    taken = next(pending, None)
                if taken is None:
                    return
                results[taken[0]] = work(taken[1])
        except BaseException:
            failed.set()
            raise
        finally:
            connections[using].close()

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(worker) for _ in range(min(jobs, len(items)))]
    for future in futures:
        future.result()  # a worker's error, raised here
    return results
