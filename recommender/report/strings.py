"""Report labels per language. Every key exists in every language (a test checks it).

Labels and sentences the report and the engine write are translated (the engine's by
recommender.message_strings); model facts (names, descriptions, notes) and licence quotes stay
as written in the knowledge base.
"""

from __future__ import annotations

# ruff: noqa: E501 (Japanese sentences: ruff counts each wide character as two columns)

__all__ = ["LANGUAGES", "STRINGS"]

EN: dict[str, str] = {
    "title": "Model selection: decision report",
    "generated": "Generated {created_at} · knowledge base {kb_version} (newest fact {kb_as_of}) "
    "· modelrec {version}",
    "toc": "Contents",
    "footer": "modelrec decision report",
    "as_written": "Model facts and licence texts are quoted as written in the knowledge base.",
    "memory_headroom": "Memory / headroom (GB)",
    "takes_intro": "How far a runner-up's value on one criterion (0-1) would have to rise, all "
    "else equal, for it to overtake the leader.",
    "variant_instruct": "instruct",
    "variant_reasoning": "reasoning",
    "variant_domain": "domain-tuned",
    "variant_code": "code",
    "variant_base": "as released (base)",
    # executive summary
    "s_summary": "Executive summary",
    "exec_recommend": "Recommended: {name} ({model_id}), {where}, at about {cost} per month "
    "(score {score} out of 1).",
    "exec_stability": "It ranks first in {share} of {samples} weightings sampled around your "
    "priorities; {critical}",
    "exec_critical": "the ranking is most sensitive to the weight of {criterion} (a change of "
    "{change} changes the winner).",
    "exec_no_critical": "no single change of one weight alters the winner.",
    "exec_license": "Licence: {status}.",
    "exec_runner_up": "Runner-up: {name} ({model_id}), {gap} behind.",
    "exec_tie": "Statistically tied: {models}. The leader's margin is within the uncertainty of "
    "the quality estimates, so no single recommendation is justified yet: validate these models "
    "on your own prompts before choosing. The current leader is {name}, {where}, at about "
    "{cost} per month.",
    "exec_kb_stale": "Warning: the knowledge base's newest fact was read on {as_of}, {days:count/day/days} "
    "before this report; newer models, prices and retirements may be missing.",
    "exec_warning": "Note: {warning}.",
    "exec_relax": "Fewer models passed than asked for. What would admit more: {relaxations}.",
    "relax_item": "{suggestion} ({n:count/model/models})",
    "exec_unverified": "{n:count/model/models} could not be verified against a stated requirement (a fact "
    "it depends on is unknown) and are listed in appendix A, not ranked.",
    "exec_only_one": "Only one model passed screening: there is no runner-up.",
    "exec_none": "No model passed screening. The appendix lists every model and why it was "
    "excluded; relax the constraint named most often there.",
    "exec_revisit": "Revisit this decision when",
    "revisit_kb": "the knowledge base changes (new models, prices or licences; this report "
    "used {kb_version} from {as_of})",
    "revisit_volume": "your volume passes {volume} requests/day (where self-hosting and the API "
    "cost the same)",
    "revisit_validation": "measured quality or speed differs from these estimates (run "
    "modelrec validate on the shortlist)",
    "revisit_conditions": "legal review of the licence conditions below changes its view",
    "revisit_workload": "the workload changes: {requests} requests/day, {context} tokens of "
    "context today",
    "where_api": "through the {provider} API",
    "where_self": "self-hosted on {gpus} x {hardware}",
    "where_self_unknown": "self-hosted",
    # the question
    "s_question": "The question",
    "use_case": "Use case",
    "answers": "Answers",
    "field": "Answer",
    "value": "Value",
    "tasks": "Tasks",
    "languages": "Languages",
    "constraints": "Constraints these answers imply",
    "inferred": "inferred from the use case",
    "notes": "Notes",
    "c_commercial": "Licences that forbid commercial use, or allow research or evaluation only, "
    "are excluded.",
    "c_conditions_ok": "Licences with conditions (user caps, acceptable-use policies, naming "
    "rules) are allowed; their conditions are listed for legal review.",
    "c_conditions_no": "Licences with conditions (user caps, acceptable-use policies, naming "
    "rules) are excluded.",
    "c_open_source": "Only OSI-approved open-source licences are allowed.",
    "c_on_prem": "Data stays on your hardware: API models are excluded and every model must "
    "fit {hardware}.",
    "c_private_cloud": "Data stays in your own cloud: API models are excluded; models run on "
    "rented GPUs.",
    "c_any": "API models are allowed; open models are priced on rented GPUs.",
    "c_api_only": "API models only: self-hosted models are excluded.",
    "c_context": "Models must accept {tokens} tokens of context.",
    "c_context_default": "No context was stated: estimates use {tokens} tokens, typical for the "
    "task; it excludes no model.",
    "c_languages": "Required languages: {languages:langs} (undocumented support is a penalty, not an "
    "exclusion; support inherited from a base model counts).",
    "c_tasks": "Task: {task:task} (models declared for it rank first; related and general models "
    "are scored lower).",
    "c_exclude_providers": "Models made or served by {values}, and fine-tunes of them, are "
    "excluded.",
    "c_exclude_countries": "Models whose makers (or base models' makers) are based in {values} "
    "are excluded; unrecorded origins cannot be verified.",
    "c_residency": "API models must be able to process data in: {values}.",
    "c_zero_retention": "API models must offer zero data retention.",
    "c_budget_hard": "Options above {budget} per month are excluded.",
    "c_budget_soft": "Budget {budget} per month (a preference, not a limit).",
    "c_latency": "Target: a full answer within {seconds} s (scored, not a limit).",
    # shortlist
    "s_shortlist": "The shortlist",
    "shortlist_intro": "{candidates:count/model/models} passed screening; {excluded:count/was/were} excluded "
    "(appendix A). The top {k} by weighted score:",
    "rank": "#",
    "model": "Model",
    "score": "Score",
    "runs_on": "Runs on",
    "precision": "Precision",
    "memory": "Memory (GB)",
    "headroom": "Headroom (GB)",
    "speed": "Tokens/s",
    "per_month": "Per month",
    "per_mtok": "Per 1M tokens",
    "context": "Context",
    "license": "Licence",
    "api": "API",
    "contributions": "What each criterion contributed (weight x value)",
    "contributions_note": "Each bar is a model's score split by criterion: the weight you "
    "gave the criterion times the model's value on it (0-1).",
    "criterion": "Criterion",
    "weight": "Weight",
    "evidence": "Evidence",
    "evidence_note": "Values: catalog = from the knowledge base; estimated = computed from it; "
    "measured = from a validation run; unknown = a neutral 0.5 or the prior.",
    "details": "Detail behind each value",
    # value for money
    "s_value": "Quality against cost",
    "value_intro": "Every candidate's expected quality (0-1) against its monthly cost at your "
    "volume. The Pareto set: models no other beats on both.",
    "value_same_cost": "Every candidate runs on the same hardware at the same monthly cost, so "
    "cost does not separate them here: quality and the other criteria decide.",
    "pareto": "Pareto set",
    "quality": "Quality (0-1)",
    "monthly_cost": "Cost per month ({currency}, log scale)",
    "currency_note": "Amounts are computed in US dollars and shown in {currency} at 1 USD = "
    "{rate} {currency} ({source}).",
    "deployment": "Deployment",
    "self_hosted": "self-hosted",
    "dep_api": "API",
    "shortlisted": "shortlisted",
    "other": "other",
    # sensitivity
    "s_sensitivity": "How stable is the ranking?",
    "acceptability": "Rank acceptability",
    "acceptability_intro": "Share of {samples} weightings (sampled around yours, seed {seed}) "
    "in which each model takes each rank.",
    "rank_n": "Rank {n}",
    "stability": "Weight stability",
    "stability_intro": "The range each criterion's weight can take (the others rescaled in "
    "proportion) before the order of the top {k} changes.",
    "interval": "Stable range",
    "what_it_takes": "What it would take for the runners-up to win",
    "most_critical": "Most critical criterion: {criterion} (a weight change of {change} "
    "changes the winner).",
    "no_sensitivity": "Fewer than two candidates: no sensitivity analysis.",
    # licences
    "s_license": "Licence and compliance",
    "license_intro": "The verdict for each shortlisted model under your answers, and the "
    "obligations that come with it. Conditional means: allowed, but a legal reviewer should "
    "accept the conditions listed.",
    "status_allowed": "allowed",
    "status_conditional": "allowed with conditions (needs legal review)",
    "status_not_allowed": "not allowed",
    "obligations": "Obligations",
    "no_obligations": "No obligations recorded beyond keeping the licence text.",
    "license_text": "Licence text",
    "license_class": "Class",
    "commercial_use": "Commercial use",
    "osi": "OSI-approved",
    "yes": "yes",
    "answer_yes": "yes",
    "answer_no": "no",
    "no": "no",
    "conditional": "conditional",
    "mau_cap": "Monthly-active-user cap",
    "revenue_cap": "Annual revenue cap",
    "attribution": "Attribution",
    "naming_rule": "Naming rule",
    "aup": "Acceptable-use policy",
    "output_use": "Use of outputs",
    "geography": "Geographic limits",
    "pass_on": "Restrictions pass on to users and derivatives",
    "notice": "NOTICE / licence copy must ship",
    "quoted": "Quoted clauses",
    "applies_to": "Applies to",
    "source": "Source",
    "as_of": "as of",
    # privacy
    "s_privacy": "Privacy and deployment",
    "privacy_intro": "Where prompts and outputs go for each option.",
    "flow_on_prem": "Prompts and outputs stay on your own hardware ({hardware}); nothing leaves "
    "your network at inference time.",
    "flow_private_cloud": "Prompts and outputs stay on GPUs you rent ({hardware}) inside your "
    "cloud account; the cloud provider's terms apply to the machines, not to the model.",
    "flow_api": "Prompts and outputs are sent to {provider}.",
    "retention": "Retention: {days:count/day/days} by default.",
    "retention_zero": "Retention: none by default.",
    "retention_unknown": "Retention: not recorded.",
    "trains_yes": "Inputs are used for training by default: opt out before sending real data.",
    "trains_no": "Inputs are not used for training by default.",
    "trains_unknown": "Use of inputs for training: not recorded.",
    "regions": "Processing regions available: {regions}.",
    "zdr": "A zero-data-retention option exists (often on request).",
    "policy": "Provider policy",
    "gated": "Downloading the weights requires accepting the licence on Hugging Face.",
    "remote_code": "Loading needs trust_remote_code (custom code from the model repository): "
    "review that code before running it.",
    "weights": "Weights",
    # cost
    "s_cost": "Cost: API against self-hosting",
    "cost_intro": "At {requests} requests/day of {input} input and {output} output tokens.",
    "cost_owned": "Self-hosted costs are for hardware you own: the purchase price over 36 "
    "months plus power.",
    "cost_rented": "Self-hosted costs are for rented GPUs at on-demand prices, 730 hours a month.",
    "break_even": "Break-even: above {volume} requests/day, self-hosting {own} on {gpus} x "
    "{hardware} costs less than {api} through its API.",
    "break_even_never": "Self-hosting {own} on {gpus} x {hardware} stays more expensive than "
    "{api} through its API at every volume checked (up to 1 billion requests/day).",
    "break_even_below": "Self-hosting is already the cheaper option at your volume.",
    "reference_api": "API (reference only)",
    "break_even_reference": "For reference (APIs are excluded by your answers): above {volume} "
    "requests/day, self-hosting {own} on {gpus} x {hardware} costs less than {api}, the "
    "cheapest API that only the deployment answer excluded.",
    "break_even_never_reference": "For reference (APIs are excluded by your answers): "
    "self-hosting {own} on {gpus} x {hardware} costs more than {api}, the cheapest API that "
    "only the deployment answer excluded, at every volume checked.",
    "no_break_even_api": "APIs were excluded by your answers (deployment: {deployment}), so "
    "there is no API-against-self-hosting comparison.",
    "no_break_even_one": "Only one kind of deployment has a known price among the candidates.",
    "prices_from": "Prices: API list prices from {prices}; hardware prices from the knowledge "
    "base (sources in appendix B).",
    "unknown": "unknown",
    # validation
    "s_validation": "Validation evidence",
    "validation_none": "No validation run is attached: every speed and quality figure above is "
    "an estimate. Run the shortlisted open models on sample prompts with modelrec validate and "
    "rebuild this report with --validation RUN_ID.",
    "validation_intro": "Run {run_id} ({suite}, {device}, {created_at}): measured on your "
    "sample prompts.",
    "validation_random": "These models ran with random weights (a check of the harness, not of "
    "the models): their pass rates say nothing about quality.",
    "validation_stand_in": "Models marked stand-in ran in the place of a catalogued model they "
    "are not (another size, or random weights): their figures check the harness and are never "
    "used in the ranking or the recommendation.",
    "stand_in_label": "stand-in",
    "prediction_flagged": "prediction not shown: implausible beside the measurement (more than "
    "10x off, or above its roofline)",
    "pass_rate": "Pass rate",
    "ci": "95% CI",
    "load_time": "Load (s)",
    "ttft": "TTFT (s)",
    "decode": "Decode (tok/s)",
    "latency_median": "Latency median (s)",
    "latency_p95": "Latency p95 (s)",
    "peak_memory": "Peak memory (GB)",
    "predicted_vs_measured": "Predicted against measured",
    "predicted": "predicted",
    "measured": "measured",
    "samples": "Sample outputs",
    "prompt": "Prompt",
    "prompts": "Prompts",
    "output": "Output",
    "passed": "passed",
    "failed": "failed",
    "comparisons": "Paired comparisons (exact McNemar test)",
    "only_a": "only A passed",
    "only_b": "only B passed",
    "p_value": "p",
    "verdict": "Verdict",
    "status": "Status",
    # advice
    "s_advice": "Approach and next steps",
    "approach": "Approach",
    "approach_prompting": "prompting",
    "approach_rag": "retrieval-augmented generation (RAG)",
    "approach_fine_tuning": "fine-tuning",
    "variant": "Model variant",
    "also_consider": "Also consider",
    "api_vs_open": "API or open weights",
    "next_steps": "Next steps",
    "step_legal": "Send the licence section to legal review: {models} carry conditions.",
    "step_validate": "Validate the shortlist on your own prompts: modelrec validate --model "
    "{model} --suite {suite}.",
    "step_validate_prompts": "Validate the shortlist on your own prompts (a YAML, JSONL or CSV "
    "file): modelrec validate --model {model} --prompts YOUR_PROMPTS.yaml.",
    "step_pilot": "Pilot {model} on real traffic and compare with {runner_up}.",
    "step_revisit": "Re-run this report when the knowledge base or your workload changes.",
    # appendix: excluded
    "s_excluded": "Appendix A: excluded models and why",
    "excluded_intro": "{n:count/model was/models were} excluded by hard constraints. Counts by kind of reason "
    "(a model can have several):",
    "reason_kind": "Reason",
    "count": "Models",
    "reasons": "Reasons",
    "exclusion_task": "cannot take the task's input or give its output",
    "exclusion_deployment": "self-hosted, but API models only were asked for",
    "exclusion_origin": "maker, provider or country excluded",
    "exclusion_data_handling": "data residency or retention not offered",
    "exclusion_language": "does not support a required language",
    "exclusion_context": "context window too short",
    "exclusion_api_not_allowed": "API not allowed by the deployment answer",
    "exclusion_license": "licence",
    "exclusion_retired": "retired by its provider",
    "exclusion_hardware": "does not fit or cannot be sized",
    "exclusion_budget": "over budget",
    "exclusion_other": "other",
    "unverified": "Could not verify",
    "unverified_intro": "A stated requirement depends on a fact that is unknown for these "
    "models, so they are not ranked: an unknown never passes a requirement.",
    "relaxations": "What would admit more models",
    "quality_estimate": "Expected quality {value} (range {low}-{high}; {basis})",
    "flag": "Flag",
    # appendix: method
    "s_method": "Appendix B: method and reproducibility",
    "method_intro": "Screening removes models that break a hard constraint. Each remaining "
    "model gets a value v in [0, 1] per criterion, over bounds fixed in the knowledge base (so "
    "adding or removing a model never reorders the others). The score is the weighted sum "
    "S = Σ w·v with the weights below (your priorities, normalised to sum to 1); ties break by "
    "model id. Sensitivity: weight-stability intervals and what-it-takes thresholds are exact "
    "for a weighted sum; rank acceptability samples weights from a seeded Dirichlet "
    "distribution around yours.",
    "criteria": "Criteria and value functions",
    "description": "Value function",
    "manifest": "Manifest",
    "created_at": "Created",
    "kb_version": "Knowledge base version",
    "kb_models": "Models in the knowledge base",
    "kb_as_of": "newest fact read on",
    "seed": "Seed",
    "inputs_hash": "SHA-256 of the answers",
    "questionnaire_hash": "Questionnaire hash",
    "python": "Python",
    "packages": "Packages",
    "sources": "Sources and their dates",
    "kind": "Kind",
    "reproduce": "To reproduce: save the answers above as a YAML file and run modelrec report "
    "FILE --format json with the same knowledge base version; modelrec report --from "
    "decision.json renders this report again byte for byte.",
    "kind_model": "model",
    "kind_user_model": "model you added",
    "kind_license": "licence",
    "kind_hardware": "hardware",
    "kind_prices": "prices",
    "kind_knowledge": "knowledge base",
    "page": "Page",
}

