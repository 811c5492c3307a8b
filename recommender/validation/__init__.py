"""Validation harness: run shortlisted open models on prompt suites, measure, re-rank.

Entry points (re-exported from ``recommender``):

- :func:`run_validation` runs models on a suite (each in its own subprocess) and returns a
  :class:`ValidationRun`: per-model metrics, answers with check results, paired comparisons;
  every answer is written to SQLite as it completes, so a killed run resumes.
- :func:`load_run` rebuilds a stored run; :func:`list_runs` names them.
- ``recommend(q, kb, evidence=run)`` re-ranks with the measurements;
  :func:`compare_rankings` says what changed.
- :func:`load_suite`, :func:`load_prompts`: built-in suites (``knowledge/prompts``) and the
  user's YAML, JSONL or CSV prompts; :data:`CHECKS` the registered check types.
- :func:`build_tiny_model` (in :mod:`.tiny`): a real, tiny transformers model for tests.
- ``executor="ray"`` (:mod:`.ray_executor`, needs the ``ray`` extra): models placed on a Ray
  cluster by estimated memory (:mod:`.placement`) and run in parallel.
- :mod:`.endpoint`: runs through OpenAI-compatible endpoints (``run_validation(endpoints=...)``,
  :func:`~.endpoint.resolve_endpoint`); :mod:`.availability`: which shortlisted models can run;
  :mod:`.fake_server`: a loopback OpenAI-compatible server for tests and demonstrations.
- A folder or endpoint given for a knowledge-base model is checked against it; a mismatch runs
  only as a stand-in (``stand_in``), which is labelled and never re-ranks.

Nothing here imports torch or transformers until a model is built, checked or run.
"""

from .checks import CHECKS, CheckResult, register_check, run_check
from .executors import EXECUTORS, Executor, JobHandle, LocalExecutor, get_executor
from .rerank import RankChange, compare_rankings
from .results import FAILURE_KINDS, Metrics, ModelResult, PromptOutput, ValidationRun
from .runner import ProgressEvent, list_runs, load_run, run_validation
from .sources import FitCheck, ModelSource, check_fit, resolve_model
from .stats import PairedComparison, compare_paired, mcnemar_exact, wilson_interval
from .suites import Prompt, PromptSuite, builtin_suite_names, load_prompts, load_suite
from .tiny import build_tiny_model

__all__ = [
    "CHECKS",
    "EXECUTORS",
    "FAILURE_KINDS",
    "CheckResult",
    "Executor",
    "FitCheck",
    "JobHandle",
    "LocalExecutor",
    "Metrics",
    "ModelResult",
    "ModelSource",
    "PairedComparison",
    "ProgressEvent",
    "Prompt",
    "PromptOutput",
    "PromptSuite",
    "RankChange",
    "ValidationRun",
    "build_tiny_model",
    "builtin_suite_names",
    "check_fit",
    "compare_paired",
    "compare_rankings",
    "get_executor",
    "list_runs",
    "load_prompts",
    "load_run",
    "load_suite",
    "mcnemar_exact",
    "register_check",
    "resolve_model",
    "run_check",
    "run_validation",
    "wilson_interval",
]
