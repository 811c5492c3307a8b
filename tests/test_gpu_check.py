"""benchmarks/gpu_check.sh: its CPU self-test end to end, and its refusal without a GPU.

The GPU figures themselves are recorded in benchmarks/RESULTS.md from a run on a real GPU; here
the same script, through its shell entry point, builds the four architectures (scaled down),
measures and predicts, and writes both outputs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "gpu_check.sh"


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable, "CUDA_VISIBLE_DEVICES": ""}
    return subprocess.run(
        ["bash", str(SCRIPT), "--out", str(tmp_path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_self_test_measures_and_predicts_every_architecture(tmp_path: Path) -> None:
    done = _run("--self-test", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    payload = json.loads((tmp_path / "gpu_check.json").read_text())
    rows = payload["rows"]
    configs = sorted(p.stem for p in (ROOT / "benchmarks" / "gpu_check_configs").glob("*.json"))
    assert sorted({r["kb_id"] for r in rows}) == configs
    assert {r["context"] for r in rows} == {32, 96}
    for row in rows:
        assert row["params_b"] > 0 and row["weights_gib_predicted"] > 0
        assert row["decode_tok_s_measured"] > 0 and row["ttft_s_measured"] > 0
        assert row["peak_gib_measured"] > 0 and row["peak_gib_predicted"] > 0
        assert row["decode_tok_s_graph"] is None and row["graph_note"] == "CPU self-test"
    moe = next(r for r in rows if r["kb_id"] == "qwen3-30b-a3b-instruct-2507")
    # the scaled-down MoE reads 2 of its 4 experts per token: the prediction uses fewer
    # active than total parameters, so its roofline is above a dense model's of the same size
    assert moe["roofline_tok_s"] is not None
    table = (tmp_path / "gpu_check.md").read_text()
    assert table.count("\n| ") == 1 + len(rows)  # header + one line per row
    assert "Traceback" not in done.stderr


def test_refuses_clearly_without_a_gpu(tmp_path: Path) -> None:
    done = _run(tmp_path=tmp_path)
    assert done.returncode == 2
    assert "no CUDA GPU is visible" in done.stderr and "--self-test" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "gpu_check.json").exists()