JA: dict[str, str] = {
    "title": "モデル選定 意思決定レポート",
    "generated": "作成 {created_at} · ナレッジベース {kb_version}（最新の情報 {kb_as_of}）"
    "· modelrec {version}",
    "toc": "目次",
    "footer": "modelrec 意思決定レポート",
    "as_written": "モデルの事実とライセンス本文は、ナレッジベースの記載どおり（英語）に「」で引用"
    "しています。",
    "memory_headroom": "メモリ/余裕",
    "takes_intro": "他の条件が同じとき、次点以下のモデルが1位を上回るには、ある1つの基準での値（0〜1）が"
    "どこまで上がる必要があるか。",
    "variant_instruct": "指示追従型 (instruct)",
    "variant_reasoning": "推論型 (reasoning)",
    "variant_domain": "ドメイン特化型",
    "variant_code": "コード特化型",
    "variant_base": "公開されたまま使用 (base)",
    "s_summary": "エグゼクティブサマリー",
    "exec_recommend": "推奨：{name}（{model_id}）。{where}、月額約 {cost}（スコア {score} / 1）。",
    "exec_stability": "ご指定の優先度の周辺でサンプリングした {samples} 通りの重み付けのうち "
    "{share} で1位となります。{critical}",
    "exec_critical": "順位は {criterion} の重みに最も敏感です（{change} の変化で1位が入れ替わります）。",
    "exec_no_critical": "重みを1つ変えただけでは1位は変わりません。",
    "exec_license": "ライセンス：{status}。",
    "exec_runner_up": "次点：{name}（{model_id}）、差 {gap}。",
    "exec_tie": "統計的に同順位：{models}。1位との差は品質推定の不確かさの範囲内で、現時点では"
    "1つを推奨する根拠がありません。選定の前に、自社のプロンプトでこれらのモデルを検証してください。"
    "現在の1位は {name}（{where}、月額約 {cost}）です。",
    "exec_kb_stale": "注意：ナレッジベースの最新の情報は {as_of} 時点で、本レポートの {days} 日前"
    "です。新しいモデル、価格、提供終了が反映されていない可能性があります。",
    "exec_warning": "注記：{warning}。",
    "exec_relax": "候補が指定数に届きませんでした。候補を増やすための条件の緩和：{relaxations}。",
    "relax_item": "{suggestion}（{n} モデル）",
    "exec_unverified": "{n} モデルは、指定された要件に必要な情報が不明なため検証できず、順位付けせずに"
    "付録Aに記載しています。",
    "exec_only_one": "スクリーニングを通過したモデルは1つだけで、次点はありません。",
    "exec_none": "スクリーニングを通過したモデルはありません。付録Aに全モデルと除外理由を示します。"
    "最も多い理由となった制約を緩めてください。",
    "exec_revisit": "次の場合はこの判断を見直してください",
    "revisit_kb": "ナレッジベースが更新されたとき（新モデル・価格・ライセンス。本レポートは "
    "{kb_version}、{as_of} 時点を使用）",
    "revisit_volume": "利用量が 1日 {volume} リクエストを超えたとき（セルフホストと API の費用が"
    "等しくなる点）",
    "revisit_validation": "実測の品質や速度がこの推定と異なるとき（候補に対して modelrec validate "
    "を実行）",
    "revisit_conditions": "以下のライセンス条件について法務の見解が変わったとき",
    "revisit_workload": "ワークロードが変わったとき（現在 1日 {requests} リクエスト、"
    "コンテキスト {context} トークン）",
    "where_api": "{provider} の API 経由",
    "where_self": "{gpus} x {hardware} でセルフホスト",
    "where_self_unknown": "セルフホスト",
    "s_question": "問い",
    "use_case": "ユースケース",
    "answers": "回答",
    "field": "項目",
    "value": "値",
    "tasks": "タスク",
    "languages": "言語",
    "constraints": "回答から導かれる制約",
    "inferred": "ユースケースから推定",
    "notes": "注記",
    "c_commercial": "商用利用を禁止するライセンス、研究・評価用途に限るライセンスは除外します。",
    "c_conditions_ok": "条件付きライセンス（利用者数上限、利用規定、命名規則など）は許可し、"
    "その条件を法務確認用に列挙します。",
    "c_conditions_no": "条件付きライセンス（利用者数上限、利用規定、命名規則など）は除外します。",
    "c_open_source": "OSI 承認のオープンソースライセンスのみ許可します。",
    "c_on_prem": "データは自社ハードウェア内に留めます：API モデルは除外し、すべてのモデルが "
    "{hardware} に収まる必要があります。",
    "c_private_cloud": "データは自社クラウド内に留めます：API モデルは除外し、レンタル GPU "
    "で実行します。",
    "c_any": "API モデルを許可します。オープンモデルはレンタル GPU の価格で試算します。",
    "c_api_only": "API モデルのみ：自社運用モデルは除外します。",
    "c_context": "{tokens} トークンのコンテキストを扱える必要があります。",
    "c_context_default": "コンテキスト長の指定はありません：タスクで一般的な {tokens} トークンで"
    "見積もり、これによる除外は行いません。",
    "c_languages": "必要な言語：{languages:langs}（サポートが文書化されていない場合は減点で、除外"
    "はしません。ベースモデルから継承したサポートも認めます）。",
    "c_tasks": "タスク：{task:task}（このタスク向けと明記されたモデルを優先し、関連タスクや汎用の"
    "モデルは低めに評価します）。",
    "c_exclude_providers": "{values} が開発・提供するモデルとその派生モデルは除外します。",
    "c_exclude_countries": "開発元（またはベースモデルの開発元）が {values} にあるモデルは除外"
    "します。開発元の国が記録されていないモデルは検証できません。",
    "c_residency": "API モデルは次の地域でデータを処理できる必要があります：{values}。",
    "c_zero_retention": "API モデルはデータを保存しない（ゼロリテンション）選択肢が必要です。",
    "c_budget_hard": "月額 {budget} を超える選択肢は除外します。",
    "c_budget_soft": "予算 月額 {budget}（上限ではなく目安）。",
    "c_latency": "目標：{seconds} 秒以内に回答を完了（上限ではなく評価項目）。",
    "s_shortlist": "候補リスト",
    "shortlist_intro": "{candidates} モデルがスクリーニングを通過し、{excluded} モデルが除外されました"
    "（付録A）。加重スコア上位 {k}：",
    "rank": "順位",
    "model": "モデル",
    "score": "スコア",
    "runs_on": "実行環境",
    "precision": "精度",
    "memory": "メモリ (GB)",
    "headroom": "余裕 (GB)",
    "speed": "tok/秒",
    "per_month": "月額",
    "per_mtok": "100万tok",
    "context": "文脈長",
    "license": "ライセンス",
    "api": "API",
    "contributions": "評価基準ごとの寄与（重み x 値）",
    "contributions_note": "各棒はモデルのスコアを評価基準ごとに分けたものです：ご指定の重みと、"
    "その基準でのモデルの値（0〜1）の積。",
    "criterion": "評価基準",
    "weight": "重み",
    "evidence": "根拠",
    "evidence_note": "値の根拠：catalog = ナレッジベースの記載、estimated = そこからの計算、"
    "measured = 検証実行の実測、unknown = 中立値 0.5 または事前値。",
    "details": "各値の内訳",
    "s_value": "品質とコスト",
    "value_intro": "各候補の期待品質（0〜1）と、ご指定の利用量での月額費用。パレート集合：両方で"
    "他に負けないモデル。",
    "value_same_cost": "すべての候補が同じハードウェア・同じ月額費用で動作するため、ここではコストで"
    "差がつきません：品質とその他の基準で決まります。",
    "pareto": "パレート集合",
    "quality": "品質 (0〜1)",
    "monthly_cost": "月額費用（{currency}、対数目盛）",
    "currency_note": "金額は米ドルで計算し、1 USD = {rate} {currency}（{source}）で{currency}に"
    "換算して表示しています。",
    "deployment": "デプロイ",
    "self_hosted": "セルフホスト",
    "dep_api": "API",
    "shortlisted": "候補",
    "other": "その他",
    "s_sensitivity": "順位はどれだけ安定しているか",
    "acceptability": "順位受容度",
    "acceptability_intro": "ご指定の重みの周辺でサンプリングした {samples} 通りの重み付け（シード "
    "{seed}）で、各モデルが各順位になった割合。",
    "rank_n": "{n}位",
    "stability": "重みの安定区間",
    "stability_intro": "上位 {k} の順序が変わらない範囲で各基準の重みが取りうる区間（他の重みは"
    "比例して再配分）。",
    "interval": "安定区間",
    "what_it_takes": "次点以下のモデルが1位になる条件",
    "most_critical": "最も影響の大きい基準：{criterion}（重みが {change} 変わると1位が入れ替わります）。",
    "no_sensitivity": "候補が2つ未満のため感度分析はありません。",
    "s_license": "ライセンスとコンプライアンス",
    "license_intro": "ご回答に基づく各候補モデルの判定と、それに伴う義務。「条件付き」は利用可能"
    "ですが、列挙した条件を法務担当者が確認・承認する必要があることを意味します。",
    "status_allowed": "利用可",
    "status_conditional": "条件付きで利用可（法務確認が必要）",
    "status_not_allowed": "利用不可",
    "obligations": "義務",
    "no_obligations": "ライセンス文の保持以外の義務は記録されていません。",
    "license_text": "ライセンス本文",
    "license_class": "分類",
    "commercial_use": "商用利用",
    "osi": "OSI 承認",
    "yes": "可",
    "answer_yes": "はい",
    "answer_no": "いいえ",
    "no": "不可",
    "conditional": "条件付き",
    "mau_cap": "月間アクティブユーザー上限",
    "revenue_cap": "年間売上上限",
    "attribution": "帰属表示",
    "naming_rule": "命名規則",
    "aup": "利用規定 (AUP)",
    "output_use": "出力の利用",
    "geography": "地域の制限",
    "pass_on": "制限は利用者と派生物に引き継がれる",
    "notice": "NOTICE／ライセンス文の同梱が必要",
    "quoted": "条項の引用",
    "applies_to": "対象モデル",
    "source": "出典",
    "as_of": "確認日",
    "s_privacy": "プライバシーとデプロイ",
    "privacy_intro": "各選択肢で、プロンプトと出力がどこへ流れるか。",
    "flow_on_prem": "プロンプトと出力は自社ハードウェア（{hardware}）内に留まり、推論時にネットワーク"
    "外へ出ません。",
    "flow_private_cloud": "プロンプトと出力は自社クラウドアカウント内のレンタル GPU（{hardware}）に"
    "留まります。マシンにはクラウド事業者の規約が適用され、モデル提供者は関与しません。",
    "flow_api": "プロンプトと出力は {provider} に送信されます。",
    "retention": "保持期間：既定で {days} 日。",
    "retention_zero": "保持期間：既定で保持なし。",
    "retention_unknown": "保持期間：記録なし。",
    "trains_yes": "既定で入力が学習に使われます：実データを送る前にオプトアウトしてください。",
    "trains_no": "既定では入力は学習に使われません。",
    "trains_unknown": "入力の学習利用：記録なし。",
    "regions": "処理リージョン：{regions}。",
    "zdr": "データ保持ゼロのオプションがあります（多くは申請制）。",
    "policy": "提供者のポリシー",
    "gated": "重みのダウンロードには Hugging Face でライセンスへの同意が必要です。",
    "remote_code": "読み込みに trust_remote_code（モデルリポジトリのカスタムコード）が必要です："
    "実行前にそのコードを確認してください。",
    "weights": "重み",
    "s_cost": "コスト：API とセルフホストの比較",
    "cost_intro": "1日 {requests} リクエスト、入力 {input} トークン・出力 {output} トークンの場合。",
    "cost_owned": "セルフホストの費用は自社保有ハードウェアのもの：購入価格の36か月償却と電力費。",
    "cost_rented": "セルフホストの費用はレンタル GPU のオンデマンド価格、月730時間。",
    "break_even": "損益分岐点：1日 {volume} リクエストを超えると、{own} を {gpus} x {hardware} で"
    "セルフホストする方が {api} の API より安くなります。",
    "break_even_never": "{own} を {gpus} x {hardware} でセルフホストする費用は、確認したすべての利用量"
    "（1日10億リクエストまで）で {api} の API より高くなります。",
    "break_even_below": "ご指定の利用量では、すでにセルフホストの方が安価です。",
    "reference_api": "API（参考のみ）",
    "break_even_reference": "参考（ご回答により API は除外）：1日 {volume} リクエストを超えると、"
    "{own} を {gpus} x {hardware} でセルフホストする方が、デプロイの回答のみで除外された最安の API "
    "である {api} より安くなります。",
    "break_even_never_reference": "参考（ご回答により API は除外）：{own} を {gpus} x {hardware} "
    "でセルフホストする費用は、確認したすべての利用量で、デプロイの回答のみで除外された最安の API "
    "である {api} より高くなります。",
    "no_break_even_api": "ご回答（デプロイ：{deployment}）により API は除外されたため、API と"
    "セルフホストの比較はありません。",
    "no_break_even_one": "候補のうち価格が判明しているのは一方のデプロイ形態のみです。",
    "prices_from": "価格：API の定価は {prices}、ハードウェア価格はナレッジベース（出典は付録B）。",
    "unknown": "不明",
    "s_validation": "検証結果",
    "validation_none": "検証実行は添付されていません：上記の速度と品質はすべて推定値です。"
    "modelrec validate で候補のオープンモデルをサンプルプロンプトで実行し、--validation RUN_ID "
    "を付けてこのレポートを再作成してください。",
    "validation_intro": "実行 {run_id}（{suite}、{device}、{created_at}）：ご指定のサンプル"
    "プロンプトでの実測。",
    "validation_random": "これらのモデルはランダムな重みで実行されました（ハーネスの動作確認であり、"
    "モデルの評価ではありません）：合格率は品質を示しません。",
    "validation_stand_in": "「代用」と記したモデルは、カタログ上の別のモデル（サイズ違いやランダム"
    "な重み）の代わりに実行したものです。数値はハーネスの確認用で、順位付けや推奨には使いません。",
    "stand_in_label": "代用",
    "prediction_flagged": "予測値は非表示：実測と比べて妥当でないため（10 倍以上の差、またはルーフ"
    "ライン超）",
    "pass_rate": "合格率",
    "ci": "95% 信頼区間",
    "load_time": "読込 (秒)",
    "ttft": "初回トークン (秒)",
    "decode": "生成速度 (tok/s)",
    "latency_median": "レイテンシ中央値 (秒)",
    "latency_p95": "レイテンシ p95 (秒)",
    "peak_memory": "最大メモリ (GB)",
    "predicted_vs_measured": "予測と実測",
    "predicted": "予測",
    "measured": "実測",
    "samples": "出力例",
    "prompt": "プロンプト",
    "prompts": "プロンプト数",
    "output": "出力",
    "passed": "合格",
    "failed": "不合格",
    "comparisons": "対応のある比較（正確 McNemar 検定）",
    "only_a": "A のみ合格",
    "only_b": "B のみ合格",
    "p_value": "p 値",
    "verdict": "判定",
    "status": "状態",
    "s_advice": "アプローチと次のステップ",
    "approach": "アプローチ",
    "approach_prompting": "プロンプト設計",
    "approach_rag": "検索拡張生成 (RAG)",
    "approach_fine_tuning": "ファインチューニング",
    "variant": "モデルの種類",
    "also_consider": "あわせて検討",
    "api_vs_open": "API かオープンウェイトか",
    "next_steps": "次のステップ",
    "step_legal": "ライセンスの節を法務確認に回してください：{models} には条件があります。",
    "step_validate": "自社のプロンプトで候補を検証してください：modelrec validate --model "
    "{model} --suite {suite}。",
    "step_validate_prompts": "自社のプロンプト（YAML、JSONL、CSV）で候補を検証してください："
    "modelrec validate --model {model} --prompts YOUR_PROMPTS.yaml。",
    "step_pilot": "{model} を実トラフィックで試験運用し、{runner_up} と比較してください。",
    "step_revisit": "ナレッジベースやワークロードが変わったら、このレポートを再作成してください。",
    "s_excluded": "付録A：除外されたモデルとその理由",
    "excluded_intro": "{n} モデルがハード制約により除外されました。理由の種類ごとの件数"
    "（1モデルに複数の理由がありえます）：",
    "reason_kind": "理由",
    "count": "モデル数",
    "reasons": "理由",
    "exclusion_task": "タスクの入力または出力の形式に対応していない",
    "exclusion_deployment": "自社運用モデル（API モデルのみの指定）",
    "exclusion_origin": "除外した開発元・提供元・国",
    "exclusion_data_handling": "データの処理地域または保存条件を満たさない",
    "exclusion_language": "必要な言語に対応していない",
    "exclusion_context": "コンテキスト長が不足",
    "exclusion_api_not_allowed": "デプロイの回答により API 不可",
    "exclusion_license": "ライセンス",
    "exclusion_retired": "提供者が提供を終了",
    "exclusion_hardware": "ハードウェアに収まらない、または見積り不可",
    "exclusion_budget": "予算超過",
    "exclusion_other": "その他",
    "unverified": "検証できないモデル",
    "unverified_intro": "指定された要件に必要な情報が不明なため、順位付けしていません（不明な情報で要件を満たしたとはみなしません）。",
    "relaxations": "候補を増やすための条件の緩和",
    "quality_estimate": "期待品質 {value}（範囲 {low}–{high}、根拠：{basis}）",
    "flag": "注意",
    "s_method": "付録B：手法と再現性",
    "method_intro": "スクリーニングでハード制約に反するモデルを除外します。残ったモデルには基準ごとに"
    "値 v（0〜1）を与えます。境界はナレッジベースで固定されているため、モデルの追加・削除で他の順位は"
    "変わりません。スコアは加重和 S = Σ w·v（重みはご指定の優先度を合計1に正規化したもの）で、同点は"
    "モデル ID 順です。感度分析：重みの安定区間と逆転条件は加重和について厳密に求め、順位受容度は"
    "ご指定の重みの周辺のシード付きディリクレ分布から重みをサンプリングして求めます。",
    "criteria": "評価基準と価値関数",
    "description": "価値関数",
    "manifest": "マニフェスト",
    "created_at": "作成日時",
    "kb_version": "ナレッジベースのバージョン",
    "kb_models": "ナレッジベースのモデル数",
    "kb_as_of": "最新の事実の確認日",
    "seed": "シード",
    "inputs_hash": "回答の SHA-256",
    "questionnaire_hash": "質問票ハッシュ",
    "python": "Python",
    "packages": "パッケージ",
    "sources": "出典と確認日",
    "kind": "種類",
    "reproduce": "再現するには：上記の回答を YAML ファイルに保存し、同じナレッジベースのバージョンで "
    "modelrec report FILE --format json を実行します。modelrec report --from decision.json で"
    "このレポートをバイト単位で同一に再作成できます。",
    "kind_model": "モデル",
    "kind_user_model": "ユーザー追加モデル",
    "kind_license": "ライセンス",
    "kind_hardware": "ハードウェア",
    "kind_prices": "価格",
    "kind_knowledge": "ナレッジベース",
    "page": "ページ",
}

