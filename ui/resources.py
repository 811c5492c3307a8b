"""Heavy, shared resources cached across reruns and sessions with ``st.cache_resource``.

Nothing here loads at start: the knowledge base loads when a page first needs it, the embedder
and the matchers when the use case is first analysed or a shortlist first computed, so the first
page is interactive within seconds.

Recommendations are cached per questionnaire (its canonical JSON) for every session of the
server, so a reload or a shared link does not rank again. :func:`prefetch` ranks in a background
thread while the user is on the priorities page (and imports what the shortlist page draws
with), so "Next" finds the shortlist computed.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    from recommender.engine import Questionnaire, Recommendation
    from recommender.kb import KnowledgeBase
    from recommender.matching import Embedder, ModelMatcher, TaskMatcher

__all__ = [
    "EXAMPLES_DIR",
    "embedder",
    "examples",
    "kb_as_of",
    "knowledge_base",
    "model_matcher",
    "prefetch",
    "questionnaire_json",
    "recommendation",
    "task_matcher",
    "today",
    "warm_up",
]

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
_warming: list[threading.Thread] = []
_prefetch_lock = threading.Lock()
#: the newest questionnaire (canonical JSON) waiting to be ranked in the background, and the
#: thread that ranks it (None when idle)
_prefetch_next: list[str] = []
_prefetch_thread: list[threading.Thread] = []


def knowledge_base() -> KnowledgeBase:
    """The knowledge base as its files and the user's overlay are now. The loader caches it
    until one of them changes (a stat per file, under a millisecond), so a model added with
    ``modelrec kb add`` while the wizard runs shows on the next page without a restart."""
    from recommender.kb import load_knowledge_base

    return load_knowledge_base()


def kb_as_of() -> date | None:
    """The knowledge base's newest fact date: how current it is at best."""
    from recommender.kb.integrity import newest_fact_date

    return newest_fact_date(knowledge_base())


def today() -> date:
    """Today's date (one place, so tests can fix it)."""
    return date.today()


@st.cache_resource(show_spinner=False)
def embedder() -> Embedder:
    from recommender.matching import get_embedder

    return get_embedder()


@st.cache_resource(show_spinner=False)
def task_matcher() -> TaskMatcher:
    from recommender.matching import TaskMatcher

    return TaskMatcher(knowledge_base(), embedder())


def model_matcher() -> ModelMatcher:
    """The model matcher of the knowledge base as it is now (one per version of it)."""
    kb = knowledge_base()
    return _model_matcher(kb.kb_version, kb)


@st.cache_resource(show_spinner=False, max_entries=4)
def _model_matcher(kb_version: str, _kb: KnowledgeBase) -> ModelMatcher:
    from recommender.matching import ModelMatcher

    return ModelMatcher(_kb, embedder())


def questionnaire_json(q: Questionnaire) -> str:
    """The canonical JSON of a questionnaire: the cache key of its recommendation."""
    return json.dumps(q.model_dump(mode="json"), sort_keys=True)


def recommendation(questionnaire_json: str) -> Recommendation:
    """The recommendation for a validated questionnaire (as canonical JSON) on the knowledge
    base as it is now: the same answers give the same object, so moving between pages does
    not recompute it, and a changed knowledge base ranks again."""
    kb = knowledge_base()
    return _recommendation(questionnaire_json, kb.kb_version, kb)


@st.cache_resource(show_spinner=False, max_entries=32)
def _recommendation(questionnaire_json: str, kb_version: str, _kb: KnowledgeBase) -> Recommendation:
    from recommender.engine import parse_questionnaire, recommend

    q = parse_questionnaire(json.loads(questionnaire_json))
    return recommend(q, _kb, matcher=task_matcher(), model_matcher=_model_matcher(kb_version, _kb))


@st.cache_data(show_spinner=False)
def examples() -> dict[str, dict[str, Any]]:
    """The questionnaires in examples/ by file stem, with their one-line descriptions."""
    from recommender.kb._yaml import load_yaml

    out: dict[str, dict[str, Any]] = {}
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text)
        if isinstance(data, dict) and "use_case" in data:
            out[path.stem] = dict(data)
    return out


def warm_up() -> None:
    """Build the task matcher in a background thread, once per server, while the user reads
    and types on the first page, so the first analysis does not wait for the embedder (on a
    fresh machine it embeds the task exemplars once: tens of seconds on a laptop).
    st.cache_resource computes a value once, so a page that needs the matcher while this runs
    waits for the same build rather than starting another."""
    if _warming:
        return

    def build() -> None:
        try:
            task_matcher()
        except Exception:  # the page that needs the matcher builds it again and shows why
            return

    thread = threading.Thread(target=build, name="modelrec-warm-up", daemon=True)
    _warming.append(thread)
    thread.start()


def _prefetch_worker() -> None:
    """Import what the shortlist page draws with, then rank the newest questionnaire waiting
    until none is (answers changed while one was ranked are ranked next; older ones are
    dropped)."""
    try:
        import altair  # noqa: F401  # the charts
        import pandas  # type: ignore[import-untyped]  # noqa: F401  # the tables

        from .steps import shortlist  # noqa: F401
    except Exception:  # the page imports them again and shows why
        pass
    while True:
        with _prefetch_lock:
            if not _prefetch_next:
                _prefetch_thread.clear()
                return
            wanted = _prefetch_next.pop()
        try:
            recommendation(wanted)
        except Exception:  # answers the engine refuses: the page says why when it ranks them
            continue


def prefetch(q: Questionnaire) -> None:
    """Rank ``q`` in a background thread (one per server, coalescing: only the newest answers
    wait), so the shortlist page finds it in the cache. st.cache_resource computes a value
    once: a page that needs the same answers while this runs waits for it rather than ranking
    again."""
    key = questionnaire_json(q)
    with _prefetch_lock:
        _prefetch_next[:] = [key]
        if _prefetch_thread:
            return
        thread = threading.Thread(target=_prefetch_worker, name="modelrec-prefetch", daemon=True)
        _prefetch_thread.append(thread)
    thread.start()
