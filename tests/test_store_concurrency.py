"""The SQLite store under concurrent first use, and recovery after a run's process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from recommender.store import _MIGRATIONS, Store

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MODELREC_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


@pytest.mark.slow
def test_several_processes_creating_a_fresh_store_at_once(tmp_path: Path) -> None:
    # the reproduction of issue 24: `modelrec calibrate list &` x3 on an empty home crashed
    # with "table measurements already exists"; here 4 processes open it at the same instant
    home = tmp_path / "home"
    go = tmp_path / "go"
    script = textwrap.dedent(
        f"""
        import os, time
        while not os.path.exists({str(go)!r}):
            time.sleep(0.005)
        from recommender.cli import main
        raise SystemExit(main(["calibrate", "list", "--json"]))
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env=_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    time.sleep(1.0)  # let every process reach the wait loop
    go.touch()
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with Store(home / "modelrec.db").connect() as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)


def test_a_killed_run_is_marked_interrupted_and_its_temp_dir_removed(tmp_path: Path) -> None:
    db_path = tmp_path / "modelrec.db"
    Store(db_path)
    # a process owns a running run and its temporary directory, as the runner records them,
    # then dies by SIGKILL (nothing of its own can clean up)
    script = textwrap.dedent(
        f"""
        import sys, tempfile, time
        from recommender.store import Store, process_owner
        tmp = tempfile.mkdtemp(prefix="modelrec-validate-")
        open(tmp + "/job.json", "w").write("{{}}")
        with Store({str(db_path)!r}).transaction() as db:
            db.execute(
                "INSERT INTO validation_runs (id, created_at, updated_at, status, config, owner,"
                " tmp_dir) VALUES ('r1', 'now', 'now', 'running', '{{}}', ?, ?)",
                (process_owner(), tmp),
            )
        print(tmp, flush=True)
        time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    tmp = Path(proc.stdout.readline().strip())
    assert tmp.is_dir() and tmp.name.startswith("modelrec-validate-")
    # while it lives, opening the store leaves its run alone
    Store(db_path)
    with Store(db_path).connect() as db:
        assert db.execute("SELECT status FROM validation_runs").fetchone()[0] == "running"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    Store(db_path)  # the next process to open the store
    with Store(db_path).connect() as db:
        row = db.execute("SELECT status, owner, tmp_dir FROM validation_runs").fetchone()
    assert row["status"] == "interrupted" and row["owner"] is None
    assert not tmp.exists()
    assert Path(tempfile.gettempdir()) == tmp.parent


def test_an_old_store_is_migrated_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "modelrec.db"
    db = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(_MIGRATIONS[:3], start=1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    db.execute(
        "INSERT INTO validation_runs (id, created_at, updated_at, status, config) "
        "VALUES ('old', 'x', 'x', 'running', '{}')"
    )
    db.close()
    with Store(path).connect() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)
        # a run from before owners were recorded cannot be judged: it is left as it was
        assert conn.execute("SELECT status FROM validation_runs").fetchone()[0] == "running"
