"""The charts the wizard and the report share, and the what-if ranks, from a real
recommendation."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender.engine import Recommendation, parse_questionnaire, recommend
from recommender.kb import load_knowledge_base
from recommender.matching import HashEmbedder, ModelMatcher
from recommender.report import charts
from recommender.report.record import money_out
from ui.i18n import text

KB = load_knowledge_base()


@pytest.fixture(scope="module")
def rec(tmp_path_factory: pytest.TempPathFactory) -> Recommendation:
    q = parse_questionnaire(
        {
            "use_case": "Coding assistant for a software team",
            "tasks": ["code_generation"],
            "languages": ["en"],
            "deployment": "any",
            "license": {"accept_conditions": True},
        }
    )
    matcher = ModelMatcher(KB, HashEmbedder(), cache=tmp_path_factory.mktemp("cache"))
    return recommend(q, KB, model_matcher=matcher)


def _rows(
    spec: dict[str, object], layer: dict[str, object] | None = None
) -> list[dict[str, object]]:
    """The inline data of a chart (or of one of its layers)."""
    data = (layer or spec)["data"]
    assert isinstance(data, dict)
    rows: list[dict[str, object]] = data["values"]
    return rows


def test_value_chart_marks_the_pareto_set(rec: Recommendation) -> None:
    points = rec.candidate_points()
    chart = charts.value_chart(points, rec.top_k, money_out(rec, "JPY"), "ja", interactive=True)
    assert chart is not None
    spec = chart.to_dict()
    frontier, dots, labels = spec["layer"]
    assert frontier["mark"]["type"] == "line" and dots["mark"]["type"] == "point"
    assert dots["encoding"]["x"]["scale"]["type"] == "log"
    assert "tooltip" in dots["encoding"]  # the wizard's chart has tooltips, the report's not
    assert {row["model"] for row in _rows(spec, frontier)} == set(rec.pareto)
    costs = [row["cost"] for row in _rows(spec, frontier)]
    assert costs == sorted(costs)
    # amounts in the reader's currency, at the recommendation's rate
    per_usd = money_out(rec, "JPY").per_usd
    usd = {p.model_id: p.monthly_cost_usd for p in points}
    for row in _rows(spec, dots):
        assert row["cost"] == pytest.approx(usd[row["model"]] * per_usd)
    assert [row["label"] for row in _rows(spec, labels)] == [
        str(p.rank) for p in points if p.rank <= rec.top_k and p.monthly_cost_usd
    ]
    static = charts.value_chart(points, rec.top_k, money_out(rec, "JPY"), "ja").to_dict()
    assert "tooltip" not in static["layer"][1]["encoding"]


def test_contributions_sum_to_the_scores(rec: Recommendation) -> None:
    chart = charts.contributions_chart(rec.contract(), "en")
    assert chart is not None
    rows = _rows(chart.to_dict())
    for r in rec.shortlist:
        mine = [row["value"] for row in rows if row["model"] == f"{r.rank}. {r.candidate.model.id}"]
        assert sum(mine) == pytest.approx(r.score, abs=1e-3)


def test_acceptability_has_a_bar_per_shortlisted_model(rec: Recommendation) -> None:
    chart = charts.acceptability_chart(rec.contract(), "en", interactive=True)
    assert chart is not None and rec.sensitivity is not None
    spec = chart.to_dict()
    rows = _rows(spec)
    assert {row["model"] for row in rows} == {r.candidate.model.id for r in rec.shortlist}
    for r in rec.shortlist:
        shares = [row["share"] for row in rows if row["model"] == r.candidate.model.id]
        assert 0 < sum(shares) <= 1 + 1e-9
    # rows in rank order however many ranks each bar stacks
    assert spec["encoding"]["y"]["sort"] == [r.candidate.model.id for r in rec.shortlist]


def test_weight_ranks_reproduce_the_ranking_and_follow_a_weight(rec: Recommendation) -> None:
    name = "cost"
    same = rec.ranks_with_weight(name, rec.weights[name])
    assert [r["model_id"] for r in same] == [r.candidate.model.id for r in rec.ranked]
    assert all(r["rank"] == r["rank_before"] for r in same)
    assert [r["score"] for r in same] == [round(r.score, 4) for r in rec.ranked]
    only_cost = rec.ranks_with_weight(name, 1.0)
    by_id = {r.candidate.model.id: r for r in rec.ranked}
    # demoted candidates (shutting down, below the quality floor...) stay after the others
    adequate = [row for row in only_cost if by_id[row["model_id"]].demoted is None]
    assert any(r.demoted for r in rec.ranked) and only_cost[: len(adequate)] == adequate
    # among the others, all the weight on cost orders by the cost value (unknown cost: 0)
    ordered = [
        by_id[row["model_id"]].values[name].value
        if by_id[row["model_id"]].values[name].evidence != "unknown"
        else 0.0
        for row in adequate
    ]
    assert ordered == sorted(ordered, reverse=True)
    assert [r["rank"] for r in only_cost] != [r["rank_before"] for r in only_cost]


def test_detect_machine_reads_ram_and_matches_catalogue_names() -> None:
    from ui.detect import detect_machine, match_hardware

    machine = detect_machine(KB)
    meminfo = Path("/proc/meminfo").read_text().split()
    total_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20
    assert machine.ram_gb == pytest.approx(total_gib, rel=0.05)
    assert match_hardware(KB, "NVIDIA GeForce RTX 4090") == KB.hardware_item("RTX 4090").id
    assert match_hardware(KB, "Acme Imaginary Accelerator 9000") is None


def test_bars_follow_the_ranks(rec: Recommendation) -> None:
    # rows in rank order however many criteria each bar stacks (a sort by the field summed it)
    chart = charts.contributions_chart(rec.contract(), "en", interactive=True)
    assert chart is not None
    order = [f"{r.rank}. {r.candidate.model.id}" for r in rec.shortlist]
    assert chart.to_dict()["encoding"]["y"]["sort"] == order


def test_costs_that_do_not_tell_models_apart_are_said(
    rec: Recommendation, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert charts.costs_discriminate(rec.candidate_points())  # APIs and rented GPUs differ
    # one GPU already owned: every model costs the same (its power), one column
    q = parse_questionnaire(
        {
            "use_case": "Chat assistant for staff",
            "tasks": ["chat_assistant"],
            "languages": ["en"],
            "deployment": "on_prem",
            "hardware": {"gpus": [{"name": "rtx-4090", "count": 1}]},
        }
    )
    matcher = ModelMatcher(KB, HashEmbedder(), cache=tmp_path_factory.mktemp("cache"))
    flat = recommend(q, KB, model_matcher=matcher)
    assert not charts.costs_discriminate(flat.candidate_points())
    chart = charts.value_chart(flat.candidate_points(), flat.top_k, money_out(flat, "USD"), "en")
    assert chart is not None
    low, high = chart.to_dict()["layer"][1]["encoding"]["x"]["scale"]["domain"]
    assert high / low == pytest.approx(4)  # widened around the one cost
    assert text("ja", "chart.cost_flat")
