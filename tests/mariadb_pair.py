"""A real MariaDB primary and replica for the replication tests (and bench/load_test.py --replica).

Two `mariadbd` processes on free loopback ports, each with its own temporary data directory made by
`mariadb-install-db` (once: the replica starts from a copy of the primary's fresh directory, so both
begin at the same empty GTID position). The primary writes a binary log; the replica runs GTID
replication from it (`MASTER_USE_GTID=slave_pos`) with `read_only=ON`, as docs/scaling.md asks.
Small buffers and no durability flushes: the pair starts in a few seconds and is thrown away.

Both servers accept root without a password on 127.0.0.1 only. `reader` (SELECT, REFERENCES and SLAVE
MONITOR, the grants docs/scaling.md gives the application's replica user) is created on the primary and
replicates like any other change.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"
READER = "reader"
READER_PASSWORD = "reader-test-only"  # a throwaway server on loopback, deleted after the run

# Where Debian, Fedora and the MariaDB tarballs put them, after $PATH.
_SEARCH = [os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"]


class PairUnavailable(RuntimeError):
    """mariadbd or mariadb-install-db is not installed here."""


def find_program(name: str) -> str | None:
    return shutil.which(name, path=os.pathsep.join(_SEARCH))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _connect(port: int, database: str | None = None, user: str = "root", password: str = "", timeout: int = 5):
    import MySQLdb

    params = {"host": HOST, "port": port, "user": user, "password": password, "charset": "utf8mb4",
              "connect_timeout": timeout}
    if database:
        params["database"] = database
    conn = MySQLdb.connect(**params)
    conn.autocommit(True)
    return conn


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the process that started it dies, even killed (no teardown)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def install_datadir(install_db: str, datadir: Path) -> None:
    """A fresh data directory (system tables, root without a password), small InnoDB files."""
    args = [install_db, "--no-defaults", f"--datadir={datadir}", "--auth-root-authentication-method=normal",
            "--skip-test-db", "--skip-name-resolve", "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M"]
    if os.geteuid() == 0:
        args.append("--user=root")
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("mariadb-install-db failed:\n" + (result.stderr or result.stdout)[-2000:])


class Server:
    def __init__(self, name: str, datadir: Path, server_id: int, extra: list[str]):
        self.name, self.datadir, self.server_id, self.extra = name, datadir, server_id, extra
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, mariadbd: str, timeout: float = 60) -> None:
        self.port = self.port or free_port()
        args = [
            mariadbd, "--no-defaults", f"--datadir={self.datadir}", f"--port={self.port}", f"--bind-address={HOST}",
            f"--socket={self.datadir}/mariadbd.sock", f"--pid-file={self.datadir}/mariadbd.pid",
            f"--log-error={self.datadir}/error.log", f"--server-id={self.server_id}", "--skip-name-resolve",
            "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0", "--sync-binlog=0", "--performance-schema=OFF", "--max-connections=300",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", *self.extra,
        ]
        if os.geteuid() == 0:
            args.append("--user=root")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while True:
            try:
                _connect(self.port, timeout=2).close()
                return
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the test {self.name} (mariadbd on port {self.port}) did not start:\n"
                                       + self.error_log_tail()) from None
                time.sleep(0.2)

    def error_log_tail(self) -> str:
        try:
            return "\n".join((self.datadir / "error.log").read_text(errors="replace").splitlines()[-15:])
        except OSError:
            return "(no error log)"

    def stop(self) -> None:
        """Shut the server down (SIGTERM: a clean shutdown), waiting for it to exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class MariaDBPair:
    """A started primary and replica. `query`/`url` take "primary" or "replica"."""

    def __init__(self, base: Path):
        self.base = base
        self.mariadbd = find_program("mariadbd")
        install_db = find_program("mariadb-install-db")
        if not self.mariadbd or not install_db:
            raise PairUnavailable("mariadbd and mariadb-install-db are not installed (Debian: apt-get install "
                                  "mariadb-server)")
        self.install_db = install_db
        self.primary = Server("primary", base / "primary", 1, [f"--log-bin={base}/primary/binlog",
                                                               "--binlog-format=MIXED"])
        self.replica = Server("replica", base / "replica", 2, [f"--relay-log={base}/replica/relay", "--read-only",
                                                               "--skip-slave-start"])

    # ------------------------------------------------------------ life cycle
    def start(self) -> MariaDBPair:
        template = self.base / "template"
        install_datadir(self.install_db, template)
        shutil.copytree(template, self.primary.datadir)
        shutil.copytree(template, self.replica.datadir)
        shutil.rmtree(template)
        try:
            self.primary.start(self.mariadbd)
            self.replica.start(self.mariadbd)
            self.query("primary", f"CREATE USER '{READER}'@'{HOST}' IDENTIFIED BY %s", (READER_PASSWORD,))
            self.query("primary", f"GRANT SELECT, REFERENCES, SLAVE MONITOR ON *.* TO '{READER}'@'{HOST}'")
            self.query("replica", f"CHANGE MASTER TO MASTER_HOST='{HOST}', MASTER_PORT={self.primary.port}, "
                       "MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1")
            self.query("replica", "START SLAVE")
            self.wait_replicated()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.replica.stop()
        self.primary.stop()

    # ------------------------------------------------------------ access
    def server(self, which: str) -> Server:
        return {"primary": self.primary, "replica": self.replica}[which]

    def url(self, which: str, database: str, user: str = "root", password: str = "") -> str:
        auth = f"{READER}:{READER_PASSWORD}" if user == READER else user + (f":{password}" if password else "")
        return f"mysql://{auth}@{HOST}:{self.server(which).port}/{database}"

    def connect(self, which: str, database: str | None = None):
        return _connect(self.server(which).port, database)

    def query(self, which: str, sql: str, params: tuple | None = None, database: str | None = None) -> list[tuple]:
        conn = self.connect(which, database)
        try:
            cur = conn.cursor()
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            conn.close()

    def replica_status(self) -> dict:
        conn = self.connect("replica")
        try:
            cur = conn.cursor()
            cur.execute("SHOW SLAVE STATUS")
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row)) if row else {}
        finally:
            conn.close()

    # ------------------------------------------------------------ replication
    def wait_replicated(self, timeout: float = 60) -> None:
        """Wait until the replica has applied everything the primary has written so far."""
        position = self.query("primary", "SELECT @@gtid_binlog_pos")[0][0]
        if self.query("replica", "SELECT MASTER_GTID_WAIT(%s, %s)", (position, timeout))[0][0] != 0:
            raise AssertionError(f"the replica did not reach GTID {position} within {timeout:g} s: "
                                 f"{self.replica_status()}")

    def set_delay(self, seconds: int) -> None:
        """Delayed replication (MASTER_DELAY): the replica applies each event `seconds` after it was written."""
        self.query("replica", "STOP SLAVE")
        self.query("replica", f"CHANGE MASTER TO MASTER_DELAY={int(seconds)}")
        self.query("replica", "START SLAVE")

    def stop_sql_thread(self) -> None:
        self.query("replica", "STOP SLAVE SQL_THREAD")

    def start_sql_thread(self) -> None:
        self.query("replica", "START SLAVE SQL_THREAD")

    def restart_replica(self) -> None:
        self.replica.start(self.mariadbd)
        self.query("replica", "START SLAVE")

    def reset(self) -> None:
        """Replication as the pair started: replica up, no delay, both threads running, caught up."""
        if not self.replica.running:
            self.replica.stop()
            self.replica.start(self.mariadbd)
        self.set_delay(0)
        self.wait_replicated()

    def drop_database(self, name: str) -> None:
        """Drop a database on the primary (replicated) and wait until the replica has dropped it too."""
        self.query("primary", f"DROP DATABASE IF EXISTS `{name}`")
        self.wait_replicated()


