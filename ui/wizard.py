"""The wizard's frame: restore the session named in the URL, the sidebar (language, steps, start
over, duplicate), the current page, back/next with validation, and saving after every change."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import streamlit as st

from .context import PROBLEMS_KEY, Page, go_to, key, reset_widgets
from .i18n import LANGUAGES, text
from .plain import plain
from .sessions import SaveConflict, SessionStore, is_session_id
from .state import STEPS, WizardState, page_of_field

if TYPE_CHECKING:
    from recommender.engine.questionnaire import QuestionnaireProblem

__all__ = ["check_page", "main", "relocate"]

_STATE, _SID, _SAVED, _NOTICE = "_state", "_sid", "_saved_json", "_notice"
#: the id an unknown-session notice shows (as plain text); the saved version this copy was
#: loaded or last saved at; the edit key (None: read-only); a pending save conflict
_NOTICE_TEXT, _VERSION, _KEY, _CONFLICT = "_notice_text", "_version", "_edit_key", "_conflict"

#: Problems about the questionnaire as a whole (or a whole group), by code, moved to the field
#: the wizard asks it with.
_RELOCATE = {
    "on_prem_hardware": "hardware",
    "private_cloud_hardware": "hardware",
    "api_only_hardware": "hardware",
    "hardware_empty": "hardware",
    "cpu_ram": "hardware.ram_gb",
    "cpu_excludes_gpus": "hardware",
    "one_gpu": "hardware.gpus",
    "hard_budget": "budget_per_month",
    "budget_twice": "budget_per_month",
    "weights": "languages",
    "weight_range": "languages",
}


def relocate(problem: QuestionnaireProblem) -> QuestionnaireProblem:
    """``problem`` under the field the wizard asks it with (moved when _RELOCATE says so)."""
    from recommender.engine.questionnaire import QuestionnaireProblem

    target = _RELOCATE.get(problem.code)
    if target is None or target == problem.field:
        return problem
    return QuestionnaireProblem(target, problem.message, problem.code, problem.params)


def check_page(state: WizardState, step: int | None = None) -> list[tuple[str, str]]:
    """Problems with the answers, as (field path, message) pairs: the questionnaire's own
    validation (QuestionnaireError) plus the weights; only those on page ``step`` when given,
    else every page's."""
    from recommender.engine import QuestionnaireError, weights_for
    from recommender.engine.questionnaire import QuestionnaireProblem

    problems: list[tuple[str, str]] = []
    if state.uses_hardware and (
        state.answers.deployment == "on_prem" or state.hardware_mode != "none"
    ):
        if state.hardware_mode == "catalog" and not state.gpu:
            message = "choose a GPU from the catalogue"
            problems.append(QuestionnaireProblem("hardware.gpus", message, "choose_gpu"))
        if state.hardware_mode == "vram" and state.vram_gb is None:
            problems.append(QuestionnaireProblem("hardware.vram_gb", "required", "missing"))
    try:
        q = state.questionnaire()
    except QuestionnaireError as exc:
        for found in exc.problems:
            problem = relocate(found)
            field = problem.field
            if problem not in problems and not (
                field == "hardware" and any(f.startswith("hardware.") for f, _ in problems)
            ):
                problems.append(problem)
    else:
        try:
            weights_for(q)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
    if state.use_pairwise and not state.pairwise_confirmed:
        from .steps.priorities import CR_LIMIT, consistency

        cr = consistency({k: v for k, v in state.pairwise.items() if k in _chosen_pairs(state)})
        if cr is not None and cr > CR_LIMIT:
            problems.append(("pairwise", text(state.lang, "pairwise.blocked", cr=f"{cr:.3f}")))
    if step is None:
        return problems
    return [p for p in problems if page_of_field(p[0]) in (step, None)]


