"""Exit 0 when the MySQL/MariaDB server of a mysql:// URL answers; create its database if needed."""

import sys
from urllib.parse import unquote, urlparse


def parse(url: str) -> dict:
    u = urlparse(url)
    return {
        "host": u.hostname or "127.0.0.1",
        "port": u.port or 3306,
        "user": unquote(u.username or "root"),
        "password": unquote(u.password or ""),
        "database": u.path.lstrip("/") or "erp",
    }


def main() -> int:
    describe = sys.argv[1] == "--describe"
    c = parse(sys.argv[-1])
    if describe:
        print(f"{c['user']}@{c['host']}:{c['port']}/{c['database']}")
        return 0
    try:
        import MySQLdb
    except ImportError:
        return 1
    try:
        conn = MySQLdb.connect(
            host=c["host"], port=c["port"], user=c["user"], password=c["password"], connect_timeout=3
        )
    except MySQLdb.Error:
        return 1
    conn.cursor().execute(
        f"CREATE DATABASE IF NOT EXISTS `{c['database']}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    )
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
