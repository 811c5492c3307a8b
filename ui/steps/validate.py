"""Page 5, validate: which shortlisted models can run (weights in the local cache, an endpoint
configured, or how to make them available); run them, local model folders, or OpenAI-compatible
endpoints (local servers and APIs) on a built-in prompt suite (named in the user's language,
filtered to the use case's languages) or the user's prompts; a progress bar and a cancel button
while it runs; results side by side, stand-ins labelled; the shortlist re-ranked with the
measurements, changes highlighted. The shortlist and report pages show the same re-ranked order
(:func:`with_measurements`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from .. import resources
from ..context import PROBLEMS_KEY, Page, key, rank_arrow
from ..plain import plain
from ..state import WizardState

if TYPE_CHECKING:
    from recommender.engine import Recommendation
    from recommender.errors import ModelrecError
    from recommender.validation import ValidationRun

__all__ = [
    "current_run",
    "error_text",
    "render",
    "reranked",
    "upload_path",
    "with_measurements",
]

_DEVICES = ("auto", "cpu", "cuda")
_UPLOAD_TYPES = ["yaml", "yml", "jsonl", "csv"]


def current_run(state: WizardState) -> ValidationRun | None:
    """The validation run saved in the state, if any."""
    if not state.validation_result:
        return None
    from recommender.validation import ValidationRun

    return ValidationRun.from_json(state.validation_result)


def reranked(state: WizardState, run: ValidationRun) -> Recommendation:
    """The recommendation for the answers with ``run``'s measurements in place of estimates."""
    from recommender.engine import recommend

    return recommend(
        state.questionnaire(),
        resources.knowledge_base(),
        matcher=resources.task_matcher(),
        model_matcher=resources.model_matcher(),
        evidence=run,
    )


def with_measurements(page: Page, rec: Recommendation) -> Recommendation:
    """``rec`` re-ranked with the saved validation run, when there is one (said in a caption),
    so the shortlist, validate and report pages show the same order."""
    run = current_run(page.state)
    if run is None or not any(m.kb_id for m in run.models):
        return rec
    st.caption(page.t("shortlist.measured", run=run.id))
    return reranked(page.state, run)


def upload_path(sid: str, name: str) -> Path:
    """Where an uploaded prompt file is kept: in the modelrec home, per session."""
    from recommender.store import default_store_path

    safe = re.sub(r"[^\w.-]+", "_", Path(name).name) or "prompts.yaml"
    return default_store_path().parent / "uploads" / sid / safe


def _models_section(page: Page, rec: Recommendation) -> list[str]:
    state, t = page.state, page.t
    open_models = [r.candidate.model for r in rec.shortlist if r.candidate.model.open_weights]
    names = {m.id: m.name for m in open_models}
    state.validation_models = st.multiselect(
        t("validate.models"),
        options=list(names),
        format_func=lambda i: names[i],
        key=key("validation_models", [m for m in state.validation_models if m in names]),
        help=t("validate.models_help"),
        placeholder=t("validate.models_placeholder"),
    )
    paths_text = st.text_area(
        t("validate.paths"),
        key=key("validation_paths", "\n".join(state.validation_paths)),
        height=80,
        help=t("validate.paths_help"),
        placeholder=t("validate.paths_placeholder"),
    )
    state.validation_paths = [line.strip() for line in paths_text.splitlines() if line.strip()]
    state.validation_paths_stand_in = st.checkbox(
        t("validate.paths_stand_in"),
        key=key("validation_paths_stand_in", state.validation_paths_stand_in),
        help=t("validate.paths_stand_in_help"),
    )
    return [*state.validation_models, *state.validation_paths]


