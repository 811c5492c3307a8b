"""``modelrec validate``: run open models on prompt suites, measure, re-rank with the results."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._common import (
    at_most,
    load_kb,
    positive_float,
    positive_int,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from ..engine.recommend import Recommendation
    from ..validation import ProgressEvent, RankChange, ValidationRun

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "validate",
        help="run open models on sample prompts; measure quality, speed, memory; re-rank",
        description="Run each model in its own process (or, with --executor ray, placed on a "
        "Ray cluster by estimated memory, several at once) on a prompt suite (built in, or your "
        "YAML, JSONL or CSV file): answers with check results, pass rate with a 95% interval, "
        "load time, TTFT, decode tokens/s, latency, peak memory, $/1M tokens, paired "
        "comparisons. Results are saved as each prompt completes; --resume RUN_ID continues "
        "a run that was interrupted. With --questionnaire, the shortlist is re-ranked with "
        "the measurements.",
    )
    p.add_argument(
        "--model",
        action=_ModelAction,
        default=[],
        metavar="ID_OR_PATH",
        help="a local model directory, a knowledge-base id or a cached Hugging Face repo id; "
        "KB_ID=DIR runs DIR as that knowledge-base model (repeat for more models)",
    )
    endpoint = p.add_argument_group(
        "OpenAI-compatible endpoints (vLLM, llama.cpp, Ollama, LM Studio, SGLang, TGI, APIs); "
        "the options after an --endpoint apply to it"
    )
    endpoint.add_argument(
        "--endpoint",
        action=_EndpointAction,
        metavar="URL",
        help="base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (repeat)",
    )
    endpoint.add_argument(
        "--endpoint-model",
        action=_EndpointAction,
        metavar="NAME",
        help="the model name the endpoint serves (its /v1/models list)",
    )
    endpoint.add_argument(
        "--as",
        dest="endpoint_as",
        action=_EndpointAction,
        metavar="KB_ID",
        help="the knowledge-base model the endpoint serves (checked; re-ranks it)",
    )
    endpoint.add_argument(
        "--api-key-env",
        action=_EndpointAction,
        metavar="VAR",
        help="the environment variable holding the endpoint's key (the key is never stored)",
    )
    p.add_argument(
        "--stand-in",
        action=_StandInAction,
        nargs=0,
        help="the --model or --endpoint before it stands in for a knowledge-base model it is "
        "not (another size, random weights): measured and labelled, never re-ranked",
    )
    endpoint.add_argument(
        "--concurrency",
        type=positive_int,
        default=4,
        metavar="N",
        help="requests at a time per endpoint (default 4)",
    )
    endpoint.add_argument(
        "--retries",
        type=int,
        default=3,
        metavar="N",
        help="retries of a request after 429, 5xx, a dropped connection or a timeout, with "
        "exponential back-off (default 3)",
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument("--suite", metavar="NAME", help="built-in suite (see --list-suites)")
    source.add_argument("--prompts", type=Path, metavar="FILE", help="YAML, JSONL or CSV prompts")
    p.add_argument("--language", metavar="CODE", help="only the prompts in this language (en, ja)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument(
        "--dtype",
        choices=("auto", "float32", "bfloat16", "float16"),
        default="auto",
        help="default: bfloat16 on CUDA, float32 on the CPU",
    )
    p.add_argument(
        "--max-new-tokens", type=at_most(positive_int, 1_000_000), default=64, metavar="N"
    )
    p.add_argument(
        "--batch-size",
        type=at_most(positive_int, 4096),
        default=8,
        metavar="N",
        help="prompts per batch (halved on out-of-memory)",
    )
    p.add_argument(
        "--memory-limit-gb",
        type=at_most(positive_float, 100_000),
        metavar="GB",
        help="refuse models the fit check says need more (default: free memory)",
    )
    seconds = at_most(positive_float, 10_000_000)
    p.add_argument("--load-timeout", type=seconds, default=900.0, metavar="S")
    p.add_argument("--prompt-timeout", type=seconds, default=300.0, metavar="S")
    p.add_argument("--model-timeout", type=seconds, default=7200.0, metavar="S")
    p.add_argument(
        "--trust-remote-code",
        action="append",
        default=[],
        metavar="ID_OR_PATH",
        help="allow this model (as named in --model) to run its repository's code",
    )
    p.add_argument(
        "--random-weights",
        action="store_true",
        help="build models from their config with random weights: speed and memory "
        "only (no weights needed)",
    )
    p.add_argument(
        "--download",
        action="store_true",
        help="download models missing from the local cache (needs the network)",
    )
    p.add_argument(
        "--perplexity-text",
        type=Path,
        metavar="FILE",
        help="also measure each model's perplexity on this text (your domain)",
    )
    price = p.add_mutually_exclusive_group()
    price.add_argument(
        "--price-per-hour",
        type=at_most(positive_float, 1_000_000),
        metavar="USD",
        help="hardware price for $/1M tokens",
    )
    price.add_argument(
        "--hardware",
        metavar="NAME",
        help="take the hourly price from this catalogued hardware's rental price",
    )
    p.add_argument(
        "--threads", type=at_most(positive_int, 4096), metavar="N", help="CPU threads per worker"
    )
    p.add_argument(
        "--executor",
        metavar="NAME",
        default="local",
        help="where models run: local (default: one subprocess per model, one after another) "
        "or ray (placed on a Ray cluster by estimated memory, in parallel)",
    )
    ray = p.add_argument_group("ray executor (--executor ray; pip install 'modelrec[ray]')")
    ray.add_argument(
        "--address",
        metavar="ADDR",
        help="Ray cluster to join (default: RAY_ADDRESS, else a local Ray for this run)",
    )
    ray.add_argument(
        "--worker-retries",
        type=int,
        default=2,
        metavar="N",
        help="restarts of a lost worker or node before the model counts as crashed (default 2)",
    )
    ray.add_argument(
        "--gpu-memory-gb",
        type=positive_float,
        metavar="GB",
        help="each GPU's memory, when the nodes cannot report it (no nvidia-smi)",
    )
    p.add_argument(
        "--questionnaire",
        type=Path,
        metavar="FILE",
        help="re-rank this questionnaire's shortlist with the measurements",
    )
    p.add_argument("--run-id", metavar="ID", help="id for a new run (default: time + random)")
    p.add_argument("--resume", metavar="RUN_ID", help="continue an interrupted run")
    p.add_argument("--show", metavar="RUN_ID", help="print a stored run")
    p.add_argument("--list-suites", action="store_true", help="list the built-in suites")
    p.add_argument("--list-runs", action="store_true", help="list the stored runs")
    p.add_argument(
        "--available",
        action="store_true",
        help="with --questionnaire: which shortlisted models can run now (weights in the "
        "local cache, an endpoint given) and how to make the others available",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_validate, parser=p, sources=None)


def _sources(namespace: argparse.Namespace) -> list[dict[str, Any]]:
    if getattr(namespace, "sources", None) is None:
        namespace.sources = []
    sources: list[dict[str, Any]] = namespace.sources
    return sources


class _ModelAction(argparse._AppendAction):
    """--model, remembered in order so that a --stand-in after it applies to it."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        super().__call__(parser, namespace, values, option)
        _sources(namespace).append({"model": values})


