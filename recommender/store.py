"""SQLite persistence: measurements and validation runs; decisions join as they land.

One database file per user, ``$MODELREC_HOME/modelrec.db`` (default ``~/.modelrec``). The schema
is versioned with ``PRAGMA user_version``; :data:`_MIGRATIONS` upgrades older files in order.
Writes are transactions, so an interrupted write leaves the file as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["Store", "default_store_path"]

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
    # wizard sessions: a version number (a save against an older one is refused, so two
    # editors never silently overwrite each other) and the key that makes a link editable
    # (without it a shared link opens read-only; NULL for sessions saved before: read-only)
    """
    ALTER TABLE wizard_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE wizard_sessions ADD COLUMN edit_key TEXT;
    """,
)


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
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        db.row_factory = sqlite3.Row
        try:
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
