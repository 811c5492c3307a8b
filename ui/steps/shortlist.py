"""Page 4, shortlist: the ranked table (licence verdicts, fit, speed, monthly cost, evidence),
contribution bars, quality vs cost with the Pareto frontier, sensitivity (move a weight and
watch the ranks, rank acceptability, what it takes), the "why not" list and approach advice."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import streamlit as st

from .. import charts, resources
from ..context import PROBLEMS_KEY, Page, go_to, rank_arrow
from ..i18n import problem_text
from ..state import STEPS, WizardState

if TYPE_CHECKING:
    from recommender.engine import Recommendation

__all__ = ["current_recommendation", "render", "shortlist_rows"]


def current_recommendation(state: WizardState) -> Recommendation:
    """The recommendation for the answers (cached on their canonical JSON). Raises
    QuestionnaireError for answers that do not validate."""
    q = state.questionnaire()
    return resources.recommendation(json.dumps(q.model_dump(mode="json"), sort_keys=True))


def _money(x: float | None) -> str:
    return "?" if x is None else f"${x:,.0f}"


def shortlist_rows(rec: Recommendation, t: Any) -> list[dict[str, Any]]:
    """One row per shortlisted model, in the user's language."""
    rows = []
    for item in rec.to_json()["shortlist"]:
        if item["deployment"] == "api":
            fit = t("table.api")
        else:
            parts = [f"{item['gpus'] or 1}× {item['hardware']}" if item["hardware"] else ""]
            if item["memory_gb"] is not None:
                parts.append(f"{item['memory_gb']:g} GB {item['quantization'] or ''}".strip())
            fit = " · ".join(p for p in parts if p)
        speed = item["decode_tokens_per_s"]
        rows.append(
            {
                t("table.rank"): item["rank"],
                t("table.model"): item["name"],
                t("table.cost"): _money(item["monthly_cost_usd"]),
                t("table.license"): f"{t('license.' + item['license_status'])} ({item['license']})",
                t("table.score"): item["score"],
                t("table.speed"): "?" if speed is None else f"{speed[0]:.0f}–{speed[1]:.0f}",
                t("table.deployment"): t(f"table.{item['deployment']}"),
                t("table.fit"): fit,
                t("table.evidence"): ", ".join(t(f"evidence.{e}") for e in item["evidence"]),
            }
        )
    return rows


def _blocked(page: Page, problems: list[tuple[str, str]]) -> None:
    from ..state import page_of_field

    st.error(page.t("shortlist.fix_first"))
    for field, message in problems:
        st.markdown(
            f"- **{field}**: {problem_text(page.state.lang, message)}"
            f" — {page.t('step.' + STEPS[(page_of_field(field) or 1) - 1])}"
        )
    target = min((page_of_field(f) or 1) for f, _ in problems)
    if st.button(page.t("shortlist.go_fix"), key="go_fix"):
        go_to(page.state, target)
        st.session_state[PROBLEMS_KEY] = problems
        st.rerun()


def render(page: Page) -> None:
    from recommender.errors import ModelrecError

    from ..wizard import check_page

    state, t = page.state, page.t
    problems = check_page(state)
    if problems:
        _blocked(page, problems)
        return
    try:
        with st.spinner(t("shortlist.computing")):
            rec = current_recommendation(state)
    except ModelrecError as exc:
        st.error(t("shortlist.failed", message=str(exc)))
        return
    if not rec.shortlist:
        st.warning(t("shortlist.empty", excluded=len(rec.excluded)))
        _why_not(page, rec)
        return

    st.write(t("shortlist.summary", n=len(rec.ranked), excluded=len(rec.excluded)))
    st.dataframe(shortlist_rows(rec, t), hide_index=True, width="stretch")
    for note in rec.notes:
        st.caption(note)
    with st.expander(t("shortlist.conditions")):
        for item in rec.to_json()["shortlist"]:
            st.markdown(f"**{item['name']}** — {t('license.' + item['license_status'])}")
            for c in item["license_conditions"] or [t("shortlist.no_conditions")]:
                st.markdown(f"- {c}")

    st.altair_chart(charts.contributions_chart(rec, t), width="stretch")
    chart = charts.quality_cost_chart(rec, t)
    if chart is None:
        st.info(t("chart.no_cost"))
    else:
        st.altair_chart(chart, width="stretch")
        st.caption(t("chart.pareto_caption"))

    st.subheader(t("sensitivity.title"))
    _sensitivity(page, rec)
    st.subheader(t("advice.title"))
    _advice(page, rec)
    st.subheader(t("whynot.title"))
    _why_not(page, rec)


