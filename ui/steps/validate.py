"""Page 5, validate: run shortlisted open models (or local model folders) on a built-in prompt
suite or the user's prompts; a progress bar while it runs; results side by side; the shortlist
re-ranked with the measurements, changes highlighted."""

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
    from recommender.validation import ValidationRun

__all__ = ["current_run", "render", "reranked", "upload_path"]

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
    return [*state.validation_models, *state.validation_paths]


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
        default = state.validation_suite or next((x for x in state.tasks if x in suites), None)
        state.validation_suite = st.selectbox(
            t("validate.suite"),
            options=suites,
            index=None,
            key=key("validation_suite", default if default in suites else None),
            placeholder=t("validate.suite_placeholder"),
            help=t("validate.suite_help"),
        )
        state.validation_prompts = None
        return {"suite": state.validation_suite} if state.validation_suite else {}
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


def _run(page: Page, models: list[str], prompts: dict[str, Any], device: str, tokens: int) -> None:
    from recommender.errors import ModelrecError
    from recommender.validation import ProgressEvent, run_validation

    t = page.t
    bar = st.progress(0.0, text=t("validate.starting"))

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
            models,
            **prompts,
            device=device,
            max_new_tokens=tokens,
            progress=progress,
            kb=resources.knowledge_base(),
        )
    except ModelrecError as exc:
        bar.empty()
        st.session_state[PROBLEMS_KEY] = [("validation", str(exc))]
        return
    bar.progress(1.0, text=t("validate.done"))
    page.state.validation_result = run.to_json()
    st.session_state[PROBLEMS_KEY] = []


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
    models = _models_section(page, rec)
    prompts = _prompts_section(page)
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
        if not models:
            problems.append(("validation.models", t("validate.no_models")))
        if not prompts:
            problems.append(("validation.prompts", t("validate.no_prompts")))
        if problems:
            st.session_state[PROBLEMS_KEY] = problems
        else:
            _run(page, models, prompts, device, tokens)
        st.rerun()
    for field, message in page.problems:
        if field.startswith("validation"):
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
                t("validate.col_model"): m.kb_id or m.key,
                t("validate.col_status"): m.status if not m.failure else f"{m.failure}",
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
        if m.message:
            st.warning(plain(f"{m.kb_id or m.key}: {m.message}", None))
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
