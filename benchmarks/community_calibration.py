"""Agreement of decode-speed estimates with community measurements, before and after calibration.

Data: the llmfit community benchmark submissions (MIT, Copyright (c) 2026 Alex Jones; copied in
../shared/data/llmfit-community/ with their README and LICENSE): decode tokens/s per model,
runtime and machine. Each measurement is mapped to a catalogue model and weight format
(knowledge/calibration/community_models.yaml; the tags that could not be mapped are listed
there) and to a hardware profile (HARDWARE below).

Split: every measurement is assigned by a hash of (submission file, model tag) to the
calibration half or the held-out half. The calibration half alone fits, per hardware class and
runtime, a decode-efficiency range (the 10th-90th percentile of measured / roofline); the
held-out half is then predicted without and with that table, and the script reports, per
hardware class, the share of measured speeds inside the predicted range and the median of
measured / (middle of the predicted range). Nothing from the held-out half is used to fit.

``--write`` regenerates the tag mapping from the matcher below and writes the shipped table
(knowledge/calibration/community_efficiency.yaml), fitted on ALL mapped measurements (the
held-out figures above are those of the half-data fit).

Usage: .venv/bin/python benchmarks/community_calibration.py [--data DIR] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.optimize import nnls

from recommender import load_knowledge_base
from recommender.errors import ModelrecError
from recommender.estimate import HardwareProfile, best_fit, get_quantization
from recommender.estimate.calibration import CommunityCalibration, CommunityEntry
from recommender.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_DIR = ROOT / "knowledge" / "calibration"
MAP_FILE = CALIBRATION_DIR / "community_models.yaml"
TABLE_FILE = CALIBRATION_DIR / "community_efficiency.yaml"
UPSTREAM = (
    "llmfit community benchmarks (github.com/AlexsJones/llmfit, llmfit-core/data/community/, "
    "commit 3f44fd30a43d2619146f7bc0aa66c90aa54d78e6), MIT licence, Copyright (c) 2026 Alex Jones"
)
#: Context the runs allocate (llama.cpp / Ollama small-card default); speed is taken at the
#: tokens actually generated.
RUN_CONTEXT = 4096
PROVIDERS = {"llamacpp": "llama.cpp", "ollama": "ollama", "vllm": "vllm", "mlx": "mlx"}
QUANTILES = (0.10, 0.90)
MIN_MEASUREMENTS = 5

#: Community hardware folder -> a catalogued accelerator, or its bandwidth with a source.
#: Machines with several GPUs are left out: the submissions do not say how the model was split.
HARDWARE: dict[str, dict[str, Any]] = {
    "amd-radeon-rx-7900-xt": {"kb": "rx-7900-xt"},
    "apple-m1-max": {"kb": "apple-m1-max-64gb"},
    "apple-m3-pro": {
        "name": "Apple M3 Pro",
        "vendor": "Apple",
        "bandwidth_gbps": 150,
        "unified": True,
        "source": "https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-"
        "most-advanced-chips-for-a-personal-computer/ (150GB/s)",
    },
    "apple-m4-pro": {"kb": "apple-m4-pro-64gb"},
    "apple-m5-max": {"kb": "apple-m5-max-128gb"},
    "apple-m5-pro": {"kb": "apple-m5-pro-64gb"},
    "nvidia-gb10": {"kb": "dgx-spark"},
    "nvidia-geforce-rtx-2080": {
        "name": "NVIDIA GeForce RTX 2080",
        "vendor": "NVIDIA",
        "bandwidth_gbps": 448,
        "unified": False,
        "source": "https://en.gamegpu.com/geforce-rtx-2xx-series/geforce-rtx-2080 (256-bit "
        "GDDR6 at 14 Gbps, 448 GB/s)",
    },
    "nvidia-geforce-rtx-5070": {"kb": "rtx-5070"},
}


@dataclass(frozen=True)
class Row:
    file: str
    hardware: str
    tag: str
    provider: str
    tps: float
    output_tokens: float
    vram_gb: float | None
    ram_gb: float
    gpus: int
    model_id: str | None = None
    quant: str | None = None

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha256(f"{self.file}|{self.tag}".encode()).digest()
        return digest[0] % 2 == 1


def load_rows(data: Path) -> list[Row]:
    rows = []
    for path in sorted(data.glob("*/*.json")):
        sub = json.loads(path.read_text())
        hw = sub["hardware"]
        for r in sub["results"]:
            rows.append(
                Row(
                    file=f"{path.parent.name}/{path.name}",
                    hardware=path.parent.name,
                    tag=r["model"],
                    provider=r["provider"],
                    tps=float(r["avgTps"]),
                    output_tokens=float(r["avgOutputTokens"]),
                    vram_gb=hw.get("vramGb"),
                    ram_gb=float(hw["ramGb"]),
                    gpus=int(hw["gpuCount"]),
                )
            )
    return rows


# -- tag mapping ---------------------------------------------------------------------------

_QUANT = re.compile(r"[-_.](i1-)?(q\d_k_[sml]|q\d_k|q\d_0|iq\d_[a-z]+|mxfp4)(-fp16)?$", re.I)


def _compact(text: str) -> str:
    return re.sub(r"[\s_\-.]", "", text.lower())


def match_tag(kb: KnowledgeBase, provider: str, tag: str) -> dict[str, Any]:
    """A catalogue id and weight format for a runtime's model tag, or why there is none."""
    index: dict[str, set[str]] = defaultdict(set)
    for m in kb.models:
        if m.api is None:
            for n in [m.id, *m.aliases, *([m.hf_repo.split("/")[-1]] if m.hf_repo else [])]:
                index[_compact(n)].add(m.id)
    name, quant = tag, None
    if provider == "llamacpp":
        name = re.sub(r"\.gguf$", "", name, flags=re.I)
        found = _QUANT.search(name)
        if found:
            quant, name = found.group(2).lower(), name[: found.start()]
    elif provider == "mlx":
        if name.endswith("-MXFP4-Q4"):
            quant, name = "mxfp4", name[: -len("-MXFP4-Q4")]
        elif name.endswith("-4bit"):
            quant, name = "mlx_4bit", name[: -len("-4bit")]
    elif provider == "vllm":
        name = name.split("/")[-1]
        for suffix, q in (("-AWQ-INT4", "awq"), ("-AWQ", "awq"), ("-NVFP4-Fast", "nvfp4")):
            if name.endswith(suffix):
                quant, name = q, name[: -len(suffix)]
    elif provider == "ollama" and not re.search(r"-(mlx|qat)$|:latest$", name):
        # Ollama library tags without a suffix ship Q4_K_M (gpt-oss ships MXFP4)
        quant = "mxfp4" if name.startswith("gpt-oss") else "q4_k_m"
    prefix = name.split("_", 1)
    if len(prefix) == 2 and not re.search(r"\d", prefix[0]):
        name = prefix[1]  # "Qwen_Qwen3-0.6B", "microsoft_Phi-4-mini-instruct"
    bare = re.sub(r"^meta-", "", name, flags=re.I)
    ids: list[str] = []
    for candidate in (name, name + "-instruct", bare, bare + "-instruct"):
        ids += sorted(index.get(_compact(candidate), ()))
    ids = list(dict.fromkeys(ids))
    if len(ids) != 1:
        why = "no catalogue model of that name" if not ids else f"ambiguous: {', '.join(ids)}"
        return {"tag": tag, "provider": provider, "why": why}
    if quant is None:
        return {"tag": tag, "provider": provider, "why": "weight format not stated in the tag"}
    return {"tag": tag, "provider": provider, "model": ids[0], "quantization": quant}