GALERA_PROVIDERS = ["/usr/lib/galera/libgalera_smm.so", "/usr/lib/libgalera_smm.so",
                    "/usr/lib64/galera-4/libgalera_smm.so"]


class GaleraNode(Server):
    """A one-node MariaDB Galera Cluster (wsrep_on=ON, bootstrapped alone): DDL in TOI, as on a real cluster."""

    def __init__(self, base: Path):
        self.mariadbd = find_program("mariadbd")
        install_db = find_program("mariadb-install-db")
        self.provider = next((p for p in GALERA_PROVIDERS if Path(p).is_file()), None)
        if not self.mariadbd or not install_db or not self.provider:
            raise PairUnavailable("a one-node Galera cluster needs mariadbd, mariadb-install-db and the Galera 4 "
                                  "library (Debian: apt-get install mariadb-server galera-4)")
        self.install_db = install_db
        cluster_port = free_port()
        super().__init__("Galera node", base / "galera", 3, [
            "--wsrep-on=ON", f"--wsrep-provider={self.provider}", "--wsrep-cluster-address=gcomm://",
            f"--wsrep-provider-options=gmcast.listen_addr=tcp://{HOST}:{cluster_port};gcache.size=16M",
            f"--wsrep-node-address={HOST}", "--binlog-format=ROW", "--innodb-autoinc-lock-mode=2"])

    def boot(self) -> GaleraNode:
        install_datadir(self.install_db, self.datadir)
        self.start(self.mariadbd)
        return self

    def query(self, sql: str, params: tuple | None = None) -> list[tuple]:
        conn = _connect(self.port)
        try:
            cur = conn.cursor()
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            conn.close()


def start_pair(base: Path | None = None) -> MariaDBPair:
    """Start a pair in `base` (default: a new temporary directory); the caller stops it."""
    base = base or Path(tempfile.mkdtemp(prefix="erp_pair_"))
    return MariaDBPair(base).start()
