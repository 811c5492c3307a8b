"""Decision reports: one typed DecisionRecord, rendered to Markdown, HTML, PDF or JSON.

>>> from recommender.report import RENDERERS
>>> sorted(RENDERERS)
['html', 'json', 'md', 'pdf']
"""

from __future__ import annotations

from .record import DecisionRecord
from .render import RENDERERS, md_escape, render
from .strings import LANGUAGES
from .validation import ValidationEvidence, validation_evidence

__all__ = [
    "LANGUAGES",
    "RENDERERS",
    "DecisionRecord",
    "ValidationEvidence",
    "md_escape",
    "render",
    "validation_evidence",
]