def _sensitivity(page: Page, rec: Recommendation) -> None:
    t = page.t
    s = rec.sensitivity
    if s is None:
        st.info(t("sensitivity.none"))
        return
    if s.most_critical:
        st.write(
            t(
                "sensitivity.critical",
                criterion=t(f"criterion.{s.most_critical}"),
                change=f"{(s.most_critical_change or 0):.3f}",
            )
        )
    weighted = [n for n, w in rec.weights.items() if w > 0] or list(rec.weights)
    left, right = st.columns([1, 2])
    criterion = left.selectbox(
        t("sensitivity.criterion"),
        options=weighted,
        format_func=lambda c: t(f"criterion.{c}"),
        key="sens_criterion",
    )
    current = float(rec.weights[criterion])
    low, high = s.stability.get(criterion, (0.0, 1.0))
    weight = right.slider(
        t("sensitivity.weight"),
        min_value=0.0,
        max_value=1.0,
        value=round(current, 2),
        step=0.01,
        key=f"sens_weight_{criterion}",
        help=t("sensitivity.weight_help"),
    )
    st.caption(
        t(
            "sensitivity.stable",
            criterion=t(f"criterion.{criterion}"),
            low=f"{low:.2f}",
            high=f"{high:.2f}",
            current=f"{current:.2f}",
        )
    )
    moved = charts.weight_ranks(rec, criterion, weight)[: max(rec.top_k, 5)]
    st.dataframe(
        [
            {
                t("table.rank"): row["rank"],
                t("table.model"): row["name"],
                t("sensitivity.before"): row["rank_before"],
                t("sensitivity.change"): rank_arrow(row["rank_before"] - row["rank"]),
                t("table.score"): row["score"],
            }
            for row in moved
        ],
        hide_index=True,
        width="stretch",
    )
    heat = charts.acceptability_heatmap(rec, t)
    if heat is not None:
        st.altair_chart(heat, width="stretch")
        st.caption(t("sensitivity.acceptability_caption", samples=s.samples, seed=s.seed))
    with st.expander(t("sensitivity.what_it_takes")):
        names = {r.candidate.model.id: r.candidate.model.name for r in rec.ranked}
        for model_id, ways in s.what_it_takes.items():
            st.markdown(f"**{names.get(model_id, model_id)}**")
            for way in ways:
                st.markdown(f"- {way}")


def _advice(page: Page, rec: Recommendation) -> None:
    t, advice = page.t, rec.advice
    if advice is None:
        return
    st.markdown(f"**{t('advice.approach')}:** {t('approach.' + advice.approach)}")
    for reason in advice.approach_reasons:
        st.markdown(f"- {reason}")
    st.markdown(f"**{t('advice.variant')}:** {t('variant.' + advice.variant)}")
    for reason in advice.variant_reasons:
        st.markdown(f"- {reason}")
    if advice.api_vs_open:
        st.markdown(f"**{t('advice.api_vs_open')}**")
        for reason in advice.api_vs_open:
            st.markdown(f"- {reason}")
    if advice.also_consider:
        st.markdown(f"**{t('advice.also')}**")
        for reason in advice.also_consider:
            st.markdown(f"- {reason}")


def _why_not(page: Page, rec: Recommendation) -> None:
    t = page.t
    query = (
        st.text_input(t("whynot.search"), key="whynot_query", placeholder=t("whynot.placeholder"))
        .strip()
        .lower()
    )
    rows = [
        {t("table.model"): e.model_id, t("whynot.reasons"): "; ".join(e.reasons)}
        for e in rec.excluded
        if not query or query in e.model_id.lower() or any(query in r.lower() for r in e.reasons)
    ]
    st.caption(t("whynot.count", shown=len(rows), total=len(rec.excluded)))
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", height=min(400, 36 * len(rows) + 40))
