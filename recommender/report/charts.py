"""The charts of a recommendation, for the wizard and the report alike: per-criterion
contributions, quality against monthly cost with the Pareto set, and rank acceptability.

Each chart is an Altair specification built from the typed contract
(:class:`~recommender.engine.contract.RecommendationOut` and its candidate points), so the
wizard shows the chart the report prints. ``interactive`` adds tooltips for the wizard; the
report renders the same specification to inline SVG with vl-convert, offline: data are inline
values (no URLs), and text uses the Noto Sans CJK JP font the set-up installs, which also
covers Latin, so Japanese labels render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .strings import CRITERION_NAMES, STRINGS

if TYPE_CHECKING:
    from ..engine.contract import CandidatePoint, RecommendationOut
    from .record import DecisionRecord, MoneyOut

__all__ = [
    "FONT",
    "acceptability_chart",
    "charts",
    "contributions_chart",
    "costs_discriminate",
    "value_chart",
]

FONT = "Noto Sans CJK JP"
WIDTH = 520
#: Costs within this ratio of each other do not tell models apart (rounding, not a choice).
FLAT_COSTS = 1.05


def charts(record: DecisionRecord, lang: str) -> dict[str, str]:
    """The report's charts as SVG text per name (contributions, value, acceptability); a chart
    without data is absent."""
    rec = record.recommendation
    built = {
        "contributions": contributions_chart(rec, lang),
        "value": value_chart(record.candidates, len(rec.shortlist), record.money, lang),
        "acceptability": acceptability_chart(rec, lang),
    }
    return {name: _svg(chart) for name, chart in built.items() if chart is not None}


def costs_discriminate(points: list[CandidatePoint]) -> bool:
    """Whether the known monthly costs differ enough to choose by (False when every known cost
    is the same, e.g. all on hardware already owned, or fewer than two are known)."""
    costs = [p.monthly_cost_usd for p in points if p.monthly_cost_usd]
    return len(costs) > 1 and max(costs) > min(costs) * FLAT_COSTS


def contributions_chart(
    rec: RecommendationOut, lang: str, *, interactive: bool = False
) -> Any | None:
    """The shortlist's scores split into per-criterion contributions w_j v_j (stacked bars,
    in rank order); None for an empty shortlist."""
    import altair as alt

    if not rec.shortlist:
        return None
    names = CRITERION_NAMES[lang]
    t = STRINGS[lang]
    rows: list[dict[str, Any]] = [
        {
            "model": f"{item.rank}. {item.model_id}",
            "criterion": names.get(k, k),
            "order": i,
            "value": v,
        }
        for item in rec.shortlist
        for i, (k, v) in enumerate(item.contributions.items())
        if v > 0
    ]
    # an explicit order: a sort by the field would sum it over each bar's criteria
    order = [f"{item.rank}. {item.model_id}" for item in rec.shortlist]
    encoding: dict[str, Any] = {
        "y": alt.Y("model:N", sort=order, title=None),
        "x": alt.X("sum(value):Q", title=t["score"]),
        "color": alt.Color(
            "criterion:N",
            title=t["criterion"],
            sort=[names.get(k, k) for k in names],
            scale=alt.Scale(scheme="tableau10"),
        ),
        "order": alt.Order("order:Q"),
    }
    if interactive:
        encoding["tooltip"] = [
            alt.Tooltip("model:N", title=t["model"]),
            alt.Tooltip("criterion:N", title=t["criterion"]),
            alt.Tooltip("value:Q", format=".3f", title=t["score"]),
        ]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(**encoding)
        .properties(**_size(WIDTH - 200, 28 * len(order), interactive))
    )
    return _config(chart)


def value_chart(
    points: list[CandidatePoint],
    top_k: int,
    money: MoneyOut,
    lang: str,
    *,
    interactive: bool = False,
) -> Any | None:
    """Every candidate with a known, non-zero monthly cost: quality against cost (log scale, in
    ``money``'s currency), the shortlist (ranks ≤ ``top_k``) labelled by rank, the Pareto set as
    a step line. None when no candidate has a known cost."""
    import altair as alt

    t = STRINGS[lang]
    rows: list[dict[str, Any]] = [
        {
            "model": c.model_id,
            "quality": c.quality,
            # in the reader's currency, like the tables
            "cost": None if c.monthly_cost_usd is None else c.monthly_cost_usd * money.per_usd,
            "deployment": t["self_hosted"] if c.deployment == "self_hosted" else t["dep_api"],
            "group": t["shortlisted"] if c.rank <= top_k else t["other"],
            # shortlisted points carry their rank: short labels overlap less than ids
            "label": str(c.rank) if c.rank <= top_k else "",
            "pareto": c.pareto,
        }
        for c in points
        if c.monthly_cost_usd is not None and c.monthly_cost_usd > 0
    ]
    if not rows:
        return None
    front = sorted((r for r in rows if r["pareto"]), key=lambda r: (r["cost"], -r["quality"]))
    costs = [r["cost"] for r in rows]
    domain = [min(costs) / 2, max(costs) * 2]
    cost_title = t["monthly_cost"].format(currency=money.currency)
    x = alt.X("cost:Q", scale=alt.Scale(type="log", domain=domain, nice=False), title=cost_title)
    y = alt.Y("quality:Q", scale=alt.Scale(domain=[0, 1]), title=t["quality"])
    encoding: dict[str, Any] = {
        "x": x,
        "y": y,
        "color": alt.Color(
            "group:N",
            title=None,
            sort=[t["shortlisted"], t["other"]],
            scale=alt.Scale(range=["#d62728", "#9aa7b4"]),
        ),
        "shape": alt.Shape("deployment:N", title=t["deployment"]),
    }
    if interactive:
        encoding["tooltip"] = [
            alt.Tooltip("model:N", title=t["model"]),
            alt.Tooltip("quality:Q", format=".2f", title=t["quality"]),
            alt.Tooltip("cost:Q", format=",.2f", title=cost_title),
        ]
    points_layer = (
        alt.Chart(_data(rows)).mark_point(filled=True, opacity=0.75, size=60).encode(**encoding)
    )
    line = (
        alt.Chart(_data(front))
        .mark_line(interpolate="step-after", color="#555", strokeDash=[4, 3])
        .encode(x=x, y=y)
    )
    labels = (
        alt.Chart(_data([r for r in rows if r["label"]]))
        .mark_text(align="left", dx=6, dy=-5, fontSize=10, fontWeight="bold", color="#d62728")
        .encode(x=x, y=y, text="label:N")
    )
    title = f"{t['pareto']}: {', '.join(r['model'] for r in front)}"
    return _config(
        alt.layer(line, points_layer, labels).properties(
            title=title, **_size(WIDTH - 40, 280, interactive)
        )
    ).configure_title(fontSize=11, anchor="start", limit=WIDTH)


def acceptability_chart(
    rec: RecommendationOut, lang: str, *, interactive: bool = False
) -> Any | None:
    """Share of the sampled weightings in which each shortlisted model takes each rank (SMAA),
    as stacked bars; None without a sensitivity analysis."""
    import altair as alt

    sens = rec.sensitivity
    if sens is None or not rec.shortlist:
        return None
    t = STRINGS[lang]
    order = [item.model_id for item in rec.shortlist]
    rows: list[dict[str, Any]] = [
        {"model": m, "rank": t["rank_n"].format(n=i + 1), "order": i, "share": share}
        for m in order
        for i, share in enumerate(sens.rank_acceptability.get(m, []))
        if share > 0
    ]
    ranks = [t["rank_n"].format(n=i + 1) for i in range(sens.top_k)]
    encoding: dict[str, Any] = {
        "y": alt.Y("model:N", sort=order, title=None),
        "x": alt.X(
            "share:Q",
            title=t["acceptability"],
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        "color": alt.Color(
            "rank:N", sort=ranks, title=None, scale=alt.Scale(scheme="blues", reverse=True)
        ),
        "order": alt.Order("order:Q"),
    }
    if interactive:
        encoding["tooltip"] = [
            alt.Tooltip("model:N", title=t["model"]),
            alt.Tooltip("rank:N", title=t["acceptability"]),
            alt.Tooltip("share:Q", format=".0%"),
        ]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(**encoding)
        .properties(**_size(WIDTH - 200, 28 * len(order), interactive))
    )
    return _config(chart)


def _size(width: int, height: int, interactive: bool) -> dict[str, Any]:
    """The plot's size: fixed in the report; in the wizard as wide as the page, and as tall as
    asked (Streamlit would otherwise fit the whole chart, legend and axes included, into
    ``height`` and squash the bars)."""
    if not interactive:
        return {"width": width, "height": height}
    import altair as alt

    return {
        "width": "container",
        "height": height,
        "autosize": alt.AutoSizeParams(type="fit-x", contains="padding"),
    }


def _svg(chart: Any) -> str:
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(chart.to_dict())
    # the XML prolog is not allowed inside HTML; the <svg> element is all we need
    return svg[svg.index("<svg") :]


def _data(values: list[dict[str, Any]]) -> Any:
    import altair as alt

    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _config(chart: Any) -> Any:
    return (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_axis(labelFontSize=11, titleFontSize=11, labelLimit=260)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom", columns=3)
    )
