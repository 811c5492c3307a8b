"""SQLite persistence: measurements and validation runs; decisions join as they land.

One database file per user, ``$MODELREC_HOME/modelrec.db`` (default ``~/.modelrec``). The schema
is versioned with ``PRAGMA user_version``; :data:`_MIGRATIONS` upgrades older files in order.
Writes are transactions, so an interrupted write leaves the file as it was.

Several processes may open a fresh home at once: the schema is created and migrated inside one
exclusive transaction (the version is read inside it), and every connection waits up to
:data:`BUSY_TIMEOUT_S` for a lock. A validation run records the process that runs it (host, pid
and the pid's start time) and its temporary directory; when a store is opened, a run still
marked ``running`` whose process is gone (``kill -9``, a crash, a power cut) is marked
``interrupted`` and its ``modelrec-validate-*`` directory removed. ``--resume`` continues it.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "Store", "default_store_path", "process_owner"]

#: How long a connection waits for another process's lock before failing (seconds).
BUSY_TIMEOUT_S = 60.0

#: Each entry upgrades the schema by one version. Append; never edit a released one.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE measurements (
        id INTEGER PRIMARY KEY,
        hardware_id TEXT NOT NULL,
        devices INTEGER NOT NULL DEFAULT 1,
        model_id TEXT NOT NULL,
        quantization TEXT NOT NULL,
        context INTEGER NOT NULL,
        decode_tokens_per_s REAL NOT NULL CHECK (decode_tokens_per_s > 0),
        predicted_roofline_tokens_per_s REAL NOT NULL CHECK (predicted_roofline_tokens_per_s > 0),
        peak_memory_gb REAL,
        source TEXT NOT NULL,
        measured_at TEXT NOT NULL
    );
    CREATE INDEX measurements_by_hardware ON measurements (hardware_id);
    """,
    # validation runs (recommender.validation): one row per run, per (run, model), and per
    # (run, model, prompt) written as each prompt completes, so a killed run resumes
    """
    CREATE TABLE validation_runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        config TEXT NOT NULL,
        manifest TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE validation_models (
        run_id TEXT NOT NULL REFERENCES validation_runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        failure TEXT,
        message TEXT,
        metrics TEXT NOT NULL DEFAULT '{}',
        manifest TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key)
    );
    CREATE TABLE validation_outputs (
        run_id TEXT NOT NULL REFERENCES validation_runs (id) ON DELETE CASCADE,
        model_key TEXT NOT NULL,
        prompt_index INTEGER NOT NULL,
        prompt_id TEXT NOT NULL,
        output TEXT NOT NULL,
        output_tokens INTEGER NOT NULL,
        latency_s REAL NOT NULL,
        ttft_s REAL,
        batch_size INTEGER NOT NULL,
        checks TEXT NOT NULL,
        passed INTEGER NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_key, prompt_index)
    );
    """,
    # wizard sessions (ui/): the whole wizard state as JSON under the id in the URL, so a
    # refresh or a shared link restores it; parent_id records which session was duplicated
    """
    CREATE TABLE wizard_sessions (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        parent_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # the process running a validation run and its temporary directory, so the next process
    # to open the store can tell a killed run from a live one
    """
    ALTER TABLE validation_runs ADD COLUMN owner TEXT;
    ALTER TABLE validation_runs ADD COLUMN tmp_dir TEXT;
    """,
    # wizard sessions: a version number (a save against an older one is refused, so two
    # editors never silently overwrite each other) and the key that makes a link editable
    # (without it a shared link opens read-only; NULL for sessions saved before: read-only)
    """
    ALTER TABLE wizard_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE wizard_sessions ADD COLUMN edit_key TEXT;
    """,
)


def _start_time(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, from /proc), or "" if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19] if ")" in stat else ""


def process_owner(pid: int | None = None) -> str:
    """This process as the owner of a run: ``host:pid:start``."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def _owner_gone(owner: str) -> bool:
    """The process named by ``owner`` has ended (only decidable on this host)."""
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    return bool(start) and _start_time(pid) not in ("", start)  # the pid was reused


def _remove_tmp_dir(path: str | None) -> None:
    """Remove a run's temporary directory, only if it is one of ours under the temp root."""
    if not path:
        return
    tmp = Path(path)
    root = Path(tempfile.gettempdir()).resolve()
    if tmp.name.startswith("modelrec-validate-") and tmp.resolve().parent == root:
        shutil.rmtree(tmp, ignore_errors=True)


def default_store_path() -> Path:
    home = os.environ.get("MODELREC_HOME")
    base = Path(home) if home else Path.home() / ".modelrec"
    return base / "modelrec.db"


class Store:
    """A modelrec database. Open with ``Store(path)``; the file and its folder are created."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            if db.execute("PRAGMA user_version").fetchone()[0] < len(_MIGRATIONS):
                self._migrate(db)
            self._recover_interrupted(db)

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        """Create or upgrade the schema in one exclusive transaction: of several processes
        opening a fresh file at once, one migrates and the others then see the new version."""
        db.execute("BEGIN EXCLUSIVE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @staticmethod
    def _recover_interrupted(db: sqlite3.Connection) -> None:
        """Mark runs whose process is gone as ``interrupted``; remove their temporary files."""
        rows = db.execute(
            "SELECT id, owner, tmp_dir FROM validation_runs "
            "WHERE status = 'running' AND owner IS NOT NULL"
        ).fetchall()
        for row in rows:
            if not _owner_gone(row["owner"]):
                continue
            db.execute("BEGIN IMMEDIATE")
            changed = db.execute(
                "UPDATE validation_runs SET status = 'interrupted', owner = NULL, tmp_dir = NULL "
                "WHERE id = ? AND owner = ?",
                (row["id"], row["owner"]),
            ).rowcount
            db.execute("COMMIT")
            if changed:
                _remove_tmp_dir(row["tmp_dir"])

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        db.row_factory = sqlite3.Row
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA journal_mode=WAL")
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
