"""Page 4, shortlist: whether the top is a justified winner or a statistical tie; the ranked
table (quality with its uncertainty, monthly cost in the user's currency, licence verdicts,
where it runs, speed, notes); what the constraints cost (warnings, what would admit more
models); the retrieval model of a RAG stack; details per model; contribution bars, quality vs
cost with the Pareto frontier, sensitivity (move a weight and watch the ranks, rank
acceptability, what it takes), approach advice, and the searchable "could not verify" and
"why not" lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from recommender.report import charts
from recommender.report.record import money_out

from .. import resources
from ..context import PROBLEMS_KEY, Page, go_to, rank_arrow
from ..i18n import problem_text
from ..plain import plain
from ..state import STEPS, WizardState

if TYPE_CHECKING:
    from recommender.engine import Ranked, Recommendation
    from recommender.engine.contract import ShortlistItem
    from recommender.engine.screening import Exclusion
    from recommender.messages import Message

__all__ = [
    "FLAG_CODES",
    "current_recommendation",
    "quality_text",
    "render",
    "shortlist_rows",
]

#: Candidate flags (recommender.engine.screening) with a short label of their own; the engine's
#: sentence is in the details.
FLAG_CODES = (
    "shutting_down",
    "deprecated",
    "over_budget",
    "misses_latency_target",
    "short_context_fit",
    "context_inherited",
)
#: Answers a relaxation may name, with the label of the widget that asks for them.
_ANSWER_LABELS = {
    "workload.context_tokens": "workload.context",
    "workload.latency_p95_s": "workload.latency",
    "hardware": "constraints.hardware",
    "budget": "constraints.budget",
    "deployment": "constraints.deployment",
    "license.accept_conditions": "constraints.conditions",
    "license.commercial_use": "constraints.commercial",
    "license.require_open_source": "constraints.open_source",
    "documented_languages_only": "origin.documented_languages",
    "exclude_providers": "origin.providers",
    "exclude_countries": "origin.countries",
    "data_residency": "origin.residency",
    "zero_retention": "origin.zero_retention",
}
#: Pixel widths of the shortlist table's columns: together they fit the page beside the sidebar
#: in a 1280-px window (818 px), so the table never scrolls sideways; longer cells are cut, and
#: the notes under the table and the details hold the whole text.
_WIDTHS = {
    "table.rank": 40,
    "table.model": 196,
    "table.quality": 104,
    "table.cost": 84,
    "table.license": 124,
    "table.fit": 150,
    "table.speed": 70,
    "table.score": 48,
}


def current_recommendation(state: WizardState) -> Recommendation:
    """The recommendation for the answers (cached on their canonical JSON). Raises
    QuestionnaireError for answers that do not validate."""
    return resources.recommendation(resources.questionnaire_json(state.questionnaire()))


def quality_text(r: Ranked) -> str:
    """Expected quality with its uncertainty range: "0.73 (0.63–0.84)"."""
    q = r.quality
    if q is None:
        return f"{r.values['quality'].value:.2f}"
    return f"{q.value:.2f} ({q.low:.2f}–{q.high:.2f})"


def _unknown_everywhere(ranked: list[Ranked]) -> list[str]:
    """Criteria unknown for every one of ``ranked`` (said once, not per model)."""
    if not ranked:
        return []
    common = set(ranked[0].unknown).intersection(*(r.unknown for r in ranked[1:]))
    return [c for c in ranked[0].unknown if c in common]


def money(rec: Recommendation, usd: float | None) -> str:
    """A US-dollar amount in the recommendation's currency, written as the report writes it
    ("¥14,050"); "?" when unknown."""
    return money_out(rec, rec.currency).format(usd, "?")


def _say(page: Page, rec: Recommendation, message: Message) -> str:
    """An engine message in the page's language, amounts in the user's currency."""
    return message.render(page.state.lang, money=lambda usd: money(rec, usd))


def _notes(r: Ranked, t: Any, common: list[str] | None = None) -> list[str]:
    """Short labels for what to know about a candidate: flags, demotion, unknown criteria
    (but those in ``common``, unknown for every model shown)."""
    out = [t(f"flag.{f.code}") if f.code in FLAG_CODES else f.text for f in r.candidate.flags]
    if r.demoted:
        out.append(t("flag.demoted"))
    unknown = [c for c in r.unknown if c not in (common or [])]
    if unknown:
        out.append(t("flag.unknown", criteria=", ".join(t(f"criterion.{c}") for c in unknown)))
    return out


def _hardware_name(name: str) -> str:
    """A catalogue name short enough for a table cell: "NVIDIA GeForce RTX 4090" -> "RTX 4090"."""
    return name.removeprefix("NVIDIA ").removeprefix("GeForce ")


def _fit(item: ShortlistItem, t: Any) -> str:
    if item.deployment == "api":
        return str(t("table.api"))
    hardware = _hardware_name(item.hardware) if item.hardware else ""
    parts = [f"{item.gpus}× {hardware}" if (item.gpus or 1) > 1 else hardware]
    memory = item.memory_gb
    if memory is not None:
        size = f"{memory:,.0f}" if memory >= 100 else f"{memory:.1f}"
        parts.append(f"{size} GB {item.quantization or ''}".strip())
    return " · ".join(p for p in parts if p) or str(t("table.self_hosted"))


def shortlist_rows(
    rec: Recommendation, t: Any, ranked: list[Ranked] | None = None, *, marks: bool = True
) -> list[dict[str, Any]]:
    """One row per shortlisted model (or per model of ``ranked``), in the user's language and
    currency; ``marks``: a ⚠ before the name of a model with notes."""
    chosen = rec.shortlist if ranked is None else ranked
    items = _items(rec)
    common = _unknown_everywhere(chosen)
    rows = []
    for r in chosen:
        item = items[r.candidate.model.id]
        speed = item.decode_tokens_per_s
        mine = f" [{t('badge.user_added')}]" if r.candidate.model.user_added is not None else ""
        rows.append(
            {
                t("table.rank"): r.rank,
                t("table.model"): ("⚠ " if marks and _notes(r, t, common) else "")
                + item.name
                + mine,
                t("table.quality"): quality_text(r),
                t("table.cost"): money(rec, item.monthly_cost_usd),
                t("table.license"): f"{t('license.' + item.license_status)} ({item.license})",
                t("table.fit"): _fit(item, t),
                t("table.speed"): "?" if speed is None else f"{speed[0]:.0f}–{speed[1]:.0f}",
                t("table.score"): r.score,
            }
        )
    return rows


def _items(rec: Recommendation) -> dict[str, ShortlistItem]:
    """The shortlist and the retrieval stack as the engine's contract, by model id."""
    data = rec.contract()
    return {item.model_id: item for item in [*data.shortlist, *data.stack]}


