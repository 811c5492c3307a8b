"""Page 5, validate: run shortlisted open models on a prompt suite (placeholder until the
validation package lands)."""

from __future__ import annotations

import streamlit as st

from ..context import Page

__all__ = ["render"]


def render(page: Page) -> None:
    st.info(page.t("validate.unavailable"))
