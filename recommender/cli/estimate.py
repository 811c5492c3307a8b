"""``modelrec fit``, ``cost`` and ``calibrate``: hardware fit, speed and cost estimates."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ._common import (
    KV_DTYPES,
    add_currency_option,
    at_most,
    load_kb,
    non_negative_float,
    non_negative_int,
    positive_float,
    positive_int,
    print_help,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from ..estimate import Fit
    from ..kb import KnowledgeBase
    from ..kb.schema import ModelRecord

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "fit", help="will a model run on given hardware: memory, best precision, speed"
    )
    p.add_argument("model", metavar="MODEL", help="knowledge-base id, alias or HF repo")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--gpu", metavar="NAME", help="a catalogued GPU, e.g. 'RTX 4090'")
    where.add_argument(
        "--vram-gb", type=at_most(positive_float, 10_000), metavar="X", help="an unnamed GPU"
    )
    where.add_argument("--cpu-only", action="store_true", help="CPU only (give --ram-gb)")
    p.add_argument(
        "--gpus", type=at_most(positive_int, 64), default=1, metavar="N", help="number of GPUs"
    )
    p.add_argument(
        "--ram-gb", type=at_most(positive_float, 100_000), metavar="X", help="RAM for --cpu-only"
    )
    p.add_argument(
        "--offload-ram-gb",
        type=at_most(positive_float, 100_000),
        metavar="X",
        help="with --gpu/--vram-gb: system RAM that may hold weights the GPU cannot (slower)",
    )
    p.add_argument(
        "--context",
        type=at_most(positive_int, 100_000_000),
        default=8192,
        metavar="N",
        help="tokens per sequence (default 8192)",
    )
    p.add_argument(
        "--concurrency",
        type=at_most(positive_int, 100_000),
        default=1,
        metavar="N",
        help="sequences served at once (default 1)",
    )
    p.add_argument(
        "--quant",
        metavar="Q",
        help="force a precision (bf16, fp8, int8, awq, q4_k_m, ...); default: the best that fits",
    )
    p.add_argument(
        "--runtime",
        metavar="NAME",
        help="llama.cpp, ollama, vllm (sglang), transformers or mlx; default: vllm on "
        "data-centre and multi-GPU, llama.cpp elsewhere",
    )
    p.add_argument(
        "--kv-dtype",
        choices=KV_DTYPES,
        help="KV-cache precision (default: the runtime's, f16)",
    )
    p.add_argument(
        "--prompt-tokens",
        type=positive_int,
        default=512,
        metavar="N",
        help="prompt of a typical request; speed is given at prompt + output tokens "
        "(default 512, a chat turn)",
    )
    p.add_argument(
        "--output-tokens",
        type=positive_int,
        default=256,
        metavar="N",
        help="output of a typical request (default 256)",
    )
    p.add_argument(
        "--ram-bandwidth-gbps",
        type=positive_float,
        default=50.0,
        metavar="X",
        help="system RAM bandwidth for offload (default 50, dual-channel DDR4-3200)",
    )
    p.add_argument(
        "--plan",
        action="store_true",
        help="instead: list catalogued hardware that runs it, cheapest first",
    )
    p.add_argument(
        "--no-calibration",
        action="store_true",
        help="ignore measured speeds (modelrec calibrate, community data): use the prior",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_fit, parser=p)

    cal = commands.add_parser(
        "calibrate", help="record measured speeds that correct the estimator per hardware"
    )
    cal_commands = cal.add_subparsers(title="calibrate commands", metavar="CALIBRATE_COMMAND")
    cal.set_defaults(handler=lambda _args: print_help(cal))
    p = cal_commands.add_parser("add", help="record one measured decode rate")
    p.add_argument("--model", required=True, metavar="MODEL")
    p.add_argument("--gpu", required=True, metavar="NAME", help="a catalogued GPU")
    p.add_argument("--gpus", type=at_most(positive_int, 64), default=1, metavar="N")
    p.add_argument(
        "--decode-tps",
        type=at_most(positive_float, 1e6),
        required=True,
        metavar="X",
        help="measured decode tokens/s of one sequence",
    )
    p.add_argument("--quant", default="bf16", metavar="Q", help="precision it ran at")
    p.add_argument(
        "--context",
        type=at_most(positive_int, 100_000_000),
        default=512,
        metavar="N",
        help="tokens in the sequence when measured (default 512)",
    )
    p.add_argument("--source", default="entered by hand", help="where the figure comes from")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_calibrate_add)
    p = cal_commands.add_parser("list", help="list measurements and calibrated efficiencies")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_calibrate_list)

    p = commands.add_parser(
        "cost", help="monthly cost of a workload: APIs, rented or owned GPUs, break-even"
    )
    p.add_argument("models", nargs="+", metavar="MODEL", help="API and/or open models")
    p.add_argument(
        "--requests-per-day", type=at_most(non_negative_float, 1e9), required=True, metavar="N"
    )
    p.add_argument(
        "--input-tokens",
        type=at_most(non_negative_int, 10_000_000),
        default=600,
        metavar="N",
        help="per request (default 600)",
    )
    p.add_argument(
        "--output-tokens",
        type=at_most(positive_int, 1_000_000),
        default=300,
        metavar="N",
        help="per request (default 300)",
    )
    p.add_argument(
        "--latency",
        choices=("low", "medium", "high"),
        default="medium",
        help="how much latency matters: sets the peak factor (1.5 / 2 / 2.5)",
    )
    p.add_argument(
        "--active-hours",
        type=_hours,
        default=8.0,
        metavar="H",
        help="hours a day the traffic arrives in (default 8)",
    )
    p.add_argument(
        "--audio-seconds",
        type=at_most(non_negative_float, 86_400),
        default=0.0,
        metavar="S",
        help="audio length per request, for speech-to-text models billed per hour of audio",
    )
    p.add_argument(
        "--gpu",
        metavar="NAME",
        help="self-host on this GPU (default: the cheapest catalogued that fits)",
    )
    p.add_argument(
        "--gpus", type=at_most(positive_int, 64), default=1, metavar="N", help="GPUs per replica"
    )
    p.add_argument(
        "--owned",
        action="store_true",
        help="price owned hardware: purchase amortised plus power, not rental",
    )
    p.add_argument("--amortize-months", type=at_most(positive_int, 240), default=36, metavar="N")
    add_currency_option(
        p,
        help="show the table's amounts in this currency, at the knowledge base's dated rate "
        "(default USD; --json stays in US dollars)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cost, parser=p)


def _hours(text: str) -> float:
    """Hours a day: 0.1 to 24."""
    value = at_most(positive_float, 24)(text)
    if value < 0.1:
        raise argparse.ArgumentTypeError(f"must be at least 0.1 (hours a day), got {text}")
    return float(value)


def _fit(args: argparse.Namespace) -> int:
    from ..estimate import HardwareProfile, best_fit, estimate_fit

    kb = load_kb(args)
    model = kb.model(args.model)
    if args.plan:
        return _fit_plan(args, kb, model)
    if not (args.gpu or args.vram_gb or args.cpu_only):
        args.parser.error(
            "give the hardware: --gpu NAME, --vram-gb X or --cpu-only --ram-gb X "
            "(or --plan to list hardware that runs it)"
        )
    if args.cpu_only:
        if args.ram_gb is None:
            args.parser.error("--cpu-only needs --ram-gb (the machine's RAM in GB)")
        hardware = HardwareProfile.cpu(args.ram_gb)
    elif args.ram_gb is not None:
        args.parser.error("--ram-gb goes with --cpu-only")
    elif args.vram_gb is not None:
        hardware = HardwareProfile.vram(args.vram_gb)
    else:
        hardware = HardwareProfile.from_kb(kb, args.gpu, count=args.gpus)
    if args.offload_ram_gb is not None:
        if args.cpu_only:
            args.parser.error("--offload-ram-gb goes with --gpu or --vram-gb")
        hardware = hardware.with_offload(
            args.offload_ram_gb, bandwidth_gbps=args.ram_bandwidth_gbps
        )
    elif not args.cpu_only:
        from dataclasses import replace

        hardware = replace(hardware, offload_bandwidth_gbps=args.ram_bandwidth_gbps)
    from ..estimate.calibration import community_calibration
    from ..estimate.runtimes import resolve_runtime

    runtime = resolve_runtime(kb, hardware, args.runtime)
    calibration = community = None
    if not args.no_calibration:
        community = community_calibration()
        if hardware.hardware_id is not None:
            from ..estimate.calibration import calibration_for
            from ..store import Store

            calibration = calibration_for(Store(), hardware.hardware_id)
    options = {
        "context": args.context,
        "concurrency": args.concurrency,
        "calibration": calibration,
        "runtime": runtime,
        "kv_dtype": args.kv_dtype,
        "used_context": args.prompt_tokens + args.output_tokens,
        "community": community,
    }
    if args.quant:
        fit = estimate_fit(model, hardware, quantization=args.quant, **options)
    else:
        fit = best_fit(model, hardware, **options)
    if args.json:
        print_json(fit.to_json())
        return 0
    verdict = "fits" if fit.fits else "does NOT fit"
    print(f"{model.name} on {fit.hardware}: {verdict} at {fit.quantization}")
    _print_fit(fit)
    if fit.alternative is not None:
        alt = fit.alternative
        print(f"\noption: expert offload (MoE experts in system RAM), {alt.quantization}")
        _print_fit(alt, working=False)
    print("  working:")
    for note in fit.notes:
        print(f"    - {note}")
    if fit.alternative is not None:
        print("  working (expert offload):")
        for note in fit.alternative.notes:
            print(f"    - {note}")
    return 0 if fit.fits else 1


def _print_fit(fit: Fit, *, working: bool = True) -> None:
    if fit.runtime:
        print(f"  runtime  {fit.runtime}, KV cache {fit.kv_dtype}")
    if fit.reason:
        print(f"  why      {fit.reason}")
    if fit.offload_gb:
        print(
            f"  memory   {fit.memory_gb:.1f} GB needed: {fit.memory_gb - fit.offload_gb:.1f} GB "
            f"on the GPU ({fit.usable_gb:.1f} usable) + {fit.offload_gb:.1f} GB in system RAM"
        )
    else:
        print(
            f"  memory   {fit.memory_gb:.1f} GB needed of {fit.usable_gb:.1f} GB usable "
            f"(headroom {fit.headroom_gb:+.1f} GB)"
        )
    print(
        f"           weights {fit.weights_gb:.1f} + KV cache {fit.kv_cache_gb:.1f} "
        f"+ overhead {fit.overhead_gb:.1f} GB at {fit.context:,} tokens x {fit.concurrency}"
    )
    if fit.decode_tokens_per_s:
        lo, hi = fit.decode_tokens_per_s
        label = "calibrated estimate" if fit.calibrated else "estimate"
        digits = 1 if hi < 10 else 0
        at = f" at {fit.used_context:,} tokens" if fit.used_context != fit.context else ""
        print(f"  decode   {lo:.{digits}f}-{hi:.{digits}f} tokens/s per sequence{at} ({label})")
        if fit.decode_worst_tokens_per_s and fit.used_context != fit.context:
            lo, hi = fit.decode_worst_tokens_per_s
            print(
                f"           {lo:.{digits}f}-{hi:.{digits}f} tokens/s with {fit.context:,} "
                "tokens in the KV cache (worst case)"
            )
    if fit.ttft_s:
        print(
            f"  TTFT     {fit.ttft_s[0]:.2f}-{fit.ttft_s[1]:.2f} s for a {fit.context:,}-token "
            "prompt (estimate)"
        )
    if fit.max_context is not None and working:
        print(f"  longest context that fits: {fit.max_context:,} tokens")


def _calibrate_add(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..estimate import HardwareProfile
    from ..estimate.calibration import calibration_for, record_measurement
    from ..store import Store

    kb = load_kb(args)
    store = Store()
    hardware = HardwareProfile.from_kb(kb, args.gpu, count=args.gpus)
    measurement = record_measurement(
        store,
        kb.model(args.model),
        hardware,
        decode_tokens_per_s=args.decode_tps,
        quantization=args.quant,
        context=args.context,
        source=args.source,
    )
    calibration = calibration_for(store, measurement.hardware_id)
    assert calibration is not None
    if args.json:
        print_json(
            {
                "measurement": asdict(measurement) | {"efficiency": measurement.efficiency},
                "calibration": asdict(calibration),
            }
        )
    else:
        print(
            f"recorded: {measurement.decode_tokens_per_s:g} tokens/s = "
            f"{measurement.efficiency:.2f} of the {measurement.predicted_roofline_tokens_per_s:.1f}"
            f" tokens/s roofline ({measurement.model_id}, {measurement.quantization}, "
            f"{measurement.context:,} tokens)"
        )
        print(
            f"{measurement.hardware_id}: decode efficiency now {calibration.decode_efficiency:.2f}"
            f" from {calibration.measurements} measurement(s); saved in {store.path}"
        )
    return 0


def _calibrate_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ..estimate.calibration import calibration_for, list_measurements
    from ..store import Store

    store = Store()
    measured = list_measurements(store)
    hardware_ids = sorted({m.hardware_id for m in measured})
    calibrations = [calibration_for(store, h) for h in hardware_ids]
    if args.json:
        print_json(
            {
                "measurements": [asdict(m) | {"efficiency": m.efficiency} for m in measured],
                "calibrations": [asdict(c) for c in calibrations if c],
            }
        )
        return 0
    if not measured:
        print(f"No measurements yet ({store.path}). Add one with `modelrec calibrate add`.")
        return 0
    print_table(
        ["HARDWARE", "MODEL", "PRECISION", "CONTEXT", "TOKENS/S", "EFFICIENCY", "SOURCE"],
        [
            [
                m.hardware_id,
                m.model_id,
                m.quantization,
                f"{m.context:,}",
                f"{m.decode_tokens_per_s:g}",
                f"{m.efficiency:.2f}",
                m.source,
            ]
            for m in measured
        ],
    )
    print()
    for c in calibrations:
        if c:
            print(
                f"{c.hardware_id}: calibrated decode efficiency {c.decode_efficiency:.2f} "
                f"({c.measurements} measurement(s))"
            )
    return 0


def _fit_plan(args: argparse.Namespace, kb: KnowledgeBase, model: ModelRecord) -> int:
    from ..estimate.plan import plan_hardware

    if args.gpu or args.vram_gb or args.cpu_only or args.quant or args.offload_ram_gb:
        args.parser.error(
            "--plan searches the catalogue: leave out --gpu/--vram-gb/--cpu-only/--quant"
        )
    if args.runtime or args.kv_dtype:
        args.parser.error("--plan uses the generic runtime: leave out --runtime/--kv-dtype")
    options = plan_hardware(model, kb, context=args.context, concurrency=args.concurrency)
    if args.json:
        print_json(
            {
                "model_id": model.id,
                "context": args.context,
                "concurrency": args.concurrency,
                "options": [
                    {
                        "hardware_id": o.hardware_id,
                        "gpus": o.gpus,
                        "usd_per_hour": o.usd_per_hour,
                        **o.fit.to_json(),
                    }
                    for o in options
                ],
            }
        )
        return 0
    if not options:
        print(
            f"No catalogued hardware (up to 8 GPUs) runs {model.name} at {args.context:,} tokens."
        )
        return 1
    rows = [
        [
            o.hardware_id,
            str(o.gpus),
            o.fit.quantization,
            f"{o.fit.memory_gb:.1f}",
            f"{o.fit.headroom_gb:.1f}",
            "?"
            if o.fit.decode_tokens_per_s is None
            else f"{o.fit.decode_tokens_per_s[0]:.0f}-{o.fit.decode_tokens_per_s[1]:.0f}",
            "unknown" if o.usd_per_hour is None else f"${o.usd_per_hour:.2f}",
        ]
        for o in options
    ]
    print(
        f"Hardware that runs {model.name} at {args.context:,} tokens x {args.concurrency}, "
        "cheapest first:\n"
    )
    print_table(
        ["HARDWARE", "GPUS", "PRECISION", "NEEDS GB", "HEADROOM", "TOKENS/S", "RENTAL/H"], rows
    )
    return 0


def _cost(args: argparse.Namespace) -> int:
    from ..estimate.compare import compare_costs
    from ..estimate.cost import Workload
    from ..estimate.money import rates_for

    kb = load_kb(args)
    workload = Workload(
        requests_per_day=args.requests_per_day,
        input_tokens=args.input_tokens,
        output_tokens=args.output_tokens,
        latency_priority=args.latency,
        active_hours_per_day=args.active_hours,
        audio_seconds=args.audio_seconds,
    )
    comparison = compare_costs(
        kb,
        [kb.model(name) for name in args.models],
        workload,
        hardware=kb.hardware_item(args.gpu) if args.gpu else None,
        gpus=args.gpus,
        owned=args.owned,
        amortize_months=args.amortize_months,
    )
    if args.json:
        print_json(comparison.model_dump(mode="json"))
        return 0
    rates, currency = rates_for(kb), args.currency or "USD"

    def money(usd: float | None, digits: int) -> str:
        return rates.format(usd, currency, decimals=digits)

    rows = [
        [
            line.model_id,
            line.deployment,
            f"{line.replicas} x {line.gpus} x {line.hardware}"
            if line.replicas
            else "-"
            if line.deployment == "api"
            else "?",
            money(line.monthly_usd, 2),
            money(line.per_mtok_usd, 3),
        ]
        for line in comparison.lines
    ]
    print(
        f"{workload.requests_per_day:,.0f} requests/day x ({workload.input_tokens:,} in + "
        f"{workload.output_tokens:,} out tokens), latency priority {workload.latency_priority}"
    )
    rate = rates.describe(currency)
    if rate is not None:
        print(f"amounts in {currency}: {rate}")
    print()
    print_table(["MODEL", "DEPLOYMENT", "REPLICAS x GPUS", "PER MONTH", "PER 1M TOKENS"], rows)
    for line in comparison.lines:
        if line.monthly_usd is None and line.notes:
            print(f"\n{line.model_id}: cost unknown: {line.notes[-1]}")
    for b in comparison.break_even:
        where = f"{b.gpus} x {b.hardware_id}"
        if b.requests_per_day is None:
            print(
                f"\n{b.self_hosted} on {where} never costs less than {b.api} "
                "(or its hardware has no price)"
            )
        else:
            print(
                f"\n{b.self_hosted} on {where} costs less than {b.api} above "
                f"{b.requests_per_day:,.0f} requests/day"
            )
    return 0
