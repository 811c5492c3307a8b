"""The typed wizard state, its mapping to the questionnaire, and its SQLite sessions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recommender.engine import parse_questionnaire
from recommender.kb._yaml import load_yaml
from recommender.store import Store
from ui.sessions import SessionStore, is_session_id
from ui.state import WizardState, page_of_field

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def test_default_state_is_a_valid_questionnaire_once_the_use_case_is_given() -> None:
    state = WizardState(use_case="Chat assistant for our staff")
    q = parse_questionnaire(state.questionnaire_data())
    assert q.deployment == "any" and q.hardware is None and q.tasks is None


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_round_trips_through_the_state(path: Path) -> None:
    data = dict(load_yaml(path.read_text(encoding="utf-8")))
    state = WizardState(lang="ja")
    state.apply_questionnaire(data, example=path.stem)
    assert state.lang == "ja" and state.example == path.stem
    original, through_state = (
        parse_questionnaire(data),
        parse_questionnaire(state.questionnaire_data()),
    )
    for field in ("use_case", "tasks", "languages", "license", "deployment", "hardware"):
        assert getattr(through_state, field) == getattr(original, field), field
    assert through_state.workload == original.workload
    assert through_state.importance() == {**through_state.importance(), **original.importance()}
    assert through_state.top_k == original.top_k


def test_pairwise_answers_only_for_the_chosen_criteria() -> None:
    state = WizardState(
        use_case="x" * 5,
        use_pairwise=True,
        pairwise_criteria=["quality", "cost"],
        pairwise={"quality|cost": 3.0, "quality|speed": 5.0},
    )
    assert state.questionnaire_data()["pairwise"] == [{"a": "quality", "b": "cost", "ratio": 3.0}]


def test_fields_map_to_their_pages() -> None:
    assert page_of_field("use_case") == 1
    assert page_of_field("hardware.ram_gb") == 2
    assert page_of_field("tasks[0]") == 1
    assert page_of_field("pairwise (speedy)") == 3
    assert page_of_field("(top level)") is None


def test_sessions_persist_in_sqlite(tmp_path: Path) -> None:
    store = Store(tmp_path / "modelrec.db")
    sessions = SessionStore(store)
    state = WizardState(use_case="Summarise contracts", lang="ja", step=3, reached=3)
    sid = sessions.create(state)
    assert is_session_id(sid)
    # a new process reading the same file sees the same state
    assert SessionStore(Store(tmp_path / "modelrec.db")).load(sid) == state
    state.top_k = 7
    sessions.save(sid, state)
    assert sessions.load(sid).top_k == 7  # type: ignore[union-attr]
    copy = sessions.duplicate(sid, state)
    assert copy != sid and sessions.parent(copy) == sid and sessions.load(copy) == state
    assert sessions.load("0" * 16) is None
    with sqlite3.connect(tmp_path / "modelrec.db") as db:
        assert db.execute("SELECT count(*) FROM wizard_sessions").fetchone()[0] == 2


def test_a_damaged_saved_state_is_not_loaded(tmp_path: Path) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState())
    with sessions.store.transaction() as db:
        db.execute("UPDATE wizard_sessions SET state = ? WHERE id = ?", ('{"step": 99}', sid))
    assert sessions.load(sid) is None


def test_old_saved_states_with_unknown_keys_still_load(tmp_path: Path) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState())
    with sessions.store.transaction() as db:
        db.execute(
            "UPDATE wizard_sessions SET state = ? WHERE id = ?",
            ('{"use_case": "kept", "retired_field": 1}', sid),
        )
    assert sessions.load(sid) == WizardState(use_case="kept")
