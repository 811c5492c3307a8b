"""Which shortlisted models can be validated now, and how to make the others available.

:func:`availability` answers, for each model of a shortlist, before any run: ``cached`` (its
weights are in the local Hugging Face cache), ``endpoint`` (an OpenAI-compatible endpoint was
configured for it) or ``unavailable``, with the exact way to make it available: the
``modelrec validate`` command line for cached weights or a download, or the endpoint options
for a server that serves it or for an API model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..kb.schema import ModelRecord

__all__ = ["Availability", "availability"]

#: A name for the environment variable holding each provider's key, as its own client
#: calls it (a suggestion in the command shown: any variable works).
_KEY_ENV = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "google": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "x-ai": "XAI_API_KEY",
}


@dataclass(frozen=True)
class Availability:
    model_id: str
    status: Literal["cached", "endpoint", "unavailable"]
    detail: str  #: where: the cache directory, the endpoint, or why not
    how: str  #: the command that runs it, or what to do to make it runnable
    api: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id,
            "status": self.status,
            "detail": self.detail,
            "how": self.how,
            "api": self.api,
        }


def availability(
    models: Iterable[ModelRecord],
    endpoints: Sequence[dict[str, Any]] = (),
    *,
    suite: str = "SUITE",
) -> list[Availability]:
    """One :class:`Availability` per model, in order. ``endpoints`` are the configured ones
    (``url``, ``model``, ``kb_id``): a model named by an endpoint's ``kb_id`` is available
    through it."""
    from .endpoint import safe_url
    from .sources import _from_cache

    by_kb = {e["kb_id"]: e for e in endpoints if e.get("kb_id")}
    out = []
    for m in models:
        e = by_kb.get(m.id)
        if e is not None:
            out.append(
                Availability(
                    m.id,
                    "endpoint",
                    f"{e['model']} at {safe_url(e['url'])}",
                    f"modelrec validate --endpoint {safe_url(e['url'])} --endpoint-model "
                    f"{e['model']} --as {m.id} --suite {suite}",
                    api=m.api is not None,
                )
            )
            continue
        if m.api is not None:
            env = _KEY_ENV.get(m.api.provider, f"{m.api.provider.upper()}_API_KEY")
            out.append(
                Availability(
                    m.id,
                    "unavailable",
                    f"API model ({m.api.provider})",
                    f"modelrec validate --endpoint <{m.api.provider}'s OpenAI-compatible base URL> "
                    f"--endpoint-model {m.api.model_id} --as {m.id} --api-key-env {env} "
                    f"--suite {suite}",
                    api=True,
                )
            )
            continue
        cached = _from_cache(m.hf_repo) if m.hf_repo else None
        if cached is not None:
            out.append(
                Availability(
                    m.id,
                    "cached",
                    str(cached),
                    f"modelrec validate --model {m.id} --suite {suite}",
                )
            )
            continue
        repo = m.hf_repo or "?"
        out.append(
            Availability(
                m.id,
                "unavailable",
                f"weights ({repo}) not in the local Hugging Face cache",
                f"modelrec validate --model {m.id} --download --suite {suite} (downloads "
                f"{repo}); or serve it (e.g. `vllm serve {repo}`) and run modelrec validate "
                f"--endpoint http://127.0.0.1:8000/v1 --endpoint-model {repo} --as {m.id} "
                f"--suite {suite}",
            )
        )
    return out
