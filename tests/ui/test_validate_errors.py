"""The validate page's errors in the user's language: each error the harness raises for what the
wizard sends it (endpoints, local folders, uploaded prompts) is said from the string tables by
its code, with outside text (a URL, a path, a server's answer) as a quoted detail; in Japanese
no English sentence is left outside the quotes. No browser, no model: the real raise sites,
a stub HTTP server on 127.0.0.1 for the endpoint's answers."""

from __future__ import annotations

import json
import re
import threading
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from recommender.errors import ModelrecError, ModelSourceError, ValidationHarnessError
from recommender.kb import KnowledgeBase, load_knowledge_base
from ui.headless import free_port
from ui.steps.validate import error_text
from ui.strings import EN

ROOT = Path(__file__).resolve().parents[2]

#: Names that stay as they are in Japanese text: products, and the command in backquotes.
_NAMES = ("Hugging Face", "API ID")


def english_outside_quotes(ja: str) -> list[str]:
    """Runs of two or more English words in ``ja`` outside 「quotes」 and `code`."""
    rest = re.sub(r"「[^「」]*(?:「[^」]*」[^「」]*)*」", "", ja)
    rest = re.sub(r"`[^`]*`", "", rest)
    for name in _NAMES:
        rest = rest.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}(?:(?:[\s,;:]|\.\s)+[A-Za-z]{2,})+", rest)


