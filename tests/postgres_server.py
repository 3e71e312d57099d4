"""A throw-away PostgreSQL server for tests: initdb and pg_ctl on a temporary folder and a free port.

tools/ensure_postgresql.sh (run by `make test` and .ci/run) installs Debian's `postgresql` package.
As root the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_SECONDS = 60


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def binaries() -> Path:
    """Return the folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    raise Unavailable("no initdb/pg_ctl found: run tools/ensure_postgresql.sh (Debian: apt-get install postgresql)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _runner() -> tuple[list[str], int | None]:
    """Return the command prefix that runs as a non-root user, and that user's uid (None: ourselves)."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable("running as root and there is no 'postgres' user to run the server as") from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root and 'runuser' is missing")
    return [runuser, "-u", "postgres", "--"], user.pw_uid


def _run(name: str, command: list[str], log: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=START_SECONDS, check=False)
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        raise Unavailable(f"{name} failed: {(result.stderr or result.stdout).strip()[-1500:]}\n{tail}")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a fresh cluster on 127.0.0.1 and a free port; yield its SQLAlchemy URL; stop and delete it after."""
    bin_folder = binaries()
    prefix, uid = _runner()
    folder = Path(tempfile.mkdtemp(prefix="ikz-postgres-"))
    folder.chmod(0o755)
    data, log = folder / "data", folder / "server.log"
    if uid is not None:
        os.chown(folder, uid, -1)
    port = free_port()
    started = False
    try:
        _run("initdb", [*prefix, str(bin_folder / "initdb"), "-D", str(data), "-U", "ikz", "--auth=trust", "-E", "UTF8",
              "--no-sync"], log)  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run("pg_ctl start", [*prefix, str(bin_folder / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
              "-t", str(START_SECONDS), "start"], log)  # fmt: skip
        started = True
        yield f"postgresql+psycopg://ikz@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run([*prefix, str(bin_folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=START_SECONDS, check=False)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