class _EndpointAction(argparse.Action):
    """--endpoint opens an endpoint; --endpoint-model, --as, --api-key-env fill it."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        sources = _sources(namespace)
        if self.dest == "endpoint":
            sources.append({"url": values})
            return
        if not sources or "url" not in sources[-1]:
            parser.error(f"{option} {values}: give --endpoint URL before it")
        field = {"endpoint_model": "model", "endpoint_as": "kb_id"}.get(self.dest, self.dest)
        if field in sources[-1]:
            parser.error(f"{option} given twice for --endpoint {sources[-1]['url']}")
        sources[-1][field] = values


class _StandInAction(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        sources = _sources(namespace)
        if not sources:
            parser.error("--stand-in: give it after the --model or --endpoint it marks")
        sources[-1]["stand_in"] = True


def _validate(args: argparse.Namespace) -> int:
    from ..errors import ValidationHarnessError
    from ..validation import builtin_suite_names, list_runs, load_run, load_suite, run_validation

    if args.list_suites:
        rows = []
        items = []
        for name in builtin_suite_names(args.kb):
            s = load_suite(name, knowledge_dir=args.kb)
            rows.append([name, str(len(s.prompts)), ",".join(s.languages), ",".join(s.check_types)])
            items.append(
                {
                    "name": name,
                    "task": s.task,
                    "prompts": len(s.prompts),
                    "languages": s.languages,
                    "checks": list(s.check_types),
                }
            )
        if args.json:
            print_json(items)
        else:
            print_table(["SUITE", "PROMPTS", "LANGUAGES", "CHECKS"], rows)
        return 0
    if args.list_runs:
        runs = [load_run(r) for r in list_runs()]
        if args.json:
            print_json(
                [
                    {
                        "run_id": r.id,
                        "status": r.status,
                        "created_at": r.created_at,
                        "suite": r.suite,
                        "models": [m.key for m in r.models],
                    }
                    for r in runs
                ]
            )
        else:
            print_table(
                ["RUN", "STATUS", "CREATED", "SUITE", "MODELS"],
                [[r.id, r.status, r.created_at, r.suite, str(len(r.models))] for r in runs],
            )
        return 0

    kb = load_kb(args)
    questionnaire = None
    if args.questionnaire is not None:
        from ..engine import load_questionnaire

        questionnaire = load_questionnaire(args.questionnaire)  # a bad file fails before work
    if args.available:
        if questionnaire is None:
            args.parser.error("--available needs --questionnaire FILE (whose shortlist to check)")
        _print_availability(args, kb, questionnaire)
        return 0
    if args.show:
        run = load_run(args.show)
    else:
        endpoints = [e for e in args.sources or [] if "url" in e]
        for e in endpoints:
            if "model" not in e:
                args.parser.error(
                    f"--endpoint {e['url']}: add --endpoint-model NAME (the model it serves)"
                )
        stand_in = [e["model"] for e in args.sources or [] if "url" not in e and e.get("stand_in")]
        if not args.resume and not args.model and not endpoints:
            args.parser.error(
                "name at least one --model or --endpoint (or --resume RUN_ID, --show RUN_ID)"
            )
        if not args.resume and not (args.suite or args.prompts):
            args.parser.error("give --suite NAME or --prompts FILE")
        price, price_source = args.price_per_hour, None
        if args.price_per_hour is not None:
            price_source = "given on the command line"
        if args.hardware:
            hw = kb.hardware_item(args.hardware)
            if hw.rental_per_hour is None:
                raise ValidationHarnessError(
                    f"'{hw.id}' has no rental price in the knowledge base: give --price-per-hour"
                )
            price = hw.rental_per_hour.usd
            rental = hw.rental_per_hour
            price_source = f"{hw.id} rental, {rental.vendor or 'typical'}, as of {rental.as_of}"
        perplexity_text = None
        if args.perplexity_text is not None:
            from ..inputs import InputFileError, read_text

            try:
                perplexity_text = read_text(args.perplexity_text, "text")
            except InputFileError as exc:
                raise ValidationHarnessError(f"--perplexity-text {exc}") from None
        progress = None if args.no_progress else _ProgressBar()
        executor = _executor(args)
        quiet = contextlib.ExitStack()
        if args.executor == "ray":  # Ray prints lost workers on stdout: keep it for results
            quiet.enter_context(contextlib.redirect_stdout(sys.stderr))
        run = run_validation(
            args.model,
            suite=args.suite,
            prompts=args.prompts,
            language=args.language,
            device=args.device,
            dtype=args.dtype,
            run_id=args.resume or args.run_id,
            resume=args.resume is not None,
            progress=progress,
            max_new_tokens=args.max_new_tokens,
            batch_size=args.batch_size,
            load_timeout_s=args.load_timeout,
            prompt_timeout_s=args.prompt_timeout,
            model_timeout_s=args.model_timeout,
            memory_limit_gb=args.memory_limit_gb,
            trust_remote_code=args.trust_remote_code,
            random_weights=args.random_weights,
            download=args.download,
            perplexity_text=perplexity_text,
            price_per_hour_usd=price,
            price_source=price_source,
            threads=args.threads,
            executor=executor,
            kb=kb,
            endpoints=endpoints,
            concurrency=args.concurrency,
            retries=max(0, args.retries),
            stand_in=stand_in,
        )
        quiet.close()
        if progress is not None:
            progress.close()
    ranking: dict[str, Any] | None = None
    reranked: tuple[Recommendation, Recommendation, list[RankChange]] | None = None
    if questionnaire is not None:
        from ..engine import recommend
        from ..matching import ModelMatcher, TaskMatcher, get_embedder
        from ..validation import compare_rankings

        embedder = get_embedder()
        matcher, model_matcher = TaskMatcher(kb, embedder), ModelMatcher(kb, embedder)
        before = recommend(questionnaire, kb, matcher=matcher, model_matcher=model_matcher)
        after = recommend(
            questionnaire, kb, matcher=matcher, model_matcher=model_matcher, evidence=run
        )
        changes = compare_rankings(before, after)
        reranked = (before, after, changes)
        ranking = {
            "recommendation": after.to_json(),
            "changes": [c.to_json() for c in changes],
        }
    if args.json:
        payload = run.to_json()
        if ranking is not None:
            payload["reranked"] = ranking
        print_json(payload)
    else:
        _print_run(run)
        if reranked is not None:
            _print_ranking(*reranked, run)
    return 0  # failed models are results, reported above; errors raise


def _executor(args: argparse.Namespace) -> Any:
    """The executor by name; ``ray`` with its options, showing its placement plan."""
    ray_options = (
        args.address is not None or args.gpu_memory_gb is not None or args.worker_retries != 2
    )
    if args.executor != "ray":
        if ray_options:
            args.parser.error(
                "--address, --worker-retries and --gpu-memory-gb go with --executor ray"
            )
        return args.executor
    from ..validation.ray_executor import RayExecutor

    if args.worker_retries < 0:
        args.parser.error("--worker-retries must be 0 or more")
    return RayExecutor(
        args.address,
        retries=args.worker_retries,
        gpu_memory_gb=args.gpu_memory_gb,
        show=lambda plan: print(plan, file=sys.stderr, flush=True),
    )


def _print_availability(args: argparse.Namespace, kb: Any, questionnaire: Any) -> None:
    from ..engine import recommend
    from ..validation.availability import availability

    rec = recommend(questionnaire, kb)
    endpoints = [e for e in args.sources or [] if "url" in e]
    rows = availability(
        [r.candidate.model for r in rec.shortlist], endpoints, suite=args.suite or "SUITE"
    )
    if args.json:
        print_json([a.to_json() for a in rows])
        return
    print_table(
        ["MODEL", "AVAILABLE", "WHERE"],
        [
            [a.model_id, {"cached": "weights in local cache", "endpoint": "endpoint configured",
                          "unavailable": "not available"}[a.status], a.detail]
            for a in rows
        ],
    )  # fmt: skip
    print("\nto run them:")
    for a in rows:
        print(f"  {a.model_id}: {a.how}")


class _ProgressBar:
    """A one-line progress bar on stderr (one line per status change when not a terminal)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last: dict[str, str] = {}  # each model's last status (several run at once)

    def __call__(self, e: ProgressEvent) -> None:
        width = 24
        filled = int(width * e.done / e.total) if e.total else width
        bar = "#" * filled + "-" * (width - filled)
        name = e.model if len(e.model) <= 40 else "..." + e.model[-37:]
        line = f"[{e.model_index + 1}/{e.models}] {name} [{bar}] {e.done}/{e.total} {e.status}"
        if self.tty:  # the bar's own escape sequence; the line itself is made printable
            from ..inputs import printable

            raw = getattr(sys.stderr, "unfiltered", sys.stderr)
            raw.write("\r\x1b[2K" + printable(line, keep_newlines=False))
            if e.status not in ("checking_fit", "loading", "running"):
                sys.stderr.write("\n")
        elif self.last.get(e.model) != e.status:
            sys.stderr.write(line + ("" if e.message is None else f": {e.message}") + "\n")
        sys.stderr.flush()
        self.last[e.model] = e.status

    def close(self) -> None:
        sys.stderr.flush()


