"""Altair charts of a recommendation: quality vs monthly cost with the Pareto frontier,
per-criterion contributions, and the rank-acceptability heat map. Pure functions of the
recommendation (no streamlit), so they are tested directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

    from recommender.engine import Recommendation

__all__ = [
    "acceptability_heatmap",
    "contributions_chart",
    "costs_discriminate",
    "money",
    "quality_cost_chart",
    "weight_ranks",
]

Label = Callable[[str], str]
#: Costs within this ratio of each other do not tell models apart (rounding, not a choice).
_FLAT_COSTS = 1.05


def costs_discriminate(rec: Recommendation) -> bool:
    """Whether the known monthly costs of the ranked candidates differ enough to choose by
    (False when every known cost is the same, e.g. all on hardware already owned)."""
    costs = [
        float(r.candidate.plan.monthly_usd)
        for r in rec.ranked
        if r.candidate.plan.monthly_usd is not None
    ]
    if len(costs) < 2:
        return False
    low, high = max(min(costs), 0.01), max(max(costs), 0.01)
    return high / low > _FLAT_COSTS


def quality_cost_chart(rec: Recommendation, t: Label) -> alt.LayerChart | None:
    """Every candidate with a known monthly cost: quality value against cost (log scale, in
    the recommendation's currency), shortlisted ones highlighted, the Pareto frontier as a step
    line. None when no candidate has a known cost."""
    import altair as alt
    import pandas as pd  # type: ignore[import-untyped]

    short = {r.candidate.model.id for r in rec.shortlist}
    pareto = set(rec.pareto)
    rate = rec.rates.rate(rec.currency) if rec.rates is not None else 1.0
    rows = [
        {
            "model": r.candidate.model.name,
            "quality": round(r.values["quality"].value, 3),
            "cost": max(float(r.candidate.plan.monthly_usd or 0) * rate, 0.01),
            "cost_text": money(rec, r.candidate.plan.monthly_usd),
            "group": t("chart.shortlisted")
            if r.candidate.model.id in short
            else (t("chart.pareto") if r.candidate.model.id in pareto else t("chart.other")),
            "pareto": r.candidate.model.id in pareto,
            "rank": r.rank,
            "layer": 2 if r.candidate.model.id in short else int(r.candidate.model.id in pareto),
        }
        for r in rec.ranked
        if r.candidate.plan.monthly_usd is not None
    ]
    if not rows:
        return None
    data = pd.DataFrame(rows)
    cost_axis = t("chart.cost_axis").format(currency=rec.currency)
    low, high = float(data["cost"].min()), float(data["cost"].max())
    if high / low <= _FLAT_COSTS:  # one column: widen the axis so it reads as one value
        scale = alt.Scale(type="log", domain=[low / 4, high * 4])
    else:
        scale = alt.Scale(type="log")
    x = alt.X("cost:Q", scale=scale, title=cost_axis)
    y = alt.Y("quality:Q", scale=alt.Scale(domain=[0, 1]), title=t("chart.quality_axis"))
    points = (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "group:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[t("chart.shortlisted"), t("chart.pareto"), t("chart.other")],
                    range=["#d62728", "#1f4e9c", "#b8c4d6"],
                ),
            ),
            order=alt.Order("layer:Q"),  # shortlisted drawn last, on top
            tooltip=[
                alt.Tooltip("model:N", title=t("table.model")),
                alt.Tooltip("rank:Q", title=t("table.rank")),
                alt.Tooltip("quality:Q", title=t("chart.quality_axis")),
                alt.Tooltip("cost_text:N", title=cost_axis),
            ],
        )
    )
    frontier = (
        alt.Chart(data[data["pareto"]].sort_values("cost"))
        .mark_line(interpolate="step-after", color="#d62728", strokeDash=[4, 3])
        .encode(x=x, y=y)
    )
    layered: alt.LayerChart = (frontier + points).properties(
        height=360, title=t("chart.quality_cost_title")
    )
    return layered


def _rank(r: Any) -> int:
    return int(r.rank)


def money(rec: Recommendation, usd: float | None) -> str:
    """A US-dollar amount in the recommendation's currency ("¥50,000"), "?" when unknown."""
    if usd is None:
        return "?"
    if rec.rates is None:
        return f"${usd:,.0f}"
    return rec.rates.format(usd, rec.currency)


def contributions_chart(rec: Recommendation, t: Label) -> alt.Chart:
    """The shortlist's scores split into per-criterion contributions w_j v_j (stacked bars)."""
    import altair as alt
    import pandas as pd

    rows = [
        {
            "model": f"{r.rank}. {r.candidate.model.name}",
            "criterion": t(f"criterion.{name}"),
            "contribution": round(value, 4),
            "order": r.rank,
        }
        for r in rec.shortlist
        for name, value in r.contributions.items()
        if value > 0
    ]
    data = pd.DataFrame(rows)
    # an explicit order: a sort by the field would sum it over each bar's criteria
    order = [f"{r.rank}. {r.candidate.model.name}" for r in sorted(rec.shortlist, key=_rank)]
    chart: alt.Chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "model:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=260),
            ),
            x=alt.X("contribution:Q", stack="zero", title=t("chart.score_axis")),
            color=alt.Color(
                "criterion:N",
                title=None,
                legend=alt.Legend(orient="bottom", columns=4, labelLimit=200),
            ),
            tooltip=["model:N", "criterion:N", alt.Tooltip("contribution:Q", format=".3f")],
        )
        .properties(height=alt.Step(34), title=t("chart.contrib_title"))
    )
    return chart


