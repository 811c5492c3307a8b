"""``modelrec kb``: list, show, count and validate what the knowledge base holds; add models
from the Hub or a folder, edit and refresh them in the user's overlay."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._common import (
    at_most,
    load_kb,
    non_negative_int,
    positive_float,
    print_help,
    print_json,
    print_table,
    shown_path,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..kb.schema import ModelRecord

__all__ = ["register"]

_KIND_CHOICES = ("models", "licenses", "tasks", "hardware")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = commands.add_parser("kb", help="inspect, validate and extend the knowledge base")
    kb_commands = kb.add_subparsers(title="kb commands", metavar="KB_COMMAND")
    kb.set_defaults(handler=lambda _args: print_help(kb))

    p = kb_commands.add_parser("list", help="list models (or licences, tasks, hardware)")
    p.add_argument("kind", nargs="?", default="models", choices=_KIND_CHOICES)
    p.add_argument("--category", help="only models of this category, e.g. llm, embedding")
    p.add_argument("--task", help="only models that declare this task id")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_list, parser=p)

    p = kb_commands.add_parser("stats", help="coverage: counts by category, access and speciality")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_stats)

    p = kb_commands.add_parser("show", help="show one record by id, alias or Hugging Face repo")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_show)

    p = kb_commands.add_parser(
        "validate", help="check a knowledge directory; report every problem found"
    )
    p.add_argument("path", nargs="?", type=Path, metavar="PATH", help="default: the one in use")
    p.add_argument(
        "--as-of",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="date the lifecycle checks use (default: today)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_validate)

    p = kb_commands.add_parser(
        "audit", help="what looks stale: oldest facts, quiet makers, dead-end successors"
    )
    p.add_argument(
        "--as-of", type=_date_arg, metavar="YYYY-MM-DD", help="the date to audit against"
    )
    p.add_argument(
        "--oldest",
        type=at_most(non_negative_int, 100_000),
        default=15,
        metavar="N",
        help="oldest facts to list",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_audit)

    p = kb_commands.add_parser(
        "add",
        help="add a Hub model (org/name[@revision]) or a local model folder to your overlay",
        description="Read config.json, the safetensors headers (not the weights) and the card; "
        "write a record to $MODELREC_HOME/knowledge (never the shipped files). Reaches the Hub "
        "(HF_ENDPOINT, token from HF_TOKEN) for a repo id; a folder is read locally.",
    )
    p.add_argument("source", metavar="SOURCE", help="org/name[@revision] or a folder")
    p.add_argument("--id", dest="model_id", help="record id (default: from the name)")
    p.add_argument("--name", help="display name (default: the repo or folder name)")
    p.add_argument(
        "--license", dest="license_id", metavar="ID", help="catalogued licence id to record"
    )
    p.add_argument(
        "--task",
        dest="tasks",
        action="append",
        default=[],
        metavar="TASK",
        help="a task it is meant for (repeatable; default: from the pipeline tag)",
    )
    p.add_argument(
        "--timeout",
        type=positive_float,
        default=10.0,
        metavar="S",
        help="seconds to wait for each Hub request (default 10)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_add)

    p = kb_commands.add_parser(
        "edit", help="open a model's record in $EDITOR (copied to your overlay), then validate"
    )
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler=_kb_edit)

    p = kb_commands.add_parser(
        "refresh",
        help="re-read Hub metadata of catalogued open models and API prices; show what changed",
        description="Shows a diff; writes to your overlay only with --yes. Offline "
        "(HF_HUB_OFFLINE or no network) it says so and changes nothing.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="models to refresh (default: all current)")
    p.add_argument("--prices", action="store_true", help="only API prices (genai-prices)")
    p.add_argument("--hub", action="store_true", help="only open models' Hub metadata")
    p.add_argument("--yes", action="store_true", help="write the changes to your overlay")
    p.add_argument(
        "--timeout",
        type=positive_float,
        default=10.0,
        metavar="S",
        help="seconds to wait for each request (default 10)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_kb_refresh)


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _kb_list(args: argparse.Namespace) -> int:
    kb = load_kb(args)
    if args.kind != "models" and (args.category or args.task):
        args.parser.error("--category and --task apply to models only")
    if args.kind == "models":
        models = [
            m
            for m in kb.models
            if (args.category is None or m.category == args.category)
            and (args.task is None or args.task in m.tasks)
        ]
        if args.task is not None:
            kb.task(args.task)  # an unknown task id is an error, not an empty list
        items: list[dict[str, Any]] = [_model_json(m) for m in models]
        rows = [_model_row(m) for m in models]
        header = ["ID", "CATEGORY", "ACCESS", "PARAMS", "CONTEXT", "LICENCE", "STATUS"]
    elif args.kind == "licenses":
        items = [_record_json(x) for x in kb.licenses.values()]
        rows = [[x.id, x.license_class, x.commercial_use, x.name] for x in kb.licenses.values()]
        header = ["ID", "CLASS", "COMMERCIAL", "NAME"]
    elif args.kind == "tasks":
        items = [_record_json(x) for x in kb.tasks.values()]
        rows = [[x.id, x.name.en, x.name.ja] for x in kb.tasks.values()]
        header = ["ID", "NAME", "名前"]
    else:
        items = [_record_json(x) for x in kb.hardware]
        rows = [
            [
                h.id,
                h.kind,
                _num(h.memory_gb, "GB"),
                _num(h.memory_bandwidth_gbps, "GB/s"),
                _num(h.rental_per_hour.usd if h.rental_per_hour else None, "$/h", prefix=True),
            ]
            for h in kb.hardware
        ]
        header = ["ID", "KIND", "MEMORY", "BANDWIDTH", "RENTAL"]
    if args.json:
        print_json(
            {"kb_version": kb.kb_version, "kind": args.kind, "count": len(items), "items": items}
        )
    else:
        print_table(header, rows)
        print(f"\n{len(rows)} {args.kind} · kb_version {kb.kb_version}")
    return 0


def _kb_stats(args: argparse.Namespace) -> int:
    from collections import Counter

    from ..kb.coverage import evidence_coverage

    kb = load_kb(args)
    models = kb.models
    by_category = Counter((m.category, "open" if m.open_weights else "api") for m in models)
    categories = sorted({c for c, _ in by_category})
    stats: dict[str, Any] = {
        "kb_version": kb.kb_version,
        "models": len(models),
        "by_category": {
            c: {"open": by_category[(c, "open")], "api": by_category[(c, "api")]}
            for c in categories
        },
        "specialities": {
            "japanese": sum(
                m.languages.get("ja") == "strong" or "japanese" in m.domains for m in models
            ),
            "domain_fine_tunes": sum(m.variant == "domain" for m in models),
            "code": sum(m.variant == "code" or "code" in m.domains for m in models),
            "reasoning": sum(m.variant == "reasoning" for m in models),
            "superseded": sum(m.status == "superseded" for m in models),
            "deprecated": sum(m.status == "deprecated" for m in models),
            "retired": sum(m.status == "retired" for m in models),
        },
        "api_providers": dict(sorted(Counter(m.api.provider for m in models if m.api).items())),
        "licenses": {
            "count": len(kb.licenses),
            "by_class": dict(
                sorted(Counter(x.license_class for x in kb.licenses.values()).items())
            ),
        },
        "hardware": {
            "count": len(kb.hardware),
            "by_kind": dict(sorted(Counter(h.kind for h in kb.hardware).items())),
            "with_rental_price": sum(h.rental_per_hour is not None for h in kb.hardware),
        },
        "evidence": evidence_coverage(kb).to_json(),
        "records_with_checked_facts": {
            "models": sum(bool(m.checked) for m in models),
            "licenses": sum(bool(x.checked) for x in kb.licenses.values()),
            "hardware": sum(bool(h.checked) for h in kb.hardware),
        },
    }
    if args.json:
        print_json(stats)
        return 0
    evidence = stats["evidence"]["by_category"]

    def scored(category: str, access: str) -> str:
        group = evidence.get(f"{category}/{access}")
        return "-" if not group else f"{group['covered']}/{group['total']}"

    rows = [
        [c, str(v["open"]), str(v["api"]), scored(c, "open"), scored(c, "api")]
        for c, v in stats["by_category"].items()
    ]
    print_table(["CATEGORY", "OPEN", "API", "OPEN >=2 SCORES", "API >=2 SCORES"], rows)
    print("(>=2 SCORES: current models with two or more published scores relevant to their tasks)")
    print()
    for line in evidence_coverage(kb).lines():
        print(line)
    print()
    for section in ("specialities", "api_providers", "records_with_checked_facts"):
        print(f"{section}: " + ", ".join(f"{k} {v}" for k, v in stats[section].items()))
    lic, hw = stats["licenses"], stats["hardware"]
    print(
        f"licenses: {lic['count']} ("
        + ", ".join(f"{k} {v}" for k, v in lic["by_class"].items())
        + ")"
    )
    print(
        f"hardware: {hw['count']} ("
        + ", ".join(f"{k} {v}" for k, v in hw["by_kind"].items())
        + f"; {hw['with_rental_price']} with a rental price)"
    )
    print(f"\n{len(models)} models · kb_version {kb.kb_version}")
    return 0


def _kb_show(args: argparse.Namespace) -> int:
    from ..kb.schema import ModelRecord

    record = load_kb(args).find(args.id)
    if isinstance(record, ModelRecord):
        payload = _model_json(record, with_price=True)
    else:
        payload = _record_json(record)
    if args.json:
        print_json(payload)
    else:
        import yaml

        text = yaml.safe_dump(_drop_empty(payload), sort_keys=False, allow_unicode=True, width=96)
        print(text.rstrip())
    return 0


def _kb_validate(args: argparse.Namespace) -> int:
    from ..errors import KnowledgeBaseInvalid
    from ..kb import default_knowledge_dir, load_knowledge_base

    path = shown_path(args.path or args.kb or default_knowledge_dir())
    try:
        kb = load_knowledge_base(path)
    except KnowledgeBaseInvalid as exc:
        if args.json:
            problems = [p.__dict__ for p in exc.problems]
            print_json({"valid": False, "path": str(path), "problems": problems})
        else:
            print(f"modelrec: {path} is NOT valid.\n{exc}", file=sys.stderr)
        return 1
    from ..errors import PromptSuiteInvalid
    from ..kb.integrity import integrity_problems
    from ..validation.suites import builtin_suite_names, validate_prompt_files

    integrity = integrity_problems(kb, today=args.as_of)
    if integrity:
        if args.json:
            print_json(
                {"valid": False, "path": str(path), "problems": [p.__dict__ for p in integrity]}
            )
        else:
            print(
                f"modelrec: {path} is NOT valid.\n{KnowledgeBaseInvalid(integrity)}",
                file=sys.stderr,
            )
        return 1
    prompt_problems = validate_prompt_files(path)  # knowledge/prompts/*.yaml, file:line each
    if prompt_problems:
        if args.json:
            problems = [p.__dict__ for p in prompt_problems]
            print_json({"valid": False, "path": str(path), "problems": problems})
        else:
            print(
                f"modelrec: {path} is NOT valid.\n{PromptSuiteInvalid(prompt_problems)}",
                file=sys.stderr,
            )
        return 1
    counts = {
        "models": len(kb.models),
        "licenses": len(kb.licenses),
        "tasks": len(kb.tasks),
        "hardware": len(kb.hardware),
        "benchmarks": len(kb.benchmarks),
        "makers": len(kb.makers),
        "prompt_suites": len(builtin_suite_names(path)),
    }
    if args.json:
        print_json(
            {"valid": True, "path": str(path), "kb_version": kb.kb_version, "counts": counts}
        )
    else:
        summary = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        print(f"{path} is valid: {summary} · kb_version {kb.kb_version}")
        if kb.overlay_root is not None:
            print(f"  with your overlay {kb.overlay_root}: {len(kb.overlay_ids)} record(s)")
    return 0


def _kb_audit(args: argparse.Namespace) -> int:
    from ..kb.integrity import audit

    kb = load_kb(args)
    report = audit(kb, today=args.as_of, oldest=args.oldest)
    if args.json:
        print_json(report.to_json())
        return 0
    newest = report.newest_fact.isoformat() if report.newest_fact else "unknown"
    print(f"knowledge base {kb.kb_version} audited on {report.today}; newest fact {newest}")
    print(f"\noldest facts ({len(report.oldest)}):")
    print_table(["KIND", "ID", "AS OF"], [[k, i, d.isoformat()] for k, i, d in report.oldest])
    print(f"\nmakers with no release recorded in the last 6 months ({len(report.quiet_makers)}):")
    print_table(
        ["MAKER", "NEWEST RELEASE"],
        [[n, d.isoformat() if d else "none dated"] for n, d in report.quiet_makers],
    )
    chains = report.deprecated_chains
    print(f"\ndeprecated or retired models whose successor is too ({len(chains)}):")
    print_table(["MODEL", "SUCCESSOR"], [list(pair) for pair in report.deprecated_chains])
    print(f"\nannounced shutdowns ({len(report.shutting_down)}):")
    print_table(["MODEL", "SHUTS DOWN"], [[a, d.isoformat()] for a, d in report.shutting_down])
    return 0


def _kb_add(args: argparse.Namespace) -> int:
    from ..kb.overlay import add_model, overlay_file

    draft = add_model(
        args.source,
        load_kb(args),
        model_id=args.model_id,
        license_id=args.license_id,
        tasks=args.tasks,
        name=args.name,
        timeout=args.timeout,
    )
    record = draft.record
    path = overlay_file(record.id)
    if args.json:
        print_json(
            {
                "added": record.id,
                "file": str(path),
                "record": _model_json(record),
                "missing": list(draft.missing),
                "notes": list(draft.notes),
            }
        )
        return 0
    where = record.user_added.location if record.user_added else args.source
    revision = record.user_added.revision if record.user_added else None
    print(f"added {record.id} from {where}" + (f" at {revision[:12]}" if revision else ""))
    print(f"  written to {path}")
    print("  " + "  ".join(_model_row(record)[1:]))
    print(f"  read from files: {', '.join(record.checked) or 'nothing'}")
    for note in draft.notes:
        print(f"  note: {note}")
    if draft.missing:
        print(f"  missing ({len(draft.missing)}), fill in with `modelrec kb edit {record.id}`:")
        for item in draft.missing:
            print(f"    - {item}")
    return 0


def _kb_edit(args: argparse.Namespace) -> int:
    import os
    import shlex
    import subprocess

    from ..errors import KnowledgeBaseInvalid, ModelrecError
    from ..kb.overlay import overlay_file, write_overlay
    from ..kb.schema import ModelRecord

    kb = load_kb(args)
    record = kb.model(args.id)
    path = overlay_file(record.id)
    if not path.is_file():
        write_overlay(record)  # a shipped record: your copy replaces it
        print(f"copied {record.id} to your overlay: {path}")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise ModelrecError(
            f"set EDITOR (or VISUAL) to edit {path}; then run `modelrec kb validate`"
        )
    subprocess.run([*shlex.split(editor), str(path)], check=False)
    try:
        load_kb(args)
    except KnowledgeBaseInvalid as exc:
        print(
            f"modelrec: {path} is NOT valid; fix it with `modelrec kb edit {record.id}`:\n{exc}",
            file=sys.stderr,
        )
        return 1
    edited = load_kb(args).get_model(record.id)
    if isinstance(edited, ModelRecord) and edited.user_added and edited.user_added.missing:
        missing = [m.split(" ")[0] for m in edited.user_added.missing]
        still = [f for f in missing if getattr(edited, f, None) in (None, {}, [])]
        if still:
            print(f"still unknown: {', '.join(still)}")
    print(f"{path} is valid · kb_version {load_kb(args).kb_version}")
    return 0


def _kb_refresh(args: argparse.Namespace) -> int:
    from ..errors import HubUnreachable
    from ..kb.overlay import refresh_open_models, refresh_prices, save_prices, write_overlay

    kb = load_kb(args)
    do_hub = not args.prices or args.hub
    do_prices = (not args.hub or args.prices) and not args.ids
    out: dict[str, Any] = {"written": args.yes}
    try:
        if do_hub:
            changes = refresh_open_models(kb, args.ids, timeout=args.timeout)
            out["models"] = [
                {
                    "model_id": c.model_id,
                    "repo": c.repo,
                    "changes": [{"field": f, "was": a, "now": b} for f, a, b in c.differences],
                    "notes": list(c.notes),
                    "error": c.error,
                }
                for c in changes
            ]
            if not args.json:
                _print_model_changes(changes)
            if args.yes:
                for c in changes:
                    if c.record is not None:
                        write_overlay(c.record)
        if do_prices:
            price_changes, payload = refresh_prices(kb, timeout=args.timeout)
            out["prices"] = [c.__dict__ for c in price_changes]
            if not args.json:
                print(f"\nAPI list prices, USD per 1M tokens ({len(price_changes)} changed):")
                print_table(
                    ["MODEL", "PRICE", "WAS", "NOW"],
                    [[c.model_id, c.field, _usd(c.was), _usd(c.now)] for c in price_changes],
                )
            if args.yes:
                out["prices_file"] = str(save_prices(payload))
    except HubUnreachable as exc:
        if args.json:
            print_json({"offline": True, "message": str(exc), "written": False})
        else:
            print(f"modelrec: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print_json(out)
    elif args.yes:
        print("\nwritten to your overlay · kb_version " + load_kb(args).kb_version)
    else:
        print("\nnothing written: run again with --yes to write these to your overlay")
    return 0


def _print_model_changes(changes: list[Any]) -> None:
    changed = [c for c in changes if c.differences]
    print(f"open models: {len(changes)} read from the Hub, {len(changed)} with changes")
    for c in changes:
        if c.error:
            print(f"  {c.model_id}: not read: {c.error}")
        for f, was, now in c.differences:
            print(f"  {c.model_id}: {f}: {was} -> {now}")
        for note in c.notes:
            print(f"  {c.model_id}: note: {note}")


def _usd(value: float | None) -> str:
    return "-" if value is None else f"${value:g}"


_PROVENANCE = ("source", "as_of", "checked", "notes")


def _record_json(record: BaseModel) -> dict[str, Any]:
    """A record as JSON data, its own fields first and where they come from last."""
    data = record.model_dump(mode="json")
    return {
        **{k: v for k, v in data.items() if k not in _PROVENANCE},
        **{k: data[k] for k in _PROVENANCE if k in data},
    }


def _model_json(m: ModelRecord, *, with_price: bool = False) -> dict[str, Any]:
    data = _record_json(m)
    data["category"] = m.category
    data["deployment"] = m.deployment
    if with_price and m.api is not None:
        data["price"] = _price_json(m)
    return data


def _price_json(m: ModelRecord) -> dict[str, Any]:
    """List prices (USD per 1M tokens) from genai-prices, or why there are none."""
    from dataclasses import asdict

    from ..errors import PriceUnavailableError
    from ..kb.prices import api_price

    try:
        price = asdict(api_price(m))
    except PriceUnavailableError as exc:
        return {"unavailable": str(exc)}
    return {k: v for k, v in price.items() if k not in ("model_id",)}


def _model_row(m: ModelRecord) -> list[str]:
    if m.total_params_b is None:
        params = "?"
    elif m.active_params_b is not None and m.active_params_b < m.total_params_b:
        params = f"{_fmt_b(m.total_params_b)}/{_fmt_b(m.active_params_b)}a"
    else:
        params = _fmt_b(m.total_params_b)
    access = f"api:{m.api.provider}" if m.api is not None else "open"
    context = "?" if m.context_length is None else _fmt_tokens(m.context_length)
    return [m.id, m.category, access, params, context, m.license, m.status]


def _fmt_b(billions: float) -> str:
    if billions < 0.001:  # a tiny test model: 51K
        return f"{billions * 1e6:.0f}K"
    if billions < 1:
        return f"{billions * 1000:.0f}M"
    return f"{billions:.3g}B"


def _fmt_tokens(n: int) -> str:
    """128000 -> 128k (decimal), 131072 -> 128k (binary), 1500 -> 1,500."""
    for unit in (1000, 1024):
        if n >= unit and n % unit == 0:
            return f"{n // unit}k"
    return f"{n:,}"


def _num(value: float | None, unit: str, *, prefix: bool = False) -> str:
    if value is None:
        return "unknown"
    text = f"{value:g}"
    return f"{text} {unit}" if not prefix else f"{unit.split('/')[0]}{text}/{unit.split('/')[1]}"


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value
