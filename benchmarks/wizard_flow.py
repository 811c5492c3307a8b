"""Time every transition of a full wizard run in a real browser, in English and Japanese, on a
fresh server process (cold) and again on the same process (warm).

For each run: Playwright drives Debian's Chromium against `streamlit run ui/app.py` on a free
port of 127.0.0.1. The run opens the wizard, loads an example, presses Next through use case,
constraints and priorities to the shortlist, reloads the shortlist, opens the shortlist's
address in a second browser context (a shared link), goes on to validate and the report, and
downloads the PDF. Each figure is wall time from the action (click, reload, page load) until
the page it leads to is complete: its heading and the element that comes last are visible and
streamlit reports that no script run is going on. The baseline, measured in the same run on
the same server, is a page change that computes nothing (report -> validate with Back).

Usage: PYTHONPATH=. .venv/bin/python benchmarks/wizard_flow.py [--home DIR] [--rounds N]
With --home, the modelrec home (embedding caches, saved sessions) is reused; an empty or new
home (a temporary one without --home) is filled by an untimed first visit, so "cold" means a
fresh server process with the embedding caches on disk, as on a user's machine after the first
start.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.headless import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 300_000

#: What each language's run clicks and waits for.
FLOW: dict[str, dict[str, str]] = {
    "en": {
        "box": "What should the model do?",
        "example": "Japanese support bot on one RTX 4090",
        "next": "Next →",
        "back": "← Back",
        "h2": "2. Constraints",
        "h3": "3. Priorities",
        "h4": "4. Shortlist",
        "h5": "5. Validate",
        "h6": "6. Report",
        "shortlist_done": "What each criterion contributes",
        "pdf": "Download PDF",
    },
    "ja": {
        "box": "モデルに何をさせますか？",
        "example": "RTX 4090 1 枚で動く日本語サポートボット",
        "next": "次へ →",
        "back": "← 戻る",
        "h2": "2. 制約条件",
        "h3": "3. 優先度",
        "h4": "4. 候補リスト",
        "h5": "5. 検証",
        "h6": "6. レポート",
        "shortlist_done": "各基準の寄与",
        "pdf": "PDF をダウンロード",
    },
}

_IDLE = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


def wait_idle(page: Any) -> None:
    """Until streamlit reports no script run twice, 0.2 s apart (a page change is a run and
    a rerun)."""
    for _ in range(2):
        page.wait_for_timeout(200)
        page.wait_for_function(_IDLE, timeout=LIMIT_MS)


def heading(page: Any, text: str) -> Any:
    return page.get_by_role("heading", name=text, exact=False)


class Server:
    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "MODELREC_HOME": str(home),
            "HF_HUB_OFFLINE": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        command = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def open(self, page: Any) -> None:
        start = time.perf_counter()
        while True:
            try:
                page.goto(self.url, timeout=60_000)
                return
            except Exception:
                if time.perf_counter() - start > 120:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def run_flow(browser: Any, server: Server, lang: str, downloads: Path) -> dict[str, float]:
    """One full run; seconds per transition."""
    f = FLOW[lang]
    times: dict[str, float] = {}

    def timed(name: str, action: Callable[[], None], done: Callable[[], None]) -> None:
        start = time.perf_counter()
        action()
        done()
        times[name] = time.perf_counter() - start

    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    page = context.new_page()
    timed(
        "open",
        lambda: server.open(page),
        lambda: page.get_by_label(FLOW["en"]["box"], exact=True).wait_for(timeout=LIMIT_MS),
    )
    wait_idle(page)
    if lang == "ja":
        page.get_by_text("日本語", exact=True).click()
        heading(page, "1. ユースケース").wait_for(timeout=LIMIT_MS)
        wait_idle(page)
    timed(
        "load example",
        lambda: page.get_by_role("button", name=f["example"]).click(),
        lambda: wait_idle(page),
    )

    def next_to(h: str, *more: str) -> Callable[[], None]:
        def done() -> None:
            heading(page, h).wait_for(timeout=LIMIT_MS)
            for text in more:
                page.get_by_text(text).first.wait_for(timeout=LIMIT_MS)
            wait_idle(page)

        return done

    def click(label: str) -> Callable[[], None]:
        return lambda: page.get_by_role("button", name=label).click()

    timed("use case -> constraints", click(f["next"]), next_to(f["h2"]))
    timed("constraints -> priorities", click(f["next"]), next_to(f["h3"]))
    timed("priorities -> shortlist", click(f["next"]), next_to(f["h4"], f["shortlist_done"]))
    timed("reload shortlist", lambda: page.reload(), next_to(f["h4"], f["shortlist_done"]))
    shared = browser.new_context(viewport={"width": 1280, "height": 2000})
    other = shared.new_page()
    url = page.url

    def shared_done() -> None:
        heading(other, f["h4"]).wait_for(timeout=LIMIT_MS)
        other.get_by_text(f["shortlist_done"]).first.wait_for(timeout=LIMIT_MS)
        wait_idle(other)

    timed("open shared link (shortlist)", lambda: other.goto(url), shared_done)
    shared.close()
    timed("shortlist -> validate", click(f["next"]), next_to(f["h5"]))
    timed(
        "validate -> report",
        click(f["next"]),
        next_to(f["h6"]),
    )
    pdf = page.get_by_role("button", name=f["pdf"])
    start = time.perf_counter()
    pdf.wait_for(timeout=LIMIT_MS)
    page.wait_for_function(
        "(label) => [...document.querySelectorAll('button')].some("
        "b => b.innerText.includes(label) && !b.disabled)",
        arg=f["pdf"],
        timeout=LIMIT_MS,
    )
    with page.expect_download(timeout=LIMIT_MS) as download:
        pdf.click()
    target = downloads / f"{lang}-{time.time_ns()}.pdf"
    download.value.save_as(target)
    times["report page -> PDF downloaded"] = times["validate -> report"] + (
        time.perf_counter() - start
    )
    assert target.read_bytes().startswith(b"%PDF")
    timed("report -> validate (baseline)", click(f["back"]), next_to(f["h5"]))
    context.close()
    return times


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, help="modelrec home to reuse")
    parser.add_argument("--rounds", type=int, default=1, help="cold+warm rounds")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        home = args.home or Path(tmp) / "home"
        home.mkdir(parents=True, exist_ok=True)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        if not any(home.iterdir()):  # a fresh home: fill the embedding caches once, untimed
            server = Server(home)
            try:
                run_flow(browser, server, "en", Path(tmp))
            finally:
                server.stop()
        for _ in range(args.rounds):
            for lang in ("en", "ja"):
                server = Server(home)  # a fresh process per language: both start cold
                try:
                    for phase in ("cold", "warm"):
                        times = run_flow(browser, server, lang, Path(tmp))
                        results.append({"lang": lang, "phase": phase, "times": times})
                        print(lang, phase, json.dumps({k: round(v, 2) for k, v in times.items()}))
                finally:
                    server.stop()
        browser.close()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    names = list(results[0]["times"])
    columns = [f"{r['lang']} {r['phase']}" for r in results]
    print("| transition | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name in names:
        cells = " | ".join(f"{r['times'][name]:.1f}" for r in results)
        print(f"| {name} | {cells} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
