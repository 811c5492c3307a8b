"""Rendering: snapshots of Markdown and HTML, escaping, PDF pages and text, both languages."""

from __future__ import annotations

import io
import os
import re
import string
import subprocess
from pathlib import Path

import pytest
from conftest import HOSTILE, SNAPSHOTS, validation_run
from pypdf import PdfReader

from recommender.engine import parse_questionnaire
from recommender.errors import UnknownLanguageError, UnknownReportFormatError
from recommender.report import RENDERERS, DecisionRecord, md_escape, render
from recommender.report.strings import CRITERION_NAMES, STRINGS

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_SNAPSHOT_FILES = {("md", "en"): "report.en.md", ("md", "ja"): "report.ja.md"}
_SNAPSHOT_FILES[("html", "en")] = "report.en.html"


def _comparable(fmt: str, data: bytes) -> str:
    """Charts are checked on their own (below): the HTML snapshot keeps each chart's place but
    not its SVG, whose coordinates depend on the fonts installed."""
    text = data.decode()
    return _SVG.sub("<svg>(chart)</svg>", text) if fmt == "html" else text


def write_snapshots(record: DecisionRecord) -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for (fmt, lang), name in _SNAPSHOT_FILES.items():
        path = SNAPSHOTS / name
        path.write_text(_comparable(fmt, render(record, fmt, lang=lang)), encoding="utf-8")
        print(f"wrote {path}")


@pytest.mark.parametrize(("fmt", "lang"), sorted(_SNAPSHOT_FILES))
def test_snapshot(stored_record: DecisionRecord, fmt: str, lang: str) -> None:
    path = SNAPSHOTS / _SNAPSHOT_FILES[(fmt, lang)]
    actual = _comparable(fmt, render(stored_record, fmt, lang=lang))
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1 and "
        "review the diff"
    )


def test_rendering_is_deterministic_charts_included(stored_record: DecisionRecord) -> None:
    first = render(stored_record, "html")
    assert render(stored_record, "html") == first
    charts = _SVG.findall(first.decode())
    assert len(charts) == 3  # contributions, quality vs cost, rank acceptability
    for item in stored_record.shortlist:
        assert item.model_id in charts[0]  # bars are labelled with the model ids


def test_every_section_is_there(stored_record: DecisionRecord) -> None:
    html = render(stored_record, "html").decode()
    for section in (
        "summary",
        "question",
        "shortlist",
        "value",
        "sensitivity",
        "license",
        "privacy",
        "cost",
        "validation",
        "advice",
        "excluded",
        "method",
    ):
        assert f'<section id="{section}"' in html
    assert stored_record.kb_version in html
    assert stored_record.manifest.inputs_sha256 in html
    # licence obligations quoted, with links
    clause = next(c for x in stored_record.licenses for c in x.clauses)
    assert clause.quote.replace('"', "&#34;") in html
    assert f'href="{stored_record.licenses[0].url}"' in html
    # the validation run's figures and its paired comparison
    assert "run-test-1" in html and "McNemar" in html
    # every excluded model is named in the appendix
    for e in stored_record.excluded:
        assert e.model_id in html


def test_markdown_has_no_stray_markup(stored_record: DecisionRecord) -> None:
    from markdown_it import MarkdownIt

    md = render(stored_record, "md").decode()
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<table>" in html
    assert "<script" not in html


def test_unknown_format_and_language_are_typed_errors(stored_record: DecisionRecord) -> None:
    with pytest.raises(UnknownReportFormatError, match=r"'docx'.*html, json, md, pdf"):
        render(stored_record, "docx")
    with pytest.raises(UnknownLanguageError, match=r"'fr'.*en, ja"):
        render(stored_record, "md", lang="fr")
    assert sorted(RENDERERS) == ["html", "json", "md", "pdf"]


def test_string_tables_match() -> None:
    en, ja = STRINGS["en"], STRINGS["ja"]
    assert en.keys() == ja.keys()
    for key in en:
        fields = {f for _, f, _, _ in string.Formatter().parse(en[key]) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(ja[key]) if f}, key
    assert CRITERION_NAMES["en"].keys() == CRITERION_NAMES["ja"].keys()


