"""Renderers: a DecisionRecord -> Markdown, HTML, PDF or JSON bytes, registered by name.

Markdown and HTML come from Jinja2 templates over one view of the record. HTML autoescapes
every value; Markdown escapes every value through :func:`md_escape` (Jinja's ``finalize``), so
text from the questionnaire cannot inject markup in either. The PDF is WeasyPrint's rendering of
the same HTML with every external fetch refused. Rendering reads only the record: the same record
gives the same bytes (the timestamp is the record's, not the clock's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import UnknownLanguageError, UnknownReportFormatError
from ..messages import fill, message_from_json, name
from .charts import costs_discriminate
from .strings import CRITERION_DESCRIPTIONS, CRITERION_NAMES, STRINGS

if TYPE_CHECKING:
    import jinja2

    from ..engine.contract import MessageOut, RelaxationOut, ShortlistItem
    from ..engine.questionnaire import Questionnaire
    from .record import Constraint, DataFlow, DecisionRecord

    #: What ``say`` renders: a message of the contract, a relaxation, or one stored as a mapping.
    Said = MessageOut | RelaxationOut | Mapping[str, Any]

__all__ = ["RENDERERS", "md_escape", "render", "renderer"]

Renderer = Callable[["DecisionRecord", str], bytes]
#: Format name -> renderer; :func:`renderer` registers, :func:`render` dispatches.
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[name] = fn
        return fn

    return register


def render(record: DecisionRecord, fmt: str, *, lang: str = "en") -> bytes:
    """The report of ``record`` in format ``fmt`` (md, html, pdf, json) and language ``lang``.

    >>> render(None, "docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    recommender.errors.UnknownReportFormatError: unknown report format 'docx' (known: html, ...)
    """
    fn = RENDERERS.get(fmt)
    if fn is None:
        raise UnknownReportFormatError(
            fmt, RENDERERS, suggestions=[], hint=f"(known: {', '.join(sorted(RENDERERS))})"
        )
    if lang not in STRINGS:
        raise UnknownLanguageError(
            lang, STRINGS, suggestions=[], hint=f"(known: {', '.join(sorted(STRINGS))})"
        )
    return fn(record, lang)


# -- Markdown escaping ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])(?=\s|$)")


def md_escape(value: Any) -> str:
    """Text made inert in Markdown: markup characters backslash-escaped, ``&`` as an entity,
    newlines joined, so a value cannot start a heading, a list, a link, HTML or a table cell.

    >>> md_escape("<b>hi</b> | *x*")
    '\\\\<b\\\\>hi\\\\</b\\\\> \\\\| \\\\*x\\\\*'
    >>> md_escape("# title")
    '\\\\# title'
    """
    if value is None:
        return ""
    text = " ".join(str(value).split()) if "\n" in str(value) else str(value)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


# -- the view the templates read --------------------------------------------------------------


def _tr(lang: str) -> Callable[..., str]:
    table = STRINGS[lang]

    def tr(key: str, **params: Any) -> str:
        return fill(table[key], lang, **params)

    return tr


def _stale_days(record: DecisionRecord) -> int | None:
    """Days between the knowledge base's newest fact and the report, when over the limit."""
    from datetime import date

    from ..kb.integrity import stale_days

    newest = date.fromisoformat(record.manifest.kb_as_of) if record.manifest.kb_as_of else None
    return stale_days(newest, date.fromisoformat(record.manifest.created_at[:10]))


def view(record: DecisionRecord, lang: str) -> dict[str, Any]:
    """Everything the templates show, computed once (the templates only lay it out)."""
    tr = _tr(lang)
    t = STRINGS[lang]
    unknown = t["unknown"]
    rec = record.recommendation
    shortlist = record.shortlist
    sens = rec.sensitivity
    crit = CRITERION_NAMES[lang]
    comma, semicolon = ("、", "；") if lang == "ja" else (", ", "; ")

    def where(item: ShortlistItem) -> str:
        if item.deployment == "api":
            return tr("where_api", provider=item.provider)
        if item.hardware:
            return tr("where_self", gpus=item.gpus or 1, hardware=item.hardware)
        return tr("where_self_unknown")

    def status(s: str) -> str:
        return t[f"status_{s}"]

    summary: list[str] = []
    revisit: list[str] = []
    top = shortlist[0] if shortlist else None
    runner = shortlist[1] if len(shortlist) > 1 else None
    tie = rec.tie
    stale = _stale_days(record)
    if stale is not None:
        summary.append(
            tr("exec_kb_stale", as_of=record.manifest.kb_as_of or unknown, days=f"{stale:,}")
        )
    if top is not None and tie is not None and tie.tied:
        summary.append(
            tr(
                "exec_tie",
                models=comma.join(tie.group),
                name=top.name,
                where=where(top),
                cost=record.money.format(top.monthly_cost_usd, unknown),
            )
        )
    elif top is not None:
        summary.append(
            tr(
                "exec_recommend",
                name=top.name,
                model_id=top.model_id,
                where=where(top),
                cost=record.money.format(top.monthly_cost_usd, unknown),
                score=f"{top.score:.3f}",
            )
        )
        if sens:
            share = sens.rank_acceptability.get(top.model_id, [0.0])[0]
            critical = (
                tr(
                    "exec_critical",
                    criterion=crit.get(sens.most_critical_criterion, "?"),
                    change=f"{sens.most_critical_change or 0:.3f}",
                )
                if sens.most_critical_criterion
                else tr("exec_no_critical")
            )
            summary.append(
                tr(
                    "exec_stability",
                    share=f"{share:.0%}",
                    samples=f"{sens.samples:,}",
                    critical=critical,
                )
            )
        summary.append(tr("exec_license", status=status(top.license_status)))
        if runner is not None:
            summary.append(
                tr(
                    "exec_runner_up",
                    name=runner.name,
                    model_id=runner.model_id,
                    gap=f"{top.score - runner.score:.3f}",
                )
            )
        else:
            summary.append(tr("exec_only_one"))
    else:
        summary.append(tr("exec_none"))

    def say(message: Said | None) -> str:
        """A typed message of the record (code and params) in the report's language."""
        if not message:
            return ""
        typed = message_from_json(message) if isinstance(message, Mapping) else message.message
        return typed.render(lang, money=lambda x: record.money.format(x, unknown))

    def says(messages: Sequence[Said] | None) -> list[str]:
        return [say(m) for m in messages or []]

    summary += [tr("exec_warning", warning=w) for w in says(rec.warning_messages)]
    relaxations = rec.relaxations
    thin = len(record.candidates) < record.questionnaire.top_k
    if thin and relaxations:
        summary.append(
            tr(
                "exec_relax",
                relaxations=semicolon.join(
                    tr("relax_item", suggestion=say(x), n=len(x.admits)) for x in relaxations[:3]
                ),
            )
        )
    unverified = rec.unverified
    if unverified:
        summary.append(tr("exec_unverified", n=len(unverified)))
    newest = record.manifest.kb_as_of or unknown
    revisit.append(tr("revisit_kb", kb_version=record.kb_version, as_of=newest))
    for be in record.cost.break_even:
        if be.requests_per_day is not None and be.requests_per_day > record.cost.requests_per_day:
            revisit.append(tr("revisit_volume", volume=f"{be.requests_per_day:,.0f}"))
    if record.validation is None and record.options:
        revisit.append(tr("revisit_validation"))
    if any(o.license_status == "conditional" or o.conditions for o in record.options):
        revisit.append(tr("revisit_conditions"))
    q = record.questionnaire
    revisit.append(
        tr(
            "revisit_workload",
            requests=f"{q.workload.requests_per_day:,.0f}",
            context=f"{q.workload.context_tokens or rec.context_tokens or 0:,}",
        )
    )

    answers = _answers(record, lang)
    categories: dict[str, int] = {}
    for e in record.excluded:
        for c in e.categories:
            categories[c] = categories.get(c, 0) + 1
    acceptability = []
    if sens:
        for item in shortlist:
            shares = sens.rank_acceptability.get(item.model_id)
            if shares is not None:
                acceptability.append((item.model_id, shares))
    conditional = [o.model_id for o in record.options if o.license_status == "conditional"]
    advice = rec.advice
    next_steps = []
    if conditional:
        next_steps.append(tr("step_legal", models=comma.join(conditional)))
    open_models = [o for o in record.options if o.hf_repo]
    if open_models and record.validation is None:
        key = "step_validate" if record.suggested_suite else "step_validate_prompts"
        next_steps.append(
            tr(key, model=open_models[0].model_id, suite=record.suggested_suite or "")
        )
    if top is not None and runner is not None:
        next_steps.append(tr("step_pilot", model=top.model_id, runner_up=runner.model_id))
    next_steps.append(tr("step_revisit"))
    cost_lines = []
    for be in record.cost.break_even:
        params = {"own": be.self_hosted, "gpus": be.gpus, "hardware": be.hardware_id, "api": be.api}
        suffix = "_reference" if be.reference else ""
        if be.requests_per_day is None:
            cost_lines.append(tr("break_even_never" + suffix, **params))
        else:
            line = tr("break_even" + suffix, volume=f"{be.requests_per_day:,.0f}", **params)
            if be.requests_per_day <= record.cost.requests_per_day:
                line += " " + t["break_even_below"]
            cost_lines.append(line)
    if not record.cost.break_even:
        cost_lines.append(
            tr("no_break_even_api", deployment=q.deployment)
            if not record.cost.api_allowed
            else t["no_break_even_one"]
        )
    what_it_takes = [
        (model, says(ways)) for model, ways in (sens.what_it_takes_messages if sens else {}).items()
    ]
    flows = {o.model_id: _flow(o.data_flow, tr, t) for o in record.options}
    costed = any(c.monthly_cost_usd for c in record.candidates)
    same_cost = costed and not costs_discriminate(record.candidates)
    return {
        "r": record,
        "same_cost": same_cost,
        "flows": flows,
        "what_it_takes": what_it_takes,
        "cost_lines": cost_lines,
        "rec": rec,
        "q": q,
        "t": t,
        "tr": tr,
        "lang": lang,
        "crit": crit,
        "shortlist": shortlist,
        "top": top,
        "runner": runner,
        "summary": summary,
        "revisit": revisit,
        "answers": answers,
        "where": where,
        "status": status,
        "sens": sens,
        "acceptability": acceptability,
        "categories": sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])),
        "next_steps": next_steps,
        "advice": advice,
        "money": lambda x: record.money.format(x, unknown),
        "currency_note": None
        if record.money.currency == "USD"
        else tr(
            "currency_note",
            currency=record.money.currency,
            rate=f"{record.money.per_usd:g}",
            source=(f"「{record.money.source}」" if lang == "ja" else record.money.source)
            if record.money.source
            else unknown,
        ),
        "say": say,
        "says": says,
        "field_name": lambda key: name("field", key, lang),
        "constraint_value": lambda c: _constraint_value(c, record.questionnaire, lang),
        "answer_text": answer_text,
        "task_name": lambda task: name("task", task, lang),
        "name_of": lambda kind, key: name(kind, key, lang),
        # licence wording and knowledge-base notes stay in their language, marked as quotations
        "quote": lambda x: f"「{x}」" if lang == "ja" and x else x,
        "describe": lambda c: CRITERION_DESCRIPTIONS.get(lang, {}).get(c.name, c.description),
        "opt": lambda x, f="{}": unknown if x is None else f.format(x),
        "options": {o.model_id: o for o in record.options},
        "version": record.manifest.modelrec_version,
    }


