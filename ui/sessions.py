"""Wizard sessions in SQLite: the state saved under the id the URL carries (``?s=ID``).

A refresh, a bookmark or a shared link with the id restores every answer and result; "start
over" and "duplicate" make new ids. Rows live in the ``wizard_sessions`` table of the modelrec
database (:class:`recommender.store.Store`); each save is one transaction.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from pydantic import ValidationError

from recommender.store import Store

from .state import WizardState

__all__ = ["SessionStore", "is_session_id", "new_session_id"]

_ID = re.compile(r"^[0-9a-f]{16}$")


def new_session_id() -> str:
    """A fresh id: 64 random bits, hex (unguessable enough for a link on localhost)."""
    return secrets.token_hex(8)


def is_session_id(text: str) -> bool:
    return bool(_ID.match(text))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore:
    """Saved wizard states. ``SessionStore()`` uses the default database file."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()

    def create(self, state: WizardState, *, parent_id: str | None = None) -> str:
        sid = new_session_id()
        now = _now()
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO wizard_sessions (id, state, parent_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (sid, state.model_dump_json(), parent_id, now, now),
            )
        return sid

    def save(self, sid: str, state: WizardState) -> None:
        """Write ``state`` under ``sid`` (creating the row if the id is new)."""
        now = _now()
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO wizard_sessions (id, state, parent_id, created_at, updated_at) "
                "VALUES (?, ?, NULL, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                (sid, state.model_dump_json(), now, now),
            )

    def load(self, sid: str) -> WizardState | None:
        """The state saved under ``sid``; None when there is none or it no longer parses."""
        with self.store.connect() as db:
            row = db.execute("SELECT state FROM wizard_sessions WHERE id = ?", (sid,)).fetchone()
        if row is None:
            return None
        try:
            return WizardState.model_validate_json(row["state"])
        except ValidationError:
            return None

    def duplicate(self, sid: str, state: WizardState) -> str:
        """A new session holding a copy of ``state``, remembering where it came from."""
        return self.create(state.model_copy(deep=True), parent_id=sid)

    def parent(self, sid: str) -> str | None:
        with self.store.connect() as db:
            row = db.execute(
                "SELECT parent_id FROM wizard_sessions WHERE id = ?", (sid,)
            ).fetchone()
        return None if row is None else row["parent_id"]
