"""The wizard's "add a model" (constraints page) and the badge of user-added models in the
shortlist."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recommender.engine import parse_questionnaire, recommend
from recommender.kb import load_knowledge_base
from recommender.kb.overlay import add_model
from recommender.matching import HashEmbedder, ModelMatcher
from ui.i18n import text
from ui.steps.shortlist import shortlist_rows

CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 4096,
}


def _folder(path: Path) -> Path:
    """A model folder as far as `kb add` reads it: config, a safetensors header, a card."""
    path.mkdir(parents=True)
    (path / "config.json").write_text(json.dumps(CONFIG))
    header = json.dumps({"w": {"dtype": "BF16", "shape": [512, 64], "data_offsets": [0, 65536]}})
    (path / "model.safetensors").write_bytes(
        struct.pack("<Q", len(header)) + header.encode() + bytes(65536)
    )
    (path / "README.md").write_text("---\nlicense: mit\npipeline_tag: text-generation\n---\n")
    return path


@pytest.mark.slow
def test_add_a_model_on_the_constraints_page(app: AppTest, tmp_path: Path) -> None:
    # slow alone (the first use-case analysis builds the task matcher); in the suite, the
    # wizard tests after it reuse that matcher (st.cache_resource), so it adds seconds
    folder = _folder(tmp_path / "team-chat-instruct")
    app.run()
    app.text_area(key="w_use_case").input("Chat assistant for our staff")
    app.multiselect(key="w_tasks").set_value(["chat_assistant"]).run()
    app.button(key="nav_next").click().run()
    assert str(app.header[0].value) == "2. Constraints"
    app.text_input(key="w_add_model").input(str(folder)).run()
    app.button(key="add_model").click().run()
    assert [s.value for s in app.success] == [
        "Added team-chat-instruct. Unknown, fill in with `modelrec kb edit team-chat-instruct`: "
        "languages, creator, release_date"
    ]
    overlay = Path(os.environ["MODELREC_HOME"]) / "knowledge" / "models"
    assert (overlay / "team-chat-instruct.yaml").is_file()
    # a folder that holds no model is an error on the page, not a traceback
    empty = tmp_path / "empty"
    empty.mkdir()
    app.text_input(key="w_add_model").input(str(empty)).run()
    app.button(key="add_model").click().run()
    assert any("holds no model" in e.value for e in app.error)


def test_user_added_models_carry_a_badge_in_the_shortlist(tmp_path: Path) -> None:
    from ui import resources

    before = resources.knowledge_base()
    add_model(str(_folder(tmp_path / "team-chat-instruct")), load_knowledge_base())
    kb = load_knowledge_base()
    # a model added outside the wizard (`modelrec kb add`) shows in it without a restart
    assert before.get_model("team-chat-instruct") is None
    assert resources.knowledge_base() is kb
    assert kb.get_model("team-chat-instruct") is not None
    small = kb.with_models(m for m in kb.models if m.id in ("team-chat-instruct", "qwen3.5-0.8b"))
    q = parse_questionnaire(
        {
            "use_case": "chat assistant",
            "tasks": ["chat_assistant"],
            "deployment": "on_prem",
            "hardware": {"gpus": [{"name": "RTX 4090", "count": 1}]},
            "workload": {"context_tokens": 2048},
        }
    )
    rec = recommend(q, small, model_matcher=ModelMatcher(small, HashEmbedder(), cache=tmp_path))
    for lang, badge in (("en", "[added by you]"), ("ja", "[ユーザー追加]")):
        rows = shortlist_rows(rec, lambda k, lang=lang, **kw: text(lang, k, **kw))
        names = [str(r[text(lang, "table.model")]) for r in rows]
        assert [n.endswith(badge) for n in names] == [
            r.candidate.model.id == "team-chat-instruct" for r in rec.shortlist
        ]
        assert any(n.endswith(badge) for n in names)