def _flow(f: DataFlow, tr: Callable[..., str], t: dict[str, str]) -> list[str]:
    """Sentences saying where prompts and outputs go for one option."""
    if f.kind != "api":
        lines = [tr(f"flow_{f.kind}", hardware=f.hardware or t["unknown"])]
        lines += [t["gated"]] if f.gated else []
        lines += [t["remote_code"]] if f.requires_remote_code else []
        return lines
    lines = [tr("flow_api", provider=f.provider)]
    if f.retention_days is None:
        lines.append(t["retention_unknown"])
    elif f.retention_days == 0:
        lines.append(t["retention_zero"])
    else:
        lines.append(tr("retention", days=f.retention_days))
    if f.trains_on_inputs is None:
        lines.append(t["trains_unknown"])
    else:
        lines.append(t["trains_yes"] if f.trains_on_inputs else t["trains_no"])
    if f.regions:
        lines.append(tr("regions", regions=", ".join(f.regions)))
    if f.zero_retention_available:
        lines.append(t["zdr"])
    return lines


def _answers(record: DecisionRecord, lang: str) -> list[tuple[str, str]]:
    """The questionnaire as (field, value) rows, values in the reader's language (names of
    tasks, languages, criteria and choices, not their ids); a nested group on one row."""
    rows: list[tuple[str, str]] = []
    fields = type(record.questionnaire).model_fields
    for key, value in record.questionnaire.model_dump(mode="json").items():
        if key in ("use_case", "tasks", "languages") or value in (None, [], {}):
            continue  # the use case is quoted above; tasks and languages have their own rows
        if key in _SHOWN_ONLY_WHEN_SET and value == fields[key].default:
            continue
        rows.append((key, answer_text(key, value, lang)))
    return rows