#: Criterion display names per language (the ids stay in the JSON).
CRITERION_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "quality": "quality",
        "language": "language",
        "cost": "cost",
        "speed": "speed",
        "fit": "memory headroom",
        "openness": "openness",
        "license_friction": "licence friction",
        "maturity": "maturity",
        "semantic_match": "match to the use case",
    },
    "ja": {
        "quality": "品質",
        "language": "言語",
        "cost": "コスト",
        "speed": "速度",
        "fit": "メモリの余裕",
        "openness": "オープン性",
        "license_friction": "ライセンス上の負担",
        "maturity": "成熟度",
        "semantic_match": "用途との一致",
    },
}

#: How each criterion is computed, per language other than English (English: the engine's own
#: description, recorded with the decision).
CRITERION_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "ja": {
        "quality": "タスクでの期待品質（区間付きの推定）：タスクに関係する公開ベンチマークのスコア"
        "（どれをどの程度使うかは benchmarks.yaml）を固定の範囲で0〜1に換算し、規模と公開日"
        "（オープンモデル）または定価と公開日（API モデル）からの事前推定と比較衡量します。モデルが"
        "明記していないタスクと量子化では割り引きます。順位付けには推定値から区間の半幅の半分を"
        "引いた値を使うため、根拠が薄いと少し不利になります。",
        "language": "必要な言語への対応：文書化された対応が強い1、良好0.75、基本的0.4。ベース"
        "モデルからの継承は0.9倍、記載なしは0.25、その言語の公開ベンチマークスコアがあれば0.9以上。"
        "最も弱い言語で決まります（利用比率の指定があれば、その加重平均）。",
        "cost": "指定の利用量での月額費用（思考トークンを含む）の対数尺度：10ドルで1、10万ドルで0。"
        "予算を超えると0。費用が不明ならスコアから除外します。",
        "speed": "1回答にかかる時間（初回トークンまでの時間と、出力・思考トークンを生成速度推定の"
        "遅い側で生成する時間。API は公開の速度）を応答時間の目標と比較：達成なら1、何倍遅いかの"
        "常用対数を引きます。目標がなければ読む速さ（毎秒10トークン）に30秒を加えた時間を使います。"
        "速度が不明ならスコアから除外します。",
        "fit": "安全余裕としてのメモリの余裕：使用可能メモリの10%以上が空いていれば1、ぎりぎりなら"
        "0.6。API は1（提供元のハードウェア）。",
        "openness": "ライセンス分類（OSI パーミッシブ1、コピーレフト0.9、RAIL 0.7、コミュニティ0.5、"
        "非商用0.3、API 0）。重みのみの公開（学習データとコードは非公開）は0.8倍。OSI のオープン"
        "ソース AI の定義を満たすモデルは1。ユーザーがオープン性を求めた場合のみ効きます。",
        "license_friction": "利用可1、条件付きで利用可0.6。ユーザーが重視した場合のみ効きます："
        "既定では、受け入れた条件は減点しません。",
        "maturity": "ライフサイクル：現行1、後継あり0.6、非推奨0.4、6か月以内に提供終了0.1。",
        "semantic_match": "モデルの説明と専門分野がユースケースにどれだけ合うか（埋め込みによる"
        "意味的な一致を背景と比較した値×0.6＋分野の一致×0.4）。",
    }
}

STRINGS: dict[str, dict[str, str]] = {"en": EN, "ja": JA}
LANGUAGES = tuple(STRINGS)
