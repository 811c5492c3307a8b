"""Validation through OpenAI-compatible endpoints, against a loopback server started here.

The server (:mod:`recommender.validation.fake_server`) speaks the chat-completions protocol over
real HTTP on 127.0.0.1: streamed answers with usage, from deterministic text or from a tiny
transformers model, and on request a 429, a 500, a stall past the client's timeout, or a stop
mid-run. The client side is the real ``openai`` package through the harness's runner and CLI.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recommender.cli import main
from recommender.errors import ModelSourceError
from recommender.kb import load_knowledge_base
from recommender.kb.loader import KnowledgeBase
from recommender.store import Store
from recommender.validation import Prompt, run_validation
from recommender.validation.checks import parse_check
from recommender.validation.endpoint import resolve_endpoint
from recommender.validation.fake_server import EchoBackend, FakeOpenAIServer, TinyBackend
from recommender.validation.results import plausible_memory, plausible_speed, same_setup

pytestmark = pytest.mark.localhost

KEY = "sk-test-0123456789abcdef"
API_MODEL = "gpt-6-luna"  # an API model in the knowledge base, priced by genai-prices


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(
        {API_MODEL: EchoBackend(token_delay_s=0.002), "echo": EchoBackend()}
    ) as s:
        yield s


def _prompts(n: int) -> list[Prompt]:
    return [
        Prompt(
            id=f"p{i}",
            prompt=f"please answer with the word hello number {i}",
            checks=(parse_check({"type": "contains", "values": ["hello"]}),),
        )
        for i in range(n)
    ]


def _chat(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    return [e for e in server.log if e["path"].endswith("/chat/completions")]


FAST = {"max_new_tokens": 6, "retry_backoff_s": 0.01}


def test_an_api_model_streams_with_usage_cost_and_the_key_stays_secret(
    server: FakeOpenAIServer, kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_KEY", KEY)
    store = Store(tmp_path / "db.sqlite")
    endpoint = {"url": server.base_url, "model": API_MODEL, "kb_id": API_MODEL,
                "api_key_env": "MY_KEY"}  # fmt: skip
    run = run_validation(
        [], prompts=_prompts(5), endpoints=[endpoint], store=store, kb=kb, concurrency=2, **FAST
    )
    (m,) = run.models
    assert m.status == "completed" and m.kb_id == API_MODEL
    assert m.source["identity"].startswith("verified")
    assert len(m.outputs) == 5 and all(o.passed for o in m.outputs)
    # echo answers: "please answer with the word hello" cut at 6 tokens (words)
    assert {o.output for o in m.outputs} == {"please answer with the word hello"}
    assert all(o.output_tokens == 6 and 0 < (o.ttft_s or 0) <= o.latency_s for o in m.outputs)
    x = m.metrics
    assert x.ttft_s and x.decode_tokens_per_s and x.decode_tokens_per_s > 0
    # usage from the responses (5 prompts + the 2-token warm-up), priced at list prices
    assert x.completion_tokens == 5 * 6 + 2
    prompt_tokens = 6 * 8  # eight words in each of the 6 requests
    assert x.prompt_tokens == prompt_tokens
    price = m.source["price"]
    assert price["source"].startswith("genai-prices")
    expected = (prompt_tokens * price["input_per_mtok"] + 32 * price["output_per_mtok"]) / 1e6
    assert x.cost_usd == pytest.approx(expected)
    assert x.cost_per_mtok_usd == pytest.approx(expected / 32 * 1e6)
    # the key went to the server and nowhere else
    assert {e["authorization"] for e in _chat(server)} == {f"Bearer {KEY}"}
    assert KEY.encode() not in (tmp_path / "db.sqlite").read_bytes()
    assert KEY not in json.dumps(run.to_json()) and m.source["api_key_env"] == "MY_KEY"


def test_a_429_then_success_is_retried_and_counted(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    server.fail(429, times=2, retry_after_s=0)
    run = run_validation(
        [], prompts=_prompts(2), endpoints=[{"url": server.base_url, "model": "echo"}],
        store=Store(tmp_path / "db.sqlite"), concurrency=1, **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert m.status == "completed" and m.metrics.retries == 2
    assert [e["status"] for e in _chat(server)][:3] == [429, 429, 200]


def test_a_server_error_that_persists_fails_the_model_with_its_cause(
    server: FakeOpenAIServer, tmp_path: Path
) -> None:
    server.fail(500, times=100)
    run = run_validation(
        [], prompts=_prompts(2), endpoints=[{"url": server.base_url, "model": "echo"}],
        store=Store(tmp_path / "db.sqlite"), retries=2, **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert (m.status, m.failure) == ("failed", "crashed")
    assert m.message and "server error (500) after 3 tries" in m.message
    assert len(_chat(server)) == 3 and run.status == "partial"


def test_a_stalled_request_times_out(server: FakeOpenAIServer, tmp_path: Path) -> None:
    server.stall(3.0, times=5)
    run = run_validation(
        [], prompts=_prompts(1), endpoints=[{"url": server.base_url, "model": "echo"}],
        store=Store(tmp_path / "db.sqlite"), retries=0, prompt_timeout_s=0.5, **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert (m.status, m.failure) == ("failed", "timeout")


def test_a_server_killed_mid_run_resumes_without_asking_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    first = FakeOpenAIServer({"echo": EchoBackend()}).start()
    port = first.port
    first.serve_at_most(3)  # the warm-up and two answers, then it is gone
    run = run_validation(
        [], prompts=_prompts(5), endpoints=[{"url": first.base_url, "model": "echo"}],
        store=store, concurrency=1, retries=1, run_id="killed", **FAST,
    )  # fmt: skip
    (m,) = run.models
    assert (m.status, m.failure) == ("failed", "crashed") and len(m.outputs) == 2
    assert m.message and "connection failed" in m.message
    with FakeOpenAIServer({"echo": EchoBackend()}, port=port) as second:
        resumed = run_validation([], run_id="killed", resume=True, store=store)
        asked = _chat(second)
    (m,) = resumed.models
    assert m.status == "completed" and resumed.status == "completed"
    assert sorted(o.index for o in m.outputs) == [0, 1, 2, 3, 4]
    # the warm-up and the three prompts not answered before
    assert [e["max_tokens"] for e in asked] == [2, 6, 6, 6]


def test_a_tiny_model_behind_an_endpoint_is_checked_against_the_catalogue(
    tiny_models: dict[str, Path], kb: KnowledgeBase, tmp_path: Path
) -> None:
    with FakeOpenAIServer({"tiny-a": TinyBackend(tiny_models["a"])}) as server:
        # the server reports 51k parameters: that is not Qwen3 4B
        with pytest.raises(ModelSourceError, match=r"is not qwen3-4b.*0.0514M.*--stand-in"):
            resolve_endpoint(server.base_url, "tiny-a", kb=kb, kb_id="qwen3-4b")
        with pytest.raises(ModelSourceError, match=r"does not serve .tiny-b. .it serves: tiny-a"):
            resolve_endpoint(server.base_url, "tiny-b", kb=kb)
        endpoint = {"url": server.base_url, "model": "tiny-a", "kb_id": "qwen3-4b",
                    "stand_in": True}  # fmt: skip
        run = run_validation(
            [], prompts=_prompts(2), endpoints=[endpoint], store=Store(tmp_path / "db"), kb=kb,
            max_new_tokens=5,
        )  # fmt: skip
    (m,) = run.models
    assert m.status == "completed" and m.source["stand_in"] is True
    assert m.source["identity"].startswith("mismatch")
    # generated tokens come from the server's usage: the tiny model's own tokenizer count
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(tiny_models["a"])
    for o in m.outputs:
        assert o.output_tokens == len(tokenizer(o.output, add_special_tokens=False)["input_ids"])
    assert m.metrics.completion_tokens and m.metrics.completion_tokens >= sum(
        o.output_tokens for o in m.outputs
    )
    assert m.manifest["device"] == "endpoint" and m.manifest["stand_in"] is True
    # the report's evidence section carries the label
    from recommender.report import validation_evidence

    (shown,) = validation_evidence(run).models
    assert shown.stand_in is True and shown.model_id == "qwen3-4b"


def test_cli_endpoint_run_and_its_errors(
    server: FakeOpenAIServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MODELREC_HOME", str(tmp_path))
    prompts = tmp_path / "p.yaml"
    prompts.write_text(
        "prompts:\n  - {id: a, prompt: say hello, checks: [{type: contains, values: [hello]}]}\n",
        encoding="utf-8",
    )
    base = ["validate", "--prompts", str(prompts), "--no-progress", "--max-new-tokens", "4"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*base, "--endpoint", server.base_url, "--endpoint-model", "echo",
                     "--concurrency", "1"])  # fmt: skip
    assert code == 0
    text = out.getvalue()
    assert f"echo @ {server.base_url}  completed  1/1 100%" in text
    assert "(the responses' usage), 0 retries, 1 requests at a time" in text
    # an unset key variable, a missing model name, options before any --endpoint
    for argv, message in (
        ([*base, "--endpoint", server.base_url, "--endpoint-model", "echo", "--api-key-env",
          "NO_SUCH_VAR_SET"], "the environment variable NO_SUCH_VAR_SET is not set"),
        ([*base, "--endpoint", server.base_url], "add --endpoint-model NAME"),
        ([*base, "--endpoint-model", "echo"], "give --endpoint URL before it"),
        ([*base, "--endpoint", "http://user:pw@127.0.0.1:1/v1", "--endpoint-model", "x"],
         "holds credentials"),
    ):  # fmt: skip
        with (
            pytest.raises(SystemExit)
            if "before it" in message or "add --" in message
            else (contextlib.nullcontext())
        ):
            code = main(argv)
        err = capsys.readouterr().err
        assert message in err, err
        assert "Traceback" not in err and "pw" not in err


def test_implausible_predictions_are_flagged_not_printed() -> None:
    # a 0.2 MB model: 50 GB/s over 0.2 MB "predicts" ~100k tokens/s, it runs at 285
    shown, flag = plausible_speed(285.0, (61391.0, 122783.0), 175400.0)
    assert shown is None and flag and "beyond 10x" in flag
    shown, flag = plausible_speed(300.0, (100.0, 200.0), 250.0)
    assert shown is None and flag and "above the 250 tokens/s roofline" in flag
    assert plausible_speed(40.0, (30.0, 50.0), 60.0) == ((30.0, 50.0), None)
    assert plausible_memory(0.39, 0.5) == (0.5, None)
    shown_gb, flag = plausible_memory(0.4, 19.0)
    assert shown_gb is None and flag and "48x" in flag


def test_measurements_count_only_on_the_same_hardware_and_precision() -> None:
    gpu = {"device": "cuda", "device_name": "NVIDIA GeForce RTX 4090", "dtype": "bfloat16"}
    assert same_setup(gpu, "NVIDIA GeForce RTX 4090", "bf16")
    assert not same_setup(gpu, "NVIDIA GeForce RTX 4090", "q4_k_m")
    assert not same_setup(gpu, "NVIDIA RTX A6000", "bf16")
    h100 = {"device": "cuda", "device_name": "NVIDIA H100 80GB HBM3", "dtype": "bfloat16"}
    assert same_setup(h100, "2 x NVIDIA H100 SXM5 80GB", "bf16")
    cpu = {"device": "cpu", "device_name": "CPU (2 cores)", "dtype": "float32"}
    assert same_setup(cpu, "CPU (64 GB RAM)", "fp32") and not same_setup(cpu, "CPU", "q4_k_m")
    assert not same_setup({"device": "endpoint"}, "CPU", "fp32")


def test_availability_says_which_models_can_run_and_how(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recommender.validation.availability import availability

    cached, missing, api = kb.model("qwen3-4b"), kb.model("qwen3.5-27b"), kb.model(API_MODEL)
    assert cached.hf_repo
    # a Hugging Face cache holding qwen3-4b's snapshot, laid out as huggingface_hub does
    repo_dir = tmp_path / ("models--" + cached.hf_repo.replace("/", "--"))
    blob = repo_dir / "blobs" / "0123abcd"
    blob.parent.mkdir(parents=True)
    blob.write_text("{}", encoding="utf-8")
    snapshot = repo_dir / "snapshots" / "rev1"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").symlink_to(blob)
    (repo_dir / "refs").mkdir()
    (repo_dir / "refs" / "main").write_text("rev1", encoding="utf-8")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    endpoint = {"url": "http://127.0.0.1:8000/v1", "model": "served-27b", "kb_id": missing.id}
    rows = {a.model_id: a for a in availability([cached, missing, api], suite="chat")}
    assert rows[cached.id].status == "cached" and rows[cached.id].detail.endswith("rev1")
    assert rows[cached.id].how == "modelrec validate --model qwen3-4b --suite chat"
    assert rows[missing.id].status == "unavailable"
    assert f"--model {missing.id} --download" in rows[missing.id].how
    assert f"--endpoint-model {missing.hf_repo} --as {missing.id}" in rows[missing.id].how
    assert rows[api.id].status == "unavailable" and rows[api.id].api
    assert "--api-key-env OPENAI_API_KEY" in rows[api.id].how
    rows = {a.model_id: a for a in availability([missing], [endpoint])}
    assert rows[missing.id].status == "endpoint"
    assert rows[missing.id].detail == "served-27b at http://127.0.0.1:8000/v1"
