"""modelrec: choose a language (or speech, image, embedding) model with reasons you can defend.

The public Python API. ``import recommender`` is nearly free: each name below loads its module on
first use, and torch, transformers and the other heavy libraries load only with the feature that
needs them.

>>> import recommender
>>> kb = recommender.load_knowledge_base()
>>> kb.model("whisper-large-v3").category
'speech_to_text'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what static tools see; at run time names load on first access
    from .engine import (
        Questionnaire,
        QuestionnaireError,
        Recommendation,
        load_questionnaire,
        parse_questionnaire,
        recommend,
    )
    from .errors import (
        DecisionRecordInvalid,
        KnowledgeBaseError,
        KnowledgeBaseInvalid,
        KnowledgeBaseNotFound,
        ModelrecError,
        NotFoundError,
        PriceUnavailableError,
        Problem,
        ReportError,
        UnknownHardwareError,
        UnknownLicenseError,
        UnknownModelError,
        UnknownTaskError,
    )
    from .estimate import (
        ApiCost,
        EstimateError,
        Fit,
        HardwareProfile,
        HostingPlan,
        Workload,
        api_cost,
        best_fit,
        break_even_requests_per_day,
        estimate_fit,
        plan_hardware,
        self_host_cost,
    )
    from .kb import (
        CONTRACT_TASK_IDS,
        ApiPrice,
        HardwareRecord,
        KnowledgeBase,
        LicenseRecord,
        ModelRecord,
        TaskRecord,
        api_price,
        default_knowledge_dir,
        load_knowledge_base,
        request_cost_usd,
        validate_knowledge,
    )
    from .report import DecisionRecord
    from .validation import (
        ValidationRun,
        compare_rankings,
        load_run,
        run_validation,
    )

#: Public name -> the module that defines it.
_EXPORTS = {
    **dict.fromkeys(
        [
            "Questionnaire",
            "QuestionnaireError",
            "Recommendation",
            "load_questionnaire",
            "parse_questionnaire",
            "recommend",
        ],
        ".engine",
    ),
    **dict.fromkeys(
        [
            "ApiCost",
            "EstimateError",
            "Fit",
            "HardwareProfile",
            "HostingPlan",
            "Workload",
            "api_cost",
            "best_fit",
            "break_even_requests_per_day",
            "estimate_fit",
            "plan_hardware",
            "self_host_cost",
        ],
        ".estimate",
    ),
    **dict.fromkeys(
        [
            "KnowledgeBaseError",
            "KnowledgeBaseInvalid",
            "KnowledgeBaseNotFound",
            "ModelrecError",
            "NotFoundError",
            "PriceUnavailableError",
            "Problem",
            "UnknownHardwareError",
            "UnknownLicenseError",
            "UnknownModelError",
            "UnknownTaskError",
        ],
        ".errors",
    ),
    **dict.fromkeys(
        [
            "CONTRACT_TASK_IDS",
            "ApiPrice",
            "HardwareRecord",
            "KnowledgeBase",
            "LicenseRecord",
            "ModelRecord",
            "TaskRecord",
            "api_price",
            "default_knowledge_dir",
            "load_knowledge_base",
            "request_cost_usd",
            "validate_knowledge",
        ],
        ".kb",
    ),
    **dict.fromkeys(
        ["ValidationRun", "compare_rankings", "load_run", "run_validation"],
        ".validation",
    ),
    "DecisionRecord": ".report",
    "DecisionRecordInvalid": ".errors",
    "ReportError": ".errors",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'recommender' has no attribute '{name}'")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__version__ = "0.1.0"

__all__ = [
    "CONTRACT_TASK_IDS",
    "ApiCost",
    "ApiPrice",
    "DecisionRecord",
    "DecisionRecordInvalid",
    "EstimateError",
    "Fit",
    "HardwareProfile",
    "HardwareRecord",
    "HostingPlan",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeBaseInvalid",
    "KnowledgeBaseNotFound",
    "LicenseRecord",
    "ModelRecord",
    "ModelrecError",
    "NotFoundError",
    "PriceUnavailableError",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "Recommendation",
    "ReportError",
    "TaskRecord",
    "UnknownHardwareError",
    "UnknownLicenseError",
    "UnknownModelError",
    "UnknownTaskError",
    "ValidationRun",
    "Workload",
    "__version__",
    "api_cost",
    "api_price",
    "best_fit",
    "break_even_requests_per_day",
    "compare_rankings",
    "default_knowledge_dir",
    "estimate_fit",
    "load_knowledge_base",
    "load_questionnaire",
    "load_run",
    "parse_questionnaire",
    "plan_hardware",
    "recommend",
    "request_cost_usd",
    "run_validation",
    "self_host_cost",
    "validate_knowledge",
]
