"""Page 1, use case: free text (English or Japanese) -> inferred tasks, languages and domain,
shown as editable choices with their confidence; examples to start from."""

from __future__ import annotations

import streamlit as st

from .. import resources
from ..context import PROBLEMS_KEY, Page, key, reset_widgets
from ..state import TaskGuess, WizardState

__all__ = ["analyse", "before_next", "render"]

#: Languages offered in the choice (ISO 639-1); detected ones outside it are added.
LANGUAGE_CHOICES = ("en", "ja", "zh", "ko", "fr", "de", "es", "pt", "it", "ru", "ar", "hi", "vi")
#: Inferred tasks at or above this probability are pre-selected (the best one always is).
PRESELECT = 0.25
#: The questionnaire's own message for a use case under its minimum length.
TOO_SHORT = "String should have at least 3 characters"


def analyse(state: WizardState) -> None:
    """Infer tasks, languages and domain from ``state.use_case`` and pre-fill the choices."""
    (result,) = resources.task_matcher().match([state.use_case])
    state.analysed_text = state.use_case
    state.inferred_tasks = [TaskGuess(id=t.id, score=round(t.score, 4)) for t in result.tasks]
    state.confidence = round(result.confidence, 4)
    state.needs_confirmation = result.needs_confirmation
    state.detected_languages = list(result.languages.languages)
    state.domain = result.domain.domain
    state.tasks = [t.id for t in result.tasks if t is result.tasks[0] or t.score >= PRESELECT]
    if result.languages.languages:
        state.languages = list(result.languages.languages)


def _load_example(state: WizardState, name: str) -> None:
    state.apply_questionnaire(resources.examples()[name], example=name)
    reset_widgets()


def render(page: Page) -> None:
    state, t = page.state, page.t
    st.write(t("use_case.intro"))
    state.use_case = st.text_area(
        t("use_case.label"),
        key=key("use_case", state.use_case),
        height=110,
        placeholder=t("use_case.placeholder"),
        help=t("use_case.help"),
    )
    page.show_problems("use_case")

    examples = resources.examples()
    with st.expander(t("use_case.examples"), expanded=not state.use_case):
        cols = st.columns(2)
        for i, (name, data) in enumerate(examples.items()):
            label = _example_label(page, name)
            if cols[i % 2].button(
                label, key=f"example_{name}", width="stretch", help=data["use_case"]
            ):
                _load_example(state, name)
                st.rerun()

    if st.button(t("use_case.analyse"), key="analyse"):
        if len(state.use_case.strip()) < 3:
            st.session_state[PROBLEMS_KEY] = [("use_case", TOO_SHORT)]
        else:
            with st.spinner(t("use_case.analysing")):
                analyse(state)
            st.session_state[PROBLEMS_KEY] = []
            reset_widgets()
        st.rerun()

    kb = resources.knowledge_base()

    def task_name(task_id: str) -> str:
        name = kb.tasks[task_id].name
        return name.ja if state.lang == "ja" else name.en

    stale = state.analysed_text is not None and state.analysed_text != state.use_case
    if state.inferred_tasks and not stale:
        conf = state.confidence or 0.0
        if state.needs_confirmation:
            st.warning(t("use_case.confirm", confidence=f"{conf:.0%}"))
        else:
            st.success(t("use_case.confident", confidence=f"{conf:.0%}"))
        st.caption(
            t("use_case.inferred")
            + " · ".join(
                f"{task_name(g.id)} {g.score:.0%}" for g in state.inferred_tasks if g.id in kb.tasks
            )
        )
        if state.domain and state.domain != "general":
            st.caption(t("use_case.domain", domain=state.domain))
    elif stale:
        st.info(t("use_case.stale"))

    task_ids = sorted(kb.tasks)
    state.tasks = st.multiselect(
        t("use_case.tasks"),
        options=task_ids,
        format_func=task_name,
        key=key("tasks", [x for x in state.tasks if x in kb.tasks]),
        help=t("use_case.tasks_help"),
        placeholder=t("use_case.tasks_placeholder"),
    )
    page.show_problems("tasks")
    choices = list(dict.fromkeys([*LANGUAGE_CHOICES, *state.languages, *state.detected_languages]))
    state.languages = st.multiselect(
        t("use_case.languages"),
        options=choices,
        format_func=lambda code: (
            f"{t('lang.' + code) if code in LANGUAGE_CHOICES else code} ({code})"
        ),
        key=key("languages", list(state.languages)),
        help=t("use_case.languages_help"),
        placeholder=t("use_case.languages_placeholder"),
    )
    page.show_problems("languages")
    resources.warm_up()


def _example_label(page: Page, name: str) -> str:
    try:
        return page.t(f"example.{name}")
    except KeyError:  # an example added without a title: its file name
        return name


def before_next(page: Page) -> bool:
    """Analyse the text when it has not been (or has changed); stay on the page when the
    inference is unsure, so the user confirms the tasks."""
    state = page.state
    if len(state.use_case.strip()) < 3 or state.analysed_text == state.use_case:
        return True
    user_chose_tasks = bool(state.tasks) and state.analysed_text is None and state.example
    with st.spinner(page.t("use_case.analysing")):
        chosen, languages = list(state.tasks), list(state.languages)
        analyse(state)
        if user_chose_tasks:  # an example's own answers win over the inference
            state.tasks, state.languages = chosen, languages or state.languages
    reset_widgets()
    return not state.needs_confirmation or bool(user_chose_tasks)
