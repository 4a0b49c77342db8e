"""A backup of the database taken by `migrate --backup PATH`, inside the migration lock.

MySQL/MariaDB: mariadb-dump (or mysqldump) --single-transaction, password through the environment,
never on the command line. SQLite: the sqlite3 online backup API. The file is created with
mode 0600 (owner only). A failed backup raises
BackupFailed (exit code EXIT_BACKUP_FAILED) and removes the partial file; nothing is migrated then.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

from erp.migration_safety import EXIT_BACKUP_FAILED


class BackupFailed(CommandError):
    def __init__(self, message: str):
        super().__init__(message + " Nothing was migrated.", returncode=EXIT_BACKUP_FAILED)


def backup_database(using: str, path: str | os.PathLike, stdout=None) -> Path:
    connection = connections[using]
    target = Path(path).expanduser().resolve()
    if target.exists():
        raise BackupFailed(f"Backup file {target} already exists; choose a new path (it is never overwritten).")
    if not target.parent.is_dir():
        raise BackupFailed(f"Cannot write the backup: directory {target.parent} does not exist.")
    try:
        # Created here, readable by the owner only (a dump holds every password hash and personal record);
        # the dump tool and SQLite then write into it. O_EXCL: never someone else's file put there meanwhile.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise BackupFailed(f"Cannot write the backup to {target}: {exc.strerror}.") from None
    try:
        if connection.vendor == "mysql":
            _dump_mysql(connection, target)
        else:
            _copy_sqlite(connection, target)
    except BackupFailed:
        target.unlink(missing_ok=True)
        raise
    if stdout is not None:
        stdout.write(f"Backup of the database written to {target} ({target.stat().st_size} bytes).")
    return target


def _dump_mysql(connection, target: Path) -> None:
    tool = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if not tool:
        raise BackupFailed("Cannot back up: neither mariadb-dump nor mysqldump is installed.")
    s = connection.settings_dict
    cmd = [tool, "--single-transaction", "--routines", "--triggers", "--hex-blob",
           "--default-character-set=utf8mb4", f"--result-file={target}"]
    if s.get("HOST"):
        cmd.append(f"--socket={s['HOST']}" if s["HOST"].startswith("/") else f"--host={s['HOST']}")
    if s.get("PORT"):
        cmd.append(f"--port={s['PORT']}")
    if s.get("USER"):
        cmd.append(f"--user={s['USER']}")
    cmd.append(s["NAME"])
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["MYSQL_PWD"] = s["PASSWORD"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise BackupFailed(f"The backup with {Path(tool).name} failed: {detail}.")


def _copy_sqlite(connection, target: Path) -> None:
    name = connection.settings_dict["NAME"]
    try:
        source = sqlite3.connect(name)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupFailed(f"The SQLite backup to {target} failed: {exc}.") from None
