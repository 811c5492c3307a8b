"""The default matching path is light: no torch, transformers or sentence-transformers.

Each check runs in a fresh interpreter, since this test process may have imported them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ja_support_onprem.yaml"


def heavy_modules_after(code: str, home: Path) -> list[str]:
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "MODELREC_HOME": str(home)},
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_matching_and_knowledge_modules_import_nothing_heavy() -> None:
    code = (
        "import importlib, pkgutil, recommender.kb, recommender.matching\n"
        "for pkg in (recommender.kb, recommender.matching):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
    )
    assert heavy_modules_after(code, Path(os.environ["MODELREC_HOME"])) == []


def test_matching_with_the_default_embedder_imports_no_torch() -> None:
    code = (
        "from recommender import load_knowledge_base\n"
        "from recommender.matching import ModelMatcher, TaskMatcher\n"
        "kb = load_knowledge_base()\n"
        "(r,) = TaskMatcher(kb).match(['社内規程のPDFを検索して回答するボット'])\n"
        "assert r.tasks[0].id == 'rag_qa' and r.embedder == 'multilingual-e5-small-q4', r\n"
        "assert ModelMatcher(kb).score('Summarise clinical notes')[0].domain_match\n"
    )
    assert heavy_modules_after(code, Path(os.environ["MODELREC_HOME"])) == []


def test_match_and_recommend_commands_import_no_torch() -> None:
    code = (
        "import contextlib, io\nfrom recommender.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['match', 'Transcribe recorded calls', '--models', '3']) == 0\n"
        f"    assert main(['recommend', {str(EXAMPLE)!r}]) == 0\n"
    )
    assert heavy_modules_after(code, Path(os.environ["MODELREC_HOME"])) == []
