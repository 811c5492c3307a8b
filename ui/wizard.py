"""The wizard's frame: restore the session named in the URL, the sidebar (language, steps, start
over, duplicate), the current page, back/next with validation, and saving after every change."""

from __future__ import annotations

import importlib
from typing import Any

import streamlit as st

from .context import PROBLEMS_KEY, Page, go_to, key, reset_widgets
from .i18n import LANGUAGES, text
from .plain import plain
from .sessions import SessionStore, is_session_id
from .state import STEPS, WizardState, page_of_field

__all__ = ["check_page", "main", "relocate"]

_STATE, _SID, _SAVED, _NOTICE = "_state", "_sid", "_saved_json", "_notice"

#: Engine messages about the questionnaire as a whole (or a whole group), by how they start,
#: moved to the field the wizard asks it with.
_RELOCATE = {
    "deployment 'on_prem' needs hardware": "hardware",
    "deployment 'private_cloud' rents dedicated GPUs": "hardware",
    "deployment 'api_only' uses no hardware": "hardware",
    "hardware gives none of": "hardware",
    "cpu_only needs ram_gb": "hardware.ram_gb",
    "cpu_only excludes gpus": "hardware",
    "give one GPU model": "hardware.gpus",
    "budget_is_hard needs a budget": "budget_per_month",
    "give budget_per_month": "budget_per_month",
    "language_weights": "languages",
}


def relocate(field: str, message: str) -> str:
    """The field the wizard asks an engine problem with (``field`` unless _RELOCATE moves it)."""
    for prefix, target in _RELOCATE.items():
        if message.startswith(prefix):
            return target
    return field


def check_page(state: WizardState, step: int | None = None) -> list[tuple[str, str]]:
    """Problems with the answers, as (field path, message) pairs: the questionnaire's own
    validation (QuestionnaireError) plus the weights; only those on page ``step`` when given,
    else every page's."""
    from recommender.engine import QuestionnaireError, weights_for

    problems: list[tuple[str, str]] = []
    if state.uses_hardware and (state.deployment == "on_prem" or state.hardware_mode != "none"):
        if state.hardware_mode == "catalog" and not state.gpu:
            problems.append(("hardware.gpus", "choose a GPU from the catalogue"))
        if state.hardware_mode == "vram" and state.vram_gb is None:
            problems.append(("hardware.vram_gb", "required"))
    try:
        q = state.questionnaire()
    except QuestionnaireError as exc:
        for name, message in exc.problems:
            field = relocate(name, message)
            if (field, message) not in problems and not (
                field == "hardware" and any(f.startswith("hardware.") for f, _ in problems)
            ):
                problems.append((field, message))
    else:
        try:
            weights_for(q)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
    if step is None:
        return problems
    return [(f, m) for f, m in problems if page_of_field(f) in (step, None)]


def _restore(sessions: SessionStore) -> tuple[WizardState, str]:
    """The state for the id in the URL: from memory on a rerun, from SQLite on a fresh load
    (refresh, shared link), or a new session when the URL has none."""
    ss = st.session_state
    wanted = st.query_params.get("s")
    # a rerun; or a rerun that interrupted the first run before the id reached the URL
    if _STATE in ss and wanted in (ss.get(_SID), None):
        st.query_params["s"] = ss[_SID]
        current: WizardState = ss[_STATE]
        # every run ends with the page in the URL, so a different one here is the browser's
        # back/forward (or an edited address): follow it
        page = st.query_params.get("p")
        if page in STEPS and STEPS.index(page) + 1 != current.step:
            current.step = min(STEPS.index(page) + 1, current.reached)
            ss[PROBLEMS_KEY] = []
        return current, ss[_SID]
    state: WizardState | None = None
    if wanted:
        state = sessions.load(wanted) if is_session_id(wanted) else None
        if state is None:
            ss[_NOTICE] = ("session.not_found", {"sid": wanted})
    if state is None or wanted is None:
        state = WizardState()
        sid = sessions.create(state)
    else:
        sid = wanted
    page = st.query_params.get("p")
    if page in STEPS:
        state.step = STEPS.index(page) + 1
        state.reached = max(state.reached, state.step)
    reset_widgets()
    ss[PROBLEMS_KEY] = []
    ss[_STATE], ss[_SID], ss[_SAVED] = state, sid, state.model_dump_json()
    st.query_params["s"] = sid
    return state, sid