def answer_text(path: str, value: Any, lang: str) -> str:
    """One answer (at field ``path``, e.g. ``workload`` or ``deployment``) as a reader reads
    it in ``lang``."""
    t = STRINGS[lang]
    comma, colon = ("、", "：") if lang == "ja" else (", ", ": ")

    def named(kind: str, values: list[str]) -> str:
        return comma.join(name(kind, str(v), lang) for v in values)

    if isinstance(value, bool):
        return t["answer_yes"] if value else t["answer_no"]
    if path in ("tasks", "languages") and isinstance(value, list):
        return named("task" if path == "tasks" else "lang", value)
    if path in ("deployment", "preset"):
        return name(path, str(value), lang)
    if path in ("priorities", "language_weights") and isinstance(value, dict):
        kind = "criterion" if path == "priorities" else "lang"
        return comma.join(f"{name(kind, k, lang)}{colon}{_number(v)}" for k, v in value.items())
    if path == "pairwise" and isinstance(value, list):
        return "; ".join(
            f"{name('criterion', p['a'], lang)} / {name('criterion', p['b'], lang)} = "
            f"{_number(p['ratio'])}"
            for p in value
        )
    if path == "hardware.gpus" and isinstance(value, list):
        return comma.join(f"{g['count']} x {g['name']}" for g in value)
    if isinstance(value, dict):
        return comma.join(
            f"{name('field', f'{path}.{k}', lang)}{colon}{answer_text(f'{path}.{k}', v, lang)}"
            for k, v in value.items()
            if v not in (None, [])
        )
    if isinstance(value, list):
        return comma.join(answer_text(path, v, lang) for v in value)
    return _number(value) if isinstance(value, int | float) else str(value)


