"""The wizard in a real browser: the real `modelrec ui` on a free port of 127.0.0.1, driven by
Playwright through Debian's Chromium. Complete it in English (applying an answer the use case
suggests; on the validate page the prompt suite survives its dropdown being opened and closed,
and a change of the language filter) and in Japanese (in a 1280-px window: the tie verdict
shown, no table scrolls sideways), see a shortlist, download the report, reload and find the
same state. A shared link opens read-only until copied; two editors of one session do not
overwrite each other; an unknown id starts over on the first page; text without words and
contradicting pairwise answers are stopped with a message. A screenshot of every page is saved
under test-artifacts/e2e/ (ignored by git)."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from ui.headless import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"


class Server:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "MODELREC_HOME": str(home),
            "HF_HUB_OFFLINE": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_HEADLESS": "true",
            # the guard in the server process: loopback only, never the network
            "MODELREC_NETGUARD": "localhost",
        }
        modelrec = str(Path(sys.executable).with_name("modelrec"))
        self.process = subprocess.Popen(
            [modelrec, "ui", "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            self.lines.put(line)

    def wait_ready(self, timeout: float = 60) -> None:
        """Until streamlit prints its URL (read from its output: no polling connection)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if f"127.0.0.1:{self.port}" in line and "URL" in line:
                return
        raise RuntimeError("the wizard did not start:\n" + "".join(self.log))

    def stop(self) -> None:
        """`modelrec ui` execs streamlit, so this process is the server itself."""
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        # the pipe reaches EOF once the server is gone; close it here, not at a later test's GC
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    srv = Server(tmp_path_factory.mktemp("wizard-home"))
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    folder = ARTIFACTS / request.node.name.replace("[", "-").replace("]", "")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


pytestmark = [pytest.mark.localhost, pytest.mark.slow]

#: Cold start of the first analysis loads the embedder and embeds the task exemplars.
SLOW_MS = 180_000


def heading(page: Any, text: str) -> Any:
    return page.get_by_role("heading", name=text, exact=False)


def wait_idle(page: Any) -> None:
    """Until streamlit has finished its runs: the app reports "notRunning" twice, half a
    second apart (a page change is a run followed by a rerun)."""
    idle = "() => document.querySelector('[data-testid=\"stApp\"]')"
    idle += "?.getAttribute('data-test-script-state') === 'notRunning'"
    for _ in range(2):
        page.wait_for_timeout(500)
        page.wait_for_function(idle, timeout=SLOW_MS)