def write_mapping(kb: KnowledgeBase, rows: list[Row]) -> None:
    tags = sorted({(r.provider, r.tag) for r in rows})
    matched = [match_tag(kb, p, t) for p, t in tags]
    doc = {
        "source": UPSTREAM,
        "generated_by": "benchmarks/community_calibration.py --write (then reviewed by hand)",
        "mapped": [m for m in matched if "model" in m],
        "unmapped": [m for m in matched if "model" not in m],
    }
    header = (
        "# Model tags of the llmfit community submissions -> catalogue ids and weight formats.\n"
        "# Ollama library tags without a suffix are taken as Q4_K_M (gpt-oss: MXFP4).\n"
    )
    MAP_FILE.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def apply_mapping(rows: list[Row]) -> list[Row]:
    doc = yaml.safe_load(MAP_FILE.read_text())
    table = {(m["provider"], m["tag"]): m for m in doc["mapped"]}
    out = []
    for r in rows:
        m = table.get((r.provider, r.tag))
        out.append(replace(r, model_id=m["model"], quant=m["quantization"]) if m else r)
    return out


# -- prediction ------------------------------------------------------------------------------


def profile(kb: KnowledgeBase, row: Row) -> HardwareProfile | None:
    spec = HARDWARE.get(row.hardware)
    if spec is None or row.gpus != 1:
        return None
    if "kb" in spec:
        hw = HardwareProfile.from_kb(kb, spec["kb"])
    else:
        hw = HardwareProfile(
            name=spec["name"],
            memory_gb=1.0,
            bandwidth_gbps=spec["bandwidth_gbps"],
            unified=spec["unified"],
            vendor=spec["vendor"],
        )
    memory = row.ram_gb if hw.unified else (row.vram_gb or 0.0)
    hw = replace(hw, memory_gb=memory)
    if not hw.unified:
        hw = hw.with_offload(row.ram_gb)
    return hw