def said(exc: ModelrecError, *details: str) -> str:
    """``exc`` in Japanese, checked: a string of the table, no English sentence outside the
    quotes, each of ``details`` quoted; English works too."""
    ja = error_text("ja", exc)
    assert english_outside_quotes(ja) == [], ja
    assert re.search(r"[\u3040-\u30ff]", ja), ja
    for detail in details:
        assert f"「{detail}」" in ja, (detail, ja)
    en = error_text("en", exc)
    assert en != ja and "{" not in en and english_outside_quotes(en), en  # the check bites
    return ja


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _raised(call: Any, *args: Any, **kwargs: Any) -> ModelrecError:
    with pytest.raises(ModelrecError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_every_code_the_harness_sets_has_a_string_in_both_languages() -> None:
    codes: set[str] = set()
    for path in (ROOT / "recommender" / "validation").glob("*.py"):
        codes |= set(re.findall(r'\bcode="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert {"folder_mismatch", "endpoint_unreachable", "endpoint_mismatch"} <= codes
    assert sorted(c for c in codes if f"validate.err.{c}" not in EN) == []
    from recommender.validation.results import Failure, Status

    kinds = {*typing.get_args(Failure), *typing.get_args(Status)}
    assert sorted(k for k in kinds if f"validate.status.{k}" not in EN) == []


def test_endpoint_settings_refused_before_any_request(monkeypatch: pytest.MonkeyPatch) -> None:
    from recommender.validation.endpoint import resolve_endpoint

    bad = _raised(resolve_endpoint, "ftp://files.example/v1", "m")
    assert bad.code == "endpoint_url"
    said(bad, "ftp://files.example/v1")
    creds = _raised(resolve_endpoint, "http://user:pw@127.0.0.1:9/v1", "m")
    assert creds.code == "endpoint_credentials" and "pw" not in error_text("ja", creds)
    said(creds)
    key_as_name = _raised(resolve_endpoint, "http://127.0.0.1:9/v1", "m", api_key_env="sk-abc1")
    assert key_as_name.code == "endpoint_key_env_name"
    assert "sk-abc1" not in said(key_as_name)  # never echo what may be the key itself
    assert _raised(resolve_endpoint, "http://127.0.0.1:9/v1", " ").code == (
        "endpoint_model_missing"
    )
    monkeypatch.delenv("MODELREC_TEST_NO_SUCH_KEY", raising=False)
    unset = _raised(
        resolve_endpoint, "http://127.0.0.1:9/v1", "m", api_key_env="MODELREC_TEST_NO_SUCH_KEY"
    )
    assert unset.code == "endpoint_key_unset"
    said(unset, "MODELREC_TEST_NO_SUCH_KEY")


class _Stub(BaseHTTPRequestHandler):
    """GET /v1/models answers ``status`` with ``body``."""

    status, body = 200, {"object": "list", "data": []}

    def do_GET(self) -> None:
        data = json.dumps(self.body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Handler", (_Stub,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.localhost
def test_endpoint_answers_are_said_with_the_servers_words_quoted(
    stub: tuple[str, type[_Stub]], kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recommender.validation.endpoint import resolve_endpoint

    url, handler = stub
    # nothing listens: connection refused
    closed = f"http://127.0.0.1:{free_port()}/v1"
    unreachable = _raised(resolve_endpoint, closed, "m", timeout_s=5)
    assert unreachable.code == "endpoint_unreachable"
    said(unreachable, closed, "APIConnectionError")
    # a model it does not serve
    handler.body = {"object": "list", "data": [{"id": "tiny-a", "object": "model"}]}
    missing = _raised(resolve_endpoint, url, "big-b")
    assert missing.code == "endpoint_not_served"
    said(missing, url, "big-b", "tiny-a")
    # a served model that is not the catalogued one: llama.cpp's parameter count disagrees
    handler.body["data"][0]["meta"] = {"n_params": 51_000}
    mismatch = _raised(resolve_endpoint, url, "tiny-a", kb=kb, kb_id="qwen3-4b")
    assert mismatch.code == "endpoint_mismatch"
    assert said(mismatch, url, "tiny-a").count("カタログでは 4B") == 1
    # the key refused, with and without a variable named
    handler.status, handler.body = 401, {"error": {"message": "bad key"}}
    monkeypatch.setenv("MODELREC_TEST_KEY", "sk-secret-value")
    refused = _raised(resolve_endpoint, url, "m", api_key_env="MODELREC_TEST_KEY")
    assert refused.code == "endpoint_refused_key"
    assert "sk-secret-value" not in said(refused, url, "MODELREC_TEST_KEY")
    said(_raised(resolve_endpoint, url, "m"), url)
    # another HTTP error: its body is the quoted detail
    handler.status, handler.body = 503, {"error": {"message": "overloaded, come back later"}}
    status = _raised(resolve_endpoint, url, "m")
    assert status.code == "endpoint_status" and status.params["status"] == 503
    ja = said(status, url)
    assert "HTTP 503" in ja and re.search(r"「[^」]*overloaded, come back later", ja)


def test_local_folders_are_said_with_their_paths_quoted(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recommender.errors import UnknownModelError
    from recommender.validation.sources import resolve_model

    # a folder that is not the catalogued model: its config's shape disagrees
    folder = tmp_path / "small"
    folder.mkdir()
    config = {"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    mismatch = _raised(resolve_model, f"qwen3-4b={folder}", kb)
    assert mismatch.code == "folder_mismatch"
    assert [c["what"] for c in mismatch.params["checks"]] == ["num_hidden_layers", "hidden_size"]
    ja = said(mismatch, str(folder))
    assert "config.json の層数 2" in ja and "隠れ層の幅 64" in ja
    empty = tmp_path / "empty"
    empty.mkdir()
    no_config = _raised(resolve_model, f"qwen3-4b={empty}", kb)
    assert no_config.code == "no_config"
    said(no_config, str(empty))
    gone = str(tmp_path / "gone")
    not_dir = _raised(resolve_model, gone, kb)
    assert not_dir.code == "not_model_dir"
    said(not_dir, gone)
    nothing = _raised(resolve_model, "nothing-like-a-model", kb)
    assert nothing.code == "not_a_model"
    said(nothing, "nothing-like-a-model")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    uncached = _raised(resolve_model, "qwen3-4b", kb)
    assert uncached.code == "not_in_cache"
    said(uncached, "qwen3-4b")
    api = _raised(resolve_model, "gpt-6-luna", kb)
    assert api.code == "api_model"
    said(api)
    unknown = _raised(resolve_model, f"qwen3-4bx={folder}", kb)
    assert isinstance(unknown, UnknownModelError)
    said(unknown, "qwen3-4bx", "qwen3-4b")


def test_uploaded_prompts_twice_named_models_and_unknown_errors(tmp_path: Path) -> None:
    from recommender.validation import load_prompts
    from recommender.validation.runner import run_validation

    bad = tmp_path / "prompts.yaml"
    bad.write_text("- id: a\n  checks: 3\n", encoding="utf-8")
    invalid = _raised(load_prompts, bad)
    ja = said(invalid)
    assert "プロンプトファイルに" in ja and str(bad) in ja
    twice = _raised(run_validation, ["x", "x"], suite="summarization")
    assert twice.code == "model_twice"
    said(twice)
    # an error without a code (or with one the wizard has no string for): said as such, quoted
    for exc in (
        ValidationHarnessError("something new went wrong"),
        ModelSourceError("another new thing", code="no_such_code"),
    ):
        ja = said(exc, str(exc))
        assert ja.startswith("検証ツールからのメッセージ")
