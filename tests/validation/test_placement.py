"""Placement of models on a cluster's GPUs (or CPUs) by their estimated memory: arithmetic."""

from __future__ import annotations

import pytest

from recommender.validation.placement import ClusterNode, plan_placement


def _gpu_node(name: str, *gb: float) -> ClusterNode:
    return ClusterNode(id=name, name=name, cpus=16, memory_gb=200, gpu_memory_gb=gb)


def test_small_models_share_a_gpu_and_a_large_one_takes_two() -> None:
    # usable: 24 GB -> 21.6 GB, 48 GB -> 43.2 GB (the estimator's 90% rule)
    nodes = [_gpu_node("n1", 24, 24), _gpu_node("n2", 48)]
    plan = plan_placement([("A", 40.0), ("B", 30.0), ("C", 9.0), ("D", 9.0)], nodes, device="cuda")
    a, b, c, d = plan.placements
    assert a.node and a.node.id == "n2" and a.gpus == 0.93  # largest first: 40/43.2 of 48 GB
    assert b.node and b.node.id == "n1" and b.gpus == 2.0  # too big for one 24 GB: two
    assert c.round == 1 and d.round == 1  # nothing is left beside A and B: they wait
    assert c.bin == d.bin and c.gpus == d.gpus == 0.42  # then share one 24 GB GPU
    assert plan.describe().splitlines() == [
        "A (40.0 GB): 1 x 48 GB on n2 · B (30.0 GB): 2 x 24 GB on n1",
        "then: C (9.0 GB) and D (9.0 GB) share 1 x 24 GB on n1",
    ]
    plan = plan_placement([("A", 30.0), ("B", 9.0), ("C", 9.0)], nodes, device="cuda")
    assert plan.describe() == (
        "A (30.0 GB) and B (9.0 GB) share 1 x 48 GB on n2 · C (9.0 GB): 1 x 24 GB on n1"
    )


def test_fractions_never_overcommit_a_gpu() -> None:
    nodes = [_gpu_node("n", 80)]  # 72 GB usable
    needs = [(f"m{i}", 20.0) for i in range(5)]
    plan = plan_placement(needs, nodes, device="cuda")
    for r in {p.round for p in plan.placements}:
        used = sum(p.gpus for p in plan.placements if p.round == r)
        assert used <= 1.0
        assert sum(p.needed_gb for p in plan.placements if p.round == r) <= 72
    assert [p.round for p in plan.placements] == [0, 0, 0, 1, 1]
    # the fraction covers the estimate (rounded up to hundredths)
    assert all(p.gpus * 72 >= p.needed_gb for p in plan.placements)


def test_a_model_no_node_can_hold_is_refused_and_the_others_placed() -> None:
    nodes = [_gpu_node("n1", 24, 24)]
    plan = plan_placement([("huge", 140.0), ("ok", 10.0)], nodes, device="cuda")
    huge, ok = plan.placements
    assert huge.refused and huge.reason == (
        "needs 140.0 GB; the largest node has 2 x 24 GB (43.2 GB usable)"
    )
    assert not ok.refused and ok.round == 0
    assert plan.describe().splitlines()[-1].startswith("huge refused: needs 140.0 GB")


def test_cpu_nodes_are_packed_by_memory_and_cpus() -> None:
    nodes = [ClusterNode(id="c", name="127.0.0.1", cpus=2, memory_gb=10)]
    plan = plan_placement([("a", 3.0), ("b", 3.0), ("c", 3.0), ("big", 12.0)], nodes, device="cpu")
    a, b, c, big = plan.placements
    assert (a.round, b.round, c.round) == (0, 0, 1)  # two CPUs: two models at once
    assert a.gpus == 0 and a.memory_bytes == 3 * 2**30
    assert big.refused and "offers 10.0 GB" in (big.reason or "")
    first = plan.describe().splitlines()[0]
    assert first == "a (3.0 GB) and b (3.0 GB) share 127.0.0.1 (2 CPUs, 10 GB)"


@pytest.mark.parametrize("device", ["cuda", "cpu"])
def test_without_suitable_nodes_everything_is_refused(device: str) -> None:
    nodes = [ClusterNode(id="c", name="x", cpus=0.5, memory_gb=10)]
    plan = plan_placement([("a", 1.0)], nodes, device=device)
    assert plan.placements[0].refused
