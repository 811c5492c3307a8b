"""Page 6, report: the decision record (answers, shortlist, measurements when validated)
previewed, and downloaded as Markdown, HTML, PDF or JSON in the chosen language."""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import TYPE_CHECKING

import streamlit as st

from .. import resources
from ..context import Page
from ..plain import plain
from ..state import WizardState

if TYPE_CHECKING:
    from recommender.report import DecisionRecord

__all__ = ["FORMATS", "decision_record", "render"]

#: format -> (file extension, MIME type)
FORMATS = {
    "md": ("md", "text/markdown"),
    "html": ("html", "text/html"),
    "pdf": ("pdf", "application/pdf"),
    "json": ("json", "application/json"),
}
_RECORD = "_decision_record"


def decision_record(state: WizardState) -> DecisionRecord:
    """The decision record for the current answers (and validation run, when there is one).
    Kept per session while the answers stay the same, so the report's timestamp and the
    downloads agree with the preview."""
    from recommender.report import DecisionRecord

    from .shortlist import current_recommendation
    from .validate import current_run, reranked

    q = state.questionnaire()
    run = current_run(state)
    fingerprint = hashlib.sha256(
        json.dumps([q.model_dump(mode="json"), run.id if run else None], sort_keys=True).encode()
    ).hexdigest()
    cached = st.session_state.get(_RECORD)
    if cached is not None and cached[0] == fingerprint:
        record: DecisionRecord = cached[1]
        return record
    rec = current_recommendation(state) if run is None else reranked(state, run)
    record = DecisionRecord.build(q, rec, kb=resources.knowledge_base(), validation=run)
    st.session_state[_RECORD] = (fingerprint, record)
    return record


def render(page: Page) -> None:
    from recommender.errors import ModelrecError
    from recommender.report import render as render_report

    from ..wizard import check_page

    state, t = page.state, page.t
    st.write(t("report.intro"))
    if check_page(state):
        st.warning(t("validate.need_shortlist"))
        return
    try:
        with st.spinner(t("report.building")):
            record = decision_record(state)
            preview = render_report(record, "md", lang=state.lang).decode("utf-8")
    except ModelrecError as exc:
        st.error(t("report.failed", message=plain(exc, None)))
        return
    if state.validation_result:
        st.success(t("report.with_validation"))
    else:
        st.info(t("report.without_validation"))
    cols = st.columns(len(FORMATS))
    for col, (fmt, (ext, mime)) in zip(cols, FORMATS.items(), strict=True):
        col.download_button(
            t(f"report.download_{fmt}"),
            data=partial(render_report, record, fmt, lang=state.lang),
            file_name=f"modelrec-decision-{page.sid}-{state.lang}.{ext}",
            mime=mime,
            key=f"download_{fmt}",
            on_click="ignore",
            width="stretch",
        )
    st.caption(t("report.reproduce"))
    with st.container(border=True):
        st.markdown(preview)
