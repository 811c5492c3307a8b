"""Every string the wizard shows, one table per language (English, Japanese).

Keys are dotted names; ``{name}`` fields are filled by :func:`ui.i18n.text`. A test checks that
both tables have exactly the same keys and the same fields.
"""

from __future__ import annotations

from recommender.message_strings import NAMES

__all__ = ["EN", "JA", "STRINGS"]

EN: dict[str, str] = {
    # frame
    "app.title": "modelrec",
    "app.tagline": "Choose a model you can defend: describe your needs, get a ranked and "
    "explained shortlist, test it on your prompts, export the decision.",
    "step.use_case": "Use case",
    "step.constraints": "Constraints",
    "step.priorities": "Priorities",
    "step.shortlist": "Shortlist",
    "step.validate": "Validate",
    "step.report": "Report",
    "nav.back": "← Back",
    "nav.next": "Next →",
    "session.start_over": "Start over",
    "session.duplicate": "Duplicate",
    "session.id": "Session {sid}",
    "session.saved_hint": "Every answer is saved; bookmark this page's address to come back "
    "to it (it lets you edit).",
    "session.share": "Share this link: it opens the session read-only.",
    "session.not_found": "No saved session has the id in this address (below, as given); a new "
    "session was started on the first page.",
    "session.read_only": "Read-only: this is a shared link. You can look through every page, "
    "but nothing you change here is saved. Make a copy to edit it.",
    "session.read_only_changed": "You changed answers here: they are not saved. Make a copy to "
    "keep them.",
    "session.make_copy": "Make a copy to edit",
    "session.conflict": "This session was changed by someone else — reload or keep yours. "
    "Nothing is saved until you choose.",
    "session.reload": "Reload theirs",
    "session.keep_mine": "Keep yours",
    "session.duplicated": "This is a copy of session {sid}; changes here leave the original "
    "as it was.",
    "kb.as_of": "Knowledge base facts as of {date}",
    "kb.stale": "The knowledge base's newest fact is from {date}, {days:count/day/days} ago: "
    "models, prices and licences may have changed since. Update it before you decide.",
    "words.quote": "“{w}”",
    "words.separator": ", ",
    # validation messages
    "problem.field": "{field}: {message}",
    "problem.required": "required",
    "problem.min_chars": "write at least {n:count/character/characters}",
    "problem.gt": "must be greater than {n}",
    "problem.ge": "must be at least {n}",
    "problem.le": "must be at most {n}",
    "problem.on_prem_hardware": "on your own hardware needs hardware: choose GPUs from the "
    "catalogue, give the VRAM, or CPU-only with the RAM",
    "problem.cpu_ram": "CPU-only needs the machine's RAM in GB",
    "problem.hard_budget": "a hard budget limit needs a monthly budget",
    "problem.all_zero": "every importance is 0: give at least one criterion an importance above 0",
    "problem.missing_pairs": "missing comparisons: {pairs}",
    "problem.choose_gpu": "choose a GPU from the catalogue",
    "problem.unknown_task": "unknown task '{name}'",
    "problem.one_gpu": "give one GPU model (with a count); mixed GPUs are not supported",
    "problem.max_chars": "write at most {n:count/character/characters}",
    "problem.private_cloud_hardware": "rented GPUs do not use your hardware: set your hardware "
    "to 'not specified', or choose 'anywhere' or 'our own hardware' to run on it",
    "problem.api_only_hardware": "APIs only uses no hardware of yours: set your hardware to "
    "'not specified', or choose 'anywhere' to compare APIs with running on it",
    "problem.hardware_empty": "choose GPUs from the catalogue, give the VRAM, or CPU-only with "
    "the RAM",
    "problem.cpu_excludes_gpus": "CPU-only cannot be combined with GPUs or VRAM",
    "problem.budget_twice": "give the budget once, in one currency",
    "problem.language_code": "not a two-letter ISO 639-1 language code: {codes}; use codes such "
    "as en, ja, zh, ko, de, fr",
    "problem.did_you_mean": " (did you mean {near}?)",
    "problem.language_twice": "a language is listed twice",
    "problem.weights": "traffic shares name languages that are not chosen: {names}",
    "problem.weight_range": "traffic shares must be above 0 and at most 1",
    "problem.country_code": "not a two-letter country code (ISO 3166-1 alpha-2): {codes}; use "
    "codes such as cn, us, jp",
    # 1. use case
    "use_case.intro": "Describe what the model should do, in English or Japanese. The tasks, "
    "languages and domain are inferred from your words; check them below.",
    "use_case.label": "What should the model do?",
    "use_case.placeholder": "e.g. Answer customer questions about our products in Japanese, "
    "using our FAQ and manuals",
    "use_case.help": "A sentence or two about the job, the users and the documents involved.",
    "use_case.limit": "At most {n} characters ({used} written).",
    "use_case.no_words": "There are no words to infer the task from (only symbols, emoji or "
    "numbers): describe in a sentence what the model should do.",
    "use_case.examples": "Start from an example",
    "use_case.analyse": "Infer tasks and languages",
    "use_case.analysing": "Reading the use case (the first time loads the language model)…",
    "use_case.confirm": "Not sure about the task (confidence {confidence}): please check the "
    "tasks below, then press Next.",
    "use_case.confident": "Tasks inferred with confidence {confidence}; change them if needed.",
    "use_case.inferred": "Inferred: ",
    "use_case.domain": "Domain: {domain} (from the words {words})",
    "use_case.stale": "The text changed since the tasks were inferred; they will be inferred "
    "again when you press Next.",
    "use_case.tasks": "Tasks",
    "use_case.tasks_help": "What the model must do. Leave empty to let the use case decide.",
    "use_case.tasks_placeholder": "inferred from the use case",
    "use_case.languages": "Languages",
    "use_case.languages_help": "Languages the model must read and write. Leave empty to "
    "detect them from the use case.",
    "use_case.languages_placeholder": "detected from the use case",
    "use_case.language_shares": "Share of the traffic per language (from the example): {shares}",
    "suggest.title": "Answers your text suggests",
    "suggest.item": "**{answer}**: {value} — from {words}",
    "suggest.budget_value": "{amount} a month",
    "suggest.apply": "Apply",
    "suggest.applied": "Applied ✓",
    "suggest.apply_all": "Apply all",
    "suggest.caption": "Nothing is applied until you press a button. An applied answer fills "
    "the question on the Constraints page (or the tasks below), where you can still change it.",
    "example.code_assistant_api": "Coding assistant, APIs allowed",
    "example.commercial_image_generation": "Product images for clients",
    "example.cpu_laptop": "Private assistant on a laptop (CPU)",
    "example.high_volume_classification": "200,000 tickets a day, cost first",
    "example.ja_support_onprem": "Japanese support bot on one RTX 4090",
    "example.long_contract_analysis": "Japanese contract review, long context",
    "example.onprem_transcription": "Hospital dictation on site",
    "example.open_source_lab": "Research lab, open source only",
    # 2. constraints
    "constraints.license": "Licence",
    "constraints.commercial": "The model will be used commercially",
    "constraints.commercial_help": "Excludes non-commercial and research-only licences.",
    "constraints.conditions": "Legal review accepts licence conditions",
    "constraints.conditions_help": "Monthly-user caps, acceptable-use policies, naming and "
    "attribution rules. Unticked, models with such conditions are excluded.",
    "constraints.open_source": "Require an OSI-approved open-source licence",
    "constraints.open_source_help": "Only licences such as Apache-2.0 or MIT; excludes "
    "community licences and APIs.",
    "constraints.deployment": "Deployment and privacy",
    "constraints.deployment_label": "Where may the model run and the data go?",
    "constraints.deployment_help": "On your own hardware keeps data on site; rented GPUs keep "
    "it in your cloud account; APIs send it to the provider. APIs only compares API models "
    "alone.",
    "deployment.any": "Anywhere: APIs allowed",
    "deployment.api_only": "APIs only (we host no model)",
    "deployment.private_cloud": "Rented GPUs in our cloud (no APIs)",
    "deployment.on_prem": "Our own hardware only (data stays on site)",
    "constraints.hardware": "Hardware",
    "detect.button": "Detect this machine",
    "detect.help": "Reads this computer's RAM and, when PyTorch sees them, its GPUs.",
    "detect.running": "Looking at this machine…",
    "detect.result": "Detected GPUs: {gpus}; RAM: {ram} GB.",
    "detect.none": "none",
    "constraints.hardware_mode": "Our hardware",
    "constraints.hardware_help": "Needed for 'our own hardware only'; otherwise optional.",
    "hardware.none": "Not specified",
    "hardware.catalog": "GPUs from the catalogue",
    "hardware.vram": "GPU memory (GB)",
    "hardware.cpu": "CPU only",
    "hardware.gpu": "GPU",
    "hardware.gpu_placeholder": "choose a GPU",
    "hardware.count": "How many",
    "hardware.vram_help": "Memory of one GPU, in GB, when yours is not in the catalogue.",
    "hardware.ram": "RAM (GB)",
    "hardware.ram_help": "The machine's memory in GB; models run on the CPU.",
    "hardware.not_used_private_cloud": "Rented GPUs: the plans rent dedicated GPUs in your "
    "cloud account, so your own hardware is not asked for.",
    "hardware.not_used_api_only": "APIs only: no hardware of yours is used.",
    "constraints.workload": "Workload",
    "workload.requests": "Requests per day",
    "workload.requests_help": "Average over a working month; sizes replicas and cost.",
    "workload.input": "Input tokens per request",
    "workload.output": "Output tokens per request",
    "workload.tokens_help": "About 0.75 English words or 1-2 Japanese characters per token.",
    "workload.context": "Longest context (tokens)",
    "workload.context_help": "The longest prompt plus documents one request needs. Leave it "
    "empty if you do not know: the task's typical context is then used for the estimates and "
    "excludes no model. A number you give is a hard requirement: models with a shorter context "
    "are excluded.",
    "workload.context_placeholder": "not stated: the task's typical context",
    "workload.latency": "Target time for a full answer (s, p95)",
    "workload.latency_help": "Leave empty when there is no target.",
    "workload.concurrency": "Requests at the same time",
    "workload.concurrency_help": "Peak number of requests served at once.",
    "workload.audio": "Minutes of audio per request",
    "workload.audio_help": "Speech tasks: the length of one recording. Leave empty to use the "
    "task's typical length.",
    "constraints.origin": "Origin and data handling",
    "origin.intro": "Who made a model and where an API processes data. Empty means no requirement.",
    "origin.countries": "Countries whose models not to use",
    "origin.countries_placeholder": "choose or type a two-letter code",
    "origin.countries_help": "ISO 3166-1 two-letter codes (cn, us, jp…). A model counts as from "
    "the country of its maker and of the makers of the models it was tuned from; a model whose "
    "origin is not recorded goes to the 'could not verify' list.",
    "origin.providers": "Makers and API providers not to use",
    "origin.providers_placeholder": "choose or type a name",
    "origin.providers_help": "Fine-tunes of an excluded maker's models are excluded too.",
    "origin.residency": "APIs must process data in",
    "origin.residency_placeholder": "any region",
    "origin.residency_help": "An API qualifies when its processing can be pinned to one of "
    "these regions. Models you host keep data where you run them.",
    "origin.zero_retention": "APIs must offer zero data retention",
    "origin.zero_retention_help": "No prompts or answers kept by the provider (often on request).",
    "origin.documented_languages": "Only models that document my languages",
    "origin.documented_languages_help": "Excludes models whose support for a required language "
    "is not documented. Otherwise undocumented or inherited support is only a penalty.",
    "country.cn": "China",
    "country.us": "United States",
    "country.jp": "Japan",
    "country.kr": "South Korea",
    "country.fr": "France",
    "country.de": "Germany",
    "country.gb": "United Kingdom",
    "country.ca": "Canada",
    "country.ch": "Switzerland",
    "country.ae": "United Arab Emirates",
    "country.il": "Israel",
    "country.in": "India",
    "country.ru": "Russia",
    "region.us": "United States",
    "region.eu": "European Union",
    "region.uk": "United Kingdom",
    "region.ca": "Canada",
    "region.jp": "Japan",
    "region.kr": "South Korea",
    "region.sg": "Singapore",
    "region.in": "India",
    "region.au": "Australia",
    "region.ae": "United Arab Emirates",
    "region.cn": "China",
    "constraints.budget": "Budget",
    "budget.currency": "Currency",
    "budget.currency_help": "The budget's currency, and the one costs are shown in. Changing it "
    "converts the budget.",
    "budget.monthly": "Monthly budget ({currency})",
    "budget.help": "Leave empty when there is none.",
    "budget.hard": "Exclude options above the budget",
    "budget.hard_help": "Otherwise the budget only lowers the cost score of dearer options.",
    "budget.rate": "Rate: {currency} per US dollar",
    "budget.rate_help": "Prices are in US dollars; costs and the budget are converted at this "
    "rate. Put in today's rate if you like.",
    "budget.rate_source": "Knowledge base: 1 USD = {rate} {currency} as of {as_of} ({source})",
    "budget.in_usd": "At this rate the budget is about {usd} a month.",
    # 3. priorities
    "priorities.intro": "How much does each criterion matter (0 = not at all, 5 = very much)? "
    "Start from a preset and adjust.",
    "priorities.preset": "Preset",
    "priorities.preset_help": "Choosing a preset sets the sliders.",
    "preset.balanced": "Balanced",
    "preset.quality_first": "Quality first",
    "preset.cost_first": "Cost first",
    "preset.open_and_private": "Open and private",
    "criterion.quality": "Quality",
    "criterion.quality.help": "Published benchmarks for your tasks, blended with a size prior.",
    "criterion.cost": "Cost",
    "criterion.cost.help": "Estimated monthly cost at your volume.",
    "criterion.speed": "Speed",
    "criterion.speed.help": "Time to a full answer against your target.",
    "criterion.language": "Language support",
    "criterion.language.help": "Documented support for your languages.",
    "criterion.fit": "Hardware headroom",
    "criterion.fit.help": "Memory left over on your hardware.",
    "criterion.openness": "Openness",
    "criterion.openness.help": "Open weights and licence class.",
    "criterion.license_friction": "Licence friction",
    "criterion.license_friction.help": "Fewer licence conditions score higher.",
    "criterion.maturity": "Maturity",
    "criterion.maturity.help": "Current releases score above superseded or deprecated ones.",
    "criterion.semantic_match": "Fit to the use case",
    "criterion.semantic_match.help": "How closely the model's description matches your use case.",
    "priorities.top_k": "Models in the shortlist",
    "priorities.reset": "Reset to the preset",
    "pairwise.title": "Advanced: compare criteria in pairs",
    "pairwise.use": "Weigh by pairwise comparison (replaces the sliders)",
    "pairwise.help": "For each pair, say which matters more and by how much (Saaty's 1-9 "
    "scale); the weights follow, with a check that the answers agree.",
    "pairwise.criteria": "Criteria to compare",
    "pairwise.equal": "equally important",
    "pairwise.more": "{a} {n}× more important than {b}",
    "pairwise.need_two": "Choose at least two criteria.",
    "pairwise.cr_na": "With two criteria the answers cannot contradict each other.",
    "pairwise.consistent": "Consistent answers (consistency ratio {cr} ≤ 0.1).",
    "pairwise.inconsistent": "The comparisons contradict each other (consistency ratio {cr} > "
    "0.1): revisit them.",
    "pairwise.direction": "Pull each slider toward the criterion that matters more: the middle "
    "is equally important, one notch 2× more, the far end 9× more.",
    "pairwise.fix": "The most inconsistent comparison: {a} vs {b}, now “{now}”. Changing it to "
    "“{to}” brings the consistency ratio to {cr}.",
    "pairwise.apply_fix": "Change it",
    "pairwise.confirm": "Rank with these comparisons anyway (they contradict each other)",
    "pairwise.blocked": "the comparisons contradict each other (consistency ratio {cr} > 0.1): "
    "change the one suggested, or confirm that you want to rank with them",
    # 4. shortlist
    "shortlist.fix_first": "Some answers need fixing before a shortlist can be made:",
    "shortlist.go_fix": "Go to the first one",
    "shortlist.computing": "Ranking the models…",
    "shortlist.failed": "The shortlist could not be made: {message}",
    "shortlist.empty": "No model meets every constraint ({excluded} excluded). The list below "
    "says why; relax a constraint and try again.",
    "shortlist.summary": "{n:count/model meets/models meet} your constraints; "
    "{excluded:count/was/were} excluded.",
    "shortlist.context_stated": "Context of {n} tokens, as you stated: models with a shorter "
    "context are excluded.",
    "shortlist.context_not_stated": "Context not stated: the estimates use {n} tokens, typical "
    "for the task; it excludes no model.",
    "shortlist.unknown_everywhere": "Unknown for every model here, so left out of every score: "
    "{criteria}.",
    "shortlist.currency": "Money in {currency} at 1 USD = {rate} {currency} (the knowledge "
    "base's rate as of {as_of}; change it on the Constraints page).",
    "shortlist.currency_yours": "Money in {currency} at 1 USD = {rate} {currency}, the rate you "
    "gave.",
    "shortlist.details": "Details per model: licence conditions, quality basis, answer time, "
    "warnings",
    "tie.tied": "Statistically tied: {models}. The estimates cannot separate them, so there is "
    "no winner yet: validate these on your prompts (page 5) before choosing.",
    "tie.leader": "Justified leader: {model}.",
    "tie.reason": "Why: {reason}",
    "relax.title": "Only {n:count/model/models} passed, fewer than the {k} asked for. What would "
    "admit more:",
    "relax.item": "**{answer}**: {suggestion} — admits {n} ({models})",
    "stack.title": "Retrieval model for the RAG stack",
    "stack.caption": "Answers come from your documents: an embedding model finds the passages "
    "the generator answers from. Ranked under the same constraints.",
    "details.quality": "Quality {value}: {basis}",
    "details.scores": "Scores used: {scores}",
    "details.below_floor": "Below the task's quality floor: {why}",
    "details.answer": "A full answer takes about {seconds} s ({verdict})",
    "details.meets": "meets your target",
    "details.misses": "misses your target",
    "details.no_target": "no target given",
    "details.cost": "Monthly cost {cost} ({basis})",
    "details.evidence": "Evidence: {kinds}",
    "details.flag": "⚠️ {text}",
    "details.over_budget": "costs {cost} a month, over the {budget} budget",
    "details.demoted": "Ranked after the adequate models: {why}",
    "details.unknown": "Left out of the score because unknown: {criteria}",
    "table.rank": "Rank",
    "table.model": "Model",
    "table.quality": "Quality (range)",
    "table.quality_help": "Expected quality for your tasks, 0 to 1, with its uncertainty range. "
    "The basis (which benchmarks) is in the details below.",
    "table.license": "Licence",
    "table.fit": "Runs on",
    "table.speed": "Tokens/s",
    "table.speed_help": "Estimated generation speed on the planned hardware (slow–fast).",
    "table.cost": "Monthly cost",
    "table.cost_help": "Estimated monthly cost at your volume, in your currency.",
    "table.score": "Score",
    "table.score_help": "Weighted sum of the criteria (0 to 1) with your priorities.",
    "table.notes": "Notes",
    "table.notes_help": "Marked ⚠ in the table: warnings that do not exclude (shutting down, "
    "over budget, context from its base model…), why a model ranks after the adequate ones, "
    "criteria left out as unknown. The engine's own words are in the details.",
    "flag.shutting_down": "shutting down",
    "flag.deprecated": "deprecated",
    "flag.over_budget": "over budget",
    "flag.misses_latency_target": "misses the time target",
    "flag.short_context_fit": "fits only a shorter context",
    "flag.context_inherited": "context from its base model",
    "flag.demoted": "ranked after adequate models",
    "flag.unknown": "unknown: {criteria}",
    "table.api": "API (no hardware)",
    "table.self_hosted": "self-hosted",
    "license.allowed": "allowed",
    "license.conditional": "conditions apply",
    "license.not_allowed": "not allowed",
    "evidence.catalog": "catalogue",
    "evidence.estimated": "estimated",
    "evidence.unknown": "unknown",
    "evidence.measured": "measured",
    "chart.quality_cost_title": "Quality vs monthly cost",
    "chart.contrib_title": "What each criterion contributes",
    "chart.acceptability_title": "How often each model takes each rank when the weights vary",
    "chart.no_cost": "No candidate has a known monthly cost, so there is no cost chart.",
    "chart.cost_flat": "The monthly costs do not tell these models apart (every known cost is "
    "the same, as on hardware you already own): the chart shows them in one column, and "
    "quality and the other criteria decide.",
    "chart.pareto_caption": "The dashed line joins the models no other model beats on both "
    "quality and cost.",
    "sensitivity.title": "How stable is the ranking?",
    "sensitivity.none": "Sensitivity needs at least two candidates.",
    "sensitivity.critical": "Most critical criterion: {criterion} (a weight change of {change} "
    "changes the winner).",
    "sensitivity.criterion": "Move the weight of",
    "sensitivity.weight": "Weight",
    "sensitivity.weight_help": "The other weights are rescaled in proportion.",
    "sensitivity.stable": "The order of the top models holds while the weight of {criterion} "
    "stays between {low} and {high} (now {current}).",
    "sensitivity.before": "Rank before",
    "sensitivity.change": "Change",
    "sensitivity.acceptability_caption": "{samples} weightings sampled around yours (seed {seed}).",
    "sensitivity.what_it_takes": "What it would take for a runner-up to win",
    "advice.title": "How to use it",
    "advice.approach": "Approach",
    "advice.variant": "Kind of model",
    "advice.api_vs_open": "API or open weights",
    "advice.also": "Also consider",
    "approach.prompting": "prompting",
    "approach.rag": "retrieval-augmented generation (RAG)",
    "approach.fine_tuning": "fine-tuning",
    "variant.instruct": "instruction-tuned",
    "variant.reasoning": "reasoning",
    "variant.domain": "domain fine-tune",
    "variant.code": "code model",
    "variant.base": "base model",
    "whynot.title": "Why not…? (excluded models)",
    "whynot.search": "Search the excluded models",
    "whynot.placeholder": "a model name or a reason, e.g. llama or licence",
    "whynot.reasons": "Reasons",
    "whynot.count": "{shown} of {total} excluded models shown.",
    "unverified.title": "Could not verify",
    "unverified.intro": "A requirement you stated depends on a fact that is unknown for these "
    "models, so they are neither ranked nor excluded: an unknown never passes a requirement. "
    "Check one yourself if it matters.",
    "unverified.search": "Search the models that could not be verified",
    "unverified.count": "{shown} of {total} models that could not be verified shown.",
    # 5. validate
    "validate.intro": "Run the shortlisted open models on sample prompts on this machine to "
    "replace estimates with measurements: pass rate, speed, memory. Weights must already be "
    "on this machine (a local folder or the Hugging Face cache); nothing is downloaded.",
    "validate.need_shortlist": "Complete the earlier pages first: the shortlist is needed here.",
    "validate.models": "Shortlisted open models to run",
    "validate.models_help": "Their weights must be in the local Hugging Face cache.",
    "validate.models_placeholder": "choose models",
    "validate.paths": "Local model folders (one per line)",
    "validate.paths_help": "A folder with a transformers model; write ID=FOLDER to let it "
    "stand for a model of the knowledge base (e.g. qwen3-4b=/models/qwen3-4b).",
    "validate.paths_placeholder": "/path/to/model",
    "validate.source": "Prompts",
    "validate.source_suite": "A built-in suite",
    "validate.source_upload": "My own prompts (upload)",
    "validate.suite": "Prompt suite",
    "validate.suite_placeholder": "choose a suite",
    "validate.suite_help": "Eight prompts per task in English and Japanese, with automatic checks.",
    "validate.upload": "Prompt file",
    "validate.upload_help": "YAML, JSONL or CSV: one prompt per entry, with optional checks.",
    "validate.uploaded": "Using the uploaded prompts: {name}",
    "validate.device": "Device",
    "validate.device_auto": "automatic",
    "validate.device_cpu": "CPU",
    "validate.device_cuda": "GPU (CUDA)",
    "validate.max_tokens": "Longest answer (tokens)",
    "validate.max_tokens_help": "Answers stop after this many tokens.",
    "validate.run": "Run validation",
    "validate.no_models": "Choose at least one model or give a local folder.",
    "validate.no_prompts": "Choose a prompt suite or upload prompts.",
    "validate.starting": "Starting…",
    "validate.progress": "{model} (model {i} of {n}): {done}/{total} prompts · {status}",
    "validate.done": "Validation finished.",
    "validate.not_run": "No validation run yet: the shortlist's figures are estimates.",
    "validate.results": "Results side by side",
    "validate.run_info": "Run {run} · suite {suite} · {n:count/prompt/prompts}",
    "validate.col_model": "Model",
    "validate.col_status": "Status",
    "validate.col_pass": "Checks passed (95% CI)",
    "validate.col_decode": "Decode (tokens/s)",
    "validate.col_ttft": "First token (s)",
    "validate.col_p95": "Latency p95 (s)",
    "validate.col_memory": "Peak memory (GB)",
    "validate.col_cost": "USD per 1M tokens",
    "validate.col_prompt": "Prompt",
    "validate.col_after": "Rank after",
    "validate.col_changed": "Measured values that changed",
    "validate.answers": "The answers, prompt by prompt (✓ passed, ✗ failed its checks)",
    "validate.reranked": "The shortlist re-ranked with the measurements",
    "validate.no_change": "The measurements did not change the ranking.",
    "validate.highlight": "Highlighted rows changed rank or had estimates replaced by "
    "measurements.",
    "validate.clear": "Discard this run",
    "validate.paths_stand_in": "These folders are stand-ins (not the catalogued model)",
    "validate.paths_stand_in_help": "A folder named ID=FOLDER is checked against the catalogued "
    "model (parameters, layers, width); a smaller or random model is refused unless marked a "
    "stand-in. Stand-ins are measured and labelled but never change the ranking.",
    "validate.availability": "Which shortlisted models can run",
    "validate.col_available": "Available",
    "validate.col_how": "How to run it",
    "validate.avail_cached": "weights in local cache",
    "validate.avail_endpoint": "endpoint configured",
    "validate.avail_unavailable": "not available",
    "validate.endpoints": "OpenAI-compatible endpoints (vLLM, llama.cpp, Ollama, LM Studio, "
    "SGLang, TGI, or an API)",
    "validate.endpoint_url": "Base URL",
    "validate.endpoint_url_help": "For example http://127.0.0.1:8000/v1 for a local server, or "
    "https://api.openai.com/v1.",
    "validate.endpoint_model": "Model name the endpoint serves",
    "validate.endpoint_as": "Shortlisted model it serves",
    "validate.endpoint_as_none": "none (not in the catalogue)",
    "validate.endpoint_key_env": "Environment variable holding the key (optional)",
    "validate.endpoint_key_env_help": "The name of the variable, e.g. OPENAI_API_KEY, never the "
    "key itself: the key is read when the run starts and never saved.",
    "validate.endpoint_stand_in": "A stand-in (not the catalogued model)",
    "validate.endpoint_add": "Add endpoint",
    "validate.endpoint_remove": "Remove",
    "validate.endpoint_need": "Give the endpoint's base URL and the model name it serves.",
    "validate.endpoint_listed": "{model} at {url}",
    "validate.languages": "Prompt languages",
    "validate.languages_help": "The suite's prompts in these languages only; by default the "
    "languages of your use case.",
    "validate.cancel": "Cancel the run",
    "validate.cancelled": "Cancelled: the answers finished so far are kept (run {run}; "
    "`modelrec validate --resume {run}` finishes it).",
    "validate.error": "The validation could not start: {message}",
    # validation errors by code (recommender.errors.ModelrecError.code); outside text (a URL,
    # a path, a name, a server's answer) arrives quoted
    "validate.err.endpoint_url": "{url} is not an endpoint's base URL: give one like "
    "http://127.0.0.1:8000/v1.",
    "validate.err.endpoint_credentials": "The endpoint URL {url} holds credentials or a query "
    "string: put the key in an environment variable and give that variable's name.",
    "validate.err.endpoint_key_env_name": "Give the name of the environment variable that holds "
    "the key (e.g. OPENAI_API_KEY), not the key itself.",
    "validate.err.endpoint_model_missing": "Give the model name the endpoint serves.",
    "validate.err.endpoint_key_unset": "The environment variable {env} is not set: set it to the "
    "key before starting the wizard.",
    "validate.err.endpoint_not_served": "{url} does not serve {model}; it serves: {served}.",
    "validate.err.endpoint_mismatch": "{model} at {url} is not {kb_id}: {checks}. To measure it "
    "anyway in its place, add it as a stand-in: its answers are then shown but never change the "
    "ranking.",
    "validate.err.endpoint_refused_key": "{url} refused the key in {env}.",
    "validate.err.endpoint_refused_no_key": "{url} asks for a key: give the name of the "
    "environment variable that holds it.",
    "validate.err.endpoint_status": "{url} answered HTTP {status} when asked for its models: "
    "{detail}",
    "validate.err.endpoint_unreachable": "Cannot reach {url} ({error}): is the server running, "
    "and is the URL its OpenAI base URL (usually ending in /v1)?",
    "validate.err.folder_mismatch": "The folder {folder} is not {kb_id}: {checks}. To measure it "
    "anyway in its place, mark the folders as stand-ins: the results are then labelled and never "
    "change the ranking.",
    "validate.err.not_model_dir": "{path} is not a folder holding a model (config.json).",
    "validate.err.no_config": "{path} holds no config.json, so it is not a transformers model "
    "folder.",
    "validate.err.not_a_model": "{spec} is not a local folder, a catalogued model or a Hugging "
    "Face repo id (owner/name).",
    "validate.err.not_in_cache": "The weights of {spec} (Hugging Face repo {repo}) are not in the "
    "local Hugging Face cache: download them first (`modelrec validate --download`), or give a "
    "local folder.",
    "validate.err.no_hf_repo": "{kb_id} has no Hugging Face repo in the knowledge base.",
    "validate.err.api_model": "{kb_id} is an API model: only open-weight models run on this "
    "machine; add its endpoint instead.",
    "validate.err.model_twice": "A model is listed twice.",
    "validate.err.no_models": "Choose at least one model or give a local folder.",
    "validate.err.unknown_model": "{name} is not a catalogued model.",
    "validate.err.did_you_mean": " Did you mean {names}?",
    "validate.err.prompts_invalid": "The prompt file has {n:count/problem/problems}: {problems}",
    "validate.err.other": "the harness said {detail}",
    "validate.err.none": "nothing",
    "validate.model_message": "{model} ({status}): {detail}",
    "validate.status.pending": "not run",
    "validate.status.completed": "completed",
    "validate.status.failed": "failed",
    "validate.status.load_error": "failed to load",
    "validate.status.does_not_fit": "does not fit in memory",
    "validate.status.out_of_memory": "ran out of memory",
    "validate.status.timeout": "timed out",
    "validate.status.crashed": "stopped with an error",
    "validate.status.cancelled": "cancelled",
    "validate.check.parameters": "{found} parameters, {catalogued} catalogued",
    "validate.check.num_hidden_layers": "{found} layers in config.json, {catalogued} catalogued",
    "validate.check.hidden_size": "hidden size {found} in config.json, {catalogued} catalogued",
    "validate.check.api_id": "it serves {found}, the catalogued API id is {catalogued}",
    "validate.check.other": "{what} {found}, {catalogued} catalogued",
    "validate.stand_in": "stand-in",
    "validate.stand_in_note": "{model} ran as a stand-in: shown here, never used to re-rank.",
    "shortlist.measured": "Ranked with the measurements of validation run {run} (estimates "
    "replaced where measured on the same hardware and precision).",
    # 6. report
    "report.intro": "The decision report for managers, legal and security reviewers: the "
    "answers, the shortlist with reasons, licences, costs, sensitivity and, when you ran "
    "one, the validation. The JSON reproduces the others.",
    "report.building": "Writing the report…",
    "report.failed": "The report could not be made: {message}",
    "report.with_validation": "The report includes the validation run and its re-ranking.",
    "report.without_validation": "No validation run: the report uses the estimates.",
    "report.download_md": "Download Markdown",
    "report.download_html": "Download HTML",
    "report.download_pdf": "Download PDF",
    "report.pdf_progress": "Preparing the PDF in the background: {seconds} s (the last one took "
    "about {expected} s)…",
    "report.download_json": "Download JSON",
    "report.reproduce": "modelrec report --from the JSON file renders the same report again.",
    "add_model.title": "Add a model",
    "add_model.label": "Hugging Face repo (org/name, optionally @revision) or a local model folder",
    "add_model.help": "Reads config.json, the safetensors headers (not the weights) and the "
    "model card, and adds the model to your own knowledge (under MODELREC_HOME), never to the "
    "shipped files. A repo id reaches the Hub (token from HF_TOKEN); a folder is read locally.",
    "add_model.license": "Licence, if the card's cannot be matched (optional)",
    "add_model.button": "Add",
    "add_model.running": "Reading the model's files…",
    "add_model.done": "Added {id}. Unknown, fill in with `modelrec kb edit {id}`: {missing}",
    "add_model.none_missing": "nothing",
    "badge.user_added": "added by you",
}

