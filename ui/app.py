"""Entry script of the Streamlit wizard: ``streamlit run ui/app.py`` (or ``modelrec ui``)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this folder on sys.path, not the checkout: make `import ui` work.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from ui.wizard import main  # noqa: E402

main()
