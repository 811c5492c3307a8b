"""Wizard sessions in SQLite: the state saved under the id the URL carries (``?s=ID``).

A refresh, a bookmark or a shared link with the id restores every answer and result; "start
over" and "duplicate" make new ids. Rows live in the ``wizard_sessions`` table of the modelrec
database (:class:`recommender.store.Store`); each save is one transaction.

Each session has an edit key: the wizard's own address carries it (``&k=KEY``) and only a link
with it edits the session; the link the wizard offers for sharing leaves it out and opens
read-only ("make a copy to edit" forks it). Each save carries the version it was made from: a
save against an older version (someone else saved in between) raises :class:`SaveConflict`
instead of overwriting theirs.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, datetime

from pydantic import ValidationError

from recommender.errors import ModelrecError
from recommender.store import Store

from .state import WizardState

__all__ = ["SaveConflict", "SessionStore", "is_session_id", "new_session_id"]

_ID = re.compile(r"^[0-9a-f]{16}$")


class SaveConflict(ModelrecError):
    """The session was saved by someone else since this copy of it was loaded."""

    def __init__(self, sid: str, expected: int, current: int) -> None:
        super().__init__(
            f"session {sid} was changed by someone else (version {current}, this copy was "
            f"loaded at version {expected}): reload it or keep yours"
        )
        self.sid, self.expected, self.current = sid, expected, current


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
        """A new session holding ``state`` at version 1, with a new edit key."""
        sid = new_session_id()
        now = _now()
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO wizard_sessions "
                "(id, state, parent_id, created_at, updated_at, version, edit_key) "
                "VALUES (?, ?, ?, ?, ?, 1, ?)",
                (sid, state.model_dump_json(), parent_id, now, now, secrets.token_hex(8)),
            )
        return sid

    def save(self, sid: str, state: WizardState, *, version: int | None = None) -> int:
        """Write ``state`` under ``sid``; returns the new version. With ``version`` (the one
        this state was loaded or last saved at), a session saved since by someone else is not
        overwritten: SaveConflict. Without it the write wins (creating the row if new)."""
        now = _now()
        with self.store.transaction() as db:
            row = db.execute("SELECT version FROM wizard_sessions WHERE id = ?", (sid,)).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO wizard_sessions "
                    "(id, state, parent_id, created_at, updated_at, version, edit_key) "
                    "VALUES (?, ?, NULL, ?, ?, 1, ?)",
                    (sid, state.model_dump_json(), now, now, secrets.token_hex(8)),
                )
                return 1
            current = int(row["version"])
            if version is not None and version != current:
                raise SaveConflict(sid, version, current)
            db.execute(
                "UPDATE wizard_sessions SET state = ?, updated_at = ?, version = ? WHERE id = ?",
                (state.model_dump_json(), now, current + 1, sid),
            )
            return current + 1

    def load(self, sid: str) -> WizardState | None:
        """The state saved under ``sid``; None when there is none or it no longer parses."""
        found = self.load_versioned(sid)
        return None if found is None else found[0]

    def load_versioned(self, sid: str) -> tuple[WizardState, int] | None:
        """The state saved under ``sid`` and its version; None when there is none or it no
        longer parses."""
        with self.store.connect() as db:
            row = db.execute(
                "SELECT state, version FROM wizard_sessions WHERE id = ?", (sid,)
            ).fetchone()
        if row is None:
            return None
        try:
            return WizardState.model_validate_json(row["state"]), int(row["version"])
        except ValidationError:
            return None

    def version(self, sid: str) -> int | None:
        with self.store.connect() as db:
            row = db.execute("SELECT version FROM wizard_sessions WHERE id = ?", (sid,)).fetchone()
        return None if row is None else int(row["version"])

    def edit_key(self, sid: str) -> str | None:
        """The key that makes a link to ``sid`` editable (None for a session saved before
        keys existed: its links are read-only; a copy gets a key)."""
        with self.store.connect() as db:
            row = db.execute("SELECT edit_key FROM wizard_sessions WHERE id = ?", (sid,)).fetchone()
        return None if row is None or row["edit_key"] is None else str(row["edit_key"])

    def can_edit(self, sid: str, key: str | None) -> bool:
        """Whether a link to ``sid`` carrying ``key`` edits it."""
        wanted = self.edit_key(sid)
        return bool(wanted and key) and hmac.compare_digest(wanted or "", key or "")

    def duplicate(self, sid: str, state: WizardState) -> str:
        """A new session holding a copy of ``state``, remembering where it came from."""
        return self.create(state.model_copy(deep=True), parent_id=sid)

    def parent(self, sid: str) -> str | None:
        with self.store.connect() as db:
            row = db.execute(
                "SELECT parent_id FROM wizard_sessions WHERE id = ?", (sid,)
            ).fetchone()
        return None if row is None else row["parent_id"]