def _url(sid: str, page: str, edit_key: str | None) -> None:
    """Put the session (and its edit key, on an editable page) and the page in the URL."""
    st.query_params["s"] = sid
    if edit_key:
        st.query_params["k"] = edit_key
    elif "k" in st.query_params:
        del st.query_params["k"]
    st.query_params["p"] = page


def _prefetch(state: WizardState) -> None:
    """Rank the answers as they stand in the background (the shortlist is the next page)."""
    from recommender.engine import QuestionnaireError

    from . import resources

    if check_page(state):
        return
    try:
        resources.prefetch(state.questionnaire())
    except QuestionnaireError:
        return


def _chosen_pairs(state: WizardState) -> set[str]:
    return {f"{p['a']}|{p['b']}" for p in state.pairwise_data()}


def _restore(sessions: SessionStore) -> tuple[WizardState, str]:
    """The state for the id in the URL: from memory on a rerun, from SQLite on a fresh load
    (refresh, shared link), or a new session on the first page when the URL has none or an
    id no session has. A link edits the session only with its edit key (``k``); without it
    the session opens read-only."""
    ss = st.session_state
    wanted = st.query_params.get("s")
    # a rerun; or a rerun that interrupted the first run before the id reached the URL
    if _STATE in ss and wanted in (ss.get(_SID), None):
        current: WizardState = ss[_STATE]
        # every run ends with the page in the URL, so a different one here is the browser's
        # back/forward (or an edited address): follow it
        page = st.query_params.get("p")
        if page in STEPS and STEPS.index(page) + 1 != current.step:
            current.step = min(STEPS.index(page) + 1, current.reached)
            ss[PROBLEMS_KEY] = []
        _url(ss[_SID], STEPS[current.step - 1], ss.get(_KEY))
        return current, ss[_SID]
    found = None
    if wanted:
        found = sessions.load_versioned(wanted) if is_session_id(wanted) else None
        if found is None:
            # shown in plain text: the id is whatever the address held
            ss[_NOTICE] = ("session.not_found", {})
            ss[_NOTICE_TEXT] = wanted[:200]
    if found is None or wanted is None:
        state, version = WizardState(), 1
        sid = sessions.create(state)
        edit_key = sessions.edit_key(sid)
    else:
        state, version = found
        sid = wanted
        given = st.query_params.get("k")
        edit_key = given if sessions.can_edit(sid, given) else None
        page = st.query_params.get("p")
        if page in STEPS:
            state.step = min(STEPS.index(page) + 1, state.reached)
    reset_widgets()
    ss[PROBLEMS_KEY] = []
    ss[_STATE], ss[_SID], ss[_SAVED] = state, sid, state.model_dump_json()
    ss[_VERSION], ss[_KEY] = version, edit_key
    ss.pop(_CONFLICT, None)
    _url(sid, STEPS[state.step - 1], edit_key)
    return state, sid


def _switch(state: WizardState, sid: str, sessions: SessionStore) -> None:
    """Make (state, sid) current and editable, with its id in the URL (start over, copy)."""
    ss = st.session_state
    ss[_STATE], ss[_SID], ss[_SAVED] = state, sid, state.model_dump_json()
    ss[_VERSION], ss[_KEY] = sessions.version(sid) or 1, sessions.edit_key(sid)
    ss.pop(_CONFLICT, None)
    ss[PROBLEMS_KEY] = []
    reset_widgets()
    _url(sid, STEPS[state.step - 1], ss[_KEY])


def _copy(page: Page, sessions: SessionStore) -> None:
    """A new, editable session holding a copy of the current answers ("duplicate", "make a
    copy to edit")."""
    copy = page.state.model_copy(deep=True)
    _switch(copy, sessions.duplicate(page.sid, copy), sessions)
    st.session_state[_NOTICE] = ("session.duplicated", {"sid": page.sid})
    st.rerun()


