"""Decision-report rendering speed, with the HTML render of the same record as the baseline.

For two example questionnaires (the record built once, warm), medians of 3 of:
building the DecisionRecord from a finished recommendation; rendering Markdown, HTML (with its
three Altair/vl-convert SVG charts), HTML with the charts left out (the templates alone), and the
PDF (WeasyPrint over the same HTML) in English and Japanese. The PDF's cost is reported as a
ratio to the HTML render in the same run; the first PDF of a process (imports, font loading) is
timed separately.
Usage: .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import io
import os
import platform
import time
from pathlib import Path
from unittest import mock

from _timing import median_seconds
from pypdf import PdfReader

import recommender.report.charts as charts_module
from recommender import load_knowledge_base
from recommender.engine import load_questionnaire, recommend
from recommender.matching import ModelMatcher, TaskMatcher, get_embedder
from recommender.report import DecisionRecord, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("ja_support_onprem.yaml", "code_assistant_api.yaml")


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    kb = load_knowledge_base()
    embedder = get_embedder()
    tm, mm = TaskMatcher(kb, embedder), ModelMatcher(kb, embedder)
    first = True
    for name in EXAMPLES:
        q = load_questionnaire(ROOT / "examples" / name)
        rec = recommend(q, kb, matcher=tm, model_matcher=mm)
        record = DecisionRecord.build(q, rec, kb=kb, created_at="2026-11-23T00:00:00Z")
        if first:
            start = time.perf_counter()
            render(record, "pdf")
            print(
                f"first PDF in this process (imports, fonts): {time.perf_counter() - start:.2f} s"
            )
            first = False
        build = median_seconds(lambda q=q, rec=rec: DecisionRecord.build(q, rec, kb=kb), 3)
        md = median_seconds(lambda r=record: render(r, "md"), 3)
        html = median_seconds(lambda r=record: render(r, "html"), 3)
        with mock.patch.object(charts_module, "charts", return_value={}):
            bare = median_seconds(lambda r=record: render(r, "html"), 3)
        pdf_en = median_seconds(lambda r=record: render(r, "pdf"), 3)
        pdf_ja = median_seconds(lambda r=record: render(r, "pdf", lang="ja"), 3)
        pages = len(PdfReader(io.BytesIO(render(record, "pdf"))).pages)
        print(
            f"\n{name}: {len(rec.shortlist)} shortlisted, {len(rec.excluded)} excluded, "
            f"{len(rec.ranked)} candidates"
        )
        print(f"  build record      {build * 1000:8.1f} ms")
        print(f"  markdown          {md * 1000:8.1f} ms")
        print(f"  html (3 charts)   {html * 1000:8.1f} ms   <- baseline")
        print(f"  html, no charts   {bare * 1000:8.1f} ms")
        print(f"  pdf en            {pdf_en * 1000:8.1f} ms   {pdf_en / html:5.1f}x html")
        print(f"  pdf ja            {pdf_ja * 1000:8.1f} ms   {pdf_ja / html:5.1f}x html")
        print(f"  pages (en)        {pages}")


if __name__ == "__main__":
    main()
