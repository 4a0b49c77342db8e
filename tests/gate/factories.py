"""Gate rows for tests."""

import itertools

from gate.models import GateUser

_seq = itertools.count(1)


def gate_user(**fields) -> GateUser:
    n = next(_seq)
    values = {"name": f"Worker {n}", "phone": f"90000{n:05d}"}
    values.update(fields)
    return GateUser.objects.create(**values)
