"""String tables of the engine's typed messages (:mod:`recommender.messages`), per language.

One entry per code in every language (a test renders each code in each). English counts use
``{n:count/word/words}``; Japanese is written without spaces between Japanese words, and text in
its source language (licence clauses, model facts) goes through ``{x:quote}``.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "NAMES"]

EN: dict[str, str] = {
    # -- screening: why a model is excluded or could not be verified ------------------------
    "task_modality": "{task:task} needs {inputs:modalities} in, {outputs:modalities} out; this "
    "{category:category} model {missing}",
    "modality_in": "does not take {what:modalities} input",
    "modality_needs": "needs {what:modalities} input in every request (it edits, it does not "
    "create from scratch)",
    "modality_out": "does not produce {what:modalities}",
    "modality_both": "does not take {inputs:modalities} input and does not produce "
    "{outputs:modalities}",
    "api_not_allowed": "API not allowed: data must stay {where}",
    "where_on_prem": "on your own hardware",
    "where_private_cloud": "in your own cloud",
    "self_hosting_not_wanted": "self-hosted: you asked for API models only",
    "retired": "retired on {retired_on}",
    "retired_successor": "retired on {retired_on}; successor {successor}",
    "provider_excluded": "served by {provider}, which you excluded",
    "maker_excluded": "made by {maker}, which you excluded",
    "base_maker_excluded": "its base {base} is made by {maker}, which you excluded",
    "origin_excluded": "made by {maker} ({country}), a country you excluded",
    "base_origin_excluded": "its base {base} is made by {maker} ({country}), a country you "
    "excluded",
    "origin_unknown": "country of origin of {maker} is not recorded",
    "residency_unknown": "where {provider} processes data is not recorded; you need {regions:list}",
    "residency": "processing cannot be pinned to {wanted:list} (regions: {regions:list})",
    "retention_unknown": "whether {provider} offers zero data retention is not recorded",
    "retention": "{provider} offers no zero-data-retention option",
    "language_unsupported": "does not support {language:lang} (its card lists {listed:langs})",
    "language_unsupported_stated": "does not support {language:lang} (its card says so)",
    "language_undocumented": "no documented support for {language:lang} ({basis}; you asked for "
    "documented support only)",
    "language_undocumented_via": "no documented support for {language:lang} ({basis} from {via}; "
    "you asked for documented support only)",
    "context_unknown": "context length unknown; you need {needed:,} tokens",
    "context_too_short": "context {needed:,} tokens exceeds its limit of {limit:,}",
    "context_too_short_base": "context {needed:,} tokens exceeds its limit of {limit:,} (its base "
    "{via}'s)",
    "context_too_short_task": "context {needed:,} tokens exceeds its limit of {limit:,} (the least "
    "{task:task} needs)",
    "over_budget": "costs {monthly_usd:money}/month; the budget is {budget_usd:money}",
    "over_budget_flag": "costs {monthly_usd:money}/month, over the {budget_usd:money} budget",
    "short_context_fit": "does not fit at the typical {context:,}-token context; runs requests up "
    "to {longest:,} tokens",
    "context_inherited": "context length not on its card: {limit:,} tokens inherited from its "
    "base {via}",
    "shutting_down": "shuts down on {shutdown_on} (in {days:count/day/days})",
    "shutting_down_successor": "shuts down on {shutdown_on} (in {days:count/day/days}); plan the "
    "move to {successor}",
    "deprecated_dated": "deprecated; shuts down on {shutdown_on}",
    "deprecated_dated_successor": "deprecated; shuts down on {shutdown_on}; plan the move to "
    "{successor}",
    "deprecated": "deprecated by its provider",
    "deprecated_successor": "deprecated by its provider; plan the move to {successor}",
    "misses_latency_target": "no configuration on this hardware meets the latency target",
    "slower_than_reading": "slower than reading speed on this hardware",
    "does_not_fit": "{why}",
    "does_not_fit_memory": "needs {memory_gb:,.1f} GB at {context:,} tokens; {hardware} offers "
    "{usable_gb:,.1f} GB usable",
    "size_unknown_params": "cannot estimate memory: its parameter count is unknown",
    "no_rental": "no catalogued hardware with a rental price (up to 8 GPUs) runs it at "
    "{context:,} tokens",
    "no_dedicated_rental": "no catalogued hardware with a dedicated (secure-cloud or hyperscaler) "
    "rental price (up to 8 GPUs) runs it at {context:,} tokens",
    "no_rental_fits": "no rented configuration fits",
    "no_priced_hardware": "{why}",
    # -- licences ---------------------------------------------------------------------------
    "license_unlicensed": "{name}: no rights are granted",
    "license_noncommercial": "licence {license} forbids commercial use ({name})",
    "license_research_only": "licence {license} allows research or evaluation only",
    "license_not_osi": "licence {license} is not OSI-approved open source",
    "open_weights_only": "open weights only: its training data and code are not recorded as "
    "published, which open source AI (OSI definition) needs beyond an open licence",
    "license_conditions": "licence {licenses} has conditions that need legal review "
    "(license.accept_conditions is false)",
    "cond_mau_cap": "{license}: more than {cap:,} monthly active users needs a separate licence",
    "cond_revenue_cap": "{license}: annual revenue above {cap:money} needs a separate licence",
    "cond_attribution": "{license}: attribution — {text:quote}",
    "cond_naming": "{license}: naming — {text:quote}",
    "cond_aup": "{license}: acceptable-use policy {url}",
    "cond_outputs": "{license}: outputs — {text:quote}",
    "cond_geography": "{license}: geography — {text:quote}",
    "cond_pass_on": "{license}: use restrictions pass on to derivatives and users",
    # -- relaxations ------------------------------------------------------------------------
    "relax_context": "a context of {best:,} tokens instead of {needed:,} (split or shorten the "
    "input)",
    "relax_context_unknown": "leave the context length unstated or confirm it",
    "relax_hardware": "hardware with about {memory_gb:,.0f} GB of GPU memory (or rent it)",
    "relax_hardware_any": "more GPU memory, or rented GPUs",
    "relax_budget": "a budget of {monthly_usd:money}/month",
    "relax_budget_any": "a larger budget",
    "relax_deployment": "allow the other kind of deployment (deployment: any)",
    "relax_license.accept_conditions": "accept licence conditions after legal review "
    "(license.accept_conditions: true)",
    "relax_license.commercial_use": "non-commercial use only (license.commercial_use: false)",
    "relax_license.require_open_source": "accept open weights without open training data and "
    "code (license.require_open_source: false)",
    "relax_documented_languages_only": "accept inherited or undocumented language support "
    "(documented_languages_only: false) and validate the language on your prompts",
    "relax_exclude_providers": "allow the excluded makers or providers",
    "relax_exclude_countries": "allow models whose origin is unrecorded or in an excluded country",
    "relax_data_residency": "relax the data-residency regions",
    "relax_zero_retention": "accept providers without (or without a recorded) zero-retention "
    "option",
    "relax_other": "change {answer:field}",
    # -- ranking: tie, demotion, warnings -----------------------------------------------------
    "tie_only": "the only candidate",
    "tie_only_adequate": "the only candidate that is not below the quality floor",
    "tie_margin": "statistically tied: the leader's margin is within the uncertainty of the "
    "quality estimates; validate {group:list} on your prompts",
    "tie_share": "statistically tied: {leader} ranks first in only {share:.0%} of the weightings "
    "sampled around yours; validate {group:list} on your prompts",
    "leader": "{leader} leads {runner} by {gap:.3f}, beyond the uncertainty of the estimates",
    "leader_share": "{leader} leads {runner} by {gap:.3f}, beyond the uncertainty of the "
    "estimates, and ranks first in {share:.0%} of sampled weightings",
    "below_floor": "below the quality floor: {why}",
    "successor_ranked": "its successor {successor} is a candidate and ranks at least as well",
    "takes_value": "{criterion:criterion} +{delta:.3f} (from {value:.3f} to {target:.3f})",
    "takes_none": "no single criterion suffices",
    "top_priority_unknown": "its {criterion:criterion} is unknown, and {criterion:criterion} is "
    "your first priority",
    "hardware_limits_quality": "your hardware limits quality: the best model that fits reaches "
    "{here:.2f}; {model} would reach {there:.2f}. More memory, a rented GPU or an API (if "
    "allowed) closes the gap",
    "budget_limits_quality": "your budget limits quality: the leader, {leader}, is estimated at "
    "{here:.2f}; {model} would reach {there:.2f} at {monthly_usd:money}/month, over your "
    "{budget_usd:money} budget. Weigh the difference on your own prompts before paying for it",
    "budget_limits_quality_cheaper": "your budget limits quality: the leader, {leader}, is "
    "estimated at {here:.2f}; {model} would reach {there:.2f} at {monthly_usd:money}/month, and "
    "{cheaper} {cheaper_q:.2f} at {cheaper_usd:money}/month, both over your {budget_usd:money} "
    "budget. Weigh the difference on your own prompts before paying for it",
    "hardware_limits_quality_need": "your hardware limits quality: the best model that fits "
    "reaches {here:.2f}; {model} (needs about {need:,.0f} GB) would reach {there:.2f}. More "
    "memory, a rented GPU or an API (if allowed) closes the gap",
    # -- advice ---------------------------------------------------------------------------------
    "advice_long_documents": "whole documents are read at once: use a model whose context window "
    "holds the longest document and prompt it directly; add retrieval only for collections "
    "larger than the context",
    "advice_rag": "answers must come from your own documents, which change over time: retrieve "
    "the relevant passages at query time instead of training them in",
    "advice_embedding_model": "an embedding model for the retrieval step (task {task:task})",
    "advice_domain_tuning": "the {domain} domain is specialised and domain-tuned models exist; "
    "start from one, and fine-tune on your own examples if prompting falls short",
    "advice_prompting": "a capable general model with clear instructions and a few examples "
    "usually suffices; measure before investing in fine-tuning",
    "advice_format_tuning": "fine-tuning (e.g. LoRA) on a few hundred labelled examples if the "
    "labels or output format must be followed exactly at scale",
    "advice_small_classifier": "at {requests:,.0f} requests a day, measure a small fine-tuned "
    "classifier (an encoder such as a BERT-class model, or embeddings plus a linear model) "
    "against the shortlist on a few thousand labelled examples: it costs a fraction per request "
    "and answers in milliseconds, and the LLM can stay for the cases it is unsure of",
    "advice_no_scratch": "training from scratch only with a very large corpus and budget: it is "
    "rarely justified when suitable open models exist",
    "advice_code_models": "{n:count/code model/code models} passed screening, e.g. {example}; "
    "general models with strong code benchmarks compete with them",
    "advice_domain_models": "{n:count/model/models} for the {domain} domain passed screening, "
    "e.g. {example}",
    "advice_reasoning": "multi-step tasks (maths, code, tool use) benefit from reasoning models, "
    "at the cost of more output tokens and latency",
    "advice_as_released": "speech, image and embedding models are used as released; compare "
    "sizes and languages rather than variants",
    "advice_instruct": "instruction-tuned models follow requests directly; base models need "
    "fine-tuning first",
    "advice_api_excluded": "APIs were excluded because data must stay {where}; open-weight models "
    "keep data and versions under your control",
    "advice_one_kind": "only one kind of deployment passed screening",
    "advice_api_cheaper": "at your volume the API is cheaper: {api} {api_usd:money}/month vs "
    "{open} {open_usd:money}/month",
    "advice_self_cheaper": "at your volume self-hosting is cheaper: {open} {open_usd:money}/month "
    "vs {api} {api_usd:money}/month",
    "advice_privacy": "an API sends prompts to the provider (check retention and training terms); "
    "self-hosting keeps data in your boundary and pins the model version",
    "advice_api_stronger": "the best API model is expected to be stronger on quality ({gap:.2f} "
    "on the 0-1 quality scale; an estimate)",
    "advice_open_stronger": "the best open-weight model is expected to be stronger on quality "
    "({gap:.2f} on the 0-1 quality scale; an estimate)",
    # -- notes: what the engine inferred or assumed -------------------------------------------
    "note_ahp": "weights from pairwise comparisons (AHP): consistency ratio {ratio:.3f}",
    "note_ahp_inconsistent": "weights from pairwise comparisons (AHP): consistency ratio "
    "{ratio:.3f} > 0.1: the comparisons contradict each other; revisit",
    "note_languages": "languages inferred from the use case: {languages:langs}",
    "note_no_languages": "languages inferred from the use case: none",
    "note_context": "context not stated: estimates use {tokens:,} tokens (typical for "
    "{tasks:tasks}); it excludes no model",
    "note_measured_model": "{model} ({criteria:criteria})",
    "note_measured": "measured evidence from validation run {run} replaced estimates for: "
    "{models:list}",
    "note_measured_none": "measured evidence from validation run {run} replaced estimates for: "
    "no candidate (none was measured)",
    "note_task_added": "task {task:task} added: the use case says {words:words} ({why})",
    "note_suggested": "{field:field} {value} from {words:words} in the use case",
    "note_budget_currency": "the use case names a budget in {said} ({words:words}); your currency "
    "is {currency}: not applied",
    "note_private_cloud": "deployment private_cloud from {words:words} in the use case: data "
    "stays in your boundary; no hardware was given, so plans rent dedicated GPUs (give hardware "
    "for on-premises plans)",
    "note_conflict": "suggested answers conflict with the stated ones: none applied",
    "note_tasks": "tasks inferred from the use case: {tasks:tasks} (confidence {confidence:.2f})",
    "note_tasks_confirm": "tasks inferred from the use case: {tasks:tasks} (confidence "
    "{confidence:.2f}; please confirm)",
    # -- criterion values: the figure behind each value ------------------------------------------
    "basis_prior": "prior from size and release date (no relevant published score)",
    "basis_task": "{n:count/benchmark/benchmarks}, {k:,} for this task",
    "basis_general": "{n:count/general benchmark/general benchmarks}, none for this task",
    "quality_detail": "{parts:clauses}",
    "quality_prior": "prior {prior:.2f} ({basis})",
    "prior_api_unpriced": "API model without a price; {released}",
    "prior_api_tier": "API tier from ${per_mtok_usd:.2f} per 1M tokens; {released}",
    "prior_size": "{params_b:.3g}B effective parameters; {released}",
    "prior_released": "{date}",
    "prior_released_unknown": "release date unknown, counted as 2023 or earlier",
    "quality_benchmarks": "benchmarks {evidence:.2f} over relevance {weight:.2g}",
    "quality_base_model": "x{factor:.2f}: a base model (not instruction-tuned) needs fine-tuning "
    "first",
    "quality_task_fit": "x{factor:.2f}: {fit}",
    "quality_reasoning": "+{bonus:.2f}: a reasoning model on a reasoning-heavy task",
    "quality_quantization": "x{factor:.2f}: {quantization} quantisation (a prior)",
    "task_fit_declared": "{task:task}: declared on the model card",
    "task_fit_implied": "{task:task}: implied by its declared {via:task} (strength {strength:g})",
    "task_fit_general": "{task:task}: not declared; general ability of an instruction-tuned model",
    "task_fit_none": "{task:task}: no evidence it can do this",
    "floor_heavy_quantization": "a 2-bit quantisation (expected loss {loss:.0%}, a prior: "
    "published scores are for the full-precision model)",
    "floor_params": "{params_b:.2g}B effective parameters, under the {floor_b:g}B floor for "
    "{task:task}, and no published score for the task shows otherwise",
    "value_quality": "{value:.2f} ({low:.2f}-{high:.2f}; {basis}); {detail}",
    "value_no_language": "no language requirement applies",
    "value_language": "{supports:list}",
    "value_language_tested": "benchmark scores in {languages:langs}",
    "support_documented": "{language:lang}: {level} (model card)",
    "support_inherited": "{language:lang}: {level}, inherited from its base {via}",
    "support_unsupported": "{language:lang}: documented as not supported",
    "support_unknown": "{language:lang}: unknown (not documented)",
    "value_cost_unknown": "cost unknown",
    "value_cost": "{monthly_usd:money} per month ({basis})",
    "value_speed_unpublished": "no published speed for this API",
    "value_speed_api": "~{answer_s:.1f} s per answer at {tokens_per_s:g} tokens/s ({source}) vs "
    "{target_s:.0f} s",
    "value_speed_api_assumed": "~{answer_s:.1f} s per answer at {tokens_per_s:g} tokens/s "
    "({source}) vs {target_s:.0f} s (assumed)",
    "value_speed_unknown": "speed unknown",
    "value_speed": "~{answer_s:.1f} s per answer ({quantization}) vs {target_s:.0f} s",
    "value_speed_assumed": "~{answer_s:.1f} s per answer ({quantization}) vs {target_s:.0f} s "
    "(assumed)",
    "value_fit_api": "runs on the provider's hardware",
    "value_fit": "{headroom_gb:.1f} GB headroom",
    "value_open_source_ai": "meets the OSI Open Source AI Definition",
    "value_open_data": "licence class: {license_class:license_class}; data and code published",
    "value_open_weights": "licence class: {license_class:license_class}; weights only",
    "value_license_allowed": "allowed ({conditions:count/condition/conditions})",
    "value_license_conditional": "conditional ({conditions:count/condition/conditions})",
    "value_license_not_allowed": "not allowed ({conditions:count/condition/conditions})",
    "value_status": "{status}",
    "value_status_successor": "{status} (successor {successor})",
    "value_not_computed": "not computed",
    "value_semantic": "{score:.2f}",
    "measured_quality": "pass rate {passed}/{checked} ({rate:.0%}, 95% CI {low:.0%}-{high:.0%}) "
    "on suite {suite:suite}, run {run}, blended with the estimate {prior:.2f} weighted as "
    "{prompts:count/prompt/prompts}",
    "measured_quality_elsewhere": "pass rate {passed}/{checked} ({rate:.0%}, 95% CI {low:.0%}-"
    "{high:.0%}) on suite {suite:suite}, run {run}, blended with the estimate {prior:.2f} "
    "weighted as {prompts:count/prompt/prompts}; speed and memory measured on {device}, "
    "estimates kept for {hardware}",
    "measured_speed": "~{answer_s:.1f} s per answer vs {target_s:.0f} s (measured "
    "{tokens_per_s:.0f} tokens/s on {device})",
    "measured_speed_assumed": "~{answer_s:.1f} s per answer vs {target_s:.0f} s (assumed) "
    "(measured {tokens_per_s:.0f} tokens/s on {device})",
    "measured_fit": "{headroom_gb:.1f} GB headroom (measured {memory_gb:.2f} GB on {device} + "
    "estimated KV cache {kv_gb:.2f} GB at {context:,} tokens)",
    # -- cost and configuration: how an estimate was worked out (the plan's basis and notes) ---
    "cost_basis_api": "API list price",
    "cost_basis_owned": "owned: purchase price over {months} months plus power",
    "cost_basis_owned_unknown": "owned hardware of unknown price",
    "cost_basis_rented": "rented ({offering:offering})",
    "cost_basis_rented_vendor": "rented ({offering:offering}, {vendor})",
    "cost_basis_estimate": "estimate",
    "note_cost_unknown": "cost unknown: {why}",
    "reasoning_sourced": "{ratio:g} thinking tokens per output token ({source}, as of {as_of})",
    "reasoning_assumed": "assumed {ratio:g} thinking tokens per output token (a reasoning "
    "model; no sourced ratio in the knowledge base): billed and generated like output",
    "cost_api_per_request": "per request = {input_tokens:,} in + {output_tokens:,} out tokens "
    "at {prices} list prices = ${per_request:.6f}",
    "cost_api_monthly": "monthly = ${per_request:.6f} x {requests_per_day:,.0f} requests/day x "
    "{days:.1f} days = ${monthly:,.2f}",
    "cost_unit_monthly": "monthly = ${per_request:.4f} x {requests_per_day:,.0f} requests/day x "
    "{days:.1f} days = ${monthly:,.2f}",
    "cost_per_image": "per image ${usd:g} at the standard size and quality ({source}, as of "
    "{as_of}); one request = one image",
    "cost_per_audio": "per request = {minutes:g} audio minutes x ${usd:g}/minute ({source}, as "
    "of {as_of})",
    "cost_batch": "batch of {batch} sequences fits beside the weights; memory-bound decode gives "
    "{rate:.2f} requests/s per replica (efficiency 0.5)",
    "cost_compute_bound": "compute-bound: {rate:.2f} requests/s per replica (40% of peak FLOPS)",
    "cost_peak": "peak = {requests_per_day:,.0f} requests/day / ({active_hours:g} h x 3600) x "
    "{factor} (latency priority {priority:priority}) = {peak:.2f} requests/s; replicas = ceil(1.2 "
    "x {peak:.2f} / {capacity:.2f}) = {replicas}",
    "cost_images_unknown_throughput": "images per second per replica not estimated (a "
    "diffusion model's time depends on its steps and resolution): one replica, so the cost is "
    "a lower bound; measure it before buying capacity",
    "cost_monthly_gpu": "monthly = ${hourly:.3f}/GPU-hour x {gpus} GPU(s) x {replicas} "
    "replica(s) x {hours:g} h = ${monthly:,.2f}",
    "cost_no_rental": "no rental price for '{hardware}' in the knowledge base: cost unknown",
    "cost_no_dedicated_rental": "no dedicated (secure-cloud or hyperscaler) rental price for "
    "'{hardware}' in the knowledge base: cost unknown",
    "cost_rental": "rental ${usd:g}/GPU-hour ({vendor}, {source}, as of {as_of})",
    "cost_rental_typical": "rental ${usd:g}/GPU-hour (typical, {source}, as of {as_of})",
    "cost_no_purchase": "no purchase price for '{hardware}' in the knowledge base: cost unknown",
    "cost_owned": "owned: ${purchase:,.0f} ({source}, as of {as_of}) over {months} months = "
    "${capital:.3f}/h, plus power {tdp_w:g} W x ${kwh_usd}/kWh = ${power:.3f}/h",
    "cost_owned_no_tdp": "owned: ${purchase:,.0f} ({source}, as of {as_of}) over {months} months "
    "= ${capital:.3f}/h, plus power {tdp_w:g} W x ${kwh_usd}/kWh = ${power:.3f}/h (no TDP known: "
    "power not counted)",
    "config_precision": "{best} fits but {slower}; {chosen} is the best precision {which} "
    "(expected quality loss {loss:.0%}, a prior)",
    "config_takes": "takes ~{answer_s:.1f} s per answer",
    "config_is_slower": "is slower",
    "config_meets": "that meets it",
    "config_fastest": "for speed (none meets it)",
    "config_answer": "~{answer_s:.1f} s per answer ({prompt_tokens:,}-token prompt, "
    "{generated_tokens:,.0f} generated tokens at {tokens_per_s:.0f}+ tokens/s) vs a "
    "{target_s:g} s target: {verdict}",
    "config_answer_default": "no latency target: ~{answer_s:.1f} s per answer vs {assumed_s:.0f} "
    "s (reading speed, {min_tokens_per_s:g} tokens/s, plus {prompt_s:g} s for the prompt): "
    "{verdict}",
    "target_met": "met",
    "target_missed": "missed",
    # -- fit: why a model cannot run on the hardware ---------------------------------------------
    "fit_context_over": "context {context:,} tokens exceeds the model's limit of {limit:,}",
    "fit_needs_cuda": "{quantization} needs a CUDA GPU",
    "fit_runtime_platform": "{runtime} does not run on {platform} hardware",
    "fit_runtime_quantization": "{runtime} does not run {quantization} weights; it runs "
    "{supported:list}",
    "fit_runtime_kv": "{runtime} offers no {kv_dtype} KV cache; it offers {supported:list}",
    "fit_tensor_parallel": "tensor parallel impossible: {devices} GPUs do not divide {heads} "
    "heads; use a count that divides them",
    "fit_tensor_parallel_kv": "tensor parallel impossible: {devices} GPUs do not divide {heads} "
    "and {kv_heads} heads; use a count that divides them",
    "fit_needs_memory": "needs {memory_gb:.1f} GB at {context:,} tokens x {concurrency} "
    "({quantization}); {hardware} offers {usable_gb:.1f} GB usable",
}

JA: dict[str, str] = {
    "task_modality": "{task:task}には{inputs:modalities}の入力と{outputs:modalities}の出力が必要"
    "ですが、この{category:category}は{missing}",
    "modality_in": "{what:modalities}を入力にできません",
    "modality_needs": "毎回{what:modalities}の入力が必要です（ゼロから生成せず、入力を編集します）",
    "modality_out": "{what:modalities}を出力できません",
    "modality_both": "{inputs:modalities}を入力にできず、{outputs:modalities}も出力できません",
    "api_not_allowed": "API は使えません：データを{where}に留める必要があります",
    "where_on_prem": "自社のハードウェア",
    "where_private_cloud": "自社のクラウド",
    "self_hosting_not_wanted": "セルフホスト型：API モデルのみを指定されています",
    "retired": "{retired_on}に提供終了",
    "retired_successor": "{retired_on}に提供終了（後継：{successor}）",
    "provider_excluded": "提供元 {provider} は除外対象です",
    "maker_excluded": "開発元 {maker} は除外対象です",
    "base_maker_excluded": "ベースモデル {base} の開発元 {maker} は除外対象です",
    "origin_excluded": "開発元 {maker}（{country}）は除外対象の国です",
    "base_origin_excluded": "ベースモデル {base} の開発元 {maker}（{country}）は除外対象の国です",
    "origin_unknown": "{maker} の所在国が記録されていません",
    "residency_unknown": "{provider} がデータを処理する地域が記録されていません（必要な地域："
    "{regions:list}）",
    "residency": "処理地域を{wanted:list}に限定できません（地域：{regions:list}）",
    "retention_unknown": "{provider} がデータ保持ゼロを提供しているか記録されていません",
    "retention": "{provider} にはデータ保持ゼロのオプションがありません",
    "language_unsupported": "{language:lang}に対応していません（モデルカードの対応言語："
    "{listed:langs}）",
    "language_unsupported_stated": "{language:lang}に対応していません（モデルカードに記載）",
    "language_undocumented": "{language:lang}への対応が文書化されていません（{basis}。文書化された"
    "対応のみを指定されています）",
    "language_undocumented_via": "{language:lang}への対応が文書化されていません（{via} からの"
    "{basis}。文書化された対応のみを指定されています）",
    "context_unknown": "コンテキスト長が不明です（必要：{needed:,}トークン）",
    "context_too_short": "コンテキスト{needed:,}トークンが上限{limit:,}を超えます",
    "context_too_short_base": "コンテキスト{needed:,}トークンがベースモデル {via} の上限"
    "{limit:,}を超えます",
    "context_too_short_task": "コンテキスト{needed:,}トークン（{task:task}に最低限必要な長さ）が"
    "上限{limit:,}を超えます",
    "over_budget": "月額{monthly_usd:money}で、予算{budget_usd:money}を超えます",
    "over_budget_flag": "月額{monthly_usd:money}で、予算{budget_usd:money}を超えています",
    "short_context_fit": "標準的なコンテキスト{context:,}トークンでは収まらず、{longest:,}トークン"
    "までのリクエストを処理できます",
    "context_inherited": "コンテキスト長はモデルカードに記載がなく、ベースモデル {via} の"
    "{limit:,}トークンを継承しています",
    "shutting_down": "{shutdown_on}に提供終了（あと{days:,}日）",
    "shutting_down_successor": "{shutdown_on}に提供終了（あと{days:,}日）。{successor} への移行を"
    "計画してください",
    "deprecated_dated": "非推奨。{shutdown_on}に提供終了",
    "deprecated_dated_successor": "非推奨。{shutdown_on}に提供終了。{successor} への移行を計画して"
    "ください",
    "deprecated": "提供元により非推奨",
    "deprecated_successor": "提供元により非推奨。{successor} への移行を計画してください",
    "misses_latency_target": "このハードウェアでは応答時間の目標を満たす構成がありません",
    "slower_than_reading": "このハードウェアでは読む速さより遅くなります",
    "does_not_fit": "ハードウェアに収まりません：{why:quote}",
    "does_not_fit_memory": "{context:,}トークンで{memory_gb:,.1f}GB 必要ですが、{hardware} で"
    "使えるのは{usable_gb:,.1f}GB です",
    "size_unknown_params": "パラメータ数が不明なため、必要メモリを見積もれません",
    "no_rental": "レンタル価格の分かる登録済みハードウェア（最大 8 GPU）では{context:,}トークンで"
    "動かせません",
    "no_dedicated_rental": "専有（セキュアクラウドまたはハイパースケーラー）のレンタル価格の分かる"
    "登録済みハードウェア（最大 8 GPU）では{context:,}トークンで動かせません",
    "no_rental_fits": "収まるレンタル構成がありません",
    "no_priced_hardware": "費用を見積もれません：{why:quote}",
    "license_unlicensed": "{name}：利用許諾がありません",
    "license_noncommercial": "ライセンス {license}（{name}）は商用利用を禁止しています",
    "license_research_only": "ライセンス {license} は研究・評価用途のみを認めています",
    "license_not_osi": "ライセンス {license} は OSI 承認のオープンソースではありません",
    "open_weights_only": "重みの公開のみ：学習データとコードの公開が記録されておらず、"
    "オープンソース AI（OSI の定義）の要件を満たしません",
    "license_conditions": "ライセンス {licenses} には法務確認が必要な条件があります"
    "（license.accept_conditions が false）",
    "cond_mau_cap": "{license}：月間アクティブユーザーが{cap:,}人を超える場合は別途ライセンスが"
    "必要です",
    "cond_revenue_cap": "{license}：年間売上が{cap:money}を超える場合は別途ライセンスが必要です",
    "cond_attribution": "{license}：帰属表示 — {text:quote}",
    "cond_naming": "{license}：命名規則 — {text:quote}",
    "cond_aup": "{license}：利用規定 {url}",
    "cond_outputs": "{license}：出力の利用 — {text:quote}",
    "cond_geography": "{license}：地域の制限 — {text:quote}",
    "cond_pass_on": "{license}：利用制限は派生物と利用者に引き継がれます",
    "relax_context": "コンテキストを{needed:,}トークンから{best:,}トークンに（入力を分割または"
    "短縮）",
    "relax_context_unknown": "コンテキスト長を指定しないか、確認する",
    "relax_hardware": "GPU メモリ約{memory_gb:,.0f}GB のハードウェア（またはレンタル）",
    "relax_hardware_any": "GPU メモリを増やすか、GPU をレンタルする",
    "relax_budget": "月額{monthly_usd:money}の予算",
    "relax_budget_any": "予算を増やす",
    "relax_deployment": "もう一方のデプロイ形態も許可する（deployment: any）",
    "relax_license.accept_conditions": "法務確認のうえでライセンス条件を受け入れる"
    "（license.accept_conditions: true）",
    "relax_license.commercial_use": "非商用利用に限る（license.commercial_use: false）",
    "relax_license.require_open_source": "学習データとコードが公開されていない重み公開モデルも"
    "認める（license.require_open_source: false）",
    "relax_documented_languages_only": "継承または未文書化の言語対応も認め"
    "（documented_languages_only: false）、自社のプロンプトで言語を検証する",
    "relax_exclude_providers": "除外した開発元・提供元を許可する",
    "relax_exclude_countries": "所在国が未記録または除外対象の国のモデルを許可する",
    "relax_data_residency": "データ処理地域の条件を緩める",
    "relax_zero_retention": "データ保持ゼロのオプションがない（または記録がない）提供元も認める",
    "relax_other": "{answer:field}を変更する",
    "tie_only": "唯一の候補です",
    "tie_only_adequate": "品質の下限を下回らない唯一の候補です",
    "tie_margin": "統計的に同順位：1位との差は品質推定の不確かさの範囲内です。{group:list}を"
    "自社のプロンプトで検証してください",
    "tie_share": "統計的に同順位：{leader} が1位になるのは、ご指定の周辺でサンプリングした重み付け"
    "の{share:.0%}のみです。{group:list}を自社のプロンプトで検証してください",
    "leader": "{leader} は {runner} を{gap:.3f}上回り、推定の不確かさを超えています",
    "leader_share": "{leader} は {runner} を{gap:.3f}上回り、推定の不確かさを超えています。"
    "サンプリングした重み付けの{share:.0%}で1位です",
    "below_floor": "品質の下限を下回ります：{why:quote}",
    "successor_ranked": "後継の {successor} も候補で、同等以上の評価です",
    "takes_value": "{criterion:criterion} +{delta:.3f}（{value:.3f} → {target:.3f}）",
    "takes_none": "単一の基準では逆転しない",
    "top_priority_unknown": "{criterion:criterion}が不明で、{criterion:criterion}は最優先の"
    "基準です",
    "hardware_limits_quality": "ハードウェアが品質を制限しています：収まる最良のモデルの品質は"
    "{here:.2f}、{model} なら{there:.2f}です。メモリの追加、GPU のレンタル、または（許可されれば）"
    "API で差が縮まります",
    "budget_limits_quality": "予算が品質を制限しています：首位の {leader} の品質推定は{here:.2f}、"
    "{model} なら{there:.2f}ですが、月額{monthly_usd:money}で予算{budget_usd:money}を超えます。"
    "費用をかける前に、その差を自社のプロンプトで確かめてください",
    "budget_limits_quality_cheaper": "予算が品質を制限しています：首位の {leader} の品質推定は"
    "{here:.2f}です。{model} なら{there:.2f}（月額{monthly_usd:money}）、{cheaper} なら"
    "{cheaper_q:.2f}（月額{cheaper_usd:money}）で、いずれも予算{budget_usd:money}を超えます。"
    "費用をかける前に、その差を自社のプロンプトで確かめてください",
    "hardware_limits_quality_need": "ハードウェアが品質を制限しています：収まる最良のモデルの品質"
    "は{here:.2f}、{model}（約{need:,.0f}GB 必要）なら{there:.2f}です。メモリの追加、GPU の"
    "レンタル、または（許可されれば）API で差が縮まります",
    "advice_long_documents": "文書全体を一度に読みます：最長の文書が収まるコンテキストのモデルに"
    "直接プロンプトで指示し、検索はコンテキストを超える文書群にのみ追加してください",
    "advice_rag": "回答は時間とともに変わる自社の文書に基づく必要があります：学習させるのではなく、"
    "質問時に関連箇所を検索してください",
    "advice_embedding_model": "検索のための埋め込みモデル（タスク：{task:task}）",
    "advice_domain_tuning": "{domain}分野は専門性が高く、分野特化モデルがあります：それを出発点に"
    "し、プロンプトで足りなければ自社の例でファインチューニングしてください",
    "advice_prompting": "明確な指示と少数の例があれば、汎用の高性能モデルで通常は十分です。"
    "ファインチューニングに投資する前に測定してください",
    "advice_format_tuning": "ラベルや出力形式を大規模に厳密に守らせる必要があれば、数百件の"
    "ラベル付き例でのファインチューニング（LoRA など）",
    "advice_small_classifier": "1日{requests:,.0f}リクエストの規模では、ファインチューニングした"
    "小型の分類器（エンコーダ型の小型モデル、または埋め込み＋線形モデル）を数千件のラベル付き例で"
    "候補と比較測定してください。1リクエストあたりの費用はわずかで応答はミリ秒単位です。"
    "確信度の低いケースだけを大規模言語モデルに回す構成も可能です",
    "advice_no_scratch": "ゼロからの学習は非常に大きなコーパスと予算がある場合のみ：適した"
    "オープンモデルがあれば、まず正当化されません",
    "advice_code_models": "コード特化モデル{n:,}件がスクリーニングを通過しました（例：{example}）。"
    "コードのベンチマークが強い汎用モデルも競合します",
    "advice_domain_models": "{domain}分野のモデル{n:,}件がスクリーニングを通過しました（例："
    "{example}）",
    "advice_reasoning": "多段階のタスク（数学、コード、ツール利用）では推論モデルが有利ですが、"
    "出力トークンと待ち時間が増えます",
    "advice_as_released": "音声・画像・埋め込みモデルは公開されたまま使います。バリアントではなく"
    "サイズと言語で比較してください",
    "advice_instruct": "指示調整済みモデルは依頼にそのまま従います。ベースモデルは先に"
    "ファインチューニングが必要です",
    "advice_api_excluded": "データを{where}に留める必要があるため API は除外しました。"
    "オープンウェイトのモデルならデータとバージョンを自社で管理できます",
    "advice_one_kind": "スクリーニングを通過したのは一方のデプロイ形態のみです",
    "advice_api_cheaper": "この利用量では API の方が安価です：{api} 月額{api_usd:money}、"
    "{open} 月額{open_usd:money}",
    "advice_self_cheaper": "この利用量ではセルフホストの方が安価です：{open} 月額"
    "{open_usd:money}、{api} 月額{api_usd:money}",
    "advice_privacy": "API ではプロンプトが提供元に送られます（保持と学習利用の条件を確認）。"
    "セルフホストならデータは自社内に留まり、モデルのバージョンも固定できます",
    "advice_api_stronger": "最良の API モデルの方が品質で上回る見込みです（0〜1の品質尺度で"
    "{gap:.2f}、推定）",
    "advice_open_stronger": "最良のオープンウェイトモデルの方が品質で上回る見込みです（0〜1の"
    "品質尺度で{gap:.2f}、推定）",
    "note_ahp": "重みは一対比較（AHP）から算出：整合度{ratio:.3f}",
    "note_ahp_inconsistent": "重みは一対比較（AHP）から算出：整合度{ratio:.3f}が0.1を超えており、"
    "比較が互いに矛盾しています。見直してください",
    "note_languages": "ユースケースから推定した言語：{languages:langs}",
    "note_no_languages": "ユースケースから推定した言語：なし",
    "note_context": "コンテキストの指定なし：推定には{tokens:,}トークン（{tasks:tasks}の標準）を"
    "使います。これで除外されるモデルはありません",
    "note_measured_model": "{model}（{criteria:criteria}）",
    "note_measured": "検証実行 {run} の実測値で推定値を置き換えました：{models:list}",
    "note_measured_none": "検証実行 {run} の実測値で置き換えた候補はありません（未測定）",
    "note_task_added": "タスク「{task:task}」を追加：ユースケースに{words:words}とあります"
    "（{why:quote}）",
    "note_suggested": "{field:field}を{value}に設定：ユースケースに{words:words}とあります",
    "note_budget_currency": "ユースケースの予算は{said}建て（{words:words}）ですが、通貨は"
    "{currency}のため適用していません",
    "note_private_cloud": "ユースケースの{words:words}から、デプロイ形態を private_cloud に"
    "しました：データは自社内に留まります。ハードウェアの指定がないため、専有 GPU のレンタルで"
    "試算します"
    "（オンプレミスで試算するにはハードウェアを指定してください）",
    "note_conflict": "推奨される回答が指定済みの回答と矛盾するため、適用していません",
    "note_tasks": "ユースケースから推定したタスク：{tasks:tasks}（確信度{confidence:.2f}）",
    "note_tasks_confirm": "ユースケースから推定したタスク：{tasks:tasks}（確信度{confidence:.2f}。"
    "確認してください）",
    "basis_prior": "規模と公開日からの事前推定（関連する公開スコアなし）",
    "basis_task": "ベンチマーク{n:,}件（うちこのタスクのもの{k:,}件）",
    "basis_general": "汎用ベンチマーク{n:,}件（このタスクのものはなし）",
    "quality_detail": "{parts:clauses}",
    "quality_prior": "事前推定{prior:.2f}（{basis}）",
    "prior_api_unpriced": "価格の公表されていない API モデル、{released}",
    "prior_api_tier": "100万トークンあたり{per_mtok_usd:money}の価格から見た API の階層、"
    "{released}",
    "prior_size": "実効パラメータ数{params_b:.3g}B、{released}",
    "prior_released": "{date}公開",
    "prior_released_unknown": "公開日不明（2023年以前として計算）",
    "quality_benchmarks": "ベンチマーク{evidence:.2f}（関連度の合計{weight:.2g}）",
    "quality_base_model": "×{factor:.2f}：ベースモデル（指示チューニングなし）のため、まず"
    "ファインチューニングが必要",
    "quality_task_fit": "×{factor:.2f}：{fit}",
    "quality_reasoning": "+{bonus:.2f}：推論の比重が大きいタスクでの推論モデル",
    "quality_quantization": "×{factor:.2f}：{quantization} 量子化（事前推定）",
    "task_fit_declared": "{task:task}：モデルカードに記載",
    "task_fit_implied": "{task:task}：記載のある{via:task}から推定（強さ{strength:g}）",
    "task_fit_general": "{task:task}：記載なし。指示チューニング済みモデルの汎用能力による",
    "task_fit_none": "{task:task}：対応できる根拠なし",
    "floor_heavy_quantization": "2ビット量子化（想定される劣化{loss:.0%}は事前推定。公開スコアは"
    "量子化前のモデルのもの）",
    "floor_params": "実効パラメータ数{params_b:.2g}Bは{task:task}の下限{floor_b:g}Bを下回り、"
    "このタスクでそれを覆す公開スコアもありません",
    "value_quality": "{value:.2f}（{low:.2f}〜{high:.2f}、{basis}）。算出の内訳：{detail:quote}",
    "value_no_language": "言語の要件はありません",
    "value_language": "{supports:list}",
    "value_language_tested": "{languages:langs}のベンチマークスコアあり",
    "support_documented": "{language:lang}：{level:level}（モデルカード）",
    "support_inherited": "{language:lang}：{level:level}（ベースモデル {via} から継承）",
    "support_unsupported": "{language:lang}：非対応と記載",
    "support_unknown": "{language:lang}：不明（記載なし）",
    "value_cost_unknown": "費用不明",
    "value_cost": "月額{monthly_usd:money}（{basis:quote}）",
    "value_speed_unpublished": "この API の速度は公開されていません",
    "value_speed_api": "1回答あたり約{answer_s:.1f}秒（{tokens_per_s:g}トークン/秒、出典："
    "{source:quote}）、目標{target_s:.0f}秒",
    "value_speed_api_assumed": "1回答あたり約{answer_s:.1f}秒（{tokens_per_s:g}トークン/秒、出典："
    "{source:quote}）、目標{target_s:.0f}秒（想定）",
    "value_speed_unknown": "速度不明",
    "value_speed": "1回答あたり約{answer_s:.1f}秒（{quantization}）、目標{target_s:.0f}秒",
    "value_speed_assumed": "1回答あたり約{answer_s:.1f}秒（{quantization}）、目標{target_s:.0f}秒"
    "（想定）",
    "value_fit_api": "提供元のハードウェアで動作",
    "value_fit": "余裕{headroom_gb:.1f}GB",
    "value_open_source_ai": "OSI のオープンソース AI の定義を満たします",
    "value_open_data": "ライセンス分類：{license_class:license_class}、データとコードも公開",
    "value_open_weights": "ライセンス分類：{license_class:license_class}、重みのみ公開",
    "value_license_allowed": "利用可（条件{conditions:,}件）",
    "value_license_conditional": "条件付きで利用可（条件{conditions:,}件）",
    "value_license_not_allowed": "利用不可（条件{conditions:,}件）",
    "value_status": "{status:status}",
    "value_status_successor": "{status:status}（後継：{successor}）",
    "value_not_computed": "未計算",
    "value_semantic": "{score:.2f}",
    "measured_quality": "合格率{passed}/{checked}（{rate:.0%}、95%信頼区間{low:.0%}〜{high:.0%}、"
    "スイート「{suite:suite}」、実行 {run}）を、プロンプト{prompts:,}件分の重みの推定値"
    "{prior:.2f}と合成",
    "measured_quality_elsewhere": "合格率{passed}/{checked}（{rate:.0%}、95%信頼区間{low:.0%}〜"
    "{high:.0%}、スイート「{suite:suite}」、実行 {run}）を、プロンプト{prompts:,}件分の重みの推定値"
    "{prior:.2f}と合成。速度とメモリは {device} で測定したため、{hardware} には推定値を使用",
    "measured_speed": "1回答あたり約{answer_s:.1f}秒、目標{target_s:.0f}秒（{device} で"
    "{tokens_per_s:.0f}トークン/秒を実測）",
    "measured_speed_assumed": "1回答あたり約{answer_s:.1f}秒、目標{target_s:.0f}秒（想定）"
    "（{device} で{tokens_per_s:.0f}トークン/秒を実測）",
    "measured_fit": "余裕{headroom_gb:.1f}GB（{device} での実測{memory_gb:.2f}GB＋{context:,}"
    "トークンでの KV キャッシュ推定{kv_gb:.2f}GB）",
    # -- 費用と構成：見積もりの根拠と計算の内訳 ---------------------------------------------
    "cost_basis_api": "APIの定価",
    "cost_basis_owned": "自社保有：購入価格を{months}か月で償却し電力費を加算",
    "cost_basis_owned_unknown": "価格不明の自社保有ハードウェア",
    "cost_basis_rented": "レンタル（{offering:offering}）",
    "cost_basis_rented_vendor": "レンタル（{offering:offering}、{vendor}）",
    "cost_basis_estimate": "推定値",
    "note_cost_unknown": "費用不明：{why:quote}",
    "reasoning_sourced": "出力トークン1つあたり思考トークン{ratio:g}個（出典：{source:quote}、"
    "{as_of}時点）",
    "reasoning_assumed": "出力トークン1つあたり思考トークン{ratio:g}個と想定（推論モデルで、"
    "知識ベースに出典のある比率がないため）。出力と同じく課金・生成されるものとして計算",
    "cost_api_per_request": "1リクエストあたり＝入力{input_tokens:,}トークン＋出力"
    "{output_tokens:,}トークンを{prices}の定価で計算＝${per_request:.6f}",
    "cost_api_monthly": "月額＝${per_request:.6f}×1日{requests_per_day:,.0f}リクエスト×"
    "{days:.1f}日＝${monthly:,.2f}",
    "cost_unit_monthly": "月額＝${per_request:.4f}×1日{requests_per_day:,.0f}リクエスト×"
    "{days:.1f}日＝${monthly:,.2f}",
    "cost_per_image": "画像1枚あたり${usd:g}（標準のサイズと品質、出典：{source:quote}、"
    "{as_of}時点）。1リクエスト＝画像1枚",
    "cost_per_audio": "1リクエストあたり＝音声{minutes:g}分×1分あたり${usd:g}（出典："
    "{source:quote}、{as_of}時点）",
    "cost_batch": "重みと並べて{batch}系列のバッチが載り、メモリ帯域律速のデコードで1レプリカ"
    "あたり毎秒{rate:.2f}リクエスト（効率0.5）",
    "cost_compute_bound": "演算律速：1レプリカあたり毎秒{rate:.2f}リクエスト（ピーク演算性能の"
    "40%）",
    "cost_peak": "ピーク＝1日{requests_per_day:,.0f}リクエスト÷（{active_hours:g}時間×3600）×"
    "{factor}（レイテンシ優先度：{priority:priority}）＝毎秒{peak:.2f}リクエスト。レプリカ数＝"
    "切り上げ（1.2×{peak:.2f}÷{capacity:.2f}）＝{replicas}",
    "cost_images_unknown_throughput": "1レプリカあたりの毎秒画像数は推定していません（拡散モデルの"
    "所要時間はステップ数と解像度で決まります）：1レプリカで計算しているため費用は下限です。"
    "容量を確保する前に計測してください",
    "cost_monthly_gpu": "月額＝1 GPU時間あたり${hourly:.3f}×{gpus}基×{replicas}レプリカ×"
    "{hours:g}時間＝${monthly:,.2f}",
    "cost_no_rental": "知識ベースに {hardware} のレンタル価格がないため費用不明",
    "cost_no_dedicated_rental": "知識ベースに {hardware} の専有（セキュアクラウドまたは"
    "ハイパースケーラー）レンタル価格がないため費用不明",
    "cost_rental": "レンタル 1 GPU時間あたり${usd:g}（{vendor}、出典：{source:quote}、"
    "{as_of}時点）",
    "cost_rental_typical": "レンタル 1 GPU時間あたり${usd:g}（標準的な価格、出典：{source:quote}、"
    "{as_of}時点）",
    "cost_no_purchase": "知識ベースに {hardware} の購入価格がないため費用不明",
    "cost_owned": "自社保有：${purchase:,.0f}（出典：{source:quote}、{as_of}時点）を{months}か月で"
    "償却＝1時間あたり${capital:.3f}、電力費{tdp_w:g}W×1kWhあたり${kwh_usd}＝1時間あたり"
    "${power:.3f}を加算",
    "cost_owned_no_tdp": "自社保有：${purchase:,.0f}（出典：{source:quote}、{as_of}時点）を"
    "{months}か月で償却＝1時間あたり${capital:.3f}、電力費{tdp_w:g}W×1kWhあたり${kwh_usd}＝"
    "1時間あたり${power:.3f}を加算（消費電力が不明のため電力費は計上せず）",
    "config_precision": "{best} でも収まりますが{slower}。{chosen} が{which}最良の精度です"
    "（想定される品質低下{loss:.0%}、事前推定）",
    "config_takes": "1回答あたり約{answer_s:.1f}秒かかります",
    "config_is_slower": "より低速です",
    "config_meets": "目標を満たす",
    "config_fastest": "速度の面で（目標を満たすものはなし）",
    "config_answer": "1回答あたり約{answer_s:.1f}秒（{prompt_tokens:,}トークンのプロンプト、"
    "生成{generated_tokens:,.0f}トークンを毎秒{tokens_per_s:.0f}トークン以上で生成）、目標"
    "{target_s:g}秒：{verdict}",
    "config_answer_default": "レイテンシ目標なし：1回答あたり約{answer_s:.1f}秒、基準"
    "{assumed_s:.0f}秒（読む速さの毎秒{min_tokens_per_s:g}トークン＋プロンプト分{prompt_s:g}秒）"
    "：{verdict}",
    "target_met": "達成",
    "target_missed": "未達",
    "fit_context_over": "コンテキスト{context:,}トークンがモデルの上限{limit:,}トークンを超えます",
    "fit_needs_cuda": "{quantization} には CUDA 対応の GPU が必要です",
    "fit_runtime_platform": "{runtime} は {platform} のハードウェアでは動きません",
    "fit_runtime_quantization": "{runtime} は {quantization} の重みを扱えません（扱えるのは"
    "{supported:list}）",
    "fit_runtime_kv": "{runtime} には {kv_dtype} の KV キャッシュがありません（あるのは"
    "{supported:list}）",
    "fit_tensor_parallel": "テンソル並列にできません：GPU {devices}基ではヘッド数{heads}を割り切れ"
    "ません。割り切れる基数を指定してください",
    "fit_tensor_parallel_kv": "テンソル並列にできません：GPU {devices}基ではヘッド数{heads}と"
    "{kv_heads}を割り切れません。割り切れる基数を指定してください",
    "fit_needs_memory": "{context:,}トークン×{concurrency}並列（{quantization}）で"
    "{memory_gb:.1f}GB 必要ですが、{hardware} で使えるのは{usable_gb:.1f}GB です",
}

MESSAGES: dict[str, dict[str, str]] = {"en": EN, "ja": JA}

#: Names of criteria, questionnaire fields and languages shown to people (ids stay in JSON).
NAMES: dict[str, dict[str, str]] = {
    "en": {
        "criterion.quality": "quality",
        "criterion.language": "language",
        "criterion.cost": "cost",
        "criterion.speed": "speed",
        "criterion.fit": "memory headroom",
        "criterion.openness": "openness",
        "criterion.license_friction": "licence friction",
        "criterion.maturity": "maturity",
        "criterion.semantic_match": "match to the use case",
        "field.workload.context_tokens": "context length",
        "field.use_case": "use case",
        "field.tasks": "tasks",
        "field.languages": "languages",
        "field.language_weights": "language shares",
        "field.license": "licence",
        "field.workload": "workload",
        "field.workload.latency_p95_s": "answer time target (s)",
        "field.exchange_rates": "exchange rates",
        "field.budget_usd_per_month": "monthly budget (USD)",
        "field.budget_is_hard": "budget is a hard limit",
        "field.priorities": "priorities",
        "field.pairwise": "pairwise comparisons",
        "field.preset": "preset",
        "field.top_k": "shortlist length",
        "field.seed": "seed",
        "field.workload.requests_per_day": "requests per day",
        "field.budget_per_month": "monthly budget",
        "field.currency": "currency",
        "field.hardware": "hardware",
        "field.budget": "budget",
        "field.deployment": "deployment",
        "field.license.accept_conditions": "licence conditions",
        "field.license.commercial_use": "commercial use",
        "field.license.require_open_source": "open source only",
        "field.documented_languages_only": "documented languages only",
        "field.exclude_providers": "excluded makers and providers",
        "field.exclude_countries": "excluded countries",
        "field.data_residency": "data residency",
        "field.zero_retention": "zero data retention",
        "field.workload.input_tokens": "input tokens per request",
        "field.workload.output_tokens": "output tokens per request",
        "field.workload.concurrency": "concurrent requests",
        "field.workload.audio_minutes_per_request": "audio minutes per request",
        "field.hardware.gpus": "GPUs",
        "field.hardware.vram_gb": "GPU memory (GB)",
        "field.hardware.cpu_only": "CPU only",
        "field.hardware.ram_gb": "RAM (GB)",
        "field.hardware.runtime": "runtime",
        "field.hardware.kv_dtype": "KV cache precision",
        "deployment.any": "anywhere (APIs allowed)",
        "deployment.api_only": "APIs only",
        "deployment.private_cloud": "rented GPUs in our cloud",
        "deployment.on_prem": "our own hardware only",
        "preset.balanced": "balanced",
        "preset.quality_first": "quality first",
        "preset.cost_first": "cost first",
        "preset.open_and_private": "open and private",
        "modality.text": "text",
        "modality.image": "image",
        "modality.audio": "audio",
        "modality.video": "video",
        "modality.embedding": "embedding",
        "category.llm": "language",
        "category.vlm": "vision-language",
        "category.speech_to_text": "speech-to-text",
        "category.text_to_speech": "text-to-speech",
        "category.image_generation": "image-generation",
        "category.embedding": "embedding",
        "category.other": "other",
        "level.strong": "strong",
        "level.good": "good",
        "level.basic": "basic",
        "level.None": "unknown",
        "status.current": "current",
        "status.superseded": "superseded",
        "status.deprecated": "deprecated",
        "status.retired": "retired",
        "offering.community_cloud": "community cloud",
        "offering.secure_cloud": "secure cloud",
        "offering.hyperscaler": "hyperscaler",
        "offering.rental": "rental",
        "priority.low": "low",
        "priority.medium": "medium",
        "priority.high": "high",
        "license_class.osi_permissive": "OSI permissive",
        "license_class.osi_copyleft": "OSI copyleft",
        "license_class.open_rail": "Open RAIL",
        "license_class.community_restricted": "community licence with restrictions",
        "license_class.noncommercial": "non-commercial",
        "license_class.proprietary_api": "proprietary API terms",
        "license_class.unlicensed": "no licence",
        "lang.en": "English",
        "lang.ja": "Japanese",
        "lang.zh": "Chinese",
        "lang.ko": "Korean",
        "lang.fr": "French",
        "lang.de": "German",
        "lang.es": "Spanish",
        "lang.pt": "Portuguese",
        "lang.it": "Italian",
        "lang.ru": "Russian",
        "lang.ar": "Arabic",
        "lang.hi": "Hindi",
        "lang.vi": "Vietnamese",
    },
    "ja": {
        "criterion.quality": "品質",
        "criterion.language": "言語",
        "criterion.cost": "コスト",
        "criterion.speed": "速度",
        "criterion.fit": "メモリの余裕",
        "criterion.openness": "オープン性",
        "criterion.license_friction": "ライセンス上の負担",
        "criterion.maturity": "成熟度",
        "criterion.semantic_match": "用途との一致",
        "field.workload.context_tokens": "コンテキスト長",
        "field.use_case": "ユースケース",
        "field.tasks": "タスク",
        "field.languages": "言語",
        "field.language_weights": "言語の比率",
        "field.license": "ライセンス",
        "field.workload": "ワークロード",
        "field.workload.latency_p95_s": "回答時間の目標（秒）",
        "field.exchange_rates": "為替レート",
        "field.budget_usd_per_month": "月額予算（USD）",
        "field.budget_is_hard": "予算は上限",
        "field.priorities": "優先度",
        "field.pairwise": "一対比較",
        "field.preset": "プリセット",
        "field.top_k": "候補数",
        "field.seed": "シード",
        "field.workload.requests_per_day": "1日のリクエスト数",
        "field.budget_per_month": "月額予算",
        "field.currency": "通貨",
        "field.hardware": "ハードウェア",
        "field.budget": "予算",
        "field.deployment": "デプロイ形態",
        "field.license.accept_conditions": "ライセンス条件",
        "field.license.commercial_use": "商用利用",
        "field.license.require_open_source": "オープンソースのみ",
        "field.documented_languages_only": "文書化された言語のみ",
        "field.exclude_providers": "除外する開発元・提供元",
        "field.exclude_countries": "除外する国",
        "field.data_residency": "データ所在地",
        "field.zero_retention": "データ保持ゼロ",
        "field.workload.input_tokens": "1リクエストの入力トークン数",
        "field.workload.output_tokens": "1リクエストの出力トークン数",
        "field.workload.concurrency": "同時リクエスト数",
        "field.workload.audio_minutes_per_request": "1リクエストの音声（分）",
        "field.hardware.gpus": "GPU",
        "field.hardware.vram_gb": "GPUメモリ（GB）",
        "field.hardware.cpu_only": "CPUのみ",
        "field.hardware.ram_gb": "メモリ（GB）",
        "field.hardware.runtime": "実行環境",
        "field.hardware.kv_dtype": "KVキャッシュの精度",
        "deployment.any": "制限なし（API も可）",
        "deployment.api_only": "API のみ",
        "deployment.private_cloud": "自社クラウドのレンタル GPU",
        "deployment.on_prem": "自社ハードウェアのみ",
        "preset.balanced": "バランス",
        "preset.quality_first": "品質重視",
        "preset.cost_first": "コスト重視",
        "preset.open_and_private": "オープン・プライベート重視",
        "modality.text": "テキスト",
        "modality.image": "画像",
        "modality.audio": "音声",
        "modality.video": "動画",
        "modality.embedding": "埋め込み",
        "category.llm": "言語モデル",
        "category.vlm": "視覚言語モデル",
        "category.speech_to_text": "音声認識モデル",
        "category.text_to_speech": "音声合成モデル",
        "category.image_generation": "画像生成モデル",
        "category.embedding": "埋め込みモデル",
        "category.other": "モデル",
        "level.strong": "強い",
        "level.good": "良好",
        "level.basic": "基本的",
        "level.None": "不明",
        "status.current": "現行",
        "status.superseded": "後継あり",
        "status.deprecated": "非推奨",
        "status.retired": "提供終了",
        "offering.community_cloud": "コミュニティクラウド",
        "offering.secure_cloud": "セキュアクラウド",
        "offering.hyperscaler": "ハイパースケーラー",
        "offering.rental": "レンタル",
        "priority.low": "低",
        "priority.medium": "中",
        "priority.high": "高",
        "license_class.osi_permissive": "寛容型オープンソース（OSI 承認）",
        "license_class.osi_copyleft": "コピーレフト型オープンソース（OSI 承認）",
        "license_class.open_rail": "利用制限付きの責任ある AI ライセンス",
        "license_class.community_restricted": "制限付きのコミュニティライセンス",
        "license_class.noncommercial": "非商用ライセンス",
        "license_class.proprietary_api": "独自の API 利用規約",
        "license_class.unlicensed": "ライセンスなし",
        "lang.en": "英語",
        "lang.ja": "日本語",
        "lang.zh": "中国語",
        "lang.ko": "韓国語",
        "lang.fr": "フランス語",
        "lang.de": "ドイツ語",
        "lang.es": "スペイン語",
        "lang.pt": "ポルトガル語",
        "lang.it": "イタリア語",
        "lang.ru": "ロシア語",
        "lang.ar": "アラビア語",
        "lang.hi": "ヒンディー語",
        "lang.vi": "ベトナム語",
    },
}
