"""Fuzzing the input boundary (hypothesis): questionnaire files as raw bytes and as YAML
structures, and the CLI's numeric flags. Whatever comes in, ``modelrec`` (called in-process)
exits 0, 1 (a problem with the input, one ``modelrec: error:`` message) or 2 (a usage error),
never with a traceback, within a deadline per example and under an address-space limit.
Questionnaires go through ``recommend --check`` (the whole input boundary, the schema and the
knowledge-base names, without the engine's hardware planning, which costs seconds per new
workload); the issue's reproductions run the full ``recommend`` in tests/test_inputs.py."""

from __future__ import annotations

import contextlib
import io
import resource
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.cli import main

#: Extra address space a single example may take on top of what the process holds already.
_HEADROOM_BYTES = 2 * 1024**3
_SETTINGS = settings(
    max_examples=20,
    deadline=10_000,  # ms per example: generous for a busy 2-core machine; the issue saw 68 s+
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
_DIR = Path(tempfile.mkdtemp(prefix="modelrec-fuzz-"))


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    """RLIMIT_AS at the current address space plus the headroom, restored afterwards."""
    size_kb = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmSize:")
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size_kb * 1024 + _HEADROOM_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _memory_limit():
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    if code == 1:
        assert err.startswith("modelrec: error: "), err[:500]
        assert len(err) < 100_000  # values are echoed truncated


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load the knowledge base once (cached in-process), outside the per-example deadline."""
    from recommender.kb import load_knowledge_base

    load_knowledge_base()


def _recommend(data: bytes) -> None:
    path = _DIR / "q.yaml"
    path.write_bytes(data)
    code, _, err = run_cli(["recommend", "--check", str(path)])
    assert_clean(code, err)


_VALID = b'use_case: "Answer support tickets"\ntasks: [chat_assistant]\nlanguages: [en]\n'


@_SETTINGS
@given(
    st.one_of(
        st.binary(max_size=2000),
        # mutations of a valid file: bytes inserted into it, or it cut short
        st.tuples(st.integers(0, len(_VALID)), st.binary(min_size=1, max_size=40)).map(
            lambda t: _VALID[: t[0]] + t[1] + _VALID[t[0] :]
        ),
        st.integers(0, len(_VALID)).map(lambda n: _VALID[:n]),
    )
)
def test_questionnaire_bytes(data: bytes) -> None:
    _recommend(data)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["on_prem", "any", "api_only", "private_cloud", "rtx-4090", "ja", "zz", ""]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
_FIELDS = [
    "tasks", "languages", "language_weights", "license", "deployment", "hardware", "workload",
    "exclude_providers", "exclude_countries", "currency", "budget_per_month",
    "budget_usd_per_month", "budget_is_hard", "priorities", "pairwise", "preset", "top_k",
    "seed", "unknown_field",
]  # fmt: skip
_SECTIONS = {
    "hardware": st.fixed_dictionaries(
        {},
        optional={
            "gpus": st.lists(
                st.fixed_dictionaries(
                    {"name": st.sampled_from(["rtx-4090", "RTX 4090", "h100", "nosuch", ""])},
                    optional={"count": _SCALARS},
                ),
                max_size=2,
            ),
            "vram_gb": _SCALARS,
            "cpu_only": _SCALARS,
            "ram_gb": _SCALARS,
        },
    ),
    "workload": st.dictionaries(
        st.sampled_from(
            [
                "requests_per_day",
                "input_tokens",
                "output_tokens",
                "context_tokens",
                "latency_p95_s",
                "concurrency",
                "audio_minutes_per_request",
            ]
        ),
        _SCALARS,
        max_size=4,
    ),
}


@st.composite
def questionnaires(draw: Any) -> dict[str, Any]:
    use_case = draw(st.one_of(st.just("Answer support tickets"), _SCALARS))
    data: dict[str, Any] = {"use_case": use_case}
    data["tasks"] = ["chat_assistant"]  # given, so no example waits for the task matcher
    data["languages"] = ["en"]
    for name in draw(st.lists(st.sampled_from(_FIELDS), max_size=5, unique=True)):
        data[name] = draw(_SECTIONS.get(name, _VALUES))
    return data


@_SETTINGS
@given(questionnaires())
def test_questionnaire_structures(data: dict[str, Any]) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    _recommend(text.encode("utf-8", "surrogatepass"))


_NUMBERS = st.one_of(
    st.sampled_from(
        ["inf", "-inf", "nan", "1e308", "-1", "0", "0.0001", "1" + "0" * 400, "1e-300", "", "x",
         "99999999999999999999", "1_000", " 5 ", "0x10"]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)  # fmt: skip


@_SETTINGS
@given(_NUMBERS, _NUMBERS, _NUMBERS)
def test_fit_numeric_flags(vram: str, context: str, concurrency: str) -> None:
    code, _, err = run_cli(
        ["fit", "qwen3-8b", f"--vram-gb={vram}", f"--context={context}",
         f"--concurrency={concurrency}"]
    )  # fmt: skip
    assert_clean(code, err)


@_SETTINGS
@given(_NUMBERS, _NUMBERS, _NUMBERS)
def test_cost_numeric_flags(per_day: str, tokens: str, hours: str) -> None:
    code, _, err = run_cli(
        ["cost", "qwen3-8b", "gpt-4o-mini", f"--requests-per-day={per_day}",
         f"--input-tokens={tokens}", f"--active-hours={hours}"]
    )  # fmt: skip
    assert_clean(code, err)