def _endpoints_section(page: Page, rec: Recommendation) -> None:
    state, t = page.state, page.t
    shortlisted = {r.candidate.model.id: r.candidate.model.name for r in rec.shortlist}
    with st.expander(t("validate.endpoints"), expanded=bool(state.validation_endpoints)):
        for i, e in enumerate(list(state.validation_endpoints)):
            left, right = st.columns([5, 1])
            name = e.get("kb_id") or t("validate.endpoint_as_none")
            mark = f" [{t('validate.stand_in')}]" if e.get("stand_in") else ""
            left.write(
                t("validate.endpoint_listed", model=e["model"], url=e["url"]) + f" → {name}{mark}"
            )
            if right.button(t("validate.endpoint_remove"), key=f"endpoint_remove_{i}"):
                state.validation_endpoints.pop(i)
                st.rerun()
        with st.form("endpoint_form", clear_on_submit=True):
            url = st.text_input(
                t("validate.endpoint_url"),
                help=t("validate.endpoint_url_help"),
                placeholder="http://127.0.0.1:8000/v1",
            )
            model = st.text_input(t("validate.endpoint_model"))
            options = ["", *shortlisted]
            kb_id = st.selectbox(
                t("validate.endpoint_as"),
                options=options,
                format_func=lambda i: shortlisted.get(i, t("validate.endpoint_as_none")),
            )
            key_env = st.text_input(
                t("validate.endpoint_key_env"), help=t("validate.endpoint_key_env_help")
            )
            stand_in = st.checkbox(t("validate.endpoint_stand_in"))
            if st.form_submit_button(t("validate.endpoint_add")):
                if not url.strip() or not model.strip():
                    st.session_state[PROBLEMS_KEY] = [
                        ("validation.endpoint", t("validate.endpoint_need"))
                    ]
                else:
                    entry: dict[str, Any] = {"url": url.strip(), "model": model.strip()}
                    if kb_id:
                        entry["kb_id"] = kb_id
                    if key_env.strip():
                        entry["api_key_env"] = key_env.strip()
                    if stand_in:
                        entry["stand_in"] = True
                    state.validation_endpoints.append(entry)
                    st.session_state[PROBLEMS_KEY] = []
                st.rerun()


def _availability_section(page: Page, rec: Recommendation, suite: str | None) -> None:
    from recommender.validation.availability import availability

    t = page.t
    rows = availability(
        [r.candidate.model for r in rec.shortlist],
        page.state.validation_endpoints,
        suite=suite or "SUITE",
    )
    st.subheader(t("validate.availability"))
    st.dataframe(
        [
            {
                t("validate.col_model"): a.model_id,
                t("validate.col_available"): t(f"validate.avail_{a.status}"),
                t("validate.col_how"): a.how,
            }
            for a in rows
        ],
        hide_index=True,
        width="stretch",
    )


