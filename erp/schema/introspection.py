"""A normalised, engine-neutral picture of a database schema, read through one code path per engine.

The live database and the shadow database (migrated from scratch) are both read by `introspect()`,
so any difference between the two snapshots is a difference between the databases, never between
two ways of reading them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from django.core.management.base import CommandError


@dataclass
class Column:
    name: str
    type: str  # MySQL: COLUMN_TYPE lower-cased ("decimal(12,2)", "enum('a','b')"); SQLite: declared type
    nullable: bool
    default: str | None = None  # SQL text of the default, None when there is none
    auto_increment: bool = False
    on_update: str | None = None  # MySQL "on update current_timestamp()"
    comment: str = ""
    collation: str | None = None


@dataclass
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool
    primary: bool = False


@dataclass
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str = "RESTRICT"
    on_update: str = "RESTRICT"

    @property
    def key(self) -> tuple:
        return (self.columns, self.ref_table, self.ref_columns)


@dataclass
class Check:
    name: str
    clause: str  # normalised SQL text (MySQL); "" where the engine does not expose it (SQLite)
    columns: tuple[str, ...] = ()


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)  # includes the primary key (primary=True)
    foreign_keys: dict[str, ForeignKey] = field(default_factory=dict)
    checks: dict[str, Check] = field(default_factory=dict)
    collation: str | None = None
    engine: str | None = None  # MySQL: the storage engine ("InnoDB", a legacy "MyISAM"); SQLite: None
    row_format: str | None = None  # MySQL: "Dynamic", a legacy "Compact" (index keys of at most 767 bytes), ...

    @property
    def primary_key(self) -> tuple[str, ...]:
        for index in self.indexes.values():
            if index.primary:
                return index.columns
        return ()


@dataclass
class IntrospectedSchema:
    vendor: str
    tables: dict[str, Table] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> IntrospectedSchema:
        """The inverse of as_dict (JSON turns tuples into lists: they are turned back)."""
        def tup(d: dict, *keys) -> dict:
            return {k: tuple(v) if k in keys else v for k, v in d.items()}

        snap = cls(vendor=data["vendor"])
        for name, t in data["tables"].items():
            snap.tables[name] = Table(
                name=name, collation=t.get("collation"), engine=t.get("engine"), row_format=t.get("row_format"),
                columns={k: Column(**c) for k, c in t["columns"].items()},
                indexes={k: Index(**tup(i, "columns")) for k, i in t["indexes"].items()},
                foreign_keys={k: ForeignKey(**tup(f, "columns", "ref_columns")) for k, f in t["foreign_keys"].items()},
                checks={k: Check(**tup(c, "columns")) for k, c in t["checks"].items()},
            )
        return snap


def normalise_clause(clause: str) -> str:
    return re.sub(r"\s+", " ", clause.strip())


class SchemaReadError(CommandError):
    """The schema cannot be read completely with this database user; the message says what to grant."""

    def __init__(self, message: str):
        super().__init__(f"schema check failed: {message}", returncode=3)


def introspect(connection, *, tables: set[str] | None = None) -> IntrospectedSchema:
    """Read the schema of `connection` (a Django connection wrapper) into a IntrospectedSchema."""
    if connection.vendor == "mysql":
        return _introspect_mysql(connection, tables)
    if connection.vendor == "sqlite":
        return _introspect_sqlite(connection, tables)
    raise NotImplementedError(f"schema introspection is not implemented for {connection.vendor}")


# ---------------------------------------------------------------- MySQL / MariaDB
def _introspect_mysql(connection, only: set[str] | None) -> IntrospectedSchema:
    snap = IntrospectedSchema(vendor="mysql")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, TABLE_COLLATION, ENGINE, ROW_FORMAT FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
        )
        for name, collation, engine, row_format in cur.fetchall():
            if only is None or name in only:
                snap.tables[name] = Table(name=name, collation=collation, engine=engine, row_format=row_format)

        cur.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, "
            "COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY TABLE_NAME, ORDINAL_POSITION"
        )
        for tname, cname, ctype, nullable, default, extra, comment, collation in cur.fetchall():
            table = snap.tables.get(tname)
            if table is None:
                continue
            extra = (extra or "").lower()
            on_update = None
            m = re.search(r"on update (\S+)", extra)
            if m:
                on_update = m.group(1)
            # MariaDB reports a NULL default as the text 'NULL' for nullable columns.
            if default is not None and default.upper() == "NULL":
                default = None
            table.columns[cname] = Column(
                name=cname,
                type=ctype,  # not lower-cased: ENUM members keep their case
                nullable=nullable == "YES",
                default=default,
                auto_increment="auto_increment" in extra,
                on_update=on_update,
                comment=comment or "",
                collation=collation,
            )

        cur.execute(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
        )
        for tname, iname, non_unique, cname in cur.fetchall():
            table = snap.tables.get(tname)
            if table is None:
                continue
            index = table.indexes.get(iname)
            if index is None:
                index = table.indexes[iname] = Index(
                    name=iname, columns=(), unique=not int(non_unique), primary=iname == "PRIMARY"
                )
            index.columns = (*index.columns, cname)

        cur.execute(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
            "k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE "
            "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
            "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
            "AND r.TABLE_NAME = k.TABLE_NAME "
            "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
        )
        foreign_key_columns = cur.fetchall()
        # MariaDB hides REFERENTIAL_CONSTRAINTS from a user with nothing but SELECT (a replica's reader):
        # every foreign key would look missing. Say so rather than report drift that is not there.
        cur.execute("SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE "
                    "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL")
        if cur.fetchone()[0] != len(foreign_key_columns):
            raise SchemaReadError(
                "this database user cannot see the foreign keys' rules (information_schema.REFERENTIAL_CONSTRAINTS "
                "is shown only to users with a privilege beyond SELECT): grant it REFERENCES as well, e.g. "
                "GRANT SELECT, REFERENCES ON <database>.* TO <user>")
        for tname, fname, cname, rtable, rcol, upd, dele in foreign_key_columns:
            table = snap.tables.get(tname)
            if table is None:
                continue
            fk = table.foreign_keys.get(fname)
            if fk is None:
                fk = table.foreign_keys[fname] = ForeignKey(
                    name=fname, columns=(), ref_table=rtable, ref_columns=(), on_delete=dele, on_update=upd
                )
            fk.columns = (*fk.columns, cname)
            fk.ref_columns = (*fk.ref_columns, rcol)

        cur.execute(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE()"
        )
        for tname, cname, clause in cur.fetchall():
            table = snap.tables.get(tname)
            if table is None:
                continue
            clause = normalise_clause(clause)
            table.checks[cname] = Check(
                name=cname, clause=clause, columns=tuple(sorted(set(re.findall(r"`([^`]+)`", clause))))
            )
    return snap


# ---------------------------------------------------------------- SQLite
def _introspect_sqlite(connection, only: set[str] | None) -> IntrospectedSchema:
    snap = IntrospectedSchema(vendor="sqlite")
    intro = connection.introspection
    with connection.cursor() as cur:
        for info in intro.get_table_list(cur):
            if info.type != "t" or info.name.startswith("sqlite_"):
                continue
            if only is not None and info.name not in only:
                continue
            table = snap.tables[info.name] = Table(name=info.name)
            for col in intro.get_table_description(cur, info.name):
                table.columns[col.name] = Column(
                    name=col.name,
                    type=(col.type_code or "").lower(),
                    nullable=bool(col.null_ok),
                    default=col.default,
                    auto_increment=bool(col.pk) and "autoincrement" in _create_sql(cur, info.name).lower(),
                    collation=col.collation,
                )
            for name, c in intro.get_constraints(cur, info.name).items():
                columns = tuple(c.get("columns") or ())
                if c.get("foreign_key"):
                    rtable, rcol = c["foreign_key"]
                    fk = ForeignKey(name=name, columns=columns, ref_table=rtable, ref_columns=(rcol,))
                    table.foreign_keys[name] = fk
                elif c.get("check"):
                    table.checks[name] = Check(name=name, clause="", columns=tuple(sorted(columns)))
                elif c.get("primary_key"):
                    table.indexes["PRIMARY"] = Index(name="PRIMARY", columns=columns, unique=True, primary=True)
                elif c.get("unique") or c.get("index"):
                    table.indexes[name] = Index(name=name, columns=columns, unique=bool(c.get("unique")))
    return snap


def _create_sql(cur, table: str) -> str:
    cur.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
    row = cur.fetchone()
    return row[0] if row and row[0] else ""
