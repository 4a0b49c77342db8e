"""Adoption's work on several connections at once (`--jobs`): the conflict search, the ALTERs and the row
counts, one table at a time per connection, largest tables first.

Django's connections are per thread: a worker thread opens its own connection, takes tables until none is
left, and closes it. The calling thread's connection, which holds the migration lock, is never used by a
worker and never closed here.
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
    results: list = [None] * len(items)

    def worker() -> None:
        # Takes the next item until none is left (the items come largest first), then closes its connection.
        try:
            while True:
                with taking:
                    taken = next(pending, None)
                if taken is None:
                    return
                results[taken[0]] = work(taken[1])
        finally:
            connections[using].close()

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(worker) for _ in range(min(jobs, len(items)))]
    for future in futures:
        future.result()  # a worker's error, raised here
    return results
