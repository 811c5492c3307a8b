"""The user's overlay: a local model folder through ``kb add``, ``fit`` and ``recommend``;
``kb edit``; overlay records replacing shipped ones; fetched API prices kept and used."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from recommender.cli import main
from recommender.engine import recommend
from recommender.engine.questionnaire import Questionnaire
from recommender.kb import load_knowledge_base
from recommender.matching import HashEmbedder, ModelMatcher

README = (
    "---\nlicense: apache-2.0\nlanguage: [en, ja]\npipeline_tag: text-generation\n---\n# Ours\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real model (transformers config, safetensors weights) with a model card."""
    from recommender.validation import build_tiny_model

    path = build_tiny_model(tmp_path_factory.mktemp("models") / "ours-chat-instruct", seed=3)
    (path / "README.md").write_text(README, encoding="utf-8")
    return path


@pytest.mark.slow
def test_folder_goes_through_add_fit_and_recommend(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "add", str(folder), "--id", "ours-chat"]) == 0
    text = capsys.readouterr().out
    assert "added ours-chat from" in text and "missing" in text and "creator" in text
    kb = load_knowledge_base()
    m = kb.model("ours-chat")
    assert m.hf_repo is None and m.local_folder == str(folder)
    assert m.geometry is not None and m.geometry.num_kv_heads == 2
    assert m.total_params_b is not None and m.total_params_b * 1e9 == pytest.approx(
        _params_in(folder)
    )
    assert m.shipped_precision == "fp32" and m.context_length == 2048
    assert ("models", "ours-chat") in kb.overlay_ids
    from recommender.validation.sources import resolve_model

    source = resolve_model("ours-chat", kb)  # `validate --model ours-chat` runs the folder
    assert (source.path, source.kb_id) == (str(folder), "ours-chat")

    assert main(["fit", "ours-chat", "--gpu", "RTX 4090", "--context", "1024", "--json"]) == 0
    fit = json.loads(capsys.readouterr().out)
    assert fit["fits"] is True and fit["memory_gb"] > 0

    q = Questionnaire.model_validate(
        {
            "use_case": "an internal chat assistant",
            "tasks": ["chat_assistant"],
            "languages": ["en"],
            "deployment": "on_prem",
            "hardware": {"gpus": [{"name": "RTX 4090", "count": 1}]},
            "workload": {"context_tokens": 1024},
            "top_k": 3,
        }
    )
    small = kb.with_models(m for m in kb.models if m.id in ("ours-chat", "qwen3.5-0.8b"))
    matcher = ModelMatcher(small, HashEmbedder(), cache=tmp_path)  # the real one: minutes here
    rec = recommend(q, small, model_matcher=matcher)
    ranked = {r.candidate.model.id: r for r in rec.ranked}
    assert "ours-chat" in ranked
    assert ranked["ours-chat"].candidate.plan.monthly_usd is not None  # costed

    # the report says the record is the user's, and where it came from
    from recommender.report import DecisionRecord

    record = DecisionRecord.build(q, rec, kb=small, created_at="2026-12-04T00:00:00Z")
    mine = [s for s in record.manifest.sources if s.id == "ours-chat"]
    assert [s.kind for s in mine] == ["user_model"]
    assert mine[0].source == f"kb add from {folder}"
    assert "your overlay" in record.manifest.sources[0].source


def _params_in(folder: Path) -> int:
    from math import prod

    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), "pt") as f:
        return sum(prod(f.get_slice(k).get_shape()) for k in f.keys())  # noqa: SIM118


def test_edit_opens_the_record_then_validates(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # an "editor" that sets the creator, then one that breaks the file
    fix = tmp_path / "fix.py"
    fix.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('creator: unknown', 'creator: Alibaba Cloud'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {fix}")
    monkeypatch.delenv("VISUAL", raising=False)
    assert main(["kb", "add", str(folder), "--id", "ours-chat"]) == 0
    assert main(["kb", "edit", "ours-chat"]) == 0
    assert "is valid" in capsys.readouterr().out
    assert load_knowledge_base().model("ours-chat").creator == "Alibaba Cloud"

    breaker = tmp_path / "break.py"
    breaker.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('license: apache-2.0', 'license: no-such'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {breaker}")
    assert main(["kb", "edit", "ours-chat"]) == 1
    err = capsys.readouterr().err
    assert "NOT valid" in err and "no-such" in err and "ours-chat.yaml" in err


def test_edit_copies_a_shipped_record_to_the_overlay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "ctx.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('context_length: 131072', 'context_length: 65536'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    shipped = load_knowledge_base().model("qwen3-8b")
    assert shipped.context_length == 131072
    assert main(["kb", "edit", "qwen3-8b"]) == 0
    assert "copied qwen3-8b to your overlay" in capsys.readouterr().out
    kb = load_knowledge_base()
    assert kb.model("qwen3-8b").context_length == 65536
    plain = load_knowledge_base(overlay=False)
    assert len(kb.models) == len(plain.models)  # replaced, not added
    # its evidence scores, copied with it, are not counted twice
    assert kb.model("qwen3-8b").benchmarks == plain.model("qwen3-8b").benchmarks
    overlay = Path(os.environ["MODELREC_HOME"]) / "knowledge" / "models" / "qwen3-8b.yaml"
    assert overlay.is_file()


@pytest.mark.localhost
def test_prices_refresh_uses_genai_prices_updater_and_keeps_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from recommender.kb.prices import api_price

    payload = json.dumps(
        [
            {
                "id": "openai",
                "name": "OpenAI",
                "api_pattern": "https://api\\.openai\\.com",
                "models": [
                    {
                        "id": "gpt-4.1",
                        "match": {"equals": "gpt-4.1"},
                        "prices": {"input_mtok": 1.5, "output_mtok": 6},
                    },
                ],
            }
        ]
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("MODELREC_PRICES_URL", f"http://127.0.0.1:{server.server_address[1]}/")
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        kb = load_knowledge_base()
        before = api_price(kb.model("gpt-4.1"))
        assert before.input_per_mtok != 1.5
        assert main(["kb", "refresh", "--prices"]) == 0
        text = capsys.readouterr().out
        was = re.escape(f"${before.input_per_mtok:g}")
        assert re.search(rf"\ngpt-4\.1 +input +{was} +\$1\.5\n", text)
        assert "nothing written" in text
        assert api_price(kb.model("gpt-4.1")).input_per_mtok == before.input_per_mtok
        assert main(["kb", "refresh", "--prices", "--yes"]) == 0
        assert api_price(kb.model("gpt-4.1")).input_per_mtok == 1.5
    finally:
        server.shutdown()
        server.server_close()
