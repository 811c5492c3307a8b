"""Page 3, priorities: importance sliders (0-5) with presets; an advanced pairwise (AHP)
comparison with its consistency ratio. Each pairwise slider is pulled toward the criterion that
matters more (Saaty's full 1-9 scale, so one notch is "2x"); when the answers contradict each
other (consistency ratio above 0.1) the page names the one comparison whose change helps most,
with a button that makes it, and the shortlist waits until the ratio is at most 0.1 or the user
confirms the answers as they are."""

from __future__ import annotations

from functools import partial
from itertools import combinations

import streamlit as st

from ..context import Page, key, reset_widgets
from ..state import CRITERIA_ORDER, default_importance

__all__ = ["CR_LIMIT", "SAATY", "best_fix", "consistency", "render"]

_PRESETS = ("balanced", "quality_first", "cost_first", "open_and_private")
#: The pairwise scale (how many times a matters as much as b), Saaty's 1/9..9 with the
#: intermediate values, so one notch from "equal" is 2x (3x alone already reads as a
#: contradiction with two "equal" answers).
SAATY = tuple([1 / n for n in range(9, 1, -1)] + [float(n) for n in range(1, 10)])
#: Consistency ratio above which the answers contradict each other (Saaty).
CR_LIMIT = 0.1


def _pairs(ratios: dict[str, float]) -> dict[tuple[str, str], float]:
    return {(a, b): v for k, v in ratios.items() for a, b in [k.split("|", 1)]}


def consistency(ratios: dict[str, float]) -> float | None:
    """The consistency ratio of pairwise answers ("a|b" -> ratio); None with fewer than three
    criteria (two cannot contradict each other) or an incomplete set."""
    from recommender.engine.ahp import ahp_weights

    names = {n for k in ratios for n in k.split("|", 1)}
    if len(names) < 3 or len(ratios) != len(names) * (len(names) - 1) // 2:
        return None
    return float(ahp_weights(_pairs(ratios)).consistency_ratio)


def best_fix(ratios: dict[str, float]) -> tuple[str, float, float] | None:
    """The most inconsistent comparison: the single answer whose change on the scale lowers
    the consistency ratio most, as (pair, new ratio, new consistency ratio); None when the
    answers are consistent (or cannot be checked)."""
    cr = consistency(ratios)
    if cr is None or cr <= CR_LIMIT:
        return None
    best: tuple[str, float, float] | None = None
    for pair, old in sorted(ratios.items()):
        for value in SAATY:
            if value == old:
                continue
            new = consistency({**ratios, pair: value})
            if new is not None and (best is None or new < best[2] - 1e-12):
                best = (pair, value, new)
    return best


def _on_preset() -> None:
    state = st.session_state["_state"]
    state.answers.preset = st.session_state["w_preset"]
    state.answers.priorities = default_importance(state.answers.preset)
    for name in CRITERIA_ORDER:
        st.session_state.pop(f"w_imp_{name}", None)


def _ratio_label(page: Page, a: str, b: str, ratio: float) -> str:
    ca, cb = page.t(f"criterion.{a}"), page.t(f"criterion.{b}")
    if ratio == 1:
        return page.t("pairwise.equal")
    if ratio > 1:
        return page.t("pairwise.more", a=ca, b=cb, n=f"{ratio:g}")
    return page.t("pairwise.more", a=cb, b=ca, n=f"{1 / ratio:.0f}")