def _table(page: Page, rows: list[dict[str, Any]]) -> None:
    t = page.t
    import streamlit.column_config as cc

    config: dict[str, Any] = {
        t(name): cc.Column(width=width, help=t(f"{name}_help") if name in _HELPED else None)
        for name, width in _WIDTHS.items()
    }
    config[t("table.score")] = cc.NumberColumn(
        width=_WIDTHS["table.score"], help=t("table.score_help"), format="%.3f"
    )
    st.dataframe(rows, hide_index=True, width="stretch", column_config=config)


#: Columns whose header explains them on hover.
_HELPED = {"table.quality", "table.cost", "table.speed", "table.score"}


def _blocked(page: Page, problems: list[tuple[str, str]]) -> None:
    from ..state import page_of_field

    st.error(page.t("shortlist.fix_first"))
    for problem in problems:
        field = problem[0]
        st.markdown(  # the field and message may echo the user's values: plain text
            f"- **{plain(field)}**: {plain(problem_text(page.state.lang, problem), None)}"
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
        st.error(t("shortlist.failed", message=plain(exc, None)))
        return
    from .validate import with_measurements

    rec = with_measurements(page, rec)  # the same order as the validate and report pages
    for warning in rec.warnings:
        # may quote the user's answers: shown as plain text
        st.warning(plain(_say(page, rec, warning), None), icon="⚠️")
    if not rec.shortlist:
        st.warning(t("shortlist.empty", excluded=len(rec.excluded)))
        _relaxations(page, rec)
        st.subheader(t("unverified.title"))
        _unverified(page, rec)
        st.subheader(t("whynot.title"))
        _why_not(page, rec)
        return

    st.write(t("shortlist.summary", n=len(rec.ranked), excluded=len(rec.excluded)))
    _tie(page, rec)
    _table(page, shortlist_rows(rec, t))
    _model_notes(page, rec)
    _context_and_notes(page, rec)
    _relaxations(page, rec)
    _stack(page, rec)
    with st.expander(t("shortlist.details")):
        _details(page, rec)

    lang, data, points = page.state.lang, rec.contract(), rec.candidate_points()
    bars = charts.contributions_chart(data, lang, interactive=True)
    if bars is not None:
        st.markdown(f"**{t('chart.contrib_title')}**")
        st.altair_chart(bars)
    chart = charts.value_chart(
        points, rec.top_k, money_out(rec, rec.currency), lang, interactive=True
    )
    st.markdown(f"**{t('chart.quality_cost_title')}**")
    if chart is None:
        st.info(t("chart.no_cost"))
    else:
        if not charts.costs_discriminate(points):
            st.info(t("chart.cost_flat"))
        st.altair_chart(chart)
        st.caption(t("chart.pareto_caption"))

    st.subheader(t("sensitivity.title"))
    _sensitivity(page, rec)
    st.subheader(t("advice.title"))
    _advice(page, rec)
    if rec.unverified:
        st.subheader(t("unverified.title"))
        _unverified(page, rec)
    st.subheader(t("whynot.title"))
    _why_not(page, rec)


def _names(rec: Recommendation) -> dict[str, str]:
    return {r.candidate.model.id: r.candidate.model.name for r in [*rec.ranked, *rec.stack]}


def _tie(page: Page, rec: Recommendation) -> None:
    """A statistical tie is said before the table, naming the tied models, so the first row is
    not read as a winner; a justified leader is named with the reason."""
    t, tie = page.t, rec.tie
    if tie is None:
        return
    names = _names(rec)
    if tie.tied:
        st.warning(
            t("tie.tied", models=", ".join(names.get(m, m) for m in tie.group)),
            icon="⚖️",
        )
    else:
        st.success(t("tie.leader", model=names.get(tie.group[0], tie.group[0])), icon="🏁")
    st.caption(t("tie.reason", reason=_say(page, rec, tie.message)))


def _model_notes(page: Page, rec: Recommendation) -> None:
    """What to know about each shortlisted model (marked ⚠ in the table): flags that do not
    exclude, why it ranks after the adequate models, criteria left out as unknown."""
    t = page.t
    common = _unknown_everywhere(rec.shortlist)
    lines = [
        f"- **{r.candidate.model.name}**: {'; '.join(notes)}"
        for r in rec.shortlist
        if (notes := _notes(r, t, common))
    ]
    if lines:
        st.markdown(f"**⚠ {t('table.notes')}**\n" + "\n".join(lines))
        st.caption(t("table.notes_help"))
    if common:
        names = ", ".join(t(f"criterion.{c}") for c in common)
        st.caption(t("shortlist.unknown_everywhere", criteria=names))


def _context_and_notes(page: Page, rec: Recommendation) -> None:
    t = page.t
    if rec.context_tokens is not None:
        if rec.context_stated:
            st.caption(t("shortlist.context_stated", n=f"{rec.context_tokens:,}"))
        else:
            st.caption(t("shortlist.context_not_stated", n=f"{rec.context_tokens:,}"))
    if rec.currency != "USD" and rec.rates is not None:
        record = resources.knowledge_base().currencies.get(rec.currency)
        rate = rec.rates.rate(rec.currency)
        if record is not None and abs(record.per_usd - rate) < 1e-9:
            st.caption(
                t(
                    "shortlist.currency",
                    currency=rec.currency,
                    rate=f"{rate:g}",
                    as_of=record.as_of.isoformat(),
                )
            )
        else:
            st.caption(t("shortlist.currency_yours", currency=rec.currency, rate=f"{rate:g}"))
    for note in rec.notes:
        if note.code != "note_context":  # said above
            st.caption(_say(page, rec, note))


def _relaxations(page: Page, rec: Recommendation) -> None:
    """What would admit more models, when fewer passed than the shortlist asks for."""
    t = page.t
    if not (rec.thin and rec.relaxations):
        return
    lines = [t("relax.title", n=len(rec.ranked), k=rec.top_k)]
    for x in rec.relaxations:
        label = _ANSWER_LABELS.get(x.answer)
        answer = t(label) if label else x.answer
        lines.append(
            "- "
            + t(
                "relax.item",
                answer=answer,
                suggestion=_say(page, rec, x.message),
                n=len(x.admits),
                models=", ".join(x.admits[:5]) + (" …" if len(x.admits) > 5 else ""),
            )
        )
    st.info("\n".join(lines), icon="🔓")


def _stack(page: Page, rec: Recommendation) -> None:
    """The retrieval (embedding) models recommended alongside a RAG generator."""
    t = page.t
    if not rec.stack:
        return
    st.subheader(t("stack.title"))
    st.caption(t("stack.caption"))
    rows = [
        {
            t("table.rank"): r.rank,
            t("table.model"): row[t("table.model")],
            t("table.quality"): row[t("table.quality")],
            t("table.cost"): row[t("table.cost")],
            t("table.license"): row[t("table.license")],
            t("table.fit"): row[t("table.fit")],
        }
        for r, row in zip(rec.stack, shortlist_rows(rec, t, rec.stack, marks=False), strict=True)
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _details(page: Page, rec: Recommendation) -> None:
    """Per model: licence verdict and conditions, quality and its basis, the answer time,
    and every flag and demotion in the engine's words."""
    t = page.t
    items = _items(rec)
    for r in rec.shortlist:
        item = items[r.candidate.model.id]
        m = r.candidate.model
        st.markdown(f"**{r.rank}. {m.name}** (`{m.id}`)")
        lines = [f"{t('license.' + item.license_status)} ({item.license})"]
        lines += [f"  - {_say(page, rec, c)}" for c in r.candidate.license.conditions]
        if r.quality is not None:
            basis = _say(page, rec, r.quality.basis_message)
            lines.append(t("details.quality", value=quality_text(r), basis=basis))
            if r.quality.scores:
                lines.append(t("details.scores", scores="; ".join(r.quality.scores)))
            if r.quality.floor_message is not None:
                why = _say(page, rec, r.quality.floor_message)
                lines.append(t("details.below_floor", why=why))
        config = r.candidate.plan.configuration
        if config is not None and config.answer_s is not None:
            verdict = {True: "details.meets", False: "details.misses", None: "details.no_target"}
            lines.append(
                t(
                    "details.answer",
                    seconds=f"{config.answer_s:.1f}",
                    verdict=t(verdict[config.meets_target]),
                )
            )
        typed = item.cost_basis_message
        lines.append(
            t(
                "details.cost",
                cost=money(rec, item.monthly_cost_usd),
                basis=_say(page, rec, typed.message) if typed else item.cost_basis or "?",
            )
        )
        for f in r.candidate.flags:
            lines.append(t("details.flag", text=_say(page, rec, f.message)))
        if r.demoted_message is not None:
            lines.append(t("details.demoted", why=_say(page, rec, r.demoted_message)))
        if r.unknown:
            lines.append(
                t("details.unknown", criteria=", ".join(t(f"criterion.{c}") for c in r.unknown))
            )
        st.markdown("\n".join(f"- {line}" if not line.startswith("  ") else line for line in lines))


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
    moved = rec.ranks_with_weight(criterion, weight)[: max(rec.top_k, 5)]
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
    shares = charts.acceptability_chart(rec.contract(), page.state.lang, interactive=True)
    if shares is not None:
        st.markdown(f"**{t('chart.acceptability_title')}**")
        st.altair_chart(shares)
        st.caption(t("sensitivity.acceptability_caption", samples=s.samples, seed=s.seed))
    with st.expander(t("sensitivity.what_it_takes")):
        names = {r.candidate.model.id: r.candidate.model.name for r in rec.ranked}
        for model_id, ways in s.what_it_takes.items():
            st.markdown(f"**{names.get(model_id, model_id)}**")
            for way in ways:
                st.markdown(f"- {_say(page, rec, way)}")


def _advice(page: Page, rec: Recommendation) -> None:
    t, advice = page.t, rec.advice
    if advice is None:
        return
    st.markdown(f"**{t('advice.approach')}:** {t('approach.' + advice.approach)}")
    for reason in advice.approach_reasons:
        st.markdown(f"- {_say(page, rec, reason)}")
    st.markdown(f"**{t('advice.variant')}:** {t('variant.' + advice.variant)}")
    for reason in advice.variant_reasons:
        st.markdown(f"- {_say(page, rec, reason)}")
    if advice.api_vs_open:
        st.markdown(f"**{t('advice.api_vs_open')}**")
        for reason in advice.api_vs_open:
            st.markdown(f"- {_say(page, rec, reason)}")
    if advice.also_consider:
        st.markdown(f"**{t('advice.also')}**")
        for reason in advice.also_consider:
            st.markdown(f"- {_say(page, rec, reason)}")


def _searchable(
    page: Page,
    rec: Recommendation,
    exclusions: list[Exclusion],
    *,
    key: str,
    count: str,
    search: str,
) -> None:
    """A list of models with reasons (in the page's language), filtered by a search over the
    ids and the reasons."""
    t = page.t
    query = st.text_input(t(search), key=key, placeholder=t("whynot.placeholder")).strip().lower()
    said = [(e.model_id, [_say(page, rec, r.message) for r in e.details]) for e in exclusions]
    rows = [
        {t("table.model"): model_id, t("whynot.reasons"): "; ".join(reasons)}
        for model_id, reasons in said
        if not query or query in model_id.lower() or any(query in r.lower() for r in reasons)
    ]
    st.caption(t(count, shown=len(rows), total=len(exclusions)))
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", height=min(400, 36 * len(rows) + 40))


def _unverified(page: Page, rec: Recommendation) -> None:
    """Models a stated requirement could not be verified for: not ranked, not excluded."""
    st.caption(page.t("unverified.intro"))
    _searchable(
        page,
        rec,
        rec.unverified,
        key="unverified_query",
        count="unverified.count",
        search="unverified.search",
    )


def _why_not(page: Page, rec: Recommendation) -> None:
    _searchable(
        page, rec, rec.excluded, key="whynot_query", count="whynot.count", search="whynot.search"
    )