def click_next(page: Any, label: str, expect: str) -> None:
    page.get_by_role("button", name=label).click()
    heading(page, expect).wait_for(timeout=SLOW_MS)
    wait_idle(page)


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_wizard_in_english(server: Any, browser: Any, artifacts: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(server.url)
    box = page.get_by_label("What should the model do?", exact=True)
    box.wait_for(timeout=60_000)
    box.fill("Summarise meeting notes and draft emails on my laptop; data must stay on-prem")
    box.press("Control+Enter")
    wait_idle(page)
    assert page.get_by_text(re.compile(r"Knowledge base facts as of \d{4}-\d\d-\d\d")).is_visible()
    # the text answers the deployment question: apply the suggestion
    expect(page.get_by_text("Answers your text suggests")).to_be_visible()
    page.get_by_role("button", name="Apply", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Applied ✓")).to_be_disabled()
    shot(page, artifacts, "1-use-case")
    click_next(page, "Next →", "2. Constraints")
    expect(page.get_by_label("Our own hardware only (data stays on site)")).to_be_checked()
    page.get_by_text("CPU only").click()
    wait_idle(page)
    ram = page.get_by_label("RAM (GB)", exact=True)
    ram.fill("32")
    ram.press("Enter")
    wait_idle(page)
    shot(page, artifacts, "2-constraints")
    click_next(page, "Next →", "3. Priorities")
    shot(page, artifacts, "3-priorities")
    click_next(page, "Next →", "4. Shortlist")
    page.get_by_text("What each criterion contributes").wait_for(timeout=SLOW_MS)
    wait_idle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=SLOW_MS)
    assert page.get_by_text(re.compile(r"\d+ models meet your constraints")).is_visible()
    shot(page, artifacts, "4-shortlist")
    url = page.url
    assert "s=" in url and "p=shortlist" in url
    click_next(page, "Next →", "5. Validate")
    suite_choice_survives_its_dropdown(page)
    shot(page, artifacts, "5-validate")
    click_next(page, "Next →", "6. Report")
    page.get_by_role("button", name="Download PDF").wait_for(timeout=SLOW_MS)
    shot(page, artifacts, "6-report")
    for label, name in (("Download PDF", "report.pdf"), ("Download Markdown", "report.md")):
        with page.expect_download(timeout=SLOW_MS) as download:
            page.get_by_role("button", name=label).click()
        download.value.save_as(artifacts / name)
    assert (artifacts / "report.pdf").read_bytes().startswith(b"%PDF")
    markdown = (artifacts / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Model selection: decision report")
    assert "Summarise meeting notes" in markdown
    # reload: the same session, page and answers
    sid = re.search(r"s=([0-9a-f]+)", page.url).group(1)  # type: ignore[union-attr]
    page.reload()
    heading(page, "6. Report").wait_for(timeout=60_000)
    assert f"s={sid}" in page.url
    # the browser's back and forward buttons move between pages
    page.go_back()
    heading(page, "5. Validate").wait_for(timeout=60_000)
    page.go_forward()
    heading(page, "6. Report").wait_for(timeout=60_000)
    page.get_by_role("button", name="2. Constraints").click()
    heading(page, "2. Constraints").wait_for(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_label("RAM (GB)", exact=True)).to_have_value("32.00")
    page.close()


def suite_choice_survives_its_dropdown(page: Any) -> None:
    """The prompt suite, once chosen, is kept when its dropdown is opened and closed (Escape,
    a click outside) and when the language filter under it changes (a clearable selectbox is
    cleared by Escape in streamlit's combobox: the suite was lost with its languages)."""
    suite = page.get_by_role("combobox", name="Prompt suite", exact=True)
    languages = page.locator("[data-testid='stMultiSelect']").filter(has_text="Prompt languages")
    suite.click()
    page.get_by_role("option", name="Customer support", exact=True).click()
    wait_idle(page)
    expect(suite).to_have_value("Customer support")
    expect(languages.get_by_text("English", exact=True)).to_be_visible()
    for close in ("Escape", "outside"):
        suite.click()
        expect(suite).to_have_attribute("aria-expanded", "true")
        if close == "Escape":
            page.keyboard.press("Escape")
        else:
            page.mouse.click(page.viewport_size["width"] - 40, 40)  # blank, above the page
        wait_idle(page)
        expect(suite).to_have_value("Customer support")
        expect(languages.get_by_text("English", exact=True)).to_be_visible()
    languages.get_by_role("combobox").click()
    page.get_by_role("option", name="Japanese", exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(suite).to_have_value("Customer support")
    expect(languages.get_by_text("Japanese", exact=True)).to_be_visible()
    expect(languages.get_by_text("English", exact=True)).to_be_visible()


def grid_overflow(page: Any) -> list[int]:
    """For each table on the page, how many pixels it would scroll sideways."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(el => {
                const s = el.querySelector('.dvn-scroller') || el;
                return s.scrollWidth - s.clientWidth; })"""
        )
    )


def test_wizard_in_japanese(server: Any, browser: Any, artifacts: Path) -> None:
    # a 1280-px window: the shortlist must fit beside the sidebar without scrolling sideways
    page = browser.new_page(viewport={"width": 1280, "height": 2400})
    page.goto(server.url)
    page.get_by_label("What should the model do?", exact=True).wait_for(timeout=60_000)
    page.get_by_text("日本語", exact=True).click()
    heading(page, "1. ユースケース").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_role("button", name="RTX 4090 1 枚で動く日本語サポートボット").click()
    wait_idle(page)
    expect(page.get_by_label("モデルに何をさせますか？", exact=True)).to_have_value(
        re.compile("社内FAQ"), timeout=60_000
    )
    shot(page, artifacts, "1-use-case")
    click_next(page, "次へ →", "2. 制約条件")
    shot(page, artifacts, "2-constraints")
    click_next(page, "次へ →", "3. 優先度")
    shot(page, artifacts, "3-priorities")
    click_next(page, "次へ →", "4. 候補リスト")
    page.get_by_text("各基準の寄与").wait_for(timeout=SLOW_MS)
    wait_idle(page)
    assert page.get_by_text(re.compile(r"\d+ 件のモデルが制約を満たし")).is_visible()
    # this example's top models are statistically tied: no winner is presented
    expect(page.get_by_text(re.compile("^統計的に同順位："))).to_be_visible()
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=SLOW_MS)
    assert max(grid_overflow(page)) <= 0, grid_overflow(page)
    shot(page, artifacts, "4-shortlist")
    page.reload()
    heading(page, "4. 候補リスト").wait_for(timeout=60_000)
    page.get_by_text("各基準の寄与").wait_for(timeout=SLOW_MS)
    wait_idle(page)
    shot(page, artifacts, "4-shortlist-reloaded")
    click_next(page, "次へ →", "5. 検証")
    shot(page, artifacts, "5-validate")
    click_next(page, "次へ →", "6. レポート")
    page.get_by_role("button", name="Markdown をダウンロード").wait_for(timeout=SLOW_MS)
    shot(page, artifacts, "6-report")
    with page.expect_download(timeout=SLOW_MS) as download:
        page.get_by_role("button", name="Markdown をダウンロード").click()
    download.value.save_as(artifacts / "report.md")
    markdown = (artifacts / "report.md").read_text(encoding="utf-8")
    assert "社内FAQ" in markdown and download.value.suggested_filename.endswith("-ja.md")
    page.close()


