"""``modelrec match``: use-case text -> tasks, languages and domain, with confidence."""

from __future__ import annotations

import argparse

from ._common import at_most, load_kb, positive_int, print_json, print_table

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "match", help="infer tasks, languages and domain from use-case descriptions"
    )
    p.add_argument("texts", nargs="+", metavar="TEXT", help="use cases, in English or Japanese")
    p.add_argument(
        "--top", type=at_most(positive_int, 100), default=3, metavar="K", help="tasks to show"
    )
    p.add_argument(
        "--embedder",
        metavar="SPEC",
        help="'e5-small' (default: multilingual-e5-small, English and Japanese), 'minilm' "
        "(English only), a local sentence-transformers directory, or a Hugging Face repo id "
        "already in the local cache (default: $MODELREC_EMBEDDER)",
    )
    p.add_argument("--mode", choices=("hybrid", "embedding", "lexical"), default="hybrid")
    p.add_argument(
        "--models",
        type=at_most(positive_int, 1000),
        metavar="N",
        help="also list the N models whose description and specialisation fit best",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_match, parser=p)


def _match(args: argparse.Namespace) -> int:
    from ..matching import ModelMatcher, TaskMatcher, get_embedder

    if any(not t.strip() for t in args.texts):
        args.parser.error("a TEXT is empty: describe what the model should do")
    kb, embedder = load_kb(args), get_embedder(args.embedder)
    results = TaskMatcher(kb, embedder).match(args.texts, top_k=args.top, mode=args.mode)
    fits = ModelMatcher(kb, embedder).score_many(args.texts) if args.models else None
    if args.json:
        payload = [r.to_json() for r in results]
        for item, model_fits in zip(payload, fits or [], strict=False):
            item["models"] = [
                {"id": f.model_id, "score": round(f.score, 4), "domain_match": f.domain_match}
                for f in model_fits[: args.models]
            ]
        print_json(payload[0] if len(payload) == 1 else payload)
        return 0
    for i, r in enumerate(results):
        if i:
            print()
        print(r.text)
        verdict = "ask the user to choose" if r.needs_confirmation else "confident"
        print(f"  tasks      ({verdict}, confidence {r.confidence:.2f})")
        print_table(
            ["    TASK", "SCORE", "CLOSEST PHRASING"],
            [[f"    {t.id}", f"{t.score:.2f}", t.matched] for t in r.tasks],
        )
        print(
            f"  languages  {', '.join(r.languages.languages) or 'unknown'}"
            + (" (multilingual)" if r.languages.multilingual else "")
        )
        evidence = f" ({', '.join(r.domain.evidence)})" if r.domain.evidence else ""
        print(f"  domain     {r.domain.domain}{evidence}")
        if fits:
            shown = ", ".join(
                f"{f.model_id} {f.score:.2f}" + (" (domain)" if f.domain_match else "")
                for f in fits[i][: args.models]
            )
            print(f"  models     {shown}")
        for note in r.notes:
            print(f"  note       {note}")
    return 0