JA: dict[str, str] = {
    # frame
    "app.title": "modelrec",
    "app.tagline": "説明できるモデル選定：要件を入力すると、理由付きの候補ランキングを作成し、"
    "自分のプロンプトで検証し、決定をレポートとして出力します。",
    "step.use_case": "ユースケース",
    "step.constraints": "制約条件",
    "step.priorities": "優先度",
    "step.shortlist": "候補リスト",
    "step.validate": "検証",
    "step.report": "レポート",
    "nav.back": "← 戻る",
    "nav.next": "次へ →",
    "session.start_over": "最初から",
    "session.duplicate": "複製",
    "session.id": "セッション {sid}",
    "session.saved_hint": "回答はすべて保存されます。このページのアドレスをブックマークすると、"
    "後で再開して編集できます。",
    "session.share": "共有用リンク：読み取り専用で開きます。",
    "session.not_found": "このアドレスの ID（下に表示）に該当する保存済みセッションがないため、"
    "最初のページから新しいセッションを開始しました。",
    "session.read_only": "読み取り専用：共有リンクで開いています。すべてのページを見られますが、"
    "ここでの変更は保存されません。編集するにはコピーを作成してください。",
    "session.read_only_changed": "回答を変更しましたが保存されていません。残すにはコピーを作成し"
    "てください。",
    "session.make_copy": "コピーを作成して編集",
    "session.conflict": "このセッションは他の人が変更しました — 再読み込みするか、あなたの内容を"
    "残してください。選ぶまで何も保存されません。",
    "session.reload": "相手の内容を再読み込み",
    "session.keep_mine": "あなたの内容を残す",
    "session.duplicated": "これはセッション {sid} の複製です。ここでの変更は元のセッションに影響"
    "しません。",
    "kb.as_of": "ナレッジベースの情報：{date} 時点",
    "kb.stale": "ナレッジベースの最新の情報は {date}（{days} 日前）のものです。その後モデル・価"
    "格・ライセンスが変わっている可能性があります。決定の前に更新してください。",
    "words.quote": "「{w}」",
    "words.separator": "、",
    # validation messages
    "problem.field": "{field}：{message}",
    "problem.required": "入力が必要です",
    "problem.min_chars": "{n} 文字以上入力してください",
    "problem.gt": "{n} より大きい値を入力してください",
    "problem.ge": "{n} 以上の値を入力してください",
    "problem.le": "{n} 以下の値を入力してください",
    "problem.on_prem_hardware": "自社ハードウェアでの運用にはハードウェアの指定が必要です："
    "カタログから GPU を選ぶか、VRAM を入力するか、CPU のみの場合は RAM を入力してください",
    "problem.cpu_ram": "CPU のみの場合はマシンの RAM（GB）を入力してください",
    "problem.hard_budget": "予算を上限として扱うには月額予算を入力してください",
    "problem.all_zero": "すべての重要度が 0 です。少なくとも 1 つの基準を 0 より大きくしてください",
    "problem.missing_pairs": "比較が不足しています：{pairs}",
    "problem.choose_gpu": "カタログから GPU を選んでください",
    "problem.unknown_task": "不明なタスク「{name}」",
    "problem.one_gpu": "GPU は 1 機種（台数付き）で指定してください。異なる GPU の混在には対応し"
    "ていません",
    "problem.max_chars": "{n} 文字以内で入力してください",
    "problem.private_cloud_hardware": "レンタル GPU では自社のハードウェアを使いません。ハードウ"
    "ェアを「指定しない」にするか、その上で動かす場合は「制限なし」または「自社ハードウェアのみ"
    "」を選んでください",
    "problem.api_only_hardware": "「API のみ」では自社のハードウェアを使いません。ハードウェアを"
    "「指定しない」にするか、API と自社での実行を比較する場合は「制限なし」を選んでください",
    "problem.hardware_empty": "カタログから GPU を選ぶか、VRAM を入力するか、CPU のみの場合は RA"
    "M を入力してください",
    "problem.cpu_excludes_gpus": "CPU のみは GPU や VRAM と同時に指定できません",
    "problem.budget_twice": "予算は 1 つの通貨で 1 回だけ指定してください",
    "problem.language_code": "ISO 639-1 の 2 文字の言語コードではありません：{codes}。en、ja、zh"
    "、ko、de、fr のようなコードを使ってください",
    "problem.did_you_mean": "（{near} のことですか？）",
    "problem.language_twice": "同じ言語が 2 回指定されています",
    "problem.weights": "トラフィックの割合に、選ばれていない言語が含まれています：{names}",
    "problem.weight_range": "トラフィックの割合は 0 より大きく 1 以下にしてください",
    "problem.country_code": "2 文字の国コード（ISO 3166-1 alpha-2）ではありません：{codes}。cn、"
    "us、jp のようなコードを使ってください",
    # 1. use case
    "use_case.intro": "モデルに何をさせたいかを日本語または英語で書いてください。"
    "タスク・言語・分野を文章から推定します。下で確認してください。",
    "use_case.label": "モデルに何をさせますか？",
    "use_case.placeholder": "例：社内 FAQ とマニュアルを参照して、日本語の顧客問い合わせに答える",
    "use_case.help": "業務内容、利用者、扱う文書について 1〜2 文で書いてください。",
    "use_case.limit": "最大 {n} 文字（現在 {used} 文字）。",
    "use_case.no_words": "タスクを推定できる言葉がありません（記号・絵文字・数字のみ）。モデルに"
    "させたいことを文章で説明してください。",
    "use_case.examples": "例から始める",
    "use_case.analyse": "タスクと言語を推定",
    "use_case.analysing": "ユースケースを解析しています（初回は言語モデルを読み込みます）…",
    "use_case.confirm": "タスクの推定に自信がありません（確信度 {confidence}）。"
    "下のタスクを確認してから「次へ」を押してください。",
    "use_case.confident": "タスクを確信度 {confidence} で推定しました。必要に応じて変更してくださ"
    "い。",
    "use_case.inferred": "推定結果：",
    "use_case.domain": "分野：{domain}（根拠となった語：{words}）",
    "use_case.stale": "推定後に文章が変更されました。「次へ」を押すと再度推定します。",
    "use_case.tasks": "タスク",
    "use_case.tasks_help": "モデルが行うこと。空欄の場合はユースケースから推定します。",
    "use_case.tasks_placeholder": "ユースケースから推定",
    "use_case.languages": "言語",
    "use_case.languages_help": "モデルが読み書きする言語。空欄の場合はユースケースから検出します。",
    "use_case.languages_placeholder": "ユースケースから検出",
    "use_case.language_shares": "言語ごとのトラフィックの割合（例から）：{shares}",
    "suggest.title": "文章から読み取れる回答",
    "suggest.item": "**{answer}**：{value}（根拠：{words}）",
    "suggest.budget_value": "月額 {amount}",
    "suggest.apply": "反映",
    "suggest.applied": "反映済み ✓",
    "suggest.apply_all": "すべて反映",
    "suggest.caption": "ボタンを押すまで何も反映されません。反映した回答は「制約条件」ページ（タ"
    "スクは下の欄）に入力され、そこで変更できます。",
    "example.code_assistant_api": "コーディング支援（API 可）",
    "example.commercial_image_generation": "顧客向け商品画像の生成",
    "example.cpu_laptop": "ノート PC（CPU）上の個人アシスタント",
    "example.high_volume_classification": "1 日 20 万件のチケット分類（コスト重視）",
    "example.ja_support_onprem": "RTX 4090 1 枚で動く日本語サポートボット",
    "example.long_contract_analysis": "日本語の契約書レビュー（長文コンテキスト）",
    "example.onprem_transcription": "病院内での音声書き起こし",
    "example.open_source_lab": "研究室（オープンソースのみ）",
    # 2. constraints
    "constraints.license": "ライセンス",
    "constraints.commercial": "商用で利用する",
    "constraints.commercial_help": "非商用・研究用途限定のライセンスを除外します。",
    "constraints.conditions": "法務がライセンス条件を受け入れる",
    "constraints.conditions_help": "月間ユーザー数の上限、利用規約（AUP）、命名・帰属表示の規則な"
    "ど。"
    "チェックしない場合、こうした条件のあるモデルは除外されます。",
    "constraints.open_source": "OSI 承認のオープンソースライセンスに限る",
    "constraints.open_source_help": "Apache-2.0 や MIT などに限定し、コミュニティライセンスと API"
    " を除外します。",
    "constraints.deployment": "運用形態とプライバシー",
    "constraints.deployment_label": "モデルをどこで動かし、データをどこへ送ってよいですか？",
    "constraints.deployment_help": "自社ハードウェアならデータは社内に留まり、レンタル GPU なら"
    "自社のクラウドアカウント内、API ならデータは提供元に送られます。「API のみ」は API モデルだ"
    "けを比較します。",
    "deployment.any": "制限なし（API も可）",
    "deployment.api_only": "API のみ（自社ではモデルをホストしない）",
    "deployment.private_cloud": "自社クラウドのレンタル GPU（API 不可）",
    "deployment.on_prem": "自社ハードウェアのみ（データは社内に留まる）",
    "constraints.hardware": "ハードウェア",
    "detect.button": "このマシンを検出",
    "detect.help": "このコンピュータの RAM と、PyTorch が認識できる GPU を読み取ります。",
    "detect.running": "このマシンを調べています…",
    "detect.result": "検出した GPU：{gpus}、RAM：{ram} GB。",
    "detect.none": "なし",
    "constraints.hardware_mode": "自社のハードウェア",
    "constraints.hardware_help": "「自社ハードウェアのみ」の場合は必須、それ以外は任意です。",
    "hardware.none": "指定しない",
    "hardware.catalog": "カタログの GPU",
    "hardware.vram": "GPU メモリ（GB）",
    "hardware.cpu": "CPU のみ",
    "hardware.gpu": "GPU",
    "hardware.gpu_placeholder": "GPU を選択",
    "hardware.count": "台数",
    "hardware.vram_help": "お使いの GPU がカタログにない場合、GPU 1 枚あたりのメモリ（GB）。",
    "hardware.ram": "RAM（GB）",
    "hardware.ram_help": "マシンのメモリ（GB）。モデルは CPU で動かします。",
    "hardware.not_used_private_cloud": "レンタル GPU：自社のクラウドアカウントで専用 GPU を借り"
    "る前提のため、自社のハードウェアは入力不要です。",
    "hardware.not_used_api_only": "API のみ：自社のハードウェアは使いません。",
    "constraints.workload": "ワークロード",
    "workload.requests": "1 日あたりのリクエスト数",
    "workload.requests_help": "1 か月の平均。レプリカ数とコストの見積もりに使います。",
    "workload.input": "リクエストあたりの入力トークン数",
    "workload.output": "リクエストあたりの出力トークン数",
    "workload.tokens_help": "1 トークンは英語で約 0.75 語、日本語で 1〜2 文字です。",
    "workload.context": "最長コンテキスト（トークン）",
    "workload.context_help": "1 リクエストに必要な最長のプロンプトと文書の合計。分からない場合は"
    "空欄にしてください。その場合はタスクの標準的な長さで見積もり、どのモデルも除外しません。数"
    "値を入力すると必須条件となり、それより短いコンテキストのモデルは除外されます。",
    "workload.context_placeholder": "未指定（タスクの標準的な長さ）",
    "workload.latency": "回答完了までの目標時間（秒、p95）",
    "workload.latency_help": "目標がない場合は空欄にしてください。",
    "workload.concurrency": "同時リクエスト数",
    "workload.concurrency_help": "同時に処理するリクエスト数のピーク。",
    "workload.audio": "リクエストあたりの音声の長さ（分）",
    "workload.audio_help": "音声タスクの場合の 1 件の録音の長さ。空欄の場合はタスクの標準的な長"
    "さを使います。",
    "constraints.origin": "提供元とデータの取り扱い",
    "origin.intro": "モデルの開発元と、API がデータを処理する場所。空欄は要件なしを意味します。",
    "origin.countries": "使用しない国（開発元の国）",
    "origin.countries_placeholder": "選択するか 2 文字のコードを入力",
    "origin.countries_help": "ISO 3166-1 の 2 文字コード（cn、us、jp など）。モデルの開発元と、"
    "そのモデルのベースとなったモデルの開発元の国で判定します。開発元の国が記録されていないモデ"
    "ルは「検証できないモデル」に入ります。",
    "origin.providers": "使用しない開発元・API 提供元",
    "origin.providers_placeholder": "選択するか名前を入力",
    "origin.providers_help": "除外した開発元のモデルをファインチューニングしたモデルも除外されま"
    "す。",
    "origin.residency": "API がデータを処理してよい地域",
    "origin.residency_placeholder": "地域を問わない",
    "origin.residency_help": "処理をこれらのいずれかの地域に限定できる API だけが対象になります"
    "。自社でホストするモデルでは、データは実行する場所に留まります。",
    "origin.zero_retention": "API にデータ保持ゼロ（ゼロリテンション）を求める",
    "origin.zero_retention_help": "提供元がプロンプトや回答を保持しないこと（申請制の場合が多い"
    "）。",
    "origin.documented_languages": "対象言語への対応が文書化されたモデルに限る",
    "origin.documented_languages_help": "必要な言語への対応が文書化されていないモデルを除外しま"
    "す。チェックしない場合、文書化されていない対応やベースモデルから継承した対応は減点だけです"
    "。",
    "country.cn": "中国",
    "country.us": "米国",
    "country.jp": "日本",
    "country.kr": "韓国",
    "country.fr": "フランス",
    "country.de": "ドイツ",
    "country.gb": "英国",
    "country.ca": "カナダ",
    "country.ch": "スイス",
    "country.ae": "アラブ首長国連邦",
    "country.il": "イスラエル",
    "country.in": "インド",
    "country.ru": "ロシア",
    "region.us": "米国",
    "region.eu": "EU",
    "region.uk": "英国",
    "region.ca": "カナダ",
    "region.jp": "日本",
    "region.kr": "韓国",
    "region.sg": "シンガポール",
    "region.in": "インド",
    "region.au": "オーストラリア",
    "region.ae": "アラブ首長国連邦",
    "region.cn": "中国",
    "constraints.budget": "予算",
    "budget.currency": "通貨",
    "budget.currency_help": "予算の通貨で、コストもこの通貨で表示します。変更すると予算の金額を"
    "換算します。",
    "budget.monthly": "月額予算（{currency}）",
    "budget.help": "予算がない場合は空欄にしてください。",
    "budget.hard": "予算を超える選択肢を除外する",
    "budget.hard_help": "チェックしない場合、予算は高い選択肢のコスト評価を下げるだけです。",
    "budget.rate": "為替レート：1 米ドルあたりの {currency}",
    "budget.rate_help": "価格は米ドル建てです。コストと予算はこのレートで換算します。当日のレー"
    "トに変更できます。",
    "budget.rate_source": "ナレッジベースのレート：1 USD = {rate} {currency}（{as_of} 時点、出典"
    "：{source}）",
    "budget.in_usd": "このレートで予算は月額約 {usd} です。",
    # 3. priorities
    "priorities.intro": "各基準はどのくらい重要ですか（0 = まったく重要でない、5 = 非常に重要）？"
    "プリセットから始めて調整してください。",
    "priorities.preset": "プリセット",
    "priorities.preset_help": "プリセットを選ぶとスライダーが設定されます。",
    "preset.balanced": "バランス",
    "preset.quality_first": "品質重視",
    "preset.cost_first": "コスト重視",
    "preset.open_and_private": "オープン・プライベート重視",
    "criterion.quality": "品質",
    "criterion.quality.help": "タスクに関する公開ベンチマークとモデル規模からの推定。",
    "criterion.cost": "コスト",
    "criterion.cost.help": "想定ボリュームでの月額コストの見積もり。",
    "criterion.speed": "速度",
    "criterion.speed.help": "目標時間に対する回答完了までの時間。",
    "criterion.language": "言語対応",
    "criterion.language.help": "対象言語への対応が文書化されているか。",
    "criterion.fit": "ハードウェアの余裕",
    "criterion.fit.help": "お使いのハードウェアで残るメモリ。",
    "criterion.openness": "オープン性",
    "criterion.openness.help": "重みの公開とライセンスの種類。",
    "criterion.license_friction": "ライセンス上の制約",
    "criterion.license_friction.help": "ライセンス条件が少ないほど高評価です。",
    "criterion.maturity": "成熟度",
    "criterion.maturity.help": "現行リリースは後継のある版や非推奨の版より高評価です。",
    "criterion.semantic_match": "ユースケースへの適合",
    "criterion.semantic_match.help": "モデルの説明がユースケースにどれだけ近いか。",
    "priorities.top_k": "候補リストのモデル数",
    "priorities.reset": "プリセットに戻す",
    "pairwise.title": "詳細設定：基準を一対比較する",
    "pairwise.use": "一対比較で重み付けする（スライダーの代わり）",
    "pairwise.help": "各組について、どちらがどれだけ重要かを答えてください（Saaty の 1〜9 尺度）。"
    "重みと回答の整合性を計算します。",
    "pairwise.criteria": "比較する基準",
    "pairwise.equal": "同じくらい重要",
    "pairwise.more": "{a}は{b}より{n}倍重要",
    "pairwise.need_two": "基準を 2 つ以上選んでください。",
    "pairwise.cr_na": "基準が 2 つの場合、回答が矛盾することはありません。",
    "pairwise.consistent": "回答は整合しています（整合比 {cr} ≤ 0.1）。",
    "pairwise.inconsistent": "比較が互いに矛盾しています（整合比 {cr} > 0.1）。見直してください。",
    "pairwise.direction": "各スライダーを、より重要な基準の側へ動かしてください。中央は同じくらい"
    "重要、1 目盛りで 2 倍、端で 9 倍重要です。",
    "pairwise.fix": "最も矛盾している比較：{a} と {b}（現在「{now}」）。「{to}」に変えると整合比は "
    "{cr} になります。",
    "pairwise.apply_fix": "変更する",
    "pairwise.confirm": "矛盾があってもこの比較で順位付けする",
    "pairwise.blocked": "比較が互いに矛盾しています（整合比 {cr} > 0.1）。提案された比較を変更す"
    "るか、この比較で順位付けすることを確認してください",
    # 4. shortlist
    "shortlist.fix_first": "候補リストを作る前に、次の回答を修正してください：",
    "shortlist.go_fix": "最初の項目へ移動",
    "shortlist.computing": "モデルを順位付けしています…",
    "shortlist.failed": "候補リストを作成できませんでした：{message}",
    "shortlist.empty": "すべての制約を満たすモデルがありません（{excluded} 件除外）。"
    "下の一覧で理由を確認し、制約を緩めてやり直してください。",
    "shortlist.summary": "{n} 件のモデルが制約を満たし、{excluded} 件が除外されました。",
    "shortlist.context_stated": "コンテキストは指定どおり {n} トークン：それより短いコンテキスト"
    "のモデルは除外されます。",
    "shortlist.context_not_stated": "コンテキストは未指定：タスクの標準的な {n} トークンで見積も"
    "り、どのモデルも除外していません。",
    "shortlist.unknown_everywhere": "ここのすべてのモデルで不明のため、どのスコアからも除外した"
    "基準：{criteria}。",
    "shortlist.currency": "金額は {currency} で表示：1 USD = {rate} {currency}（ナレッジベースの"
    " {as_of} 時点のレート。「制約条件」ページで変更できます）。",
    "shortlist.currency_yours": "金額は {currency} で表示：1 USD = {rate} {currency}（入力された"
    "レート）。",
    "shortlist.details": "モデルごとの詳細：ライセンス条件、品質の根拠、回答時間、注意点",
    "tie.tied": "統計的に同順位：{models}。推定値ではこれらを区別できないため、まだ勝者はいませ"
    "ん。決める前に自分のプロンプトで検証してください（5. 検証）。",
    "tie.leader": "根拠のある 1 位：{model}。",
    "tie.reason": "理由：{reason}",
    "relax.title": "条件を満たしたのは {n} モデルで、指定した {k} 件に届きません。候補を増やすに"
    "は：",
    "relax.item": "**{answer}**：{suggestion}（{n} モデルが対象：{models}）",
    "stack.title": "RAG 構成の検索用モデル",
    "stack.caption": "回答は自社の文書に基づくため、埋め込みモデルで関連箇所を検索し、生成モデル"
    "がそれをもとに回答します。同じ制約条件で順位付けしています。",
    "details.quality": "品質 {value}：{basis}",
    "details.scores": "使用したスコア：{scores}",
    "details.below_floor": "タスクの品質の下限を下回る：{why}",
    "details.answer": "回答完了まで約 {seconds} 秒（{verdict}）",
    "details.meets": "目標を満たす",
    "details.misses": "目標を満たさない",
    "details.no_target": "目標の指定なし",
    "details.cost": "月額コスト {cost}（{basis}）",
    "details.evidence": "根拠：{kinds}",
    "details.flag": "⚠️ 注意：{text}",
    "details.over_budget": "月額 {cost} で、予算 {budget} を超えます",
    "details.demoted": "十分な品質のモデルより後に順位付け：{why}",
    "details.unknown": "不明のためスコアから除外した基準：{criteria}",
    "table.rank": "順位",
    "table.model": "モデル",
    "table.quality": "品質（範囲）",
    "table.quality_help": "タスクに対する品質の推定値（0〜1）と不確かさの範囲。根拠（使用したベ"
    "ンチマーク）は下の詳細にあります。",
    "table.license": "ライセンス",
    "table.fit": "実行環境",
    "table.speed": "トークン/秒",
    "table.speed_help": "計画したハードウェアでの生成速度の見積もり（遅い〜速い）。",
    "table.cost": "月額コスト",
    "table.cost_help": "想定ボリュームでの月額コストの見積もり（選んだ通貨）。",
    "table.score": "スコア",
    "table.score_help": "優先度で重み付けした基準の合計（0〜1）。",
    "table.notes": "注意点",
    "table.notes_help": "表で ⚠ の付いたモデル：除外はしない注意点（提供終了予定、予算超過、ベー"
    "スモデルから継承したコンテキスト長など）、十分なモデルより順位が下がった理由、不明のためス"
    "コアから除外した基準。エンジンの説明文は詳細にあります。",
    "flag.shutting_down": "提供終了予定",
    "flag.deprecated": "非推奨",
    "flag.over_budget": "予算超過",
    "flag.misses_latency_target": "目標時間を満たさない",
    "flag.short_context_fit": "短いコンテキストでのみ動作",
    "flag.context_inherited": "コンテキスト長はベースモデルから継承",
    "flag.demoted": "十分なモデルの後に順位付け",
    "flag.unknown": "不明：{criteria}",
    "table.api": "API（ハードウェア不要）",
    "table.self_hosted": "セルフホスト",
    "license.allowed": "利用可",
    "license.conditional": "条件付き",
    "license.not_allowed": "利用不可",
    "evidence.catalog": "カタログ",
    "evidence.estimated": "推定",
    "evidence.unknown": "不明",
    "evidence.measured": "実測",
    "chart.quality_cost_title": "品質と月額コスト",
    "chart.contrib_title": "各基準の寄与",
    "chart.acceptability_title": "重みを変動させたとき各モデルが各順位になる割合",
    "chart.no_cost": "月額コストが分かる候補がないため、コストのグラフはありません。",
    "chart.cost_flat": "月額コストではこれらのモデルに差がつきません（既知のコストがすべて同じ。"
    "所有するハードウェアで動かす場合など）。グラフでは 1 列に並び、品質などほかの基準で"
    "決まります。",
    "chart.pareto_caption": "破線は、品質とコストの両方で他のモデルに負けないモデルを結んだもので"
    "す。",
    "sensitivity.title": "ランキングはどのくらい安定していますか？",
    "sensitivity.none": "感度分析には 2 件以上の候補が必要です。",
    "sensitivity.critical": "最も影響の大きい基準：{criterion}（重みが {change} 変わると 1 位が入"
    "れ替わります）。",
    "sensitivity.criterion": "重みを動かす基準",
    "sensitivity.weight": "重み",
    "sensitivity.weight_help": "他の基準の重みは比例して調整されます。",
    "sensitivity.stable": "{criterion} の重みが {low}〜{high}（現在 {current}）の間なら上位の順序"
    "は変わりません。",
    "sensitivity.before": "変更前の順位",
    "sensitivity.change": "変化",
    "sensitivity.acceptability_caption": "あなたの重みの周辺で {samples} 通りの重みをサンプリング"
    "（シード {seed}）。",
    "sensitivity.what_it_takes": "次点のモデルが 1 位になるための条件",
    "advice.title": "使い方の提案",
    "advice.approach": "アプローチ",
    "advice.variant": "モデルの種類",
    "advice.api_vs_open": "API かオープンウェイトか",
    "advice.also": "あわせて検討",
    "approach.prompting": "プロンプト設計",
    "approach.rag": "検索拡張生成（RAG）",
    "approach.fine_tuning": "ファインチューニング",
    "variant.instruct": "指示チューニング済み",
    "variant.reasoning": "推論特化",
    "variant.domain": "分野特化のファインチューニング",
    "variant.code": "コード特化",
    "variant.base": "ベースモデル",
    "whynot.title": "なぜ選ばれない？（除外されたモデル）",
    "whynot.search": "除外されたモデルを検索",
    "whynot.placeholder": "モデル名または理由（例：llama、licence）",
    "whynot.reasons": "理由",
    "whynot.count": "除外された {total} 件のうち {shown} 件を表示。",
    "unverified.title": "検証できないモデル",
    "unverified.intro": "指定された要件に必要な情報が不明なため、順位付けも除外もしていません（"
    "不明な情報で要件を満たしたとはみなしません）。重要なモデルがあればご自身で確認してください"
    "。",
    "unverified.search": "検証できないモデルを検索",
    "unverified.count": "検証できない {total} 件のうち {shown} 件を表示。",
    # 5. validate
    "validate.intro": "候補のオープンモデルをこのマシンでサンプルプロンプトに対して実行し、"
    "推定値を実測値（合格率・速度・メモリ）に置き換えます。重みはこのマシン上（ローカルフォルダま"
    "たは "
    "Hugging Face キャッシュ）に必要です。ダウンロードは行いません。",
    "validate.need_shortlist": "先に前のページを完了してください。ここでは候補リストが必要です。",
    "validate.models": "実行する候補のオープンモデル",
    "validate.models_help": "重みがローカルの Hugging Face キャッシュにある必要があります。",
    "validate.models_placeholder": "モデルを選択",
    "validate.paths": "ローカルのモデルフォルダ（1 行に 1 つ）",
    "validate.paths_help": "transformers 形式のモデルのフォルダ。ID=フォルダ と書くと、ナレッジベ"
    "ースの"
    "モデルとして扱います（例：qwen3-4b=/models/qwen3-4b）。",
    "validate.paths_placeholder": "/モデルへの/パス",
    "validate.source": "プロンプト",
    "validate.source_suite": "組み込みのスイート",
    "validate.source_upload": "自分のプロンプト（アップロード）",
    "validate.suite": "プロンプトスイート",
    "validate.suite_placeholder": "スイートを選択",
    "validate.suite_help": "タスクごとに英語と日本語のプロンプト 8 件と自動チェック。",
    "validate.upload": "プロンプトファイル",
    "validate.upload_help": "YAML・JSONL・CSV：1 件ごとに 1 プロンプト（チェックは任意）。",
    "validate.uploaded": "アップロードしたプロンプトを使用：{name}",
    "validate.device": "デバイス",
    "validate.device_auto": "自動",
    "validate.device_cpu": "CPU",
    "validate.device_cuda": "GPU（CUDA）",
    "validate.max_tokens": "回答の最大長（トークン）",
    "validate.max_tokens_help": "回答はこのトークン数で打ち切られます。",
    "validate.run": "検証を実行",
    "validate.no_models": "モデルを 1 つ以上選ぶか、ローカルフォルダを入力してください。",
    "validate.no_prompts": "プロンプトスイートを選ぶか、プロンプトをアップロードしてください。",
    "validate.starting": "開始しています…",
    "validate.progress": "{model}（{n} 件中 {i} 件目）：{done}/{total} プロンプト · {status}",
    "validate.done": "検証が完了しました。",
    "validate.not_run": "まだ検証していません。候補リストの数値は推定値です。",
    "validate.results": "結果の比較",
    "validate.run_info": "実行 {run} · スイート {suite} · プロンプト {n} 件",
    "validate.col_model": "モデル",
    "validate.col_status": "状態",
    "validate.col_pass": "チェック合格率（95% 信頼区間）",
    "validate.col_decode": "生成速度（トークン/秒）",
    "validate.col_ttft": "最初のトークン（秒）",
    "validate.col_p95": "レイテンシ p95（秒）",
    "validate.col_memory": "ピークメモリ（GB）",
    "validate.col_cost": "100 万トークンあたり米ドル",
    "validate.col_prompt": "プロンプト",
    "validate.col_after": "変更後の順位",
    "validate.col_changed": "実測で変わった値",
    "validate.answers": "プロンプトごとの回答（✓ 合格、✗ チェック不合格）",
    "validate.reranked": "実測値で再順位付けした候補リスト",
    "validate.no_change": "実測値によってランキングは変わりませんでした。",
    "validate.highlight": "強調表示の行は、順位が変わったか、推定値が実測値に置き換わったものです"
    "。",
    "validate.clear": "この実行結果を破棄",
    "validate.paths_stand_in": "これらのフォルダは代用（カタログ上のモデルそのものではない）",
    "validate.paths_stand_in_help": "ID=フォルダ の形で指定したフォルダは、カタログ上のモデルと照合"
    "します（パラメータ数・層数・幅）。小さいモデルやランダムなモデルは、代用と記さない限り受け付け"
    "ません。代用の結果は表示されますが、順位には影響しません。",
    "validate.availability": "実行できる候補モデル",
    "validate.col_available": "利用可否",
    "validate.col_how": "実行方法",
    "validate.avail_cached": "重みがローカルキャッシュにあり",
    "validate.avail_endpoint": "エンドポイント設定済み",
    "validate.avail_unavailable": "利用不可",
    "validate.endpoints": "OpenAI 互換エンドポイント（vLLM、llama.cpp、Ollama、LM Studio、SGLang、"
    "TGI、または API）",
    "validate.endpoint_url": "ベース URL",
    "validate.endpoint_url_help": "例：ローカルサーバーなら http://127.0.0.1:8000/v1、または "
    "https://api.openai.com/v1。",
    "validate.endpoint_model": "エンドポイントが提供するモデル名",
    "validate.endpoint_as": "対応する候補モデル",
    "validate.endpoint_as_none": "なし（カタログにない）",
    "validate.endpoint_key_env": "キーを保持する環境変数（任意）",
    "validate.endpoint_key_env_help": "変数名（例：OPENAI_API_KEY）を入力し、キーそのものは入力し"
    "ないでください。キーは実行開始時に読み込まれ、保存されません。",
    "validate.endpoint_stand_in": "代用（カタログ上のモデルそのものではない）",
    "validate.endpoint_add": "エンドポイントを追加",
    "validate.endpoint_remove": "削除",
    "validate.endpoint_need": "エンドポイントのベース URL と提供するモデル名を入力してください。",
    "validate.endpoint_listed": "{model}（{url}）",
    "validate.languages": "プロンプトの言語",
    "validate.languages_help": "スイートのうち、これらの言語のプロンプトだけを使います。既定はユー"
    "スケースの言語です。",
    "validate.cancel": "実行を中止",
    "validate.cancelled": "中止しました。完了した回答は保存されています（実行 {run}。"
    "`modelrec validate --resume {run}` で続きを実行できます）。",
    "validate.error": "検証を開始できませんでした：{message}",
    "validate.err.endpoint_url": "{url} はエンドポイントのベース URL ではありません。"
    "http://127.0.0.1:8000/v1 のような URL を入力してください。",
    "validate.err.endpoint_credentials": "エンドポイントの URL {url} に認証情報またはクエリ文字列が"
    "含まれています。キーは環境変数に入れ、その変数名を入力してください。",
    "validate.err.endpoint_key_env_name": "キーそのものではなく、キーを入れた環境変数の名前"
    "（例：OPENAI_API_KEY）を入力してください。",
    "validate.err.endpoint_model_missing": "エンドポイントが提供するモデル名を入力してください。",
    "validate.err.endpoint_key_unset": "環境変数 {env} が設定されていません。ウィザードを起動する"
    "前にキーを設定してください。",
    "validate.err.endpoint_not_served": "{url} は {model} を提供していません。提供しているモデル："
    "{served}。",
    "validate.err.endpoint_mismatch": "{url} の {model} は {kb_id} ではありません：{checks}。"
    "それでもその代わりに測定するには、代用として追加してください。回答は表示されますが、"
    "順位付けには使いません。",
    "validate.err.endpoint_refused_key": "{url} は環境変数 {env} のキーを拒否しました。",
    "validate.err.endpoint_refused_no_key": "{url} はキーを求めています。キーを入れた環境変数の"
    "名前を入力してください。",
    "validate.err.endpoint_status": "{url} にモデル一覧を問い合わせたところ、HTTP {status} "
    "が返りました：{detail}",
    "validate.err.endpoint_unreachable": "{url} に接続できません（{error}）。サーバーが起動して"
    "いるか、URL が OpenAI 互換のベース URL（通常は /v1 で終わる）かを確認してください。",
    "validate.err.folder_mismatch": "フォルダ {folder} は {kb_id} ではありません：{checks}。"
    "それでもその代わりに測定するには、フォルダを代用として指定してください。結果には代用と"
    "表示され、順位付けには使いません。",
    "validate.err.not_model_dir": "{path} はモデル（config.json）を含むフォルダではありません。",
    "validate.err.no_config": "{path} には config.json がないため、transformers のモデルフォルダ"
    "ではありません。",
    "validate.err.not_a_model": "{spec} はローカルフォルダでも、カタログのモデルでも、Hugging "
    "Face のリポジトリ ID（所有者/名前）でもありません。",
    "validate.err.not_in_cache": "{spec}（Hugging Face リポジトリ {repo}）の重みがローカルの "
    "Hugging Face キャッシュにありません。先にダウンロードする"
    "（`modelrec validate --download`）か、ローカルフォルダを指定してください。",
    "validate.err.no_hf_repo": "{kb_id} にはナレッジベース上の Hugging Face リポジトリが"
    "ありません。",
    "validate.err.api_model": "{kb_id} は API モデルです。このマシンで実行できるのはオープン"
    "ウェイトのモデルだけです。代わりにエンドポイントを追加してください。",
    "validate.err.model_twice": "同じモデルが 2 回指定されています。",
    "validate.err.no_models": "モデルを 1 つ以上選ぶか、ローカルフォルダを入力してください。",
    "validate.err.unknown_model": "{name} はカタログにないモデルです。",
    "validate.err.did_you_mean": "もしかして：{names}",
    "validate.err.prompts_invalid": "プロンプトファイルに {n} 件の問題があります：{problems}",
    "validate.err.other": "検証ツールからのメッセージ：{detail}",
    "validate.err.none": "なし",
    "validate.model_message": "{model}（{status}）：{detail}",
    "validate.status.pending": "未実行",
    "validate.status.completed": "完了",
    "validate.status.failed": "失敗",
    "validate.status.load_error": "読み込みに失敗",
    "validate.status.does_not_fit": "メモリに収まらない",
    "validate.status.out_of_memory": "メモリ不足",
    "validate.status.timeout": "タイムアウト",
    "validate.status.crashed": "エラーで停止",
    "validate.status.cancelled": "中止",
    "validate.check.parameters": "パラメータ数 {found}（カタログでは {catalogued}）",
    "validate.check.num_hidden_layers": "config.json の層数 {found}（カタログでは {catalogued}）",
    "validate.check.hidden_size": "config.json の隠れ層の幅 {found}（カタログでは {catalogued}）",
    "validate.check.api_id": "提供しているのは {found}（カタログの API ID は {catalogued}）",
    "validate.check.other": "{what} {found}（カタログでは {catalogued}）",
    "validate.stand_in": "代用",
    "validate.stand_in_note": "{model} は代用として実行しました。ここに表示しますが、順位付けには"
    "使いません。",
    "shortlist.measured": "検証実行 {run} の実測値で順位付けしています（同じハードウェアと精度で"
    "測定した項目は推定値を置き換えています）。",
    # 6. report
    "report.intro": "管理者・法務・セキュリティ担当者向けの決定レポート：回答、理由付きの候補リス"
    "ト、"
    "ライセンス、コスト、感度分析、実行した場合は検証結果を含みます。JSON から他の形式を再現でき"
    "ます。",
    "report.building": "レポートを作成しています…",
    "report.failed": "レポートを作成できませんでした：{message}",
    "report.with_validation": "レポートには検証の実行結果と再順位付けが含まれます。",
    "report.without_validation": "検証の実行はありません。レポートは推定値を使います。",
    "report.download_md": "Markdown をダウンロード",
    "report.download_html": "HTML をダウンロード",
    "report.download_pdf": "PDF をダウンロード",
    "report.pdf_progress": "PDF をバックグラウンドで作成中：{seconds} 秒（前回は約 {expected} "
    "秒）…",
    "report.download_json": "JSON をダウンロード",
    "report.reproduce": "modelrec report --from に JSON ファイルを渡すと同じレポートを再作成でき"
    "ます。",
    "add_model.title": "モデルを追加",
    "add_model.label": "Hugging Face のリポジトリ（org/name、@リビジョン可）"
    "またはローカルのモデルフォルダ",
    "add_model.help": "config.json、safetensors のヘッダー（重みは読みません）と"
    "モデルカードを読み、"
    "あなた自身のナレッジ（MODELREC_HOME 内）に追加します。同梱ファイルは変更しません。"
    "リポジトリ ID は Hub に接続します（トークンは HF_TOKEN から）。フォルダはローカルで読みます。",
    "add_model.license": "カードのライセンスが照合できない場合のライセンス（任意）",
    "add_model.button": "追加",
    "add_model.running": "モデルのファイルを読んでいます…",
    "add_model.done": "{id} を追加しました。不明な項目（`modelrec kb edit {id}` で入力）："
    "{missing}",
    "add_model.none_missing": "なし",
    "badge.user_added": "ユーザー追加",
}

# language names: one table (recommender.message_strings) for the engine, wizard and report
for _lang, _table in (("en", EN), ("ja", JA)):
    _table.update({k: v for k, v in NAMES[_lang].items() if k.startswith("lang.")})

STRINGS: dict[str, dict[str, str]] = {"en": EN, "ja": JA}
