"""The report's templates and stylesheet ship inside the wheel (they are read at run time)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_the_templates(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*pip, "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("modelrec-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("report.html.j2", "report.md.j2", "report.css"):
        assert f"recommender/report/templates/{template}" in names
