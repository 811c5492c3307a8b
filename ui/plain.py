"""User-controlled text made inert before streamlit renders it as Markdown.

``st.info``, ``st.error``, ``st.caption``, ``st.markdown`` ... render their body as Markdown
(links, images the browser fetches, HTML, ``$`` maths, ``:red[...]`` colours, bare URLs made
links). Every string that comes from the URL, a shared session, the user's text, an uploaded
file, a model path or a model's answer goes through :func:`plain` before it is placed in such a
body: the characters that start markup are backslash-escaped (CommonMark then shows them as
typed), bare URLs and e-mail addresses are broken so no autolink forms, newlines are joined and
control characters shown as escapes. Ordinary text (``use_case``, ``my prompts.jsonl``) is left
as it is, so messages read the same.
"""

from __future__ import annotations

import re

from recommender.inputs import printable

__all__ = ["plain"]

#: Markup: links and images ([ ]), HTML and autolinks (< > &), maths ($), code (`), emphasis
#: (* ~, and _ not inside a word), headings and tables (# |), escapes themselves (\\).
_MARKUP = re.compile(r"([\\`*\[\]<>$&~#|{}])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
#: GFM autolink literals: scheme://, www., e-mail addresses.
_AUTOLINK = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*:(?=//)|\bwww\.|@)")


def plain(value: object, limit: int | None = 300) -> str:
    """``value`` as literal Markdown text, shortened to ``limit`` characters (None: whole)."""
    text = " ".join(printable(str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _MARKUP.sub(lambda m: "\\" + m.group(), text)
    return _AUTOLINK.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)