@dataclass(frozen=True)
class Prediction:
    row: Row
    hardware_class: str
    runtime: str
    placement: str
    roofline: float
    low: float
    high: float
    moe: bool

    @property
    def inside(self) -> bool:
        return self.low <= self.row.tps <= self.high

    @property
    def ratio(self) -> float:
        return self.row.tps / ((self.low + self.high) / 2)


def predict(
    kb: KnowledgeBase, row: Row, community: CommunityCalibration | None
) -> Prediction | str:
    if row.model_id is None or row.quant is None:
        return "tag not mapped"
    hw = profile(kb, row)
    if hw is None:
        return "hardware not mapped (or several GPUs)"
    runtime = kb.runtime(PROVIDERS[row.provider])
    try:
        fit = best_fit(
            kb.model(row.model_id),
            hw,
            context=RUN_CONTEXT,
            candidates=(get_quantization(row.quant),),
            runtime=runtime,
            used_context=max(1, round(row.output_tokens)),
            community=community,
            offer_offload=False,
        )
    except ModelrecError as exc:
        return f"not estimable: {exc}"
    if not fit.fits or fit.decode_tokens_per_s is None or fit.roofline_tokens_per_s is None:
        return f"estimator says it does not run: {fit.reason}"
    low, high = fit.decode_tokens_per_s
    moe = kb.model(row.model_id).active_params_b is not None
    return Prediction(
        row, hw.hardware_class, runtime.id, fit.placement, fit.roofline_tokens_per_s, low, high, moe
    )


def _nnls_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    coef, _ = nnls(x, y)
    return coef


def _design(preds: list[Prediction], moe_term: bool) -> tuple[np.ndarray, np.ndarray]:
    """Columns: roofline seconds per token, 1 (fixed ms per token), 1 if MoE."""
    cols = []
    for p in preds:
        row = [1 / p.roofline]
        if p.placement == "gpu":
            row.append(1.0)
            if moe_term:
                row.append(1.0 if p.moe else 0.0)
        cols.append(row)
    return np.array(cols), np.array([1 / p.row.tps for p in preds])


def fit_table(predictions: list[Prediction], source: str) -> CommunityCalibration:
    """Per hardware class, runtime and placement (on the device / offloaded), least squares
    with non-negative terms of measured seconds per token on roofline seconds (+ a fixed
    per-token time, + a MoE term, on the device); the range from leave-one-out predictions."""
    groups: dict[tuple[str, str, str], list[Prediction]] = defaultdict(list)
    for p in predictions:
        placement = "gpu" if p.placement == "gpu" else "offload"
        groups[(p.hardware_class, p.runtime, placement)].append(p)
    entries = []
    for (cls, runtime, placement), preds in sorted(groups.items()):
        if len(preds) < MIN_MEASUREMENTS:
            continue
        moe_term = placement == "gpu" and sum(p.moe for p in preds) >= 2
        x, y = _design(preds, moe_term)
        coef = _nnls_fit(x, y)
        ratios = []
        for i in range(len(preds)):
            keep = np.arange(len(preds)) != i
            c = _nnls_fit(x[keep], y[keep])
            ratios.append(float(x[i] @ c) / y[i])  # measured tps / predicted tps
        q = statistics.quantiles(ratios, n=20, method="inclusive")  # 5% steps
        low, high = q[int(QUANTILES[0] * 20) - 1], q[int(QUANTILES[1] * 20) - 1]
        entries.append(
            CommunityEntry(
                hardware_class=cls,
                runtime=runtime,
                efficiency=1 / coef[0] if coef[0] > 0 else 1.0,
                low=low,
                high=high,
                measurements=len(preds),
                source=source,
                per_token_overhead_ms=float(coef[1]) * 1e3 if len(coef) > 1 else 0.0,
                moe_overhead_ms=float(coef[2]) * 1e3 if len(coef) > 2 else 0.0,
                placement=placement,
            )
        )
    return CommunityCalibration(tuple(entries), source)


def summarise(preds: list[Prediction]) -> tuple[int, float, float]:
    if not preds:
        return 0, float("nan"), float("nan")
    inside = sum(p.inside for p in preds) / len(preds)
    return len(preds), inside, statistics.median(p.ratio for p in preds)


