"""The per-model worker: a fresh Python process that loads one model and answers the prompts.

Started by the local executor as ``python -m recommender.validation.worker JOB.json``; it
reports on stdout, one JSON event per line prefixed with :data:`EVENT_PREFIX` (other output,
from libraries, is ignored by the parent). Events, in order::

    started  {pid}
    loaded   {load_s, manifest, memory_after_load_gb}
    warmup   {cold_call_s}
    prompt   {index, output, output_tokens, prompt_tokens, latency_s, ttft_s, batch_size}  (each)
    perf     {ttft_s, decode_tokens_per_s, tpot_s, itl_s, e2e_s, new_tokens}  (batch-1 run)
    perplexity {perplexity, tokens}
    done     {peak_memory_gb, model_memory_gb, throughput_tokens_per_s, ...}
    error    {kind: load_error | out_of_memory | crashed, message}

Protocol (../shared/reference/measurement.md): the model's dtype by device (bf16 on CUDA,
fp32 on the CPU unless asked), its chat template, greedy decoding, left padding, batches halved
on out-of-memory, a warm-up before timing, TTFT and decode speed from a timestamp at every
decoding step, a batch-1 performance run with ``min_new_tokens = max_new_tokens``, generated
tokens counted by re-tokenising the text.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["EVENT_PREFIX", "Session", "main"]

EVENT_PREFIX = "@@modelrec-event "
GIB = 2**30


#: Where events go when not to stdout: the Ray executor's actor collects them (see
#: :mod:`.ray_executor`), calling :class:`Session`'s phases one at a time.
_sink: Callable[[dict[str, Any]], None] | None = None


def _emit(event: str, **data: Any) -> None:
    if _sink is not None:
        _sink({"event": event, **data})
        return
    sys.stdout.write(EVENT_PREFIX + json.dumps({"event": event, **data}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _rss_peak_gb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return float(peak) / (GIB if sys.platform == "darwin" else 2**20)


def _rss_now_gb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / GIB


class _Failure(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    _emit("started", pid=os.getpid())
    try:
        _run(job)
    except _Failure as exc:
        _emit("error", kind=exc.kind, message=str(exc))
        return 3
    except Exception as exc:
        _emit(
            "error",
            kind="crashed",
            message=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(limit=8),
        )
        return 1
    return 0


def _run(job: dict[str, Any]) -> None:
    session = Session(job)
    prompts = job["prompts"]
    done = set(job.get("done", []))
    session.warmup()
    session.answer([p for p in prompts if p["index"] not in done])
    session.finish(perf=job.get("perf", True))


class Session:
    """One model loaded on its device: the worker's phases. The subprocess worker runs them all
    in order; the Ray executor's actor calls them one prompt batch at a time."""

    def __init__(self, job: dict[str, Any]) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        import transformers

        transformers.utils.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        transformers.set_seed(int(job.get("seed", 0)))
        if job.get("threads"):
            torch.set_num_threads(int(job["threads"]))

        device = job["device"]
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda" and not torch.cuda.is_available():
            raise _Failure("load_error", "device 'cuda' asked for but no CUDA GPU is available")
        dtype_name = job.get("dtype") or "auto"
        if dtype_name == "auto":
            dtype_name = "bfloat16" if device == "cuda" else "float32"
        dtype = getattr(torch, dtype_name)
        baseline_rss = _rss_now_gb()
        if device == "cuda":
            torch.cuda.reset_peak_memory_stats()

        path = job["path"]
        trust = bool(job.get("trust_remote_code", False))
        # a model placed on several GPUs (Ray executor) is spread over them by accelerate
        spread = device == "cuda" and int(job.get("gpus") or 1) > 1
        started = time.perf_counter()
        try:
            tokenizer = _load_tokenizer(path, trust, required=not job.get("random_weights"))
            if job.get("random_weights"):
                config = transformers.AutoConfig.from_pretrained(
                    path, trust_remote_code=trust, local_files_only=True
                )
                with torch.device(device):
                    model = transformers.AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
                        config, dtype=dtype, trust_remote_code=trust
                    )
            else:
                # straight onto the GPU: no full copy in system RAM first
                model = transformers.AutoModelForCausalLM.from_pretrained(
                    path,
                    dtype=dtype,
                    trust_remote_code=trust,
                    local_files_only=True,
                    device_map="auto" if spread else {"": device} if device == "cuda" else None,
                )
            model.eval()
        except (torch.OutOfMemoryError, MemoryError) as exc:
            raise _Failure("out_of_memory", f"out of memory while loading: {exc}") from None
        except Exception as exc:
            raise _Failure("load_error", f"{type(exc).__name__}: {exc}") from None
        if device == "cuda":
            torch.cuda.synchronize()
        load_s = time.perf_counter() - started
        after_load = _cuda_allocated_gb(torch) if device == "cuda" else _rss_now_gb() - baseline_rss
        _emit(
            "loaded",
            load_s=load_s,
            memory_after_load_gb=after_load,
            manifest=_manifest(torch, transformers, model, device, dtype_name, job),
        )
        self.torch, self.device, self.tokenizer = torch, device, tokenizer
        self.baseline_rss = baseline_rss
        self.prompts: list[dict[str, Any]] = job["prompts"]
        self.perplexity_text: str | None = job.get("perplexity_text")
        self.generator = _Generator(torch, model, tokenizer, device, job)

    def warmup(self) -> None:
        if self.prompts:
            self.generator.warmup(self.prompts[0])

    def order(self, prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The order :meth:`answer` takes ``prompts`` in (longest first)."""
        return self.generator.order(prompts)

    def answer(self, prompts: list[dict[str, Any]]) -> None:
        self.generator.answer(prompts)

    def finish(self, *, perf: bool = True) -> None:
        torch, runner = self.torch, self.generator
        if perf and self.prompts:
            runner.perf(self.prompts[0])
        if self.perplexity_text and self.tokenizer is not None:
            ppl, n = runner.perplexity(self.perplexity_text)
            _emit("perplexity", perplexity=ppl, tokens=n)
        if self.device == "cuda":
            peak = _cuda_peak_gb(torch, "max_memory_allocated")
            reserved = _cuda_peak_gb(torch, "max_memory_reserved")
            model_memory = peak
        else:
            peak = reserved = _rss_peak_gb()
            model_memory = peak - self.baseline_rss
        _emit(
            "done",
            peak_memory_gb=peak,
            peak_reserved_gb=reserved,
            model_memory_gb=model_memory,
            baseline_memory_gb=self.baseline_rss if self.device != "cuda" else 0.0,
            throughput_tokens_per_s=runner.throughput(),
            batch_size=runner.batch_size,
        )


def _cuda_allocated_gb(torch: Any) -> float:
    return (
        float(sum(torch.cuda.memory_allocated(i) for i in range(torch.cuda.device_count()))) / GIB
    )


def _cuda_peak_gb(torch: Any, what: str) -> float:
    # every GPU this process sees: a model spread over several counts them all
    read = getattr(torch.cuda, what)
    return float(sum(read(i) for i in range(torch.cuda.device_count()))) / GIB


def _load_tokenizer(path: str, trust: bool, *, required: bool) -> Any:
    import transformers

    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            path, trust_remote_code=trust, local_files_only=True
        )
    except Exception:
        if required:
            raise
        return None
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _manifest(
    torch: Any, transformers: Any, model: Any, device: str, dtype: str, job: dict[str, Any]
) -> dict[str, Any]:
    import psutil

    info: dict[str, Any] = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "device": device,
        "dtype": dtype,
        "attention": getattr(model.config, "_attn_implementation", None),
        "model_type": getattr(model.config, "model_type", None),
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "revision": getattr(model.config, "_commit_hash", None),
        "seed": job.get("seed", 0),
        "threads": torch.get_num_threads(),
        "random_weights": bool(job.get("random_weights")),
        "machine": platform.machine(),
        "cpu": platform.processor() or platform.machine(),
        "ram_gb": round(psutil.virtual_memory().total / GIB, 1),
    }
    if device == "cuda":
        props = torch.cuda.get_device_properties(0)
        info["device_name"] = props.name
        info["device_memory_gb"] = round(props.total_memory / GIB, 1)
        info["cuda"] = torch.version.cuda
    else:
        info["device_name"] = f"CPU ({os.cpu_count()} cores)"
    return info


class _Generator:
    """Greedy generation with timestamps, batching and out-of-memory back-off."""

    def __init__(self, torch: Any, model: Any, tokenizer: Any, device: str, job: dict[str, Any]):
        self.torch, self.model, self.tokenizer, self.device = torch, model, tokenizer, device
        self.max_new_tokens = int(job.get("max_new_tokens", 64))
        self.perf_tokens = int(job.get("perf_tokens") or self.max_new_tokens)
        self.batch_size = max(1, int(job.get("batch_size", 8)))
        self.generated_tokens = 0
        self.generation_s = 0.0
        vocab = int(getattr(model.config, "vocab_size", 1000))
        self.synthetic_vocab = max(2, min(vocab, 32000))

    # inputs

    def render(self, prompt: dict[str, Any]) -> str:
        messages = prompt["messages"]
        tok = self.tokenizer
        if tok is not None and getattr(tok, "chat_template", None):
            return str(
                tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
            )
        return "\n\n".join(m["content"] for m in messages)

    def encode(self, prompts: list[dict[str, Any]]) -> dict[str, Any]:
        if self.tokenizer is None:  # random-weights mode without a tokenizer: synthetic ids
            g = self.torch.Generator().manual_seed(0)
            ids = self.torch.randint(1, self.synthetic_vocab, (len(prompts), 32), generator=g)
            return {
                "input_ids": ids.to(self.device),
                "attention_mask": self.torch.ones_like(ids).to(self.device),
            }
        texts = [self.render(p) for p in prompts]
        chat = bool(getattr(self.tokenizer, "chat_template", None))
        enc = self.tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=not chat)
        return {k: v.to(self.device) for k, v in enc.items()}

    def _generate(
        self, inputs: dict[str, Any], *, new_tokens: int, fixed: bool
    ) -> tuple[Any, list[float]]:
        import transformers

        stamps: list[float] = []
        sync = self.device == "cuda"
        torch = self.torch

        class Stamp(transformers.LogitsProcessor):
            def __call__(self, input_ids: Any, scores: Any) -> Any:
                if sync:
                    torch.cuda.synchronize()
                stamps.append(time.perf_counter())
                return scores

        kwargs: dict[str, Any] = {
            "max_new_tokens": new_tokens,
            "do_sample": False,
            "num_beams": 1,
            "logits_processor": transformers.LogitsProcessorList([Stamp()]),
        }
        if self.tokenizer is not None:
            kwargs["pad_token_id"] = self.tokenizer.pad_token_id
        if fixed:
            kwargs["min_new_tokens"] = new_tokens
        if sync:
            torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**inputs, **kwargs)
        if sync:
            torch.cuda.synchronize()
        end = time.perf_counter()
        return out, [start, *stamps, end]

    # phases

    def warmup(self, prompt: dict[str, Any]) -> None:
        inputs = self.encode([prompt])
        _, stamps = self._generate(inputs, new_tokens=2, fixed=False)
        _emit("warmup", cold_call_s=stamps[-1] - stamps[0])

    def order(self, prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # longest first: similar lengths share a batch, so less padding
        return sorted(prompts, key=lambda p: -len(self.render(p)))

    def answer(self, prompts: list[dict[str, Any]]) -> None:
        order = self.order(prompts)
        i = 0
        while i < len(order):
            batch = order[i : i + self.batch_size]
            try:
                self._answer_batch(batch)
            except (self.torch.OutOfMemoryError, MemoryError) as exc:
                if self.device == "cuda":
                    self.torch.cuda.empty_cache()
                if self.batch_size == 1:
                    raise _Failure(
                        "out_of_memory", f"out of memory at batch size 1: {exc}"
                    ) from None
                self.batch_size //= 2  # retry the same prompts in smaller batches
                continue
            i += len(batch)

    def _answer_batch(self, batch: list[dict[str, Any]]) -> None:
        inputs = self.encode(batch)
        width = inputs["input_ids"].shape[1]
        out, stamps = self._generate(inputs, new_tokens=self.max_new_tokens, fixed=False)
        total = stamps[-1] - stamps[0]
        ttft = stamps[1] - stamps[0] if len(stamps) > 2 else total
        self.generation_s += total
        for row, prompt in enumerate(batch):
            new = out[row, width:]
            text = self._decode(new)
            n = self._count(text, new)
            self.generated_tokens += n
            _emit(
                "prompt",
                index=prompt["index"],
                output=text,
                output_tokens=n,
                prompt_tokens=int(inputs["attention_mask"][row].sum()),
                latency_s=total,
                ttft_s=ttft,
                batch_size=len(batch),
            )

    def _decode(self, ids: Any) -> str:
        if self.tokenizer is None:
            return ""
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def _count(self, text: str, ids: Any) -> int:
        if self.tokenizer is None:
            return int(ids.numel())
        # re-tokenise the text: no padding, no special tokens
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def perf(self, prompt: dict[str, Any], repeats: int = 3) -> None:
        inputs = self.encode([prompt])
        runs = []
        for _ in range(repeats):
            _, stamps = self._generate(inputs, new_tokens=self.perf_tokens, fixed=True)
            steps = len(stamps) - 2
            ttft = stamps[1] - stamps[0]
            e2e = stamps[-1] - stamps[0]
            decode_s = stamps[-1] - stamps[1]
            itl = [b - a for a, b in itertools.pairwise(stamps[1:-1])]
            runs.append((ttft, decode_s, e2e, steps, itl))
        runs.sort(key=lambda r: r[2])
        ttft, decode_s, e2e, steps, itl = runs[len(runs) // 2]  # the median run
        decode_rate = (steps - 1) / decode_s if steps > 1 and decode_s > 0 else None
        _emit(
            "perf",
            ttft_s=ttft,
            decode_tokens_per_s=decode_rate,
            tpot_s=(e2e - ttft) / (steps - 1) if steps > 1 else None,
            itl_s=itl,
            e2e_s=e2e,
            new_tokens=steps,
            prompt_tokens=int(inputs["input_ids"].shape[1]),
            repeats=repeats,
        )

    def perplexity(self, text: str, window: int = 512) -> tuple[float, int]:
        torch = self.torch
        ids = self.tokenizer(text, return_tensors="pt", add_special_tokens=False)["input_ids"]
        ids = ids.to(self.device)
        nll, count = 0.0, 0
        with torch.inference_mode():
            for start in range(0, ids.shape[1] - 1, window):
                chunk = ids[:, start : start + window + 1]
                if chunk.shape[1] < 2:
                    break
                logits = self.model(chunk[:, :-1]).logits.float()
                loss = torch.nn.functional.cross_entropy(
                    logits.reshape(-1, logits.shape[-1]), chunk[:, 1:].reshape(-1), reduction="sum"
                )
                nll += float(loss)
                count += chunk.shape[1] - 1
        import math

        return (math.exp(nll / count) if count else float("nan")), count

    def throughput(self) -> float | None:
        return self.generated_tokens / self.generation_s if self.generation_s > 0 else None


if __name__ == "__main__":  # pragma: no cover - run by the local executor
    sys.exit(main())
