"""``modelrec recommend``: questionnaire files -> ranked, explained shortlists."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import KV_DTYPES, add_currency_option, load_kb, print_json, print_table

if TYPE_CHECKING:
    from ..engine import Ranked, Recommendation
    from ..messages import Message

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "recommend", help="rank models for questionnaire files (YAML), with reasons"
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="questionnaire YAML")
    p.add_argument("--excluded", action="store_true", help="also list every excluded model")
    p.add_argument(
        "--runtime",
        metavar="NAME",
        help="inference runtime for self-hosted estimates (llama.cpp, ollama, vllm, "
        "transformers, mlx); overrides hardware.runtime; default: a generic runtime",
    )
    p.add_argument(
        "--kv-dtype",
        choices=KV_DTYPES,
        help="KV-cache precision; overrides hardware.kv_dtype",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="only validate the files (against the knowledge base too) and list every problem",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_currency_option(
        p,
        help="show amounts in this currency (default: the questionnaire's currency:); the "
        "budget stays in the questionnaire's currency",
    )
    p.set_defaults(handler=_recommend)


def _recommend(args: argparse.Namespace) -> int:
    from ..engine import QuestionnaireError, load_questionnaire, recommend
    from ..errors import ModelrecError
    from ..matching import ModelMatcher, TaskMatcher, get_embedder

    kb = load_kb(args)
    # all valid (against the knowledge base too) before any work; every file's problems at once
    questionnaires, failed = [], []
    for f in args.files:
        try:
            questionnaires.append(load_questionnaire(f, kb=kb))
        except QuestionnaireError as exc:
            failed.append(str(exc))
    if failed:
        raise ModelrecError("\n".join(failed))
    if args.runtime or args.kv_dtype:
        if args.runtime:
            kb.runtime(args.runtime)  # an unknown name fails here, naming the known ones
        update = {"runtime": args.runtime, "kv_dtype": args.kv_dtype}
        update = {k: v for k, v in update.items() if v is not None}
        questionnaires = [
            q.model_copy(update={"hardware": q.hardware.model_copy(update=update)})
            if q.hardware is not None
            else q
            for q in questionnaires
        ]
    if args.check:
        for f in args.files:
            print(f"{f}: valid")
        return 0
    embedder = get_embedder()
    matcher, model_matcher = TaskMatcher(kb, embedder), ModelMatcher(kb, embedder)
    results = [
        recommend(q, kb, matcher=matcher, model_matcher=model_matcher) for q in questionnaires
    ]
    if args.currency:
        results = [replace(r, currency=args.currency) for r in results]
    if args.json:
        payload = [r.to_json() for r in results]
        print_json(payload[0] if len(payload) == 1 else payload)
        return 0
    for i, (path, r) in enumerate(zip(args.files, results, strict=True)):
        if i:
            print("\n")
        _print_recommendation(str(path), r, excluded=args.excluded)
    return 0


def _money(r: Recommendation, usd: float | None) -> str:
    if usd is None:
        return "unknown"
    return r.rates.format(usd, r.currency) if r.rates else f"${usd:,.0f}"


def _say(r: Recommendation, message: Message) -> str:
    """A typed message in English, amounts in the user's currency."""
    return message.render("en", money=lambda usd: _money(r, usd))


