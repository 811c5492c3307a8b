"""Approach advice: how to use the chosen model, and what kind of model to look for.

Transparent rules that follow the field's standard guidance, each stating its reason:

- approach: prompting first; retrieval-augmented generation when answers must come from the
  team's own or changing documents; fine-tuning when the domain is specialised and a domain
  model or labelled examples exist, or a fixed output format must be learned; training from
  scratch essentially never for a team choosing among existing models.
- variant: reasoning models for maths, code and agents; a domain fine-tune when one survives
  screening; otherwise instruct.
- API vs open weights: cost per token at this volume, privacy (where data may go), control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..messages import Message

__all__ = ["Advice", "advise"]

_RAG_TASKS = {"rag_qa", "customer_support"}
#: Tasks served by models used as released (no instruct/base distinction to choose from).
_NON_CHAT_TASKS = {"image_generation", "speech_to_text", "text_to_speech", "embeddings_search"}
_REASONING_TASKS = {"math_reasoning", "code_generation", "agents_tool_use", "text_to_sql"}
_FORMAT_TASKS = {"information_extraction", "classification"}
#: Requests a day from which a dedicated small classifier is worth measuring against an LLM
#: (a rule of thumb for when per-request cost and latency dominate, not a sourced figure).
HIGH_VOLUME_CLASSIFICATION = 10_000
_CODE_TASKS = {"code_generation", "code_completion", "text_to_sql"}
#: Words that say the answers depend on the team's own or changing knowledge.
_OWN_KNOWLEDGE = re.compile(
    r"\b(our|internal|company|manuals?|docs?|documents?|policies|regulations?|knowledge base|"
    r"faq|wiki|confluence|latest|up[- ]to[- ]date)\b|社内|規程|規定|マニュアル|文書|資料|ナレッジ|"
    r"FAQ|最新|自社|問い合わせ",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Advice:
    approach: str  #: "prompting" | "rag" | "fine_tuning"
    approach_reasons: list[Message]
    also_consider: list[Message]
    variant: str  #: "instruct" | "reasoning" | "domain" | "code" | "base"
    variant_reasons: list[Message]
    api_vs_open: list[Message] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Each list in English, and in ``messages`` as typed messages."""
        lists = {
            "approach_reasons": self.approach_reasons,
            "also_consider": self.also_consider,
            "variant_reasons": self.variant_reasons,
            "api_vs_open": self.api_vs_open,
        }
        return {
            "approach": self.approach,
            "approach_reasons": [m.text for m in self.approach_reasons],
            "also_consider": [m.text for m in self.also_consider],
            "variant": self.variant,
            "variant_reasons": [m.text for m in self.variant_reasons],
            "api_vs_open": [m.text for m in self.api_vs_open],
            "messages": {k: [m.to_json() for m in v] for k, v in lists.items()},
        }


def advise(
    use_case: str,
    tasks: list[str],
    domain: str,
    deployment: str,
    shortlist: list[Any],
    everything: list[Any],
    *,
    requests_per_day: float = 0.0,
) -> Advice:
    """Advice for this use case; ``shortlist``/``everything`` are the engine's ranked
    candidates (best first)."""
    reasons: list[Message] = []
    consider: list[Message] = []
    own_docs = bool(_OWN_KNOWLEDGE.search(use_case))
    # code is a kind of model (a variant), not a body of knowledge to teach by fine-tuning
    knowledge_domain = domain not in ("general", "code")
    domain_models = [
        r for r in everything if knowledge_domain and domain in r.candidate.model.domains
    ]
    code_models = [
        r
        for r in everything
        if r.candidate.model.variant == "code" or "code" in r.candidate.model.domains
    ]
    if "long_document_analysis" in tasks:
        approach = "prompting"
        reasons.append(Message("advice_long_documents"))
    elif set(tasks) & _RAG_TASKS or (own_docs and "chat_assistant" in tasks):
        approach = "rag"
        reasons.append(Message("advice_rag"))
        if "embeddings_search" not in tasks:
            consider.append(Message("advice_embedding_model", {"task": "embeddings_search"}))
    elif domain_models:
        approach = "fine_tuning"
        reasons.append(Message("advice_domain_tuning", {"domain": domain}))
    else:
        approach = "prompting"
        reasons.append(Message("advice_prompting"))
    if set(tasks) & _FORMAT_TASKS:
        consider.append(Message("advice_format_tuning"))
    if "classification" in tasks and requests_per_day >= HIGH_VOLUME_CLASSIFICATION:
        consider.append(Message("advice_small_classifier", {"requests": requests_per_day}))
    consider.append(Message("advice_no_scratch"))

    variant_reasons: list[Message] = []
    if set(tasks) & _CODE_TASKS and code_models:
        variant = "code"
        variant_reasons.append(
            Message(
                "advice_code_models",
                {"n": len(code_models), "example": code_models[0].candidate.model.id},
            )
        )
    elif domain_models:
        variant = "domain"
        variant_reasons.append(
            Message(
                "advice_domain_models",
                {
                    "n": len(domain_models),
                    "domain": domain,
                    "example": domain_models[0].candidate.model.id,
                },
            )
        )
    elif set(tasks) & _REASONING_TASKS:
        variant = "reasoning"
        variant_reasons.append(Message("advice_reasoning"))
    elif set(tasks) & _NON_CHAT_TASKS:
        variant = "base"
        variant_reasons.append(Message("advice_as_released"))
    else:
        variant = "instruct"
        variant_reasons.append(Message("advice_instruct"))

    return Advice(
        approach, reasons, consider, variant, variant_reasons, _api_vs_open(deployment, everything)
    )


def _api_vs_open(deployment: str, ranked: list[Any]) -> list[Message]:
    if deployment != "any":
        where = "where_on_prem" if deployment == "on_prem" else "where_private_cloud"
        return [Message("advice_api_excluded", {"where": Message(where)})]
    best_api = next((r for r in ranked if r.candidate.plan.deployment == "api"), None)
    best_open = next((r for r in ranked if r.candidate.plan.deployment == "self_hosted"), None)
    if best_api is None or best_open is None:
        return [Message("advice_one_kind")]
    notes = []
    api_cost, open_cost = best_api.candidate.plan.monthly_usd, best_open.candidate.plan.monthly_usd
    if api_cost is not None and open_cost is not None:
        notes.append(
            Message(
                "advice_api_cheaper" if api_cost < open_cost else "advice_self_cheaper",
                {
                    "api": best_api.candidate.model.id,
                    "api_usd": api_cost,
                    "open": best_open.candidate.model.id,
                    "open_usd": open_cost,
                },
            )
        )
    notes.append(Message("advice_privacy"))
    quality_gap = best_api.values["quality"].value - best_open.values["quality"].value
    if abs(quality_gap) >= 0.05:
        notes.append(
            Message(
                "advice_api_stronger" if quality_gap > 0 else "advice_open_stronger",
                {"gap": abs(quality_gap)},
            )
        )
    return notes
