"""Page 1, use case: free text (English or Japanese) -> inferred tasks, languages and domain,
shown as editable choices with their confidence; the answers the text suggests (a deployment,
a budget, a volume...), each with the words that suggest it and a button that applies it;
examples to start from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from recommender.engine.questionnaire import MAX_USE_CASE_CHARS
from recommender.engine.recommend import TASK_THRESHOLD

from .. import resources
from ..context import PROBLEMS_KEY, Page, key, reset_widgets
from ..plain import plain
from ..state import TaskGuess, WizardState
from .constraints import rates

if TYPE_CHECKING:
    from recommender.matching.suggest import Suggestion

__all__ = [
    "SUGGESTIONS",
    "SuggestedAnswer",
    "analyse",
    "before_next",
    "has_words",
    "render",
    "suggested",
]

#: Languages offered in the choice (ISO 639-1); detected ones outside it are added.
LANGUAGE_CHOICES = ("en", "ja", "zh", "ko", "fr", "de", "es", "pt", "it", "ru", "ar", "hi", "vi")
#: Inferred tasks at or above this probability are pre-selected (the best one always is): the
#: engine's own threshold.
PRESELECT = TASK_THRESHOLD
#: The questionnaire's own message for a use case under its minimum length.
TOO_SHORT = "String should have at least 3 characters"
#: Letters (of any script) a text needs before the wizard infers a task from it.
MIN_LETTERS = 3


def has_words(text: str) -> bool:
    """Whether ``text`` has words to infer a task from: at least MIN_LETTERS letters of any
    script (emoji, symbols, digits and punctuation alone give the matcher nothing to go on,
    and it would still name a task)."""
    import unicodedata

    return sum(1 for c in text if unicodedata.category(c).startswith("L")) >= MIN_LETTERS


def _no_words(page: Page) -> None:
    st.session_state[PROBLEMS_KEY] = [("use_case", page.t("use_case.no_words"))]


@dataclass(frozen=True)
class SuggestedAnswer:
    """An answer the use-case text suggests, as the wizard offers it: ``field`` names the
    kind (a key of SUGGESTIONS); ``value`` is what applying it sets (a budget is (amount,
    currency)); ``evidence`` the words in the text."""

    field: str
    value: Any
    evidence: list[str]

    @property
    def id(self) -> str:
        return self.field.replace(".", "_")


@dataclass(frozen=True)
class _Kind:
    label: str  #: string key of the answer's name
    show: Callable[[Page, Any], str]  #: the value, in words
    applied: Callable[[WizardState, Any], bool]
    apply: Callable[[WizardState, Any], None]


def _add_task(state: WizardState, task: Any) -> None:
    if task not in state.answers.tasks:
        state.answers.tasks = [*state.answers.tasks, str(task)]


def _set_budget(state: WizardState, value: Any) -> None:
    state.answers.budget_per_month, state.answers.currency = value


def _task_name(page: Page, task_id: str) -> str:
    kb = resources.knowledge_base()
    if task_id not in kb.tasks:
        return task_id
    name = kb.tasks[task_id].name
    return name.ja if page.state.lang == "ja" else name.en


def _budget_words(page: Page, value: Any) -> str:
    amount, currency = value
    written = rates(resources.knowledge_base(), page.state).amount(amount, currency, decimals=0)
    return page.t("suggest.budget_value", amount=written)


#: What each suggested answer sets, by questionnaire field (recommender.matching.suggest).
SUGGESTIONS: dict[str, _Kind] = {
    "deployment": _Kind(
        "constraints.deployment_label",
        lambda page, v: page.t(f"deployment.{v}"),
        lambda s, v: s.answers.deployment == v,
        lambda s, v: setattr(s.answers, "deployment", v),
    ),
    "budget_per_month": _Kind(
        "constraints.budget",
        _budget_words,
        lambda s, v: (s.answers.budget_per_month, s.effective_currency) == tuple(v),
        _set_budget,
    ),
    "workload.requests_per_day": _Kind(
        "workload.requests",
        lambda page, v: f"{v:,.0f}",
        lambda s, v: s.answers.workload.requests_per_day == v,
        lambda s, v: setattr(s.answers.workload, "requests_per_day", v),
    ),
    "workload.latency_p95_s": _Kind(
        "workload.latency",
        lambda page, v: f"{v:g}",
        lambda s, v: s.answers.workload.latency_p95_s == v,
        lambda s, v: setattr(s.answers.workload, "latency_p95_s", v),
    ),
    "tasks": _Kind(
        "use_case.tasks",
        _task_name,
        lambda s, v: v in s.answers.tasks,
        _add_task,
    ),
}


def suggested(text: str) -> list[SuggestedAnswer]:
    """The answers ``text`` suggests that the wizard can apply (a budget and its currency
    are one answer)."""
    from recommender.matching.suggest import suggest_answers

    found: list[Suggestion] = suggest_answers(text)
    currency = next((s.value for s in found if s.field == "currency"), "USD")
    out = []
    for s in found:
        if s.field not in SUGGESTIONS:
            continue
        value = (float(s.value), currency) if s.field == "budget_per_month" else s.value
        out.append(SuggestedAnswer(s.field, value, list(s.evidence)))
    return out


def analyse(state: WizardState) -> None:
    """Infer tasks, languages and domain from ``state.answers.use_case`` and pre-fill the choices
    (a task the user applied from the text's suggestions stays chosen)."""
    (result,) = resources.task_matcher().match([state.answers.use_case])
    applied = {str(s.value) for s in suggested(state.answers.use_case) if s.field == "tasks"}
    kept = [t for t in state.answers.tasks if t in applied]
    state.analysed_text = state.answers.use_case
    state.inferred_tasks = [TaskGuess(id=t.id, score=round(t.score, 4)) for t in result.tasks]
    state.confidence = round(result.confidence, 4)
    state.needs_confirmation = result.needs_confirmation
    state.detected_languages = list(result.languages.languages)
    state.domain = result.domain.domain
    state.domain_evidence = list(result.domain.evidence)
    inferred = [t.id for t in result.tasks if t is result.tasks[0] or t.score >= PRESELECT]
    state.answers.tasks = list(dict.fromkeys([*inferred, *kept]))
    if result.languages.languages:
        state.answers.languages = list(result.languages.languages)


def _load_example(state: WizardState, name: str) -> None:
    state.apply_questionnaire(resources.examples()[name], example=name)
    reset_widgets()


def render(page: Page) -> None:
    state, t = page.state, page.t
    st.write(t("use_case.intro"))
    # a text saved before the limit existed is shown whole (the limit then says what to cut)
    limit = MAX_USE_CASE_CHARS if len(state.answers.use_case) <= MAX_USE_CASE_CHARS else None
    state.answers.use_case = st.text_area(
        t("use_case.label"),
        key=key("use_case", state.answers.use_case),
        height=110,
        max_chars=limit,
        placeholder=t("use_case.placeholder"),
        help=t("use_case.help"),
    )
    st.caption(
        t("use_case.limit", n=f"{MAX_USE_CASE_CHARS:,}", used=f"{len(state.answers.use_case):,}")
    )
    page.show_problems("use_case")
    _suggestions(page)

    examples = resources.examples()
    with st.expander(t("use_case.examples"), expanded=not state.answers.use_case):
        cols = st.columns(2)
        for i, (name, data) in enumerate(examples.items()):
            label = _example_label(page, name)
            if cols[i % 2].button(
                label, key=f"example_{name}", width="stretch", help=data["use_case"]
            ):
                _load_example(state, name)
                st.rerun()

    if st.button(t("use_case.analyse"), key="analyse"):
        if len(state.answers.use_case.strip()) < 3:
            st.session_state[PROBLEMS_KEY] = [("use_case", TOO_SHORT)]
        elif not has_words(state.answers.use_case):
            _no_words(page)
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

    stale = state.analysed_text is not None and state.analysed_text != state.answers.use_case
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
        if state.domain and state.domain != "general" and state.domain_evidence:
            st.caption(
                t(
                    "use_case.domain",
                    domain=plain(state.domain),
                    words=page.words([plain(w, 80) for w in state.domain_evidence]),
                )
            )
    elif stale:
        st.info(t("use_case.stale"))

    task_ids = sorted(kb.tasks)
    state.answers.tasks = st.multiselect(
        t("use_case.tasks"),
        options=task_ids,
        format_func=task_name,
        key=key("tasks", [x for x in state.answers.tasks if x in kb.tasks]),
        help=t("use_case.tasks_help"),
        placeholder=t("use_case.tasks_placeholder"),
    )
    page.show_problems("tasks")
    choices = list(
        dict.fromkeys([*LANGUAGE_CHOICES, *state.answers.languages, *state.detected_languages])
    )
    state.answers.languages = st.multiselect(
        t("use_case.languages"),
        options=choices,
        format_func=lambda code: (
            f"{t('lang.' + code) if code in LANGUAGE_CHOICES else code} ({code})"
        ),
        key=key("languages", list(state.answers.languages)),
        help=t("use_case.languages_help"),
        placeholder=t("use_case.languages_placeholder"),
    )
    page.show_problems("languages")
    shares = {
        k: v for k, v in state.answers.language_weights.items() if k in state.answers.languages
    }
    if shares:
        st.caption(
            t(
                "use_case.language_shares",
                shares=", ".join(f"{k} {v:.0%}" for k, v in shares.items()),
            )
        )
    resources.warm_up()


def _suggestions(page: Page) -> None:
    """The answers the text suggests, each with its words and an apply button."""
    state, t = page.state, page.t
    found = suggested(state.answers.use_case)
    if not found:
        return
    pending = [s for s in found if not SUGGESTIONS[s.field].applied(state, s.value)]
    with st.container(border=True):
        head, button = st.columns([4, 1], vertical_alignment="center")
        head.markdown(f"**{t('suggest.title')}**")
        if button.button(
            t("suggest.apply_all"), key="suggest_all", disabled=not pending, width="stretch"
        ):
            for s in pending:
                SUGGESTIONS[s.field].apply(state, s.value)
            reset_widgets()
            st.rerun()
        for s in found:
            kind = SUGGESTIONS[s.field]
            words = page.words([plain(w, 80) for w in s.evidence])  # the user's own words
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(
                t("suggest.item", answer=t(kind.label), value=kind.show(page, s.value), words=words)
            )
            done = kind.applied(state, s.value)
            if right.button(
                t("suggest.applied") if done else t("suggest.apply"),
                key=f"suggest_{s.id}",
                disabled=done,
                width="stretch",
            ):
                kind.apply(state, s.value)
                reset_widgets()
                st.rerun()
        st.caption(t("suggest.caption"))


def _example_label(page: Page, name: str) -> str:
    try:
        return page.t(f"example.{name}")
    except KeyError:  # an example added without a title: its file name
        return name


def before_next(page: Page) -> bool:
    """Analyse the text when it has not been (or has changed); stay on the page when the
    inference is unsure, so the user confirms the tasks."""
    state = page.state
    if len(state.answers.use_case.strip()) < 3:
        return True
    if not has_words(state.answers.use_case):  # ask for a description rather than guess a task
        _no_words(page)
        return False
    if state.analysed_text == state.answers.use_case:
        return True
    user_chose_tasks = bool(state.answers.tasks) and state.analysed_text is None and state.example
    with st.spinner(page.t("use_case.analysing")):
        chosen, languages = list(state.answers.tasks), list(state.answers.languages)
        analyse(state)
        if user_chose_tasks:  # an example's own answers win over the inference
            state.answers.tasks, state.answers.languages = (
                chosen,
                languages or state.answers.languages,
            )
    reset_widgets()
    return not state.needs_confirmation or bool(user_chose_tasks)
