"""The knowledge base: record schema (:mod:`.schema`), the loader of ``knowledge/`` merged with
the user's overlay, and :mod:`.overlay` (``kb add`` / ``kb refresh``: models read from the Hub or
a folder into that overlay)."""

from .loader import (
    CONTRACT_TASK_IDS,
    KnowledgeBase,
    default_knowledge_dir,
    default_overlay_dir,
    load_knowledge_base,
    validate_knowledge,
)
from .prices import ApiPrice, api_price, request_cost_usd
from .schema import (
    Geometry,
    HardwareRecord,
    LicenseRecord,
    ModelRecord,
    TaskRecord,
)

__all__ = [
    "CONTRACT_TASK_IDS",
    "ApiPrice",
    "Geometry",
    "HardwareRecord",
    "KnowledgeBase",
    "LicenseRecord",
    "ModelRecord",
    "TaskRecord",
    "api_price",
    "default_knowledge_dir",
    "default_overlay_dir",
    "load_knowledge_base",
    "request_cost_usd",
    "validate_knowledge",
]
