"""HTML -> PDF with WeasyPrint, offline: every external resource is refused.

The report's HTML carries its CSS and charts inline; a URL that reached the HTML through user
text is escaped and never fetched, and the fetcher below refuses anything that is not a data:
URI, so rendering a PDF never touches the network or the file system.
"""

from __future__ import annotations

from typing import Any

__all__ = ["html_to_pdf"]


def _refuse(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    if url.startswith("data:"):
        import weasyprint

        return dict(weasyprint.default_url_fetcher(url))
    raise ValueError(f"the report fetches nothing: refused {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (A4, the CSS's page rules), fetching no external resource."""
    import logging

    import weasyprint

    # WeasyPrint logs each refused fetch as an error; the refusal is intended
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    document = weasyprint.HTML(string=html, url_fetcher=_refuse, base_url=".")
    pdf: bytes = document.write_pdf()
    return pdf
