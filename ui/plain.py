"""User-controlled text made inert before streamlit renders it as Markdown.

``st.info``, ``st.error``, ``st.caption``, ``st.markdown`` ... render their body as Markdown
(links, images the browser fetches, ``$`` maths, ``:red[...]`` colours, bare URLs made links).
Every string that comes from the URL, the user's text, an uploaded file, a model path or a
model's answer goes through :func:`plain` before it is placed in such a body: each ASCII
punctuation character is backslash-escaped (CommonMark shows it literally), newlines are joined
and control characters shown as escapes, so the text reads as typed and nothing in it is markup.
"""

from __future__ import annotations

import re
import string

from recommender.inputs import printable

__all__ = ["plain"]

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def plain(value: object, limit: int | None = 300) -> str:
    """``value`` as literal Markdown text, shortened to ``limit`` characters (None: whole)."""
    text = " ".join(printable(str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