def acceptability_heatmap(
    rec: Recommendation, t: Label, *, limit: int = 12
) -> alt.LayerChart | None:
    """Share of sampled weightings in which each model takes each rank (SMAA)."""
    import altair as alt
    import pandas as pd

    if rec.sensitivity is None:
        return None
    names = {r.candidate.model.id: r.candidate.model.name for r in rec.ranked}
    acc = rec.sensitivity.acceptability
    models = sorted(acc, key=lambda m: -sum(acc[m]))[:limit]
    rows = [
        {"model": names.get(m, m), "rank": i + 1, "share": share, "order": n}
        for n, m in enumerate(models)
        for i, share in enumerate(acc[m])
    ]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        x=alt.X("rank:O", title=t("chart.rank_axis"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "model:N",
            sort=[names.get(m, m) for m in models],
            title=None,
            axis=alt.Axis(labelOverlap=False, labelLimit=260),
        ),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), title=None),
        tooltip=["model:N", "rank:O", alt.Tooltip("share:Q", format=".0%")],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.5", alt.value("white"), alt.value("black")),
    )
    # one 30-px row per model, whatever their number (a fixed height squeezed a few rows)
    heat: alt.LayerChart = (cells + labels).properties(
        height=alt.Step(30), title=t("chart.acceptability_title")
    )
    return heat


def weight_ranks(rec: Recommendation, criterion: str, weight: float) -> list[dict[str, Any]]:
    """Ranks when ``criterion`` gets ``weight`` and the other weights are rescaled in
    proportion: one row per candidate, best first, with its rank before. Scored as the engine
    scores (its value functions are fixed, so this is exact): a criterion whose value is
    unknown is left out and the known weights rescaled, and demoted candidates (shutting down,
    below the quality floor...) stay after the others."""
    from recommender.engine.recommend import score_values
    from recommender.engine.sensitivity import reweigh

    weights = reweigh(rec.weights, criterion, weight)
    scored = sorted(
        (
            (r.demoted is not None, -score_values(r.values, weights), r.candidate.model.id, r)
            for r in rec.ranked
        ),
        key=lambda s: (s[0], s[1], s[2]),
    )
    return [
        {
            "model_id": r.candidate.model.id,
            "name": r.candidate.model.name,
            "rank": i + 1,
            "rank_before": r.rank,
            "score": round(-neg, 4),
        }
        for i, (_, neg, _, r) in enumerate(scored)
    ]