def _switch(state: WizardState, sid: str) -> None:
    """Make (state, sid) current and put the id in the URL (start over, duplicate)."""
    ss = st.session_state
    ss[_STATE], ss[_SID], ss[_SAVED] = state, sid, state.model_dump_json()
    ss[PROBLEMS_KEY] = []
    reset_widgets()
    st.query_params["s"] = sid
    st.query_params["p"] = STEPS[state.step - 1]


def _sidebar(page: Page, sessions: SessionStore) -> Any:
    """The sidebar; returns the slot for the knowledge base's date, filled after the page (it
    loads the knowledge base, which the first page's text box should not wait for)."""
    state = page.state
    with st.sidebar:
        lang: str | None = st.radio(
            "Language / 言語",
            options=list(LANGUAGES),
            format_func=lambda code: LANGUAGES[code],
            key=key("lang", state.lang),
            horizontal=True,
        )
        state.lang = lang or state.lang  # type: ignore[assignment]  # an option: en or ja
        st.title(page.t("app.title"))
        st.caption(page.t("app.tagline"))
        kb_slot = st.container()
        for i, name in enumerate(STEPS, start=1):
            label = f"{i}. {page.t(f'step.{name}')}"
            if st.button(
                label,
                key=f"goto_{name}",
                disabled=i > state.reached,
                type="primary" if i == state.step else "secondary",
                width="stretch",
            ):
                go_to(state, i)
                st.session_state[PROBLEMS_KEY] = []
                st.rerun()
        st.divider()
        left, right = st.columns(2)
        if left.button(page.t("session.start_over"), key="start_over", width="stretch"):
            fresh = WizardState(lang=state.lang)
            _switch(fresh, sessions.create(fresh))
            st.rerun()
        if right.button(page.t("session.duplicate"), key="duplicate", width="stretch"):
            copy = state.model_copy(deep=True)
            _switch(copy, sessions.duplicate(page.sid, copy))
            st.session_state[_NOTICE] = ("session.duplicated", {"sid": page.sid})
            st.rerun()
        st.caption(page.t("session.id", sid=page.sid))
        st.caption(page.t("session.saved_hint"))
    return kb_slot


def _kb_date(page: Page, slot: Any) -> None:
    """How current the knowledge base is, with a warning when it is old."""
    from . import resources

    as_of = resources.kb_as_of()
    if as_of is None:
        return
    from recommender.kb.integrity import stale_days

    slot.caption(page.t("kb.as_of", date=as_of.isoformat()))
    days = stale_days(as_of, resources.today())
    if days is not None:
        slot.warning(page.t("kb.stale", date=as_of.isoformat(), days=f"{days:,}"), icon="⏳")


def main() -> None:
    st.set_page_config(page_title="modelrec", page_icon="🧭", layout="wide")
    sessions = SessionStore()
    state, sid = _restore(sessions)
    page = Page(state, sid)
    kb_slot = _sidebar(page, sessions)
    notice: Any = st.session_state.pop(_NOTICE, None)
    if notice:
        # the values come from the URL (?s=): plain text, never Markdown
        st.info(text(state.lang, notice[0], **{k: plain(v) for k, v in notice[1].items()}))
    name = STEPS[state.step - 1]
    st.header(f"{state.step}. {page.t(f'step.{name}')}")
    module = importlib.import_module(f"ui.steps.{name}")
    module.render(page)
    page.show_other_problems()
    _kb_date(page, kb_slot)
    back, forward = page.nav(show_next=state.step < len(STEPS))
    if back:
        state.step -= 1
        st.session_state[PROBLEMS_KEY] = []
    elif forward:
        before = getattr(module, "before_next", None)
        ready = before(page) if before is not None else True
        problems = check_page(state, state.step) if ready else None
        if problems is not None:
            st.session_state[PROBLEMS_KEY] = problems
            if not problems:
                state.step += 1
                state.reached = max(state.reached, state.step)
    st.query_params["s"] = sid
    st.query_params["p"] = STEPS[state.step - 1]
    dumped = state.model_dump_json()
    if dumped != st.session_state.get(_SAVED):
        sessions.save(sid, state)
        st.session_state[_SAVED] = dumped
    if back or forward:
        st.rerun()