def _constraint_value(c: Constraint, q: Questionnaire, lang: str) -> str:
    """A constraint's answer as the reader reads it: an answer that is a choice or a yes/no is
    named from the questionnaire; an amount stays as the record wrote it."""
    if c.field not in _NAMED_ANSWERS:
        return c.value
    value: Any = q.model_dump(mode="json")
    for part in c.field.split("."):
        value = value[part]
    return answer_text(c.field, value, lang)


#: Constraint fields whose answer is a choice, a list of ids or a yes/no (shown by name).
_NAMED_ANSWERS = frozenset(
    {
        "license.commercial_use",
        "license.accept_conditions",
        "license.require_open_source",
        "zero_retention",
        "deployment",
        "tasks",
        "languages",
    }
)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


#: Answers whose default says nothing a reader needs (shown only when the user changed them).
_SHOWN_ONLY_WHEN_SET = frozenset({"documented_languages_only", "zero_retention", "currency"})


def _safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links."""
    if url and re.match(r"^https?://", url):
        return url
    return None


# -- Jinja environments -----------------------------------------------------------------------


@cache
def _environment(kind: str) -> jinja2.Environment:
    import jinja2

    loader = jinja2.PackageLoader("recommender.report", "templates")
    if kind == "html":
        env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = jinja2.Environment(
            loader=loader,
            autoescape=False,
            finalize=md_escape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    env.filters["url"] = _safe_url
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["f3"] = lambda x: "" if x is None else f"{x:.3f}"
    return env


@renderer("md")
def _markdown(record: DecisionRecord, lang: str) -> bytes:
    text = _environment("md").get_template("report.md.j2").render(**view(record, lang))
    return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode()


def render_html(record: DecisionRecord, lang: str, *, for_pdf: bool = False) -> str:
    from importlib.resources import files

    from .charts import charts

    ctx = view(record, lang)
    ctx["charts"] = charts(record, lang)
    ctx["for_pdf"] = for_pdf
    ctx["css"] = (files("recommender.report") / "templates" / "report.css").read_text("utf-8")
    return _environment("html").get_template("report.html.j2").render(**ctx)


@renderer("html")
def _html(record: DecisionRecord, lang: str) -> bytes:
    return render_html(record, lang).encode()


@renderer("pdf")
def _pdf(record: DecisionRecord, lang: str) -> bytes:
    from .pdf import html_to_pdf

    return html_to_pdf(render_html(record, lang, for_pdf=True))


@renderer("json")
def _json(record: DecisionRecord, lang: str) -> bytes:
    return record.to_json().encode()