def session_link(server: Server, state: Any) -> tuple[str, str]:
    """A session saved in the server's database: (read-only link, editor's link)."""
    from recommender.store import Store
    from ui.sessions import SessionStore
    from ui.state import STEPS

    sessions = SessionStore(Store(server.home / "modelrec.db"))
    sid = sessions.create(state)
    page = STEPS[state.step - 1]  # opened at min(this page, state.reached)
    shared = f"{server.url}/?s={sid}&p={page}"
    return shared, f"{shared}&k={sessions.edit_key(sid)}"


def test_shared_links_read_only_copies_and_conflicts(
    server: Any, browser: Any, artifacts: Path
) -> None:
    from ui.state import QuestionnaireDraft, WizardState

    shared, editor = session_link(
        server, WizardState(answers=QuestionnaireDraft(use_case="Chat for staff"))
    )
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    viewer = context.new_page()
    viewer.goto(shared)
    banner = viewer.get_by_text(re.compile("^Read-only: this is a shared link"))
    expect(banner).to_be_visible(timeout=60_000)
    wait_idle(viewer)
    shot(viewer, artifacts, "read-only")
    viewer.get_by_role("button", name="Make a copy to edit").click()
    expect(banner).to_have_count(0, timeout=60_000)
    assert "k=" in viewer.url and shared.split("s=")[1][:16] not in viewer.url
    # two editors: the second save, made from the older version, is refused
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(editor)
        tab.get_by_label("What should the model do?", exact=True).wait_for(timeout=60_000)
        wait_idle(tab)
    for tab, text in ((first, "Chat for staff, first"), (second, "Chat for staff, second")):
        box = tab.get_by_label("What should the model do?", exact=True)
        box.fill(text)
        box.press("Control+Enter")
        wait_idle(tab)
    expect(second.get_by_text("changed by someone else — reload or keep yours")).to_be_visible()
    shot(second, artifacts, "conflict")
    second.get_by_role("button", name="Reload theirs").click()
    wait_idle(second)
    expect(second.get_by_label("What should the model do?", exact=True)).to_have_value(
        "Chat for staff, first"
    )
    context.close()


def test_unknown_id_and_input_guards(server: Any, browser: Any, artifacts: Path) -> None:
    from ui.state import QuestionnaireDraft, WizardState

    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    odd = "**not-an-id** <b>x</b>"
    page.goto(f"{server.url}/?s={odd}&p=report")
    heading(page, "1. Use case").wait_for(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_text(re.compile("^No saved session has the id"))).to_be_visible()
    expect(page.get_by_text(odd, exact=True)).to_be_visible()  # plain text, not Markdown
    assert "p=use_case" in page.url
    box = page.get_by_label("What should the model do?", exact=True)
    box.fill("🙂🙂🚀 !!! 123")
    box.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Next →").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile("describe in a sentence"))).to_be_visible()
    heading(page, "1. Use case").wait_for()
    shot(page, artifacts, "no-words")
    # contradicting pairwise answers: the fix is offered, ranking waits for a confirmation
    pairwise = {"quality|cost": 2.0, "cost|speed": 2.0, "quality|speed": 1 / 4}
    state = WizardState(
        step=3,
        reached=3,
        use_pairwise=True,
        pairwise=pairwise,
        answers=QuestionnaireDraft(use_case="Chat for staff"),
    )
    page.goto(session_link(server, state)[1])
    heading(page, "3. Priorities").wait_for(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_text(re.compile("^The most inconsistent comparison"))).to_be_visible()
    page.get_by_role("button", name="Next →").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile("confirm that you want to rank"))).to_be_visible()
    heading(page, "3. Priorities").wait_for()
    shot(page, artifacts, "pairwise")
    page.get_by_role("button", name="Change it").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Consistent answers"))).to_be_visible()
    page.close()