def _pairwise(page: Page) -> None:
    from recommender.engine.ahp import ahp_weights

    state, t = page.state, page.t
    state.use_pairwise = st.toggle(
        t("pairwise.use"), key=key("use_pairwise", state.use_pairwise), help=t("pairwise.help")
    )
    if not state.use_pairwise:
        return
    chosen = st.multiselect(
        t("pairwise.criteria"),
        options=list(CRITERIA_ORDER),
        format_func=lambda c: t(f"criterion.{c}"),
        key=key("pairwise_criteria", list(state.pairwise_criteria)),
        max_selections=6,
    )
    state.pairwise_criteria = chosen
    st.caption(t("pairwise.direction"))
    ratios: dict[str, float] = {}
    for a, b in combinations(chosen, 2):
        pair = f"{a}|{b}"
        saved = min(SAATY, key=lambda v: abs(v - state.pairwise.get(pair, 1.0)))
        # left end: a much more important; right end: b much more important
        ratios[pair] = st.select_slider(
            f"{t(f'criterion.{a}')} ◀ ▶ {t(f'criterion.{b}')}",
            options=SAATY[::-1],
            format_func=partial(_ratio_label, page, a, b),
            key=key(f"pair_{pair}", saved),
        )
    if ratios != state.pairwise:  # a confirmation holds for the answers confirmed
        state.pairwise_confirmed = False
        st.session_state.pop("w_pairwise_confirmed", None)
    state.pairwise = ratios
    page.show_problems("pairwise")
    if len(chosen) < 2:
        st.warning(t("pairwise.need_two"))
        return
    result = ahp_weights(_pairs(ratios))
    cols = st.columns(len(chosen))
    for col, name in zip(cols, chosen, strict=True):
        col.metric(t(f"criterion.{name}"), f"{result.weights[name]:.0%}")
    if len(chosen) < 3:
        st.caption(t("pairwise.cr_na"))
    elif result.consistent:
        st.success(t("pairwise.consistent", cr=f"{result.consistency_ratio:.3f}"))
    else:
        st.error(t("pairwise.inconsistent", cr=f"{result.consistency_ratio:.3f}"))
        fix = best_fix(ratios)
        if fix is not None:
            pair, value, cr = fix
            a, b = pair.split("|", 1)
            suggestion = t(
                "pairwise.fix",
                a=t(f"criterion.{a}"),
                b=t(f"criterion.{b}"),
                now=_ratio_label(page, a, b, ratios[pair]),
                to=_ratio_label(page, a, b, value),
                cr=f"{cr:.3f}",
            )
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.info(suggestion)
            if right.button(t("pairwise.apply_fix"), key="pairwise_fix", width="stretch"):
                state.pairwise = {**ratios, pair: value}
                st.session_state.pop(f"w_pair_{pair}", None)
                st.rerun()
        state.pairwise_confirmed = st.checkbox(
            t("pairwise.confirm"), key=key("pairwise_confirmed", state.pairwise_confirmed)
        )


def render(page: Page) -> None:
    state, t = page.state, page.t
    st.write(t("priorities.intro"))
    st.selectbox(
        t("priorities.preset"),
        options=_PRESETS,
        format_func=lambda p: t(f"preset.{p}"),
        key=key("preset", state.answers.preset),
        on_change=_on_preset,
        help=t("priorities.preset_help"),
    )
    cols = st.columns(3)
    importance = dict(state.answers.priorities)
    for i, name in enumerate(CRITERIA_ORDER):
        importance[name] = cols[i % 3].slider(
            t(f"criterion.{name}"),
            min_value=0,
            max_value=5,
            key=key(f"imp_{name}", int(state.answers.priorities.get(name, 0))),
            help=t(f"criterion.{name}.help"),
            disabled=state.use_pairwise,
        )
    state.answers.priorities = importance
    page.show_problems("priorities")
    state.answers.top_k = int(
        st.number_input(
            t("priorities.top_k"),
            min_value=1,
            max_value=50,
            step=1,
            key=key("top_k", state.answers.top_k),
        )
    )
    with st.expander(t("pairwise.title"), expanded=state.use_pairwise):
        _pairwise(page)
    if st.button(t("priorities.reset"), key="reset_priorities"):
        state.answers.priorities = default_importance(state.answers.preset)
        state.use_pairwise = False
        reset_widgets()
        st.rerun()
