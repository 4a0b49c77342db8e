"""Import the legacy Flask application's `user` table into Django's users, keeping ids, logins and passwords.

The legacy table is read with raw SQL and never modified. Each legacy row becomes the Django user with the
same primary key; its werkzeug password hash is re-encoded for the verify-only hashers in
`erp.legacy.hashers`, so the old password works and is upgraded to the default hasher at the first login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connections, transaction
from django.utils import timezone

from erp.legacy.hashers import UnsupportedHash, from_werkzeug
from erp.legacy.times import field_value
from erp.models import BootstrapRecord

LEGACY_TABLE = "user"
# Kind written by erp/migrations/0002_first_admin_user.py for the admin it creates.
BOOTSTRAP_ADMIN_KIND = "admin_user"
# What that record becomes once a legacy user has taken the row over (so reversing 0002 keeps it).
TAKEN_OVER_KIND = "admin_user_legacy"


@dataclass(frozen=True)
class Access:
    groups: tuple[str, ...] = ()
    staff: bool = True
    superuser: bool = False


# Legacy role -> Django access. Group names are the module groups of erp/migrations/0003_module_groups.py.
# Sales staff sold what the showroom displayed, so they also get the showroom group. A plain `user` had no
# back-office module in the legacy application: no group and no admin access. Unknown roles are treated
# like `user` and reported.
LEGACY_ROLES: dict[str, Access] = {
    "admin": Access(superuser=True),
    "hr": Access(groups=("HR",)),
    "sales": Access(groups=("Sales", "Showroom")),
    "security": Access(groups=("Gate", "Guest list")),
    "purchase": Access(groups=("Purchasing",)),
    "showroom": Access(groups=("Showroom",)),
    "transport": Access(groups=("Fleet", "Dispatch")),
    "user": Access(staff=False),
}
DEFAULT_ROLE = "user"

REQUIRED_COLUMNS = ("id", "username")
OPTIONAL_COLUMNS = ("email", "password_hash", "role", "is_active", "created_at", "last_login")


class LegacyUsersError(CommandError):
    """The legacy user table or the Django side is not in a state an import can work with."""


class LegacyUser(NamedTuple):
    id: int
    username: str
    email: str | None
    password_hash: str | None
    role: str | None
    is_active: Any
    created_at: Any
    last_login: Any


def import_legacy_users(*, using: str = "default", stdout: IO[str] | None = None) -> dict[str, int]:
    """Create a Django user for every legacy user not yet imported; report every outcome.

    Returns counts: imported (created, or the unused first admin taken over), already_present (same id and
    username exist: left untouched, so a password upgraded at login is kept), clashes (same id with
    another username, or same username with another id: not imported), without_password (imported with an
    unusable password: no hash, or one that cannot be verified), invalid (failed Django's validation: not
    imported), unknown_roles (imported without module access).
    """
    counts = dict.fromkeys(
        ("imported", "already_present", "clashes", "without_password", "invalid", "unknown_roles"), 0
    )

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    connection = connections[using]
    with transaction.atomic(using=using):
        rows = _read_legacy_users(using)
        if rows is None:
            say(f"No legacy `{LEGACY_TABLE}` table: no users imported.")
            return counts
        groups = _module_groups(using)
        for row in rows:
            outcome = _import_one(row, groups=groups, using=using)
            for key in outcome.counts:
                counts[key] += 1
            say(outcome.line)
        if counts["imported"]:
            # MySQL/MariaDB and SQLite move the id counter past explicit ids themselves (the SQL is empty
            # there); sequence-based databases need it reset.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [get_user_model()]):
                    cursor.execute(sql)
    say(
        "Legacy users: {imported} imported, {already_present} already present, {clashes} clashes, "
        "{without_password} without a usable password, {invalid} invalid, {unknown_roles} with an unknown "
        "role.".format(**counts)
    )
    return counts


class _Outcome(NamedTuple):
    counts: tuple[str, ...]
    line: str


def _read_legacy_users(using: str) -> list[LegacyUser] | None:
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if LEGACY_TABLE not in connection.introspection.table_names(cursor):
            return None
        present = {col.name.lower() for col in connection.introspection.get_table_description(cursor, LEGACY_TABLE)}
        missing = [col for col in REQUIRED_COLUMNS if col not in present]
        if missing:
            raise LegacyUsersError(
                f"The legacy `{LEGACY_TABLE}` table has no {', '.join(missing)} column: cannot import its users."
            )
        # Older installs may lack later columns: those read as NULL, except is_active: without the column
        # Flask-Login's default applied and every user was active.
        select = ", ".join(
            qn(col) if col in present else ("1" if col == "is_active" else "NULL")
            for col in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        )
        cursor.execute(f"SELECT {select} FROM {qn(LEGACY_TABLE)} ORDER BY {qn('id')}")
        return [LegacyUser(*row) for row in cursor.fetchall()]


def _module_groups(using: str) -> dict[str, Group]:
    wanted = {name for access in LEGACY_ROLES.values() for name in access.groups}
    found = {g.name: g for g in Group.objects.using(using).filter(name__in=wanted)}
    missing = sorted(wanted - found.keys())
    if missing:
        raise LegacyUsersError(
            f"The module groups {', '.join(missing)} do not exist: run `manage.py migrate` before importing users."
        )
    return found


def _import_one(row: LegacyUser, *, groups: dict[str, Group], using: str) -> _Outcome:
    User = get_user_model()
    users = User._default_manager.db_manager(using)
    who = f"{row.username} (id {row.id})"
    by_id = users.filter(pk=row.id).first()
    by_name = users.filter(username=row.username).first()

    taking_over = None
    if by_id is not None and by_id.username == row.username:
        taking_over = _unused_bootstrap_admin(by_id, using)
        if taking_over is None:
            return _Outcome(("already_present",), f"already present  {who}: left as it is")
    elif by_id is not None or by_name is not None:
        reasons = []
        if by_id is not None:
            reasons.append(f"id {row.id} belongs to user {by_id.username!r}")
        if by_name is not None and by_name.pk != row.id:
            reasons.append(f"username {row.username!r} belongs to user id {by_name.pk}")
        return _Outcome(("clashes",), f"clash  {who}: {' and '.join(reasons)}; not imported")

    role = (row.role or DEFAULT_ROLE).strip().lower()
    access = LEGACY_ROLES.get(role)
    notes, counts = [], ["imported"]
    if access is None:
        access = LEGACY_ROLES[DEFAULT_ROLE]
        counts.append("unknown_roles")
        notes.append(f"unknown legacy role {row.role!r}: no module access")

    user = by_id if taking_over is not None else User(pk=row.id)
    user.username = row.username
    user.email = row.email or ""
    user.is_active = _flag(row.is_active)
    user.is_staff = access.staff
    user.is_superuser = access.superuser
    user.date_joined = _aware(User, "date_joined", row.created_at, using) or timezone.now()
    user.last_login = _aware(User, "last_login", row.last_login, using)
    if not row.password_hash:
        user.set_unusable_password()
        counts.append("without_password")
        notes.append("no legacy password hash: imported with an unusable password")
    else:
        try:
            user.password = from_werkzeug(row.password_hash)
        except UnsupportedHash as exc:
            user.set_unusable_password()
            counts.append("without_password")
            notes.append(f"legacy password hash not usable ({exc}): imported with an unusable password")
    try:
        user.full_clean(validate_unique=False)
    except ValidationError as exc:
        messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items())
        return _Outcome(("invalid",), f"invalid  {who}: {messages}; not imported")

    user.save(using=using, force_insert=taking_over is None)
    user.groups.set([groups[name] for name in access.groups])
    if taking_over is not None:
        taking_over.kind = TAKEN_OVER_KIND
        taking_over.label = f"{row.username}: first admin from migrate, taken over by the legacy user id {row.id}"
        taking_over.save(using=using, update_fields=["kind", "label"])
        notes.append("took over the never-used first admin created by migrate (its generated password no longer works)")

    rights = "superuser" if access.superuser else ("staff" if access.staff else "no admin access")
    if access.groups:
        rights += ", groups " + ", ".join(access.groups)
    if not user.is_active:
        rights += ", inactive"
    label = "without password" if "without_password" in counts else "imported"
    return _Outcome(tuple(counts), f"{label}  {who}: {rights}" + "".join(f"; {n}" for n in notes))


def _unused_bootstrap_admin(user, using: str) -> BootstrapRecord | None:
    """The bootstrap record when `user` is the first admin made by migrate and nobody ever logged in as it."""
    if user.last_login is not None:
        return None
    return BootstrapRecord.objects.using(using).filter(kind=BOOTSTRAP_ADMIN_KIND, object_pk=str(user.pk)).first()


def _flag(value: Any) -> bool:
    # NULL counts as inactive: Flask-Login refused users whose is_active attribute was not truthy.
    if value is None:
        return False
    if isinstance(value, bytes):  # BIT(1)
        return any(value)
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no")
    return bool(value)


def _aware(User, name: str, value: Any, using: str) -> datetime | None:
    """A legacy DATETIME (naive, in the zone the database stores date-times in) as the user's field `name`
    takes it; None for NULL, zero or unreadable dates."""
    try:
        return field_value(User._meta.get_field(name), value, using=using)
    except (ValidationError, TypeError, ValueError):
        return None
