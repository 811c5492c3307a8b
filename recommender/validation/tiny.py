"""A test double that ships with the library: tiny, real transformers models built locally.

:func:`build_tiny_model` writes a model directory that ``AutoModelForCausalLM`` and
``AutoTokenizer`` load like any downloaded one: a config, random weights (safetensors), a
byte-level BPE tokenizer trained on the spot with the ``tokenizers`` library (so English and
Japanese both encode; nothing comes from a hub) and a chat template. Used by the tests, the
benchmark and the wizard's browser tests; a few hundred kilobytes and milliseconds per token.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["TINY_ARCHITECTURES", "build_tiny_model", "corrupt_weights"]

#: ChatML-style template, the shape most open chat models use; the generation prompt opens the
#: assistant turn so the model answers rather than continues the user's text.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
_SPECIAL = ["<|pad|>", "<|endoftext|>", "<|im_start|>", "<|im_end|>"]
#: Seed text for the tokenizer: both scripts, so neither falls back to bytes only.
_SEED_TEXT = [
    "The customer asked how to reset the password. Please answer politely and briefly.",
    "Summarise the meeting: the budget was approved and the launch moves to May.",
    "Translate into English. Extract the names, dates and amounts as JSON.",
    'def add(a, b):\n    return a + b\nSELECT name FROM users WHERE id = 1; {"key": "value"}',
    "お問い合わせありがとうございます。パスワードの再設定方法をご案内します。",
    "会議の要約：予算は承認され、発売は五月に延期されました。日本語で答えてください。",
    "次の文章を英語に翻訳してください。契約書から氏名、日付、金額を抽出します。",
    "0123456789 東京 大阪 株式会社 請求書 返品 配送 注文 確認 申し訳ございません",
]

#: Architecture name -> (transformers config class name, extra config fields).
TINY_ARCHITECTURES: dict[str, tuple[str, dict[str, Any]]] = {
    "llama": ("LlamaConfig", {}),
    "qwen2": ("Qwen2Config", {}),
    "mistral": ("MistralConfig", {"sliding_window": None}),
    "gemma": ("GemmaConfig", {"head_dim": 8}),
}


def build_tiny_model(
    path: str | os.PathLike[str],
    *,
    arch: str = "llama",
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 4,
    num_kv_heads: int = 2,
    intermediate_size: int = 64,
    vocab_size: int = 512,
    max_position_embeddings: int = 2048,
    seed: int = 0,
    extra_text: Iterable[str] = (),
    chat_template: str | None = CHAT_TEMPLATE,
    dtype: str = "float32",
) -> Path:
    """Write a tiny causal language model with random weights to ``path``; return the path.

    ``seed`` fixes the weights (two seeds give two different models of the same shape);
    ``extra_text`` joins the tokenizer's training text; ``chat_template=None`` leaves the model
    without one (a base model). ``arch`` is one of :data:`TINY_ARCHITECTURES`.

    >>> import tempfile, transformers
    >>> d = build_tiny_model(tempfile.mkdtemp() + "/tiny")
    >>> transformers.AutoConfig.from_pretrained(d).model_type
    'llama'
    """
    import torch
    import transformers

    if arch not in TINY_ARCHITECTURES:
        raise ValueError(
            f"unknown tiny architecture '{arch}'; known: {', '.join(TINY_ARCHITECTURES)}"
        )
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    tokenizer = _build_tokenizer([*_SEED_TEXT, *extra_text], vocab_size, chat_template)
    tokenizer.save_pretrained(target)
    config_name, extra = TINY_ARCHITECTURES[arch]
    config_cls = getattr(transformers, config_name)
    config = config_cls(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=intermediate_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        num_key_value_heads=num_kv_heads,
        max_position_embeddings=max_position_embeddings,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.convert_tokens_to_ids("<|im_start|>"),
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=False,
        **extra,
    )
    torch.manual_seed(seed)
    model = transformers.AutoModelForCausalLM.from_config(config)  # type: ignore[no-untyped-call]
    # wider than the default init: random logits then vary enough that greedy decoding does not
    # repeat one token, and two seeds give visibly different outputs
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() > 1:
                p.normal_(0.0, 0.3)
    model = model.to(getattr(torch, dtype))
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.save_pretrained(target, safe_serialization=True)
    return target


def _build_tokenizer(texts: list[str], vocab_size: int, chat_template: str | None) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=_SPECIAL,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    fast = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tok,
        pad_token="<|pad|>",
        eos_token="<|im_end|>",
        bos_token=None,
        unk_token=None,
        model_max_length=2048,
        padding_side="left",
    )
    fast.add_special_tokens({"additional_special_tokens": ["<|im_start|>", "<|endoftext|>"]})
    if chat_template is not None:
        fast.chat_template = chat_template
    return fast


def corrupt_weights(path: str | os.PathLike[str]) -> Path:
    """Overwrite the middle of a model directory's safetensors file with garbage, keeping its
    size: loading it must fail (a test double for a broken download)."""
    weights = Path(path) / "model.safetensors"
    data = bytearray(weights.read_bytes())
    header = json.dumps({"broken": {"dtype": "F32", "shape": [10**9], "data_offsets": [0, 1]}})
    blob = len(header).to_bytes(8, "little") + header.encode()
    data[: len(blob)] = blob
    weights.write_bytes(bytes(data))
    return weights
