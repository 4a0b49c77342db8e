"""What a database refusal for lack of rights names: the privilege to grant (MySQL/MariaDB error codes)."""

from __future__ import annotations

import re

# ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR,
# ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_PROCACCESS_DENIED_ERROR
DENIED_CODES = {1142, 1143, 1044, 1227, 1370}


def missing_privilege(exc: BaseException) -> str | None:
    """The privilege a MySQL/MariaDB error says is missing ("CREATE", "ALTER", "CREATE DATABASE", ...), else None."""
    args = getattr(exc, "args", ())
    if len(args) < 2 or args[0] not in DENIED_CODES:
        return None
    message = str(args[1])
    found = re.match(r"\s*([A-Z][A-Z ,]*?) command denied", message)
    if found:
        return found.group(1)
    found = re.search(r"need (?:at least one of )?the ([A-Z][A-Z ,]*?) privilege", message)
    if found:
        return found.group(1)
    return None


def is_denied(exc: BaseException) -> bool:
    args = getattr(exc, "args", ())
    return bool(args) and args[0] in DENIED_CODES
