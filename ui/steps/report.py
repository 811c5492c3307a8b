"""Page 6, report: the decision record (answers, shortlist, measurements when validated)
previewed, and downloaded as Markdown, HTML, PDF or JSON in the chosen language.

The record is built once per answers (and validation run) for every session of the server, so
a shared link or a reload finds it made. The PDF (WeasyPrint, seconds of work) starts rendering
as soon as the page opens, in a child process (`modelrec report --from` the record's JSON), one
at a time per server; the page shows its progress and offers the download when it is ready,
instead of making the click wait. ``MODELREC_UI_PDF_AHEAD=0`` turns that off (the PDF is then
rendered on the click, in the page's run): the page tests (tests/ui) set it, since they never
download the PDF and a child rendering one per page visit would only load the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from .. import resources
from ..context import Page
from ..plain import plain
from ..state import WizardState

if TYPE_CHECKING:
    from collections.abc import Callable

    from recommender.report import DecisionRecord

__all__ = ["FORMATS", "decision_record", "pdf_job", "render"]

#: format -> (file extension, MIME type)
FORMATS = {
    "md": ("md", "text/markdown"),
    "html": ("html", "text/html"),
    "pdf": ("pdf", "application/pdf"),
    "json": ("json", "application/json"),
}
_ROOT = Path(__file__).resolve().parents[2]
_RECORD = "_decision_record"
#: Records and PDFs kept per server (the newest; a record is small, a PDF some 100 kB).
_KEEP = 32
_lock = threading.Lock()
_records: OrderedDict[str, DecisionRecord] = OrderedDict()
_pdfs: OrderedDict[str, tuple[Future[bytes], float]] = OrderedDict()
_pdf_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="modelrec-pdf")
#: seconds the last PDFs took, for the progress estimate
_pdf_seconds: list[float] = []


def _fingerprint(state: WizardState) -> str:
    from .validate import current_run

    q = state.questionnaire()
    run = current_run(state)
    return hashlib.sha256(
        json.dumps([q.model_dump(mode="json"), run.id if run else None], sort_keys=True).encode()
    ).hexdigest()


def decision_record(state: WizardState) -> DecisionRecord:
    """The decision record for the current answers (and validation run, when there is one),
    built once per server for the same answers, so the report's timestamp and the downloads
    agree with the preview, and a reload or a shared link does not build it again."""
    from recommender.report import DecisionRecord

    from .shortlist import current_recommendation
    from .validate import current_run, reranked

    fingerprint = _fingerprint(state)
    with _lock:
        cached = _records.get(fingerprint)
        if cached is not None:
            _records.move_to_end(fingerprint)
    if cached is not None:
        st.session_state[_RECORD] = (fingerprint, cached)
        return cached
    run = current_run(state)
    rec = current_recommendation(state) if run is None else reranked(state, run)
    record = DecisionRecord.build(
        state.questionnaire(), rec, kb=resources.knowledge_base(), validation=run
    )
    with _lock:
        record = _records.setdefault(fingerprint, record)
        while len(_records) > _KEEP:
            _records.popitem(last=False)
    st.session_state[_RECORD] = (fingerprint, record)  # this session's, for its tests
    return record


def _render_pdf(record: DecisionRecord, lang: str) -> bytes:
    """The PDF, rendered by `modelrec report --from` in a child process (byte for byte what
    the page would render: WeasyPrint holds the interpreter for seconds, and in a thread of
    the server it slowed every page and itself)."""
    from recommender.errors import ReportError
    from recommender.report import render as render_report

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="modelrec-pdf-") as tmp:
        saved, out = Path(tmp) / "decision.json", Path(tmp) / "decision.pdf"
        saved.write_bytes(render_report(record, "json", lang=lang))
        paths = [str(_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        command = [sys.executable, "-m", "recommender.cli", "report", "--from", str(saved)]
        command += ["--format", "pdf", "--lang", lang, "-o", str(out)]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            timeout=900,
            check=False,
        )
        if done.returncode != 0 or not out.exists():
            raise ReportError(done.stderr.strip()[-600:] or "the PDF could not be rendered")
        pdf = out.read_bytes()
    _pdf_seconds[:] = [*_pdf_seconds[-4:], time.perf_counter() - start]
    return pdf


def pdf_job(state: WizardState) -> tuple[Future[bytes], float]:
    """The PDF of the current record in the state's language: (its rendering, when it
    started), started in the background on the first call for these answers."""
    record = decision_record(state)
    name = f"{_fingerprint(state)}:{state.lang}"
    with _lock:
        job = _pdfs.get(name)
        if job is None or (job[0].done() and job[0].exception() is not None):
            job = (_pdf_pool.submit(_render_pdf, record, state.lang), time.monotonic())
            _pdfs[name] = job
            while len(_pdfs) > _KEEP:
                _pdfs.popitem(last=False)
        return job


def _ahead() -> bool:
    """Whether the PDF renders in the background as the page opens (see the module doc)."""
    return os.environ.get("MODELREC_UI_PDF_AHEAD", "1") != "0"


def _pdf(page: Page, slot: st.delta_generator.DeltaGenerator) -> None:
    """The PDF download: its progress while it renders, the button when it is ready (a
    fragment that checks every 2 s, then reruns the page once)."""
    state, t = page.state, page.t
    ext, mime = FORMATS["pdf"]

    def offer(data: bytes | Callable[[], bytes]) -> None:
        slot.download_button(
            t("report.download_pdf"),
            data=data,
            file_name=f"modelrec-decision-{page.sid}-{state.lang}.{ext}",
            mime=mime,
            key="download_pdf",
            on_click="ignore",
            width="stretch",
        )

    if not _ahead():
        from recommender.report import render as render_report

        offer(partial(render_report, decision_record(state), "pdf", lang=state.lang))
        return
    job, started = pdf_job(state)
    if job.done():
        error = job.exception()
        if error is not None:
            slot.error(t("report.failed", message=str(error)))
            return
        offer(job.result())
        return

    @st.fragment(run_every=2.0)
    def progress() -> None:
        if job.done():
            st.rerun(scope="app")
        elapsed = time.monotonic() - started
        expected = max(_pdf_seconds[-1] if _pdf_seconds else 10.0, 1.0)
        st.progress(
            min(elapsed / expected, 0.95),
            text=t("report.pdf_progress", seconds=f"{elapsed:.0f}", expected=f"{expected:.0f}"),
        )

    with slot:
        st.button(t("report.download_pdf"), key="download_pdf_wait", disabled=True, width="stretch")
        progress()


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
            if _ahead():
                pdf_job(state)  # the PDF renders while the preview is made and read
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
        if fmt == "pdf":
            _pdf(page, col.container())
            continue
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
