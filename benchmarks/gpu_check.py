"""The estimator's memory and speed predictions against measurements on a real NVIDIA GPU.

Run it with ``bash benchmarks/gpu_check.sh`` (which installs what is missing first). For each of
four architectures — a dense 8B-class model with grouped-query attention, a sliding-window model,
a mixture-of-experts model and a small model — it builds a model with random weights at the real
size from the architecture fields of its ``config.json`` (``benchmarks/gpu_check_configs/``,
each naming its source and the catalogue id it stands for), in bf16 with transformers' SDPA
attention, and records at two contexts:

- peak GPU memory: predicted (``estimate_fit``: weights + KV cache + overhead) against measured
  (the allocator's peak reservation plus the CUDA context, what ``nvidia-smi`` shows);
- the KV cache: predicted against the allocator's growth while the prompt is cached;
- batch-1 greedy decode tokens/s with the cache filled to the context: measured against the
  bandwidth roofline and the predicted range;
- time to first token (one prefill of ``context`` tokens): measured against the predicted range.

Random weights change nothing here: memory and speed depend on shapes, not values. The
predictions use the parameter count of the model as built (so a catalogue count that includes,
say, a vision tower does not blur the check of the formulas; the catalogue's count is shown
beside it) and the catalogue's geometry for the model.

Outputs ``gpu_check.json`` and ``gpu_check.md`` in ``--out`` (default ``benchmarks/out``).
``--self-test`` runs the same pipeline on the CPU with the configs scaled down to a few layers
(the test suite runs it); without ``--self-test`` it refuses to run where no CUDA GPU is visible.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONFIGS = HERE / "gpu_check_configs"
GIB = 2**30
#: The CPU self-test's configs: every model shrunk to this, the architecture kept.
_TINY = {
    "num_hidden_layers": 3,
    "hidden_size": 64,
    "intermediate_size": 128,
    "moe_intermediate_size": 32,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 16,
    "query_pre_attn_scalar": 16,
    "vocab_size": 512,
    "num_experts": 4,
    "num_experts_per_tok": 2,
    "sliding_window": 16,
}


class CheckError(Exception):
    """A problem the user can fix (no GPU, a missing package); printed without a traceback."""


@dataclass
class Row:
    model: str
    kb_id: str
    kind: str
    context: int
    params_b: float  #: as built
    kb_params_b: float | None  #: the catalogue's count
    weights_gib_measured: float
    weights_gib_predicted: float
    kv_gib_measured: float
    kv_gib_predicted: float
    peak_gib_measured: float
    peak_gib_predicted: float
    decode_tok_s_measured: float
    #: decode replayed from a CUDA graph (no Python or launch overhead per token), as serving
    #: runtimes do; None on the CPU, or where the model's code cannot be captured (graph_note)
    decode_tok_s_graph: float | None
    graph_note: str | None
    decode_tok_s_predicted: list[float] | None
    roofline_tok_s: float | None
    ttft_s_measured: float
    ttft_s_predicted: list[float] | None


def load_configs(names: list[str] | None, *, tiny: bool) -> list[dict[str, Any]]:
    configs = []
    for path in sorted(CONFIGS.glob("*.json")):
        cfg = json.loads(path.read_text(encoding="utf-8"))
        if names and cfg["_kb_id"] not in names:
            continue
        if tiny:
            cfg.update({k: v for k, v in _TINY.items() if k in cfg})
            if "layer_types" in cfg:
                pattern = 3  # one global layer among the three, as the real ones have some
                cfg["layer_types"] = [
                    "full_attention" if (i + 1) % pattern == 0 else "sliding_attention"
                    for i in range(cfg["num_hidden_layers"])
                ]
        configs.append(cfg)
    if names and len(configs) != len(names):
        found = {c["_kb_id"] for c in configs}
        known = sorted(json.loads(p.read_text())["_kb_id"] for p in CONFIGS.glob("*.json"))
        raise CheckError(f"unknown model(s) {sorted(set(names) - found)}; known: {known}")
    return configs


def build(cfg: dict[str, Any], device: str) -> Any:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = {k: v for k, v in cfg.items() if not k.startswith("_")}
    config = AutoConfig.for_model(fields.pop("model_type"), **fields)
    config.use_cache = True
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(
            config, dtype=torch.bfloat16, attn_implementation="sdpa"
        )
    return model.eval()


def active_params(model: Any, cfg: dict[str, Any]) -> float:
    """Parameters read per token: all, less the experts a token does not use."""
    total = sum(p.numel() for p in model.parameters())
    experts = cfg.get("num_experts")
    if not experts:
        return float(total)
    expert = sum(p.numel() for n, p in model.named_parameters() if ".experts." in n)
    return total - expert * (1 - cfg["num_experts_per_tok"] / experts)


class Meter:
    """Memory and time on the device the check runs on."""

    def __init__(self, device: str) -> None:
        import torch

        self.torch = torch
        self.cuda = device == "cuda"

    def sync(self) -> None:
        if self.cuda:
            self.torch.cuda.synchronize()

    def allocated(self) -> float:
        return self.torch.cuda.memory_allocated() / GIB if self.cuda else _rss_gib()

    def reset_peak(self) -> None:
        if self.cuda:
            self.torch.cuda.reset_peak_memory_stats()

    def peak(self) -> float:
        """What the process holds on the device at its peak: reserved memory + CUDA context."""
        if not self.cuda:
            return _rss_gib()
        return self.torch.cuda.max_memory_reserved() / GIB + self.context_gib()

    def context_gib(self) -> float:
        """Device memory used outside PyTorch's allocator (CUDA context, cuBLAS workspaces)."""
        free, total = self.torch.cuda.mem_get_info()
        return max(0.0, (total - free - self.torch.cuda.memory_reserved()) / GIB)


