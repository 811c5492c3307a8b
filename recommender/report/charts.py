"""Report charts: Altair specifications rendered to inline SVG by vl-convert, offline.

Data are inline values (no URLs), so vl-convert reads nothing from the network; text uses the
Noto Sans CJK JP font the set-up installs, which also covers Latin, so Japanese labels render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .strings import CRITERION_NAMES, STRINGS

if TYPE_CHECKING:
    from .record import DecisionRecord

__all__ = ["FONT", "charts"]

FONT = "Noto Sans CJK JP"
WIDTH = 520


def charts(record: DecisionRecord, lang: str) -> dict[str, str]:
    """SVG text per chart name (contributions, value, acceptability); absent when no data."""
    out: dict[str, str] = {}
    if record.shortlist:
        out["contributions"] = _svg(_contributions(record, lang))
    if any(c.monthly_cost_usd is not None and c.monthly_cost_usd > 0 for c in record.candidates):
        out["value"] = _svg(_value(record, lang))
    sens = record.recommendation.get("sensitivity")
    if sens and record.shortlist:
        out["acceptability"] = _svg(_acceptability(record, lang))
    return out


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


def _contributions(record: DecisionRecord, lang: str) -> Any:
    import altair as alt

    names = CRITERION_NAMES[lang]
    t = STRINGS[lang]
    rows: list[dict[str, Any]] = [
        {
            "model": f"{item['rank']}. {item['model_id']}",
            "criterion": names.get(k, k),
            "order": i,
            "value": v,
        }
        for item in record.shortlist
        for i, (k, v) in enumerate(item["contributions"].items())
        if v > 0
    ]
    order = [f"{item['rank']}. {item['model_id']}" for item in record.shortlist]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y("model:N", sort=order, title=None),
            x=alt.X("sum(value):Q", title=t["score"]),
            color=alt.Color(
                "criterion:N",
                title=t["criterion"],
                sort=[names.get(k, k) for k in names],
                scale=alt.Scale(scheme="tableau10"),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=WIDTH - 200, height=28 * len(order))
    )
    return _config(chart)


def _value(record: DecisionRecord, lang: str) -> Any:
    import altair as alt

    t = STRINGS[lang]
    top_k = len(record.shortlist)
    rows: list[dict[str, Any]] = [
        {
            "model": c.model_id,
            "quality": c.quality,
            # in the reader's currency, like the report's tables
            "cost": None
            if c.monthly_cost_usd is None
            else c.monthly_cost_usd * record.money.per_usd,
            "deployment": t["self_hosted"] if c.deployment == "self_hosted" else t["dep_api"],
            "group": t["shortlisted"] if c.rank <= top_k else t["other"],
            # shortlisted points carry their rank: short labels overlap less than ids
            "label": str(c.rank) if c.rank <= top_k else "",
            "pareto": c.pareto,
        }
        for c in record.candidates
        if c.monthly_cost_usd is not None and c.monthly_cost_usd > 0
    ]
    front = sorted((r for r in rows if r["pareto"]), key=lambda r: (r["cost"], -r["quality"]))
    costs = [r["cost"] for r in rows]
    domain = [min(costs) / 2, max(costs) * 2]
    x = alt.X(
        "cost:Q",
        scale=alt.Scale(type="log", domain=domain, nice=False),
        title=t["monthly_cost"].format(currency=record.money.currency),
    )
    y = alt.Y("quality:Q", scale=alt.Scale(domain=[0, 1]), title=t["quality"])
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, opacity=0.75, size=60)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "group:N",
                title=None,
                sort=[t["shortlisted"], t["other"]],
                scale=alt.Scale(range=["#d62728", "#9aa7b4"]),
            ),
            shape=alt.Shape("deployment:N", title=t["deployment"]),
        )
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
        alt.layer(line, points, labels).properties(width=WIDTH - 40, height=280, title=title)
    ).configure_title(fontSize=11, anchor="start", limit=WIDTH)


def _acceptability(record: DecisionRecord, lang: str) -> Any:
    import altair as alt

    t = STRINGS[lang]
    sens = record.recommendation["sensitivity"]
    order = [item["model_id"] for item in record.shortlist]
    rows: list[dict[str, Any]] = [
        {"model": m, "rank": t["rank_n"].format(n=i + 1), "order": i, "share": share}
        for m in order
        for i, share in enumerate(sens["rank_acceptability"].get(m, []))
        if share > 0
    ]
    ranks = [t["rank_n"].format(n=i + 1) for i in range(sens["top_k"])]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y("model:N", sort=order, title=None),
            x=alt.X(
                "share:Q",
                title=t["acceptability"],
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "rank:N", sort=ranks, title=None, scale=alt.Scale(scheme="blues", reverse=True)
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=WIDTH - 200, height=28 * len(order))
    )
    return _config(chart)