def _print_recommendation(path: str, r: Recommendation, *, excluded: bool) -> None:
    unverified = f", {len(r.unverified)} could not be verified" if r.unverified else ""
    print(
        f"{path}: tasks {', '.join(t['id'] for t in r.tasks)}; languages "
        f"{', '.join(r.languages) or '-'}; {len(r.ranked)} candidates, "
        f"{len(r.excluded)} excluded{unverified} · kb_version {r.kb_version}\n"
    )
    rows = []
    for x in r.shortlist:
        plan, fit = x.candidate.plan, x.candidate.plan.fit
        config = plan.configuration
        where = (
            "API"
            if plan.deployment == "api"
            else f"{plan.gpus} x {plan.hardware_id}"
            if plan.hardware_id
            else str(plan.hardware)
        )
        quality = (
            "-"
            if x.quality is None
            else (f"{x.quality.value:.2f} ({x.quality.low:.2f}-{x.quality.high:.2f})")
        )
        answer = "-" if config is None or config.answer_s is None else f"{config.answer_s:.1f}"
        if config is not None and config.meets_target is False:
            answer += "!"
        rows.append(
            [
                str(x.rank),
                x.candidate.model.id + (" *" if x.demoted else ""),
                f"{x.score:.3f}",
                quality,
                where,
                "-" if fit is None else fit.quantization,
                answer,
                _money(r, x.candidate.plan.monthly_usd),
                x.candidate.license.status,
            ]
        )
    print_table(
        [
            "#",
            "MODEL",
            "SCORE",
            "QUALITY",
            "RUNS ON",
            "PRECISION",
            "ANSWER S",
            "PER MONTH",
            "LICENCE",
        ],
        rows,
    )
    demoted = [x for x in r.shortlist if x.demoted]
    if demoted:
        print("* ranked after the adequate models:")
        for x in demoted:
            print(f"  {x.candidate.model.id}: {x.demoted}")
    if any(
        x.candidate.plan.configuration and x.candidate.plan.configuration.meets_target is False
        for x in r.shortlist
    ):
        print("! misses the latency target (or reading speed) on this hardware")
    if not r.ranked:
        print("no model passes every constraint.")
    if r.tie is not None and r.shortlist:
        print(f"\n{'tie' if r.tie.tied else 'leader'}: {_say(r, r.tie.message)}")
    if r.shortlist:
        top = r.shortlist[0]
        parts = sorted(top.contributions.items(), key=lambda kv: -kv[1])
        print(
            f"\n{top.candidate.model.id}: "
            + ", ".join(f"{name} {value:.3f}" for name, value in parts if value > 0)
            + (f" (unknown, left out: {', '.join(top.unknown)})" if top.unknown else "")
        )
        if top.quality is not None:
            print(f"  quality: {top.quality.basis}")
        for condition in top.candidate.license.conditions:
            print(f"  condition: {_say(r, condition)}")
        if top.candidate.plan.reasoning_note:
            print(f"  thinking tokens: {top.candidate.plan.reasoning_note}")
    for x in r.shortlist:
        for flag in x.candidate.flags:
            print(f"flag: {x.candidate.model.id}: {_say(r, flag.message)}")
        if x.demoted_message is not None:
            print(f"flag: {x.candidate.model.id}: {_say(r, x.demoted_message)}")
    if r.stack:

        def cost(s: Ranked) -> str:
            plan = s.candidate.plan
            if plan.deployment == "self_hosted" and plan.monthly_usd is None:
                return "beside the generator" if plan.hardware_id is None else "cost unknown"
            return f"{_money(r, plan.monthly_usd)}/month"

        print(
            "stack: retrieval model "
            + ", ".join(f"{s.candidate.model.id} ({cost(s)})" for s in r.stack)
        )
    for warning in r.warnings:
        print(f"warning: {_say(r, warning)}")
    if r.unverified:
        shown = r.unverified[:5]
        print(
            f"could not verify ({len(r.unverified)}): "
            + "; ".join(
                f"{e.model_id} ({', '.join(_say(r, d.message) for d in e.details)})" for e in shown
            )
            + (" ..." if len(r.unverified) > 5 else "")
        )
    if r.thin and r.relaxations:
        print(f"\nonly {len(r.ranked)} of the {r.top_k} asked for pass; what would admit more:")
        for relax in r.relaxations[:6]:
            print(f"  - {relax.describe()}")
    if r.sensitivity is not None and r.shortlist:
        leader = r.shortlist[0].candidate.model.id
        share = r.sensitivity.acceptability.get(leader, [0.0])[0]
        print(
            f"stability: {leader} ranks first in {share:.0%} of "
            f"{r.sensitivity.samples} weightings sampled around yours"
            + (
                f"; most sensitive to the weight of {r.sensitivity.most_critical} "
                f"(a change of {r.sensitivity.most_critical_change:.3f} changes the winner)"
                if r.sensitivity.most_critical
                else "; no single weight change alters it"
            )
        )
    if r.advice is not None:
        a = r.advice
        print(f"approach: {a.approach} — {'; '.join(_say(r, m) for m in a.approach_reasons)}")
        for m in a.also_consider:
            print(f"also consider: {_say(r, m)}")
        print(f"variant: {a.variant} — {'; '.join(_say(r, m) for m in a.variant_reasons)}")
        for line in a.api_vs_open:
            print(f"api vs open: {_say(r, line)}")
    for note in r.notes:
        print(f"note: {note}")
    if excluded:
        print("\nexcluded:")
        for e in r.excluded:
            print(f"  {e.model_id}: {'; '.join(_say(r, d.message) for d in e.details)}")
        if r.unverified:
            print("\ncould not verify:")
            for e in r.unverified:
                print(f"  {e.model_id}: {'; '.join(_say(r, d.message) for d in e.details)}")
