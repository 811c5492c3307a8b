"""The wizard's charts and what-if ranks, from a real recommendation."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender.engine import Recommendation, parse_questionnaire, recommend
from recommender.kb import load_knowledge_base
from recommender.matching import HashEmbedder, ModelMatcher
from ui import charts
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


def label(key: str, **fields: object) -> str:
    return text("en", key, **fields)


def test_quality_cost_chart_marks_the_pareto_frontier(rec: Recommendation) -> None:
    chart = charts.quality_cost_chart(rec, label)
    assert chart is not None
    spec = chart.to_dict()
    frontier, points = spec["layer"]
    assert frontier["mark"]["type"] == "line" and points["mark"]["type"] == "circle"
    assert points["encoding"]["x"]["scale"]["type"] == "log"
    datasets = spec["datasets"]
    frontier_rows = datasets[frontier["data"]["name"]]
    names = {r.candidate.model.id: r.candidate.model.name for r in rec.ranked}
    assert {row["model"] for row in frontier_rows} == {names[m] for m in rec.pareto}
    costs = [row["cost"] for row in frontier_rows]
    assert costs == sorted(costs)


def test_contributions_sum_to_the_scores(rec: Recommendation) -> None:
    spec = charts.contributions_chart(rec, label).to_dict()
    rows = next(iter(spec["datasets"].values()))
    for r in rec.shortlist:
        mine = [row["contribution"] for row in rows if row["order"] == r.rank]
        assert sum(mine) == pytest.approx(r.score, abs=1e-3)


def test_acceptability_heatmap_has_a_cell_per_model_and_rank(rec: Recommendation) -> None:
    chart = charts.acceptability_heatmap(rec, label)
    assert chart is not None and rec.sensitivity is not None
    rows = next(iter(chart.to_dict()["datasets"].values()))
    k = rec.sensitivity.top_k
    assert len(rows) == k * min(12, len(rec.sensitivity.acceptability))
    assert all(0 <= row["share"] <= 1 for row in rows)


def test_weight_ranks_reproduce_the_ranking_and_follow_a_weight(rec: Recommendation) -> None:
    name = "cost"
    same = charts.weight_ranks(rec, name, rec.weights[name])
    assert [r["model_id"] for r in same] == [r.candidate.model.id for r in rec.ranked]
    assert all(r["rank"] == r["rank_before"] for r in same)
    assert [r["score"] for r in same] == [round(r.score, 4) for r in rec.ranked]
    only_cost = charts.weight_ranks(rec, name, 1.0)
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


def test_bars_and_heat_map_rows_follow_the_ranks(rec: Recommendation) -> None:
    # rows in rank order however many criteria each bar stacks (a sort by the field summed it)
    spec = charts.contributions_chart(rec, label).to_dict()
    order = [f"{r.rank}. {r.candidate.model.name}" for r in rec.shortlist]
    assert spec["encoding"]["y"]["sort"] == sorted(order, key=lambda s: int(s.split(".")[0]))
    heat = charts.acceptability_heatmap(rec, label)
    assert heat is not None
    heat_spec = heat.to_dict()
    rows = next(iter(heat_spec["datasets"].values()))
    named = list(dict.fromkeys(row["model"] for row in sorted(rows, key=lambda r: r["order"])))
    assert all(layer["encoding"]["y"]["sort"] == named for layer in heat_spec["layer"])
    assert heat_spec["height"] == {"step": 30}  # a row per model, for 1 or 10 models alike


def test_costs_that_do_not_tell_models_apart_are_said(
    rec: Recommendation, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert charts.costs_discriminate(rec)  # APIs and rented GPUs: costs differ
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
    assert not charts.costs_discriminate(flat)
    chart = charts.quality_cost_chart(flat, label)
    assert chart is not None
    low, high = chart.to_dict()["layer"][1]["encoding"]["x"]["scale"]["domain"]
    assert high / low == pytest.approx(16)  # widened around the one cost
    assert text("ja", "chart.cost_flat")