def test_japanese_report_translates_every_label(stored_record: DecisionRecord) -> None:
    md = render(stored_record, "md", lang="ja").decode()
    for key in ("s_summary", "s_license", "s_cost", "s_method", "exec_revisit"):
        assert md_escape(STRINGS["ja"][key]) in md
        assert STRINGS["en"][key] not in md
    # model facts stay as written
    assert stored_record.shortlist[0].name in md
    # the answers and the constraints they imply: names, not the questionnaire's ids
    question = md[md.index("## 2.") : md.index("## 3.")]
    for raw in ("commercial\\_use", "true", "false", "code\\_generation", "| en |", "balanced"):
        assert raw not in question, raw
    assert "コード生成" in question and "商用利用：はい" in question


def _hostile(record: DecisionRecord) -> DecisionRecord:
    """The stored record with markup in the use case and in a model's sample output."""
    answers = record.questionnaire.model_dump(mode="json")
    q = parse_questionnaire({**answers, "use_case": HOSTILE})
    ids = [m.model_id for m in record.validation.models] if record.validation else []
    from recommender.report import validation_evidence

    run = validation_evidence(validation_run(ids, hostile_output=HOSTILE))
    return record.model_copy(update={"questionnaire": q, "validation": run})


def test_markup_in_user_text_is_escaped_in_html(stored_record: DecisionRecord) -> None:
    html = render(_hostile(stored_record), "html").decode()
    assert "<script" not in html
    assert '<img src="http' not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)
    # shown as text: in the use case and in each model's first sample output
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == 3


def test_markup_in_user_text_is_inert_in_markdown(stored_record: DecisionRecord) -> None:
    from markdown_it import MarkdownIt

    md = render(_hostile(stored_record), "md").decode()
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "<h1>heading" not in html
    # the text itself survives, as text
    assert "&lt;script&gt;alert" in html


def test_md_escape_neutralises_line_starts() -> None:
    assert md_escape("- item") == "\\- item"
    assert md_escape("1. first") == "\\1. first"
    assert md_escape("0.805") == "0.805"  # a number is not a list
    assert md_escape("a\nb") == "a b"
    assert md_escape(None) == ""


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _page_images(pdf: bytes, tmp_path: Path) -> list[Path]:
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(source), str(tmp_path / "page")], check=True
    )
    return sorted(tmp_path.glob("page-*.png"))


def _ink(image: Path) -> float:
    """Share of pixels that are not near-white."""
    from PIL import Image

    grey = Image.open(image).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:230]) / sum(histogram)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_pdf_pages_carry_the_report(
    stored_record: DecisionRecord, lang: str, tmp_path: Path
) -> None:
    # English carries markup injected through the use case and a model output (one render
    # checks both the pages and that the markup stays inert text)
    record = _hostile(stored_record) if lang == "en" else stored_record
    pdf = render(record, "pdf", lang=lang)
    assert pdf.startswith(b"%PDF")
    pages = _page_images(pdf, tmp_path)
    assert len(pages) >= 8
    assert all(_ink(p) > 0.01 for p in pages), [round(_ink(p), 4) for p in pages]
    text = _pdf_text(pdf)
    for item in stored_record.shortlist:
        assert item.model_id in text
    if lang == "en":  # printed as text, never run or fetched
        assert '<script>alert("x")</script>' in re.sub(r"\s+", "", text)
        assert not any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)
    if lang == "ja":  # Japanese glyphs, not tofu: the text layer maps back to the characters
        for key in ("s_summary", "s_license", "s_privacy", "s_method"):
            assert STRINGS["ja"][key] in text
        fonts = subprocess.run(
            ["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert "Noto-Sans-CJK-JP" in fonts


def test_pdf_fetches_nothing(tmp_path: Path) -> None:
    from PIL import Image

    from recommender.report.pdf import html_to_pdf

    png = tmp_path / "pixel.png"
    Image.new("RGB", (40, 40), "red").save(png)
    # a local file an open fetcher would embed, and a URL the network guard would report
    pdf = html_to_pdf(f'<p>x</p><img src="{png.as_uri()}"><img src="http://127.0.0.1:9/p.png">')
    assert pdf.startswith(b"%PDF")
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images
    data_uri = "data:image/png;base64," + __import__("base64").b64encode(png.read_bytes()).decode()
    inline = html_to_pdf(f'<img src="{data_uri}">')  # inline data is the one thing allowed
    assert len(PdfReader(io.BytesIO(inline)).pages[0].images) == 1
