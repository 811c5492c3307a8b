"""What every page gets: the state, the translated strings, and helpers that bind widgets to
the state and show validation problems next to the field they name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from .i18n import problem_text, text
from .plain import plain
from .state import STEPS, WizardState, page_of_field

__all__ = ["PROBLEMS_KEY", "Page", "go_to", "key", "rank_arrow", "reset_widgets"]

#: session_state slot holding the problems found by the last "next" (field, message) pairs
PROBLEMS_KEY = "_problems"
_WIDGET_PREFIX = "w_"


def key(name: str, value: Any) -> str:
    """The session-state key of the widget for ``name``, seeded from the state when the widget
    is new (first run, or a page shown again), so widgets always start from the saved answer."""
    k = _WIDGET_PREFIX + name
    if k not in st.session_state:
        st.session_state[k] = value
    return k


def reset_widgets() -> None:
    """Forget every widget's value so the next run seeds them from the state again (after the
    state changed in code: an example loaded, a preset chosen, a session restored)."""
    for k in list(st.session_state.keys()):
        if isinstance(k, str) and k.startswith(_WIDGET_PREFIX):
            del st.session_state[k]


def go_to(state: WizardState, step: int) -> None:
    """Show page ``step`` on the next run. The URL changes with it: the wizard follows a page
    in the URL that differs from the state's (the browser's back and forward buttons)."""
    state.step = step
    st.query_params["p"] = STEPS[step - 1]


@dataclass
class Page:
    state: WizardState
    sid: str
    #: problems already shown under their widget in this run
    shown: set[tuple[str, str]] = field(default_factory=set)

    def t(self, key: str, /, **kwargs: Any) -> str:
        """The string ``key`` in the chosen language (``kwargs`` may use any field name)."""
        return text(self.state.lang, key, **kwargs)

    def words(self, words: list[str]) -> str:
        """Words quoted from the user's text, in the language's quotation marks."""
        return self.t("words.separator").join(self.t("words.quote", w=w) for w in words)

    @property
    def problems(self) -> list[tuple[str, str]]:
        return list(st.session_state.get(PROBLEMS_KEY, []))

    def show_problems(self, *prefixes: str) -> None:
        """An error box under the widget for each problem whose field is (or is below) one of
        ``prefixes``, in the chosen language where the message is known."""
        for problem in self.problems:
            name = problem[0]
            if any(name == p or name.startswith((p + ".", p + "[", p + " ")) for p in prefixes):
                self._error(problem)

    def show_other_problems(self) -> None:
        """The problems of this page that no widget showed (a message about the answers as a
        whole, or a field the page has no widget for), so none is lost."""
        for problem in self.problems:
            if page_of_field(problem[0]) in (self.state.step, None):
                self._error(problem)

    def _error(self, problem: tuple[str, str]) -> None:
        """One problem (a QuestionnaireProblem, or a plain (field, message) pair) in an error
        box, in the page's language where its code is known."""
        name, message = problem
        if (name, message) in self.shown:
            return
        self.shown.add((name, message))
        st.error(  # messages echo the user's values: plain text
            self.t(
                "problem.field",
                field=plain(name),
                message=plain(problem_text(self.state.lang, problem), None),
            ),
            icon="⚠️",
        )

    def nav(self, *, show_next: bool = True) -> tuple[bool, bool]:
        """Back / next buttons at the bottom of a page: (back clicked, next clicked)."""
        st.divider()
        left, _, right = st.columns([1, 3, 1])
        back = self.state.step > 1 and left.button(
            self.t("nav.back"), key="nav_back", width="stretch"
        )
        forward = show_next and right.button(
            self.t("nav.next"), key="nav_next", type="primary", width="stretch"
        )
        return bool(back), bool(forward)


def rank_arrow(delta: int) -> str:
    """A rank change for a table cell: ▲ up, ▼ down, = unchanged (delta = old rank - new)."""
    if delta > 0:
        return f"▲ {delta}"
    if delta < 0:
        return f"▼ {-delta}"
    return "="