def report(kb: KnowledgeBase, rows: list[Row]) -> str:
    calibrate = [r for r in rows if not r.held_out]
    held = [r for r in rows if r.held_out]
    before_cal = [p for r in calibrate if isinstance(p := predict(kb, r, None), Prediction)]
    table = fit_table(before_cal, "llmfit community, calibration half")
    lines = [
        f"{len(rows)} measurements; {sum(r.model_id is not None for r in rows)} with a mapped "
        f"tag; calibration half {len(calibrate)}, held-out half {len(held)}.",
        "",
        "Table fitted on the calibration half (seconds per token = roofline seconds / "
        "efficiency + ms/token [+ MoE ms/token]; range: 10th-90th percentile of measured / "
        "predicted, leave-one-out):",
        "",
        "| hardware class | runtime | placement | n | efficiency | ms/token | MoE ms/token "
        "| range |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {e.hardware_class} | {e.runtime} | {e.placement} | {e.measurements} | "
        f"{e.efficiency:.2f} | {e.per_token_overhead_ms:.2f} | {e.moe_overhead_ms:.2f} | "
        f"x{e.low:.2f}-{e.high:.2f} |"
        for e in table.entries
    ]
    before: dict[str, list[Prediction]] = defaultdict(list)
    after: dict[str, list[Prediction]] = defaultdict(list)
    skipped: dict[str, int] = defaultdict(int)
    for r in held:
        b, a = predict(kb, r, None), predict(kb, r, table)
        if isinstance(b, str) or isinstance(a, str):
            skipped[b if isinstance(b, str) else str(a)] += 1
            continue
        key = b.hardware_class + ("" if b.placement == "gpu" else ", partly in system RAM")
        before[key].append(b)
        after[key].append(a)
        before["all"].append(b)
        after["all"].append(a)
    lines += [
        "",
        "Held-out half: share of measured decode speeds inside the predicted range, and the "
        "median of measured / middle of the range:",
        "",
        "| hardware class | n | inside, before | median ratio, before | inside, after | "
        "median ratio, after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(before, key=lambda k: (k == "all", k)):
        n, bi, br = summarise(before[key])
        _, ai, ar = summarise(after[key])
        lines.append(f"| {key} | {n} | {bi:.0%} | {br:.2f} | {ai:.0%} | {ar:.2f} |")
    lines += ["", "Held-out measurements not predicted:"]
    lines += [f"- {n} x {why[:110]}" for why, n in sorted(skipped.items(), key=lambda x: -x[1])]
    return "\n".join(lines)


def write_table(kb: KnowledgeBase, rows: list[Row]) -> None:
    preds = [p for r in rows if isinstance(p := predict(kb, r, None), Prediction)]
    table = fit_table(preds, "llmfit community")
    doc = {
        "source": UPSTREAM,
        "short_source": "llmfit community, MIT",
        "licence": "MIT: the notice in LICENSE-llmfit beside this file applies to this table",
        "derived_by": "benchmarks/community_calibration.py --write: per hardware class, "
        f"runtime and placement with at least {MIN_MEASUREMENTS} measurements, least squares "
        "(non-negative) of measured seconds per token on the roofline's (bandwidth / bytes "
        "read per token at the tokens generated), plus a fixed time per token and a MoE term "
        "on the device; the range is the 10th-90th percentile of measured / predicted with "
        "each measurement left out of its own fit",
        "entries": [
            {
                "hardware_class": e.hardware_class,
                "runtime": e.runtime,
                "placement": e.placement,
                "efficiency": round(float(e.efficiency), 3),
                "per_token_overhead_ms": round(float(e.per_token_overhead_ms), 3),
                "moe_overhead_ms": round(float(e.moe_overhead_ms), 3),
                "low": round(float(e.low), 3),
                "high": round(float(e.high), 3),
                "measurements": e.measurements,
            }
            for e in table.entries
        ],
    }
    TABLE_FILE.write_text(
        "# Decode efficiency by hardware class and runtime, derived from community measurements.\n"
        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    data = args.data
    if data is None:
        for candidate in (
            ROOT.parent / "shared/data/llmfit-community",
            Path("/work/shared/data/llmfit-community"),
        ):
            if candidate.is_dir():
                data = candidate
                break
    if data is None or not data.is_dir():
        raise SystemExit("give --data: the folder with the llmfit community submissions")
    kb = load_knowledge_base()
    rows = load_rows(data)
    if args.write:
        write_mapping(kb, rows)
    rows = apply_mapping(rows)
    if args.write:
        write_table(kb, rows)
    print(report(kb, rows))


if __name__ == "__main__":
    main()
