"""Nothing from the URL, a shared session or the user's text is rendered as Markdown: each place
the wizard shows such a string is checked through streamlit's AppTest, and the body it sends to
the browser is parsed as CommonMark, which must find no link, image or HTML in it."""

from __future__ import annotations

from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from ui.plain import plain
from ui.sessions import SessionStore
from ui.state import QuestionnaireDraft, TaskGuess, WizardState

LINK = "[x](https://evil.example)"
HOSTILE = f"{LINK} ![p](https://evil.example/p.png) <img src=x> $x$ **b** :red[r]"
USE_CASE = "Chat assistant for our staff"
_MARKUP = {"link_open", "image", "html_inline", "html_block", "strong_open"}


def assert_plain(body: str, *, shows: str = "evil.example") -> None:
    """``body`` renders without markup, shows the text, and holds no bare URL (an autolink)."""
    tokens = MarkdownIt("commonmark").parse(body)
    kinds = {t.type for tok in tokens for t in [tok, *(tok.children or [])]}
    assert not kinds & _MARKUP, (kinds & _MARKUP, body)
    assert "https://" not in body and "$x$" not in body and ":red[" not in body
    assert shows in MarkdownIt("commonmark").render(body)  # shown, as text


def test_plain_keeps_the_text_and_drops_the_markup() -> None:
    body = plain(HOSTILE + "\x1b[2J\nnext line", None)
    assert_plain(body)
    assert "https://evil.example/p.png" in MarkdownIt("commonmark").render(body)
    assert "\x1b" not in body and "\n" not in body
    assert plain("x" * 500).endswith("…") and len(plain("x" * 500)) == 300


def test_session_not_found_notice_shows_the_url_value_as_text(app: AppTest) -> None:
    # the case: a shared link ?s=... planted a clickable link and an image
    app.query_params["s"] = HOSTILE
    app.run()
    assert not app.exception
    notices = [i.value for i in app.info]
    assert len(notices) == 1 and "No saved session" in notices[0]
    assert "evil.example" not in notices[0]  # the id stays out of the Markdown notice...
    shown = [t.value for t in app.text]
    assert HOSTILE[:40] in "".join(shown)  # ...and is shown beneath it as given (st.text)


def _shared(state: WizardState) -> str:
    return SessionStore().create(state)


def test_problems_echo_a_shared_sessions_values_as_text(app: AppTest) -> None:
    sid = _shared(
        WizardState(answers=QuestionnaireDraft(use_case=USE_CASE, tasks=["chat_assistant"],
                                               languages=[LINK]),
                    analysed_text=USE_CASE,
                    inferred_tasks=[TaskGuess(id="chat_assistant", score=0.9)])
    )  # fmt: skip
    app.query_params["s"] = sid
    app.run()
    app.button(key="nav_next").click().run()
    errors = [e.value for e in app.error]
    (body,) = [e for e in errors if "ISO 639" in e]
    assert_plain(body)
    assert "ISO 639-1 language code" in MarkdownIt("commonmark").render(body)


def test_domain_evidence_from_the_use_case_is_shown_as_text(app: AppTest) -> None:
    text = f"Review supplier contracts {LINK}"
    sid = _shared(
        WizardState(answers=QuestionnaireDraft(use_case=text, tasks=["summarization"]),
                    analysed_text=text,
                    inferred_tasks=[TaskGuess(id="summarization", score=0.9)],
                    domain="legal", domain_evidence=[LINK])
    )  # fmt: skip
    app.query_params["s"] = sid
    app.run()
    captions = [c.value for c in app.caption if "evil" in str(c.value)]
    assert len(captions) == 1
    assert_plain(captions[0])
