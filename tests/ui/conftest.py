"""Wizard tests: the checkout on sys.path (``import ui``) and an AppTest of the real app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = ROOT / "ui" / "app.py"

from streamlit.testing.v1 import AppTest  # noqa: E402


@pytest.fixture(autouse=True)
def _pdf_on_click(monkeypatch: pytest.MonkeyPatch) -> None:
    """No background PDF per report page visit: these tests never download it (the browser
    tests and benchmarks/wizard_flow.py do)."""
    monkeypatch.setenv("MODELREC_UI_PDF_AHEAD", "0")


@pytest.fixture
def app() -> AppTest:
    """The wizard as a fresh browser tab sees it (a generous timeout: the first use-case
    analysis in the test session loads the real embedder)."""
    return AppTest.from_file(str(APP), default_timeout=240)