def _read_only(page: Page, sessions: SessionStore, slot: Any) -> Any:
    """The banner of a link opened without its edit key; returns the slot under it for the
    warning that changes are not saved (known only after the page ran)."""
    box = slot.container(border=True)
    box.info(page.t("session.read_only"), icon="🔒")
    if box.button(page.t("session.make_copy"), key="make_copy", type="primary"):
        _copy(page, sessions)
    return box.empty()


def _conflict(page: Page, sessions: SessionStore, slot: Any) -> None:
    """Someone else saved this session since it was loaded here: reload theirs, or keep
    (save) yours over it. Nothing is saved until one is chosen."""
    ss = st.session_state
    box = slot.container(border=True)
    box.error(page.t("session.conflict"), icon="⚠️")
    left, right = box.columns(2)
    if left.button(page.t("session.reload"), key="conflict_reload", width="stretch"):
        found = sessions.load_versioned(page.sid)
        if found is not None:
            state, version = found
            state.step = min(page.state.step, state.reached)
            ss[_STATE], ss[_SAVED], ss[_VERSION] = state, state.model_dump_json(), version
        ss.pop(_CONFLICT, None)
        ss[PROBLEMS_KEY] = []
        reset_widgets()
        st.rerun()
    if right.button(page.t("session.keep_mine"), key="conflict_keep", width="stretch"):
        ss[_VERSION] = sessions.save(page.sid, page.state)
        ss[_SAVED] = page.state.model_dump_json()
        ss.pop(_CONFLICT, None)
        st.rerun()


#: What moving around changes (not an answer): a read-only link may do it without a warning.
_NAVIGATION = {"step", "reached", "lang"}


def _answers_changed(state: WizardState) -> bool:
    """Whether an answer differs from the saved state (the page and language aside)."""
    saved = WizardState.model_validate_json(st.session_state[_SAVED])
    return saved.model_dump(exclude=_NAVIGATION) != state.model_dump(exclude=_NAVIGATION)


def _save(page: Page, sessions: SessionStore, slot: Any) -> None:
    """Save the state when it changed, against the version it was loaded at (a read-only
    link saves nothing; a conflict waits for the user's choice)."""
    ss = st.session_state
    if ss.get(_KEY) is None or ss.get(_CONFLICT):
        return
    dumped = page.state.model_dump_json()
    if dumped == ss.get(_SAVED):
        return
    try:
        ss[_VERSION] = sessions.save(page.sid, page.state, version=ss.get(_VERSION))
    except SaveConflict:
        ss[_CONFLICT] = True
        _conflict(page, sessions, slot)
        return
    ss[_SAVED] = dumped


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
            _switch(fresh, sessions.create(fresh), sessions)
            st.rerun()
        if right.button(page.t("session.duplicate"), key="duplicate", width="stretch"):
            _copy(page, sessions)
        st.caption(page.t("session.id", sid=page.sid))
        st.caption(page.t("session.saved_hint"))
        base = (st.context.url or "").split("?", 1)[0]
        st.caption(page.t("session.share"))
        st.code(f"{base}?s={page.sid}&p={STEPS[state.step - 1]}", language=None)
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
    top = st.container()
    unsaved = None
    if st.session_state.get(_KEY) is None:
        unsaved = _read_only(page, sessions, top)
    elif st.session_state.get(_CONFLICT):
        _conflict(page, sessions, top)
    notice: Any = st.session_state.pop(_NOTICE, None)
    if notice:
        # the values come from the URL (?s=): plain text, never Markdown
        st.info(text(state.lang, notice[0], **{k: plain(v) for k, v in notice[1].items()}))
        shown = st.session_state.pop(_NOTICE_TEXT, None)
        if shown is not None:
            st.text(shown)
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
    _url(sid, STEPS[state.step - 1], st.session_state.get(_KEY))
    _save(page, sessions, top)
    if unsaved is not None and _answers_changed(state):
        unsaved.warning(page.t("session.read_only_changed"))
    if STEPS[state.step - 1] == "priorities":
        _prefetch(state)
    if back or forward:
        st.rerun()