def _rss_gib() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / GIB


def measure(
    model: Any, meter: Meter, context: int, decode_tokens: int, vocab: int, device: str
) -> dict[str, float]:
    import torch

    # transformers renamed the forward's cache argument (past_key_values -> cache) in 5.2x
    cache_arg = "cache" if "cache" in inspect.signature(model.forward).parameters else None
    cache_arg = cache_arg or "past_key_values"
    gen = torch.Generator(device="cpu").manual_seed(context)
    ids = torch.randint(0, vocab, (1, context), generator=gen).to(device)
    gc.collect()
    if meter.cuda:
        torch.cuda.empty_cache()
    meter.reset_peak()
    before = meter.allocated()
    with torch.inference_mode():
        meter.sync()
        start = time.perf_counter()
        out = model(input_ids=ids, use_cache=True, logits_to_keep=1)
        token = out.logits[:, -1].argmax(-1, keepdim=True)
        meter.sync()
        ttft = time.perf_counter() - start
        cache = _cache_of(out)
        del out
        gc.collect()
        kv = meter.allocated() - before
        warm = min(3, decode_tokens // 2)
        times = []
        for _ in range(decode_tokens):
            meter.sync()
            t0 = time.perf_counter()
            out = model(input_ids=token, use_cache=True, **{cache_arg: cache})
            token = out.logits[:, -1].argmax(-1, keepdim=True)
            meter.sync()
            times.append(time.perf_counter() - t0)
            cache = _cache_of(out)
            del out
        timed = times[warm:]
        decode = len(timed) / sum(timed)
    peak = meter.peak()
    del cache, ids, token
    return {"ttft": ttft, "kv": kv, "decode": decode, "peak": peak}


def graph_decode(
    model: Any, context: int, steps: int, vocab: int
) -> tuple[float | None, str | None]:
    """Batch-1 decode tokens/s with the step captured in a CUDA graph and a static KV cache
    holding ``context`` tokens: what a serving runtime's decode costs without Python in the loop.
    """
    import torch
    from transformers import StaticCache

    cache_arg = "cache" if "cache" in inspect.signature(model.forward).parameters else None
    cache_arg = cache_arg or "past_key_values"
    try:
        cache = StaticCache(config=model.config, max_cache_len=context + steps + 8)
        gen = torch.Generator(device="cpu").manual_seed(context + 1)
        ids = torch.randint(0, vocab, (1, context), generator=gen).to("cuda")
        with torch.inference_mode():
            positions = torch.arange(context, device="cuda")
            out = model(
                input_ids=ids,
                use_cache=True,
                logits_to_keep=1,
                cache_position=positions,
                **{cache_arg: cache},
            )
            token = out.logits[:, -1].argmax(-1, keepdim=True)
            del out
            position = torch.tensor([context], device="cuda")

            def step() -> Any:
                o = model(
                    input_ids=token,
                    use_cache=True,
                    cache_position=position,
                    **{cache_arg: cache},
                )
                return o.logits[:, -1].argmax(-1, keepdim=True)

            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                for _ in range(2):
                    step()
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                following = step()
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            graph.replay()
            start.record()
            for _ in range(steps):
                graph.replay()
                token.copy_(following)
                position.add_(1)
            end.record()
            torch.cuda.synchronize()
            seconds = start.elapsed_time(end) / 1000
        return steps / seconds, None
    except Exception as exc:  # the model's code cannot be captured: say why, keep the rest
        torch.cuda.synchronize()
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    finally:
        torch.cuda.empty_cache()


def _cache_of(out: Any) -> Any:
    cache = getattr(out, "past_key_values", None)
    return cache if cache is not None else out.cache


def hardware_profile(kb: Any, device: str) -> Any:
    from recommender.estimate.fit import HardwareProfile

    if device != "cuda":
        import psutil

        return HardwareProfile.cpu(psutil.virtual_memory().total / GIB)
    import torch

    name = torch.cuda.get_device_name(0)
    for candidate in (name, name.removeprefix("NVIDIA ").strip()):
        try:
            return HardwareProfile.from_kb(kb, candidate)
        except Exception:  # not catalogued under that name; try the next
            continue
    total = torch.cuda.get_device_properties(0).total_memory / GIB
    raise CheckError(
        f"'{name}' ({total:.0f} GiB) is not in the knowledge base's hardware list, so there is "
        "no bandwidth or TFLOPS figure to predict from; add it to knowledge/hardware.yaml"
    )


def run(args: argparse.Namespace) -> list[Row]:
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError as exc:
        raise CheckError(f"needs torch and transformers ({exc})") from exc
    from recommender import load_knowledge_base
    from recommender.estimate.fit import estimate_fit
    from recommender.kb.overlay import geometry_from_config

    device = "cpu" if args.self_test else "cuda"
    if device == "cuda" and not torch.cuda.is_available():
        raise CheckError(
            "no CUDA GPU is visible (torch.cuda.is_available() is False): this check measures "
            "a real NVIDIA GPU; run it on one, or pass --self-test for the CPU self-test"
        )
    kb = load_knowledge_base()
    hardware = hardware_profile(kb, device)
    meter = Meter(device)
    contexts = [int(c) for c in args.contexts.split(",")]
    rows: list[Row] = []
    for cfg in load_configs(args.models, tiny=args.self_test):
        record = kb.model(cfg["_kb_id"])
        started = time.perf_counter()
        meter.reset_peak()
        base = meter.allocated()
        model = build(cfg, device)
        meter.sync()
        weights = meter.allocated() - base
        total = sum(p.numel() for p in model.parameters())
        update: dict[str, Any] = {
            "total_params_b": total / 1e9,
            "active_params_b": active_params(model, cfg) / 1e9 if cfg.get("num_experts") else None,
            "shipped_precision": "bf16",
        }
        if args.self_test:  # the scaled-down shape, read as `modelrec kb add` reads config.json
            update["geometry"] = geometry_from_config(cfg)[0]
        predicted_record = record.model_copy(update=update)
        # one short pass first: kernels load and cuBLAS picks its algorithms outside the timings
        measure(model, meter, 16, 2, cfg["vocab_size"], device)
        for context in contexts:
            got = measure(model, meter, context, args.decode_tokens, cfg["vocab_size"], device)
            fit = estimate_fit(predicted_record, hardware, quantization="bf16", context=context)
            graph_tok_s, graph_note = (
                (None, "CPU self-test")
                if not meter.cuda
                else (graph_decode(model, context, args.decode_tokens, cfg["vocab_size"]))
            )
            rows.append(
                Row(
                    model=cfg["architectures"][0],
                    kb_id=cfg["_kb_id"],
                    kind=cfg["_kind"],
                    context=context,
                    params_b=round(total / 1e9, 6),
                    kb_params_b=record.total_params_b,
                    weights_gib_measured=round(weights, 4),
                    weights_gib_predicted=round(fit.weights_gb, 4),
                    kv_gib_measured=round(got["kv"], 4),
                    kv_gib_predicted=round(fit.kv_cache_gb, 4),
                    peak_gib_measured=round(got["peak"], 2),
                    peak_gib_predicted=round(fit.memory_gb, 2),
                    decode_tok_s_measured=round(got["decode"], 1),
                    decode_tok_s_graph=None if graph_tok_s is None else round(graph_tok_s, 1),
                    graph_note=graph_note,
                    decode_tok_s_predicted=_pair(fit.decode_tokens_per_s, 1),
                    roofline_tok_s=None
                    if fit.roofline_tokens_per_s is None
                    else round(fit.roofline_tokens_per_s, 1),
                    ttft_s_measured=round(got["ttft"], 3),
                    ttft_s_predicted=_pair(fit.ttft_s, 3),
                )
            )
            print(_line(rows[-1]), flush=True)
        del model
        gc.collect()
        if meter.cuda:
            torch.cuda.empty_cache()
        print(f"  ({cfg['_kb_id']}: {time.perf_counter() - started:.0f} s)", flush=True)
        write(args.out, rows, self_test=args.self_test)
    return rows


def _pair(pair: tuple[float, float] | None, digits: int) -> list[float] | None:
    return None if pair is None else [round(pair[0], digits), round(pair[1], digits)]


def _ratio(measured: float, predicted: float) -> str:
    return "-" if predicted <= 0 or measured <= 0 else f"{measured / predicted:.2f}"


def _range(pair: list[float] | None) -> str:
    return "?" if pair is None else f"{pair[0]:g}-{pair[1]:g}"


def _line(r: Row) -> str:
    return (
        f"{r.kb_id} @ {r.context}: peak {r.peak_gib_measured:.2f} GiB vs "
        f"{r.peak_gib_predicted:.2f} predicted; decode {r.decode_tok_s_measured} tok/s "
        f"(CUDA graph {r.decode_tok_s_graph or r.graph_note}) "
        f"(predicted {_range(r.decode_tok_s_predicted)}, roofline {r.roofline_tok_s}); "
        f"TTFT {r.ttft_s_measured} s (predicted {_range(r.ttft_s_predicted)})"
    )


def markdown(rows: list[Row], machine: dict[str, str]) -> str:
    head = [
        f"GPU check on {machine['device']} ({machine['when']}; torch {machine['torch']}, "
        f"transformers {machine['transformers']}; bf16, SDPA attention, batch 1, greedy).",
        "",
        "| model (catalogue id) | context | weights GiB meas./pred. | KV GiB meas./pred. "
        "| peak GiB meas./pred. (ratio) | decode tok/s eager | CUDA graph | pred. range "
        "| roofline | graph/roofline | TTFT s meas. | pred. range |",
        "|---|---:|---|---|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        head.append(
            f"| {r.kb_id} | {r.context:,} | {r.weights_gib_measured:.2f} / "
            f"{r.weights_gib_predicted:.2f} | {r.kv_gib_measured:.3f} / {r.kv_gib_predicted:.3f} "
            f"| {r.peak_gib_measured:.2f} / {r.peak_gib_predicted:.2f} "
            f"({_ratio(r.peak_gib_measured, r.peak_gib_predicted)}) "
            f"| {r.decode_tok_s_measured:g} "
            f"| {'-' if r.decode_tok_s_graph is None else f'{r.decode_tok_s_graph:g}'} "
            f"| {_range(r.decode_tok_s_predicted)} "
            f"| {r.roofline_tok_s if r.roofline_tok_s is not None else '?'} "
            f"| {_ratio(r.decode_tok_s_graph or 0, r.roofline_tok_s or 0)} "
            f"| {r.ttft_s_measured:g} | {_range(r.ttft_s_predicted)} |"
        )
    notes = sorted({f"{r.kb_id}: {r.graph_note}" for r in rows if r.graph_note})
    if notes:
        head += ["", "CUDA graph not captured:", *[f"- {n}" for n in notes]]
    return "\n".join(head) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--contexts", default=None, help="comma-separated (default 4096,32768)")
    parser.add_argument("--decode-tokens", type=int, default=None)
    parser.add_argument("--models", type=lambda s: s.split(","), default=None)
    parser.add_argument("--self-test", action="store_true", help="CPU, scaled-down configs")
    args = parser.parse_args(argv)
    if args.contexts is None:
        args.contexts = "32,96" if args.self_test else "4096,32768"
    if args.decode_tokens is None:
        args.decode_tokens = 4 if args.self_test else 40
    try:
        run(args)
    except CheckError as exc:
        print(f"gpu_check: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out / 'gpu_check.md'} and {args.out / 'gpu_check.json'}")
    return 0


def write(out: Path, rows: list[Row], *, self_test: bool) -> None:
    """Both outputs, rewritten after each model so an interrupted run keeps what it measured."""
    import torch
    import transformers

    machine = {
        "device": "CPU (self-test)" if self_test else torch.cuda.get_device_name(0),
        "when": time.strftime("%Y-%m-%d"),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "python": platform.python_version(),
    }
    out.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine, "self_test": self_test, "rows": [asdict(r) for r in rows]}
    (out / "gpu_check.json").write_text(json.dumps(payload, indent=2) + "\n")
    (out / "gpu_check.md").write_text(markdown(rows, machine))


if __name__ == "__main__":
    sys.exit(main())
