"""A real, throw-away PostgreSQL server for the tests: Debian's binaries, a data folder in /tmp, a free port.

`make test` installs the `postgresql` package (apt-get), so CI runs every PostgreSQL test; elsewhere they are
skipped with the reason, never silently passed. PostgreSQL refuses to run as root, so when the tests run
as root the server runs as the `postgres` user the package creates (runuser), in a folder it owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path


class PostgresUnavailable(Exception):
    """No PostgreSQL binaries (or no user to run them as) on this machine."""


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise PostgresUnavailable(f"{name} not found (apt-get install postgresql; `make test` does)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl start on 127.0.0.1; `new_database()` gives a fresh, empty database's URL."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _binary("initdb"), _binary("pg_ctl")
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresUnavailable(
                    "running as root and there is no `postgres` user to run the server"
                ) from exc
            self._as_user = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.data = self.folder / "data"
        if self._as_user:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.port = _free_port()
        self._numbers = count(1)
        self._run(
            self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"

    def _run(self, *command: str) -> None:
        result = subprocess.run([*self._as_user, *command], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:2])} failed: {result.stderr.strip() or result.stdout.strip()}"
            )

    def new_database(self) -> str:
        """CREATE DATABASE test_N; its URL."""
        import psycopg

        name = f"test_{next(self._numbers)}"
        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"{self.url}/{name}"

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