def _f(value: float | None, fmt: str = ".2f") -> str:
    return "-" if value is None else format(value, fmt)


def label(m: Any) -> str:
    """A result's name in tables: the knowledge-base id and what ran as it; stand-ins said."""
    source = m.source
    if source.get("kind") == "endpoint":
        ran = f"{source.get('endpoint_model')} @ {source.get('path')}"
    else:
        ran = Path(m.key.partition("=")[2] or m.key).name
    name = ran if m.kb_id is None else f"{m.kb_id} ({ran})"
    return name + (" [stand-in]" if source.get("stand_in") else "")


def _print_run(run: ValidationRun) -> None:
    s = run.settings
    devices = sorted(
        {
            str(m.manifest.get("device_name") or m.manifest.get("device") or "?")
            for m in run.models
            if m.manifest
        }
    )
    print(
        f"run {run.id} · suite {run.suite} ({len(run.prompts)} prompts) · "
        f"{', '.join(devices) or s['device']} · {run.status}\n"
    )
    rows = []
    for m in run.models:
        x = m.metrics
        rate = (
            "-"
            if x.pass_rate is None or x.pass_rate_ci is None
            else f"{x.passed}/{x.checked} {x.pass_rate:.0%} "
            f"({x.pass_rate_ci[0]:.0%}-{x.pass_rate_ci[1]:.0%})"
        )
        rows.append(
            [
                label(m),
                m.status if m.failure is None else m.failure,
                rate,
                _f(x.load_s, ".1f"),
                _f(x.ttft_s, ".3f"),
                _f(x.decode_tokens_per_s, ".1f"),
                _f(x.latency_median_s, ".2f"),
                _f(x.latency_p95_s, ".2f"),
                _f(x.peak_memory_gb, ".2f"),
                _f(x.predicted_memory_gb, ".2f"),
                _f(x.cost_per_mtok_usd, ",.2f"),
            ]
        )
    print_table(
        [
            "MODEL",
            "STATUS",
            "PASS (95% CI)",
            "LOAD S",
            "TTFT S",
            "DECODE T/S",
            "P50 S",
            "P95 S",
            "PEAK GB",
            "PRED GB",
            "$/1M",
        ],
        rows,
    )
    endpoints = any(m.source.get("kind") == "endpoint" for m in run.models)
    local = any(m.source.get("kind") != "endpoint" for m in run.models)
    notes = []
    if local:
        notes.append(
            "speed: batch-1 run with min_new_tokens = max_new_tokens "
            f"({s.get('perf_tokens') or s['max_new_tokens']} tokens, median of 3); latency: "
            f"batches of up to {s['batch_size']}; PEAK GB: process peak (CPU: RSS), PRED GB: "
            "the fit check's estimate"
        )
    if endpoints:
        notes.append(
            "endpoints: every request streamed, TTFT to the first content chunk, decode speed "
            "after it, medians over the prompts; $/1M for an API model: its list prices x the "
            "tokens used, per generated token"
        )
    if s.get("price_per_hour_usd"):
        notes.append(
            f"$/1M{' (self-hosted)' if endpoints else ''} at ${s['price_per_hour_usd']:g}/h "
            f"({s.get('price_source')})"
        )
    print("\n" + "; ".join(notes))
    for m in run.models:
        x, source = m.metrics, m.source
        if source.get("stand_in"):
            print(
                f"{label(m)}: a stand-in for {m.kb_id}, not that model "
                f"({source.get('identity') or 'not checked'}): measured, never re-ranked"
            )
        elif source.get("identity"):
            print(f"{label(m)}: {source['identity']}")
        if source.get("kind") == "endpoint" and x.completion_tokens is not None:
            price = source.get("price")
            cost = (
                f"; cost ${x.cost_usd:.6f} at list prices (${price['input_per_mtok']:g} in, "
                f"${price['output_per_mtok']:g} out per 1M tokens; {price['source']})"
                if price and x.cost_usd is not None
                else ""
            )
            print(
                f"{label(m)}: {x.prompt_tokens or 0} prompt + {x.completion_tokens} generated "
                f"tokens (the responses' usage), {x.retries or 0} retries, "
                f"{m.manifest.get('concurrency', '?')} requests at a time{cost}"
            )
        for flag in (x.speed_flag, x.memory_flag):
            if flag:
                print(f"{label(m)}: {flag}")
        if m.failure is not None:
            print(f"{m.key}: {m.failure}: {m.message}")
        if m.metrics.perplexity is not None:
            print(
                f"{m.key}: perplexity {m.metrics.perplexity:.2f} on "
                f"{m.metrics.perplexity_tokens} tokens of your text"
            )
    for c in run.comparisons:
        print(
            f"paired: {Path(c.a).name} vs {Path(c.b).name}: {c.verdict} (exact McNemar "
            f"p={c.p_value:.2f}; {c.only_a} vs {c.only_b} prompts won of {c.prompts})"
        )
    answered = [m for m in run.models if m.outputs]
    if answered:
        print("\nanswers (✓ all checks passed, ✗ a check failed):")
        by_index = {m.key: {o.index: o for o in m.outputs} for m in answered}
        for i, prompt in enumerate(run.prompts):
            print(f"  {prompt.id}: {_clip(prompt.prompt, 70)}")
            for m in answered:
                o = by_index[m.key].get(i)
                if o is None:
                    continue
                mark = {True: "✓", False: "✗", None: " "}[o.passed]
                failed = [c.type for c in o.checks if not c.passed]
                print(
                    f"    {mark} {Path(m.key).name}: {_clip(o.output, 60)!r}"
                    + (f"  failed: {', '.join(failed)}" if failed else "")
                )


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _print_ranking(
    before: Recommendation, after: Recommendation, changes: list[RankChange], run: ValidationRun
) -> None:
    measured = {m.kb_id for m in run.models if m.kb_id}
    print(f"\nshortlist re-ranked with the measurements (kb_version {after.kb_version}):\n")
    old = {r.candidate.model.id: r for r in before.ranked}
    rows = []
    for r in after.shortlist:
        mid = r.candidate.model.id
        prior = old.get(mid)
        move = "" if prior is None else f"{prior.rank}→{r.rank}"
        rows.append(
            [
                str(r.rank),
                mid,
                f"{r.score:.3f}",
                "-" if prior is None else f"{r.score - prior.score:+.3f}",
                move,
                ", ".join(sorted(k for k, v in r.values.items() if v.evidence == "measured"))
                or "-",
            ]
        )
    print_table(["#", "MODEL", "SCORE", "DELTA", "RANK", "MEASURED"], rows)
    shown = [c for c in changes if c.changed or c.moved]
    if shown:
        print("\nwhat changed:")
    for c in shown:
        where = (
            f"rank {c.rank_before} → {c.rank_after}"
            if c.rank_before != c.rank_after
            else f"rank {c.rank_after} (unchanged)"
        )
        print(f"  {c.model_id}: {where}, score {c.score_before:.3f} → {c.score_after:.3f}")
        for name, (a, b) in c.changed.items():
            detail = c.evidence.get(name, "")
            same = " (now measured)" if abs(a - b) < 5e-3 else ""
            print(f"    {name} {a:.2f} → {b:.2f}{same}" + (f": {detail}" if detail else ""))
    stand_ins = [label(m) for m in run.models if m.source.get("stand_in")]
    if stand_ins:
        print("\nstand-ins, shown above but never used to re-rank: " + ", ".join(stand_ins))
    unmatched = sorted(m.key for m in run.models if not m.kb_id)
    if unmatched:
        print(
            "\nnot in the knowledge base, so not re-ranked: "
            + ", ".join(unmatched)
            + " (name them KB_ID=DIR to stand for a catalogued model)"
        )
    missing = sorted(mid for mid in measured if mid not in old)
    if missing:
        print("measured but not candidates for this questionnaire: " + ", ".join(missing))
