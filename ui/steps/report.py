"""Page 6, report: preview and download (placeholder until the report package lands)."""

from __future__ import annotations

import streamlit as st

from ..context import Page

__all__ = ["render"]


def render(page: Page) -> None:
    st.info(page.t("report.unavailable"))
