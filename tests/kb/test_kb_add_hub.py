"""``kb add`` and ``kb refresh`` against a loopback stand-in for the Hub (tests/kb/hubstub.py).

The CLI runs in-process: HF_ENDPOINT and HF_HUB_OFFLINE are read when a command runs, and
huggingface_hub's own offline switch (read at its import, set by tests/conftest.py) is lifted
for these tests only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hubstub import HubStub, Repo, safetensors_bytes, serve

from recommender.cli import main
from recommender.kb import load_knowledge_base

SHA = "a" * 40
CONFIG = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "hidden_size": 64,
    "num_hidden_layers": 4,
    "num_attention_heads": 8,
    "num_key_value_heads": 2,
    "max_position_embeddings": 32768,
}
# two shards: 64x64 + 4x64x64 (BF16) and 256x64 (BF16) = 4,096 + 16,384 + 16,384 parameters
SHARD1 = safetensors_bytes({"embed": ("BF16", [64, 64]), "layers": ("BF16", [4, 64, 64])})
SHARD2 = safetensors_bytes({"lm_head": ("BF16", [256, 64])})
INDEX = {
    "metadata": {"total_size": 73728},
    "weight_map": {
        "embed": "s1.safetensors",
        "layers": "s1.safetensors",
        "lm_head": "s2.safetensors",
    },
}


def _repos() -> dict[str, Repo]:
    return {
        "acme/Acme-Chat-7B-Instruct": Repo(
            sha=SHA,
            files={
                "config.json": json.dumps(CONFIG).encode(),
                "model.safetensors.index.json": json.dumps(INDEX).encode(),
                "s1.safetensors": SHARD1,
                "s2.safetensors": SHARD2,
                "README.md": b"# Acme Chat\n",
            },
            card={"license": "apache-2.0", "language": ["en", "ja"], "base_model": "Qwen/Qwen3-8B"},
            downloads=1234,
        ),
        "acme/Gated-Model": Repo(
            sha="b" * 40,
            files={"config.json": json.dumps(CONFIG).encode()},
            card={"license": "llama3.1"},
            gated="manual",
        ),
        "acme/bare-model": Repo(
            sha="c" * 40,
            files={"README.md": b"no weights here"},
            card={"license": "other", "license_name": "acme-internal"},
            pipeline_tag=None,
        ),
        "acme/slow-model": Repo(sha="d" * 40, delay_s=3.0),
    }


@pytest.fixture(scope="module")
def stub() -> Iterator[HubStub]:
    with serve() as hub:
        yield hub


@pytest.fixture
def hub(stub: HubStub, monkeypatch: pytest.MonkeyPatch) -> HubStub:
    """The stand-in Hub, reset, selected with HF_ENDPOINT, offline mode lifted for it."""
    import huggingface_hub.constants

    stub.repos = _repos()
    stub.log.clear()
    monkeypatch.setenv("HF_ENDPOINT", stub.url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    return stub


def _overlay() -> Path:
    import os

    return Path(os.environ["MODELREC_HOME"]) / "knowledge" / "models"


@pytest.mark.localhost
def test_add_reads_config_headers_and_card_without_weights(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "add", "acme/Acme-Chat-7B-Instruct", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == "acme-chat-7b-instruct"
    m = load_knowledge_base().model("acme/Acme-Chat-7B-Instruct")
    assert m.total_params_b == pytest.approx(36864 / 1e9)  # exact, from both shard headers
    assert m.shipped_precision == "bf16"
    assert m.context_length == 32768
    assert m.geometry is not None
    assert (m.geometry.num_layers, m.geometry.num_kv_heads, m.geometry.attention) == (4, 2, "gqa")
    assert m.license == "apache-2.0" and m.languages == {"en": "good", "ja": "good"}
    assert m.variant == "instruct" and m.tasks == ["chat_assistant"]
    assert m.base_model == "qwen3-8b"  # the card's base repo, mapped to the catalogued model
    assert m.release_date is not None and m.release_date.isoformat() == "2026-11-20"
    assert m.user_added is not None
    assert (m.user_added.kind, m.user_added.revision, m.user_added.downloads) == ("hub", SHA, 1234)
    assert m.source == f"{hub.url}/acme/Acme-Chat-7B-Instruct/tree/{SHA}"
    assert {"geometry", "total_params_b", "license", "context_length"} <= set(m.checked)
    # only header ranges of the weights were read
    weight_gets = [(p, r) for verb, p, r in hub.log if verb == "GET" and p.endswith(".safetensors")]
    assert weight_gets and all(r is not None and r.startswith("bytes=") for _, r in weight_gets)
    assert main(["kb", "validate"]) == 0
    assert "with your overlay" in capsys.readouterr().out


@pytest.mark.localhost
def test_gated_repo_without_access_keeps_card_facts_and_lists_the_rest(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "add", "acme/Gated-Model", "--id", "gated-one"]) == 0
    text = capsys.readouterr().out
    assert "gated" in text and "missing" in text
    m = load_knowledge_base().model("gated-one")
    assert m.gated is True and m.license == "llama-3.1"  # 'llama3.1' tag mapped
    assert m.geometry is None and m.total_params_b is None
    assert m.user_added is not None
    assert any(x.startswith("geometry") for x in m.user_added.missing)


@pytest.mark.localhost
def test_missing_files_and_an_unknown_licence_ask_the_user(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "add", "acme/bare-model"]) == 1
    err = capsys.readouterr().err
    assert "acme-internal" in err and "--license ID" in err and "Traceback" not in err
    assert not _overlay().exists()  # nothing written
    assert (
        main(["kb", "add", "acme/bare-model", "--license", "apache-2.0", "--task", "rag_qa"]) == 0
    )
    m = load_knowledge_base().model("bare-model")
    assert m.tasks == ["rag_qa"] and m.total_params_b is None and m.context_length is None
    assert m.user_added is not None and "context_length (tokens)" in m.user_added.missing


@pytest.mark.localhost
def test_unknown_repo_and_timeout_are_clear_errors(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "add", "acme/no-such-model"]) == 1
    assert "no model 'acme/no-such-model'" in capsys.readouterr().err
    assert main(["kb", "add", "acme/slow-model", "--timeout", "0.5"]) == 1
    assert "did not answer within 0.5 s" in capsys.readouterr().err
    assert not _overlay().exists()


def test_offline_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    # HF_HUB_OFFLINE=1 (tests/conftest.py): no request is even attempted
    assert main(["kb", "add", "acme/Acme-Chat-7B-Instruct"]) == 1
    assert "offline" in capsys.readouterr().err
    assert main(["kb", "refresh", "qwen3-8b"]) == 1
    assert "offline" in capsys.readouterr().err
    assert not _overlay().exists()


@pytest.mark.localhost
def test_refresh_shows_a_diff_and_writes_only_with_yes(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = load_knowledge_base()
    shipped = kb.model("qwen3-8b")
    assert shipped.hf_repo and shipped.license == "apache-2.0" and not shipped.gated
    hub.repos[shipped.hf_repo] = Repo(sha="e" * 40, card={"license": "mit"}, gated="auto")
    assert main(["kb", "refresh", "qwen3-8b", "acme-gone"]) == 1  # an unknown id is an error
    capsys.readouterr()
    hub.repos["acme/gone"] = Repo(sha="f" * 40)
    assert main(["kb", "refresh", "qwen3-8b", "--hub"]) == 0
    text = capsys.readouterr().out
    assert "qwen3-8b: license: apache-2.0 -> mit" in text
    assert "qwen3-8b: gated: false -> true" in text
    assert "revision: (not recorded) -> eeeeeeeeeeee" in text
    assert "downloads (30 days): - -> 1,000" in text
    assert "nothing written" in text
    assert load_knowledge_base().model("qwen3-8b").license == "apache-2.0"
    assert main(["kb", "refresh", "qwen3-8b", "--hub", "--yes"]) == 0
    refreshed = load_knowledge_base().model("qwen3-8b")
    assert refreshed.license == "mit" and refreshed.gated
    assert refreshed.user_added is not None and refreshed.user_added.via == "kb refresh"
    assert load_knowledge_base().kb_version != kb.kb_version
    # read again: nothing changed but what the Hub changed since
    capsys.readouterr()
    assert main(["kb", "refresh", "qwen3-8b", "--hub"]) == 0
    assert "0 with changes" in capsys.readouterr().out


@pytest.mark.localhost
def test_refresh_reports_a_repo_gone_from_the_hub(
    hub: HubStub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "refresh", "qwen3-8b", "--hub"]) == 0  # not on the stand-in Hub
    assert "qwen3-8b: not read: no model" in capsys.readouterr().out