def _prompts_section(page: Page) -> dict[str, Any]:
    from recommender.validation import builtin_suite_names

    state, t = page.state, page.t
    suites = builtin_suite_names()
    source = st.radio(
        t("validate.source"),
        options=("suite", "upload"),
        format_func=lambda s: t(f"validate.source_{s}"),
        key=key("validation_source", "upload" if state.validation_prompts else "suite"),
        horizontal=True,
    )
    if source == "suite":
        from recommender.validation import load_suite

        from .use_case import _task_name

        default = state.validation_suite or next(
            (x for x in state.answers.tasks if x in suites), None
        )
        # required: empty until chosen, never cleared afterwards. A clearable selectbox (index
        # None alone) is cleared by Escape in streamlit's combobox, so opening the dropdown and
        # closing it with Escape lost the choice (and the language filter under it)
        state.validation_suite = st.selectbox(
            t("validate.suite"),
            options=suites,
            index=None,
            required=True,
            key=key("validation_suite", default if default in suites else None),
            format_func=lambda name: _task_name(page, name),
            placeholder=t("validate.suite_placeholder"),
            help=t("validate.suite_help"),
        )
        state.validation_prompts = None
        if not state.validation_suite:
            return {}
        languages = load_suite(state.validation_suite).languages
        wanted = state.validation_languages
        if wanted is None:
            wanted = [x for x in state.answers.languages if x in languages] or languages
        chosen = st.multiselect(
            t("validate.languages"),
            options=languages,
            default=None,
            key=key("validation_languages", [x for x in wanted if x in languages]),
            format_func=lambda code: t(f"lang.{code}") if f"lang.{code}" in _lang_keys() else code,
            help=t("validate.languages_help"),
        )
        state.validation_languages = chosen
        out: dict[str, Any] = {"suite": state.validation_suite}
        if len(chosen) == 1:
            out["language"] = chosen[0]
        return out
    uploaded = st.file_uploader(
        t("validate.upload"),
        type=_UPLOAD_TYPES,
        key="validation_upload",
        help=t("validate.upload_help"),
    )
    if uploaded is not None:
        path = upload_path(page.sid, uploaded.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(uploaded.getvalue())
        state.validation_prompts, state.validation_prompts_name = str(path), uploaded.name
    if state.validation_prompts and Path(state.validation_prompts).is_file():
        st.caption(t("validate.uploaded", name=plain(state.validation_prompts_name or "")))
        return {"prompts": state.validation_prompts}
    return {}


#: The parameters of a validation error (recommender.errors.ModelrecError.params) that hold
#: outside text (a URL, a path, a name, a server's answer): shown quoted, never translated.
_QUOTED = ("url", "model", "env", "error", "folder", "path", "spec", "repo", "detail", "name")


def error_text(lang: str, exc: ModelrecError) -> str:
    """A validation error said in ``lang`` from the string tables (``validate.err.<code>``), with
    outside text as a quoted detail; an error without a known code is said as such, its English
    message quoted."""
    from recommender.errors import PromptSuiteInvalid, UnknownModelError

    from ..i18n import text
    from ..strings import STRINGS

    def t(k: str, **kwargs: Any) -> str:
        return text(lang, k, **kwargs)

    def quote(value: Any) -> str:
        return t("words.quote", w=value)

    def listed(values: list[Any]) -> str:
        return t("words.separator").join(quote(v) for v in values) or t("validate.err.none")

    if isinstance(exc, UnknownModelError):
        near = exc.suggestions
        return t("validate.err.unknown_model", name=quote(exc.name)) + (
            t("validate.err.did_you_mean", names=listed(near)) if near else ""
        )
    if isinstance(exc, PromptSuiteInvalid):
        return t(
            "validate.err.prompts_invalid",
            n=len(exc.problems),
            problems=t("words.separator").join(quote(p) for p in exc.problems),
        )
    code = exc.code
    if code == "endpoint_refused_key" and not exc.params.get("env"):
        code = "endpoint_refused_no_key"
    if code is None or f"validate.err.{code}" not in STRINGS["en"]:
        return t("validate.err.other", detail=quote(exc))
    params = dict(exc.params)
    for name in _QUOTED:
        if params.get(name) is not None:
            params[name] = quote(params[name])
    if "served" in params:
        params["served"] = listed(list(params["served"]))
    if "checks" in params:
        params["checks"] = t("words.separator").join(_check(lang, c) for c in params["checks"])
    try:
        return t(f"validate.err.{code}", **params)
    except (KeyError, IndexError, ValueError):  # a parameter the string needs is missing
        return t("validate.err.other", detail=quote(exc))


def _check(lang: str, check: dict[str, Any]) -> str:
    """One disagreeing figure of an identity check (recommender.validation.IdentityCheck)."""
    from ..i18n import text
    from ..strings import STRINGS

    what = str(check.get("what", ""))
    key_ = f"validate.check.{what}" if f"validate.check.{what}" in STRINGS["en"] else None
    found = check.get("found", "?")
    if what == "api_id":  # the served model's name: outside text
        found = text(lang, "words.quote", w=found)
    return text(
        lang,
        key_ or "validate.check.other",
        what=what,
        found=found,
        catalogued=check.get("catalogued", "?"),
    )


def _lang_keys() -> set[str]:
    from ..strings import EN

    return {k for k in EN if k.startswith("lang.")}


def _run(page: Page, models: list[str], prompts: dict[str, Any], device: str, tokens: int) -> None:
    import secrets
    from datetime import UTC, datetime

    from recommender.errors import ModelrecError
    from recommender.validation import ProgressEvent, run_validation

    t, state = page.t, page.state
    bar = st.progress(0.0, text=t("validate.starting"))
    # a click on cancel reruns the page: this run stops at its next progress step, its worker
    # is ended, and the answers saved so far are shown (see _cancelled)
    st.button(t("validate.cancel"), key="cancel_validation")
    run_id = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    state.validation_pending = run_id
    stand_in = list(state.validation_paths) if state.validation_paths_stand_in else []

    def progress(e: ProgressEvent) -> None:
        share = (e.model_index + (e.done / e.total if e.total else 0.0)) / max(e.models, 1)
        bar.progress(
            min(1.0, share),
            text=t(
                "validate.progress",
                model=e.model,
                i=e.model_index + 1,
                n=e.models,
                done=e.done,
                total=e.total,
                status=e.status,
            ),
        )

    try:
        run = run_validation(
            [m for m in models if m],
            **prompts,
            device=device,
            max_new_tokens=tokens,
            progress=progress,
            kb=resources.knowledge_base(),
            run_id=run_id,
            endpoints=state.validation_endpoints,
            stand_in=stand_in,
        )
    except ModelrecError as exc:
        bar.empty()
        state.validation_pending = None
        message = error_text(state.lang, exc)
        st.session_state[PROBLEMS_KEY] = [("validation", t("validate.error", message=message))]
        return
    bar.progress(1.0, text=t("validate.done"))
    state.validation_result = run.to_json()
    state.validation_pending = None
    st.session_state[PROBLEMS_KEY] = []


def _cancelled(page: Page) -> None:
    """After a cancel click: keep what the interrupted run saved."""
    from recommender.errors import ModelrecError
    from recommender.store import Store
    from recommender.validation import load_run

    state = page.state
    run_id = state.validation_pending
    state.validation_pending = None
    if run_id is None:
        return
    try:
        run = load_run(run_id)
    except ModelrecError:
        return
    with Store().transaction() as db:
        db.execute("UPDATE validation_runs SET status = 'cancelled' WHERE id = ?", (run_id,))
    state.validation_result = {**run.to_json(), "status": "cancelled"}
    st.session_state[PROBLEMS_KEY] = [
        ("validation.cancelled", page.t("validate.cancelled", run=run_id))
    ]


def render(page: Page) -> None:
    from recommender.errors import ModelrecError

    from ..wizard import check_page
    from .shortlist import current_recommendation

    state, t = page.state, page.t
    st.write(t("validate.intro"))
    if check_page(state):
        st.warning(t("validate.need_shortlist"))
        return
    try:
        rec = current_recommendation(state)
    except ModelrecError as exc:
        st.error(t("shortlist.failed", message=plain(exc, None)))
        return
    if st.session_state.get("cancel_validation") or (
        state.validation_pending and not st.session_state.get("run_validation")
    ):
        _cancelled(page)
    models = _models_section(page, rec)
    _endpoints_section(page, rec)
    prompts = _prompts_section(page)
    _availability_section(page, rec, prompts.get("suite"))
    left, right = st.columns(2)
    device = left.radio(
        t("validate.device"),
        options=_DEVICES,
        format_func=lambda d: t(f"validate.device_{d}"),
        key="validation_device",
        horizontal=True,
    )
    tokens = int(
        right.number_input(
            t("validate.max_tokens"),
            min_value=1,
            max_value=2048,
            value=64,
            step=16,
            key="validation_tokens",
            help=t("validate.max_tokens_help"),
        )
    )
    if st.button(t("validate.run"), key="run_validation", type="primary"):
        problems = []
        if not models and not state.validation_endpoints:
            problems.append(("validation.models", t("validate.no_models")))
        if not prompts:
            problems.append(("validation.prompts", t("validate.no_prompts")))
        if problems:
            st.session_state[PROBLEMS_KEY] = problems
        else:
            _run(page, models, prompts, device, tokens)
        st.rerun()
    for field, message in page.problems:
        if field == "validation.cancelled":
            st.info(plain(message, None))
            page.shown.add((field, message))
        elif field.startswith("validation"):
            st.error(plain(message, None), icon="⚠️")
            page.shown.add((field, message))

    run = current_run(state)
    if run is None:
        st.info(t("validate.not_run"))
        return
    st.subheader(t("validate.results"))
    st.caption(
        t("validate.run_info", run=plain(run.id), suite=plain(run.suite), n=len(run.prompts))
    )
    _results(page, run)
    st.subheader(t("validate.reranked"))
    _rerank(page, rec, run)
    if st.button(t("validate.clear"), key="clear_validation"):
        state.validation_result = None
        st.rerun()


def _fmt(x: float | None, spec: str) -> str:
    return "?" if x is None else format(x, spec)


def _results(page: Page, run: ValidationRun) -> None:
    t = page.t
    rows = []
    for m in run.models:
        x = m.metrics
        ci = "" if x.pass_rate_ci is None else f" ({x.pass_rate_ci[0]:.0%}–{x.pass_rate_ci[1]:.0%})"
        rows.append(
            {
                t("validate.col_model"): _name(page, m),
                t("validate.col_status"): t(f"validate.status.{m.failure or m.status}"),
                t("validate.col_pass"): "?" if x.pass_rate is None else f"{x.pass_rate:.0%}{ci}",
                t("validate.col_decode"): _fmt(x.decode_tokens_per_s, ".1f"),
                t("validate.col_ttft"): _fmt(x.ttft_s, ".2f"),
                t("validate.col_p95"): _fmt(x.latency_p95_s, ".2f"),
                t("validate.col_memory"): _fmt(x.peak_memory_gb, ".2f"),
                t("validate.col_cost"): _fmt(x.cost_per_mtok_usd, ".3f"),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    for m in run.models:
        if m.source.get("stand_in"):
            st.caption(t("validate.stand_in_note", model=_name(page, m)))
        if m.message:  # the harness's or the server's own words: quoted after a translated lead
            lead = t(f"validate.status.{m.failure or m.status}")
            detail = t("words.quote", w=m.message)
            said = t("validate.model_message", model=_name(page, m), status=lead, detail=detail)
            st.warning(plain(said, None))
    answers: dict[str, dict[str, str]] = {}
    for m in run.models:
        for o in m.outputs:
            mark = "" if o.passed is None else ("✓ " if o.passed else "✗ ")
            answers.setdefault(o.prompt_id, {})[m.kb_id or m.key] = mark + o.output
    if answers:
        with st.expander(t("validate.answers"), expanded=False):
            st.dataframe(
                [{t("validate.col_prompt"): pid, **by_model} for pid, by_model in answers.items()],
                hide_index=True,
                width="stretch",
            )


def _name(page: Page, m: Any) -> str:
    name = str(m.kb_id or m.key)
    if m.source.get("kind") == "endpoint":
        name += f" ({m.source.get('endpoint_model')})"
    return name + (f" [{page.t('validate.stand_in')}]" if m.source.get("stand_in") else "")


def _rerank(page: Page, before: Recommendation, run: ValidationRun) -> None:
    from recommender.validation import compare_rankings

    t = page.t
    after = reranked(page.state, run)
    changes = compare_rankings(before, after)  # in order of the rank after
    names = {r.candidate.model.id: r.candidate.model.name for r in after.ranked}
    rows = [
        {
            t("validate.col_model"): names.get(c.model_id, c.model_id),
            t("sensitivity.before"): c.rank_before,
            t("validate.col_after"): c.rank_after,
            t("sensitivity.change"): rank_arrow(c.moved),
            t("validate.col_changed"): ", ".join(
                f"{t('criterion.' + k)} {a:.2f}→{b:.2f}" for k, (a, b) in c.changed.items()
            ),
        }
        for c in changes
    ]
    changed_rows = [i for i, c in enumerate(changes) if c.moved or c.changed]
    if not changed_rows:
        st.info(t("validate.no_change"))
    import pandas as pd  # type: ignore[import-untyped]

    frame = pd.DataFrame(rows)
    styled = frame.style.apply(
        lambda row: ["background-color: #fff3cd" if row.name in changed_rows else "" for _ in row],
        axis=1,
    )
    st.dataframe(styled, hide_index=True, width="stretch")
    st.caption(t("validate.highlight"))
