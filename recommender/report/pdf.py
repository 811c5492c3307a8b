"""HTML -> PDF with WeasyPrint, offline: every external resource is refused.

The report's HTML carries its CSS and charts inline; a URL that reached the HTML through user
text is escaped and never fetched, and the fetcher allows only ``data:`` URIs, so rendering a
PDF never touches the network or the file system.
"""

from __future__ import annotations

from typing import Any

__all__ = ["html_to_pdf"]


def _offline_fetcher() -> Any:
    """A fetcher that serves ``data:`` URIs only (anything else is skipped, not fetched)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 68 takes a plain function
        import weasyprint

        def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
            if url.startswith("data:"):
                return weasyprint.default_url_fetcher(url)
            raise ValueError(f"the report fetches nothing: refused {url[:80]}")

        return refuse
    return URLFetcher(allowed_protocols=["data"])


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (A4, the CSS's page rules), fetching no external resource."""
    import logging

    import weasyprint

    # WeasyPrint logs each refused fetch as an error; refusing is the point
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    document = weasyprint.HTML(string=html, url_fetcher=_offline_fetcher(), base_url=".")
    pdf: bytes = document.write_pdf()
    return pdf
