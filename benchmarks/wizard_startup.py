"""Time from `streamlit run` to the wizard's first page being usable in Chromium, against a
trivial one-line Streamlit app started the same way (the baseline, in the same run).

For each run: start the server (a fresh process and a fresh MODELREC_HOME), then poll it with
Playwright-driven Debian Chromium until the first widget is visible: the use-case text box for
the wizard, the text box of ``st.text_area("x")`` for the baseline. The figure is wall time
from Popen to that moment. Runs alternate wizard / baseline so machine noise hits both alike.
Usage: .venv/bin/python benchmarks/wizard_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ui.headless import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parent.parent


def time_to_widget(browser: object, script: Path, label: str) -> float:
    """Seconds from starting `streamlit run script` to the widget ``label`` being visible."""
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "MODELREC_HOME": home,
            "HF_HUB_OFFLINE": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        start = time.perf_counter()
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            page = browser.new_page()  # type: ignore[attr-defined]
            while True:  # until the server accepts the page load
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=60_000)
                    break
                except Exception:
                    if time.perf_counter() - start > 120:
                        raise
                    time.sleep(0.05)
            page.get_by_label(label, exact=True).wait_for(state="visible", timeout=120_000)
            elapsed = time.perf_counter() - start
            page.close()
            return elapsed
        finally:
            server.terminate()
            server.wait(timeout=20)


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    wizard = ROOT / "ui" / "app.py"
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "baseline.py"
        baseline.write_text('import streamlit as st\nst.text_area("x")\n')
        times: dict[str, list[float]] = {"baseline": [], "wizard": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for _ in range(args.runs):
                times["baseline"].append(time_to_widget(browser, baseline, "x"))
                times["wizard"].append(time_to_widget(browser, wizard, "What should the model do?"))
            browser.close()
    base = statistics.median(times["baseline"])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{'app':10} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:10} {med:9.2f} {min(ts):7.2f} {max(ts):7.2f} {med / base:6.2f}")


if __name__ == "__main__":
    main()
