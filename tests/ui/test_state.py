"""The typed wizard state, its mapping to the questionnaire, and its SQLite sessions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from recommender.engine import QuestionnaireError, parse_questionnaire
from recommender.engine.questionnaire import LicenseAnswers, Questionnaire, WorkloadAnswers
from recommender.kb._yaml import load_yaml
from recommender.store import Store
from ui.sessions import SaveConflict, SessionStore, is_session_id
from ui.state import (
    NOT_IN_DRAFT,
    LicenseDraft,
    QuestionnaireDraft,
    WizardState,
    WorkloadDraft,
    page_of_field,
)
from ui.steps.priorities import SAATY, best_fix, consistency
from ui.steps.use_case import has_words

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
#: Each example as the previous version of the wizard (flat answer fields, before the
#: questionnaire draft) held it: its saved state (language ja) and its questionnaire mapping in
#: each interface language. Written once by that version (commit 4b65541); never regenerated.
FLAT_STATES = json.loads((Path(__file__).parent / "data" / "flat_states.json").read_text("utf-8"))
#: Questionnaire answers the wizard carries through its state unchanged.
ANSWERS = (
    "use_case",
    "tasks",
    "languages",
    "language_weights",
    "documented_languages_only",
    "license",
    "deployment",
    "hardware",
    "workload",
    "exclude_providers",
    "exclude_countries",
    "data_residency",
    "zero_retention",
    "currency",
    "exchange_rates",
    "budget_is_hard",
)


def test_default_state_is_a_valid_questionnaire_once_the_use_case_is_given() -> None:
    state = WizardState(answers=QuestionnaireDraft(use_case="Chat assistant for our staff"))
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
    for field in ANSWERS:
        if field == "currency" and field not in original.model_fields_set:
            continue  # no budget: money is shown in the interface language's currency
        assert getattr(through_state, field) == getattr(original, field), field
    if original.budget_usd_per_month is not None:
        assert through_state.currency == "USD"
        assert through_state.budget_per_month == original.budget_usd_per_month
    assert through_state.importance() == {**through_state.importance(), **original.importance()}
    assert through_state.top_k == original.top_k


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_example_gives_the_questionnaire_the_flat_state_gave(path: Path, lang: str) -> None:
    data = dict(load_yaml(path.read_text(encoding="utf-8")))
    state = WizardState(lang=lang)  # type: ignore[arg-type]
    state.apply_questionnaire(data, example=path.stem)
    before = FLAT_STATES[path.stem][f"questionnaire_data_{lang}"]
    assert state.questionnaire_data() == before
    assert state.questionnaire() == parse_questionnaire(before)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_state_saved_with_flat_answers_still_loads(tmp_path: Path, path: Path) -> None:
    saved = FLAT_STATES[path.stem]["saved"]
    assert '"answers"' not in saved and '"requests_per_day"' in saved  # the old shape
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState())
    with sessions.store.transaction() as db:
        db.execute("UPDATE wizard_sessions SET state = ? WHERE id = ?", (saved, sid))
    state = sessions.load(sid)
    assert state is not None
    assert state.questionnaire_data() == FLAT_STATES[path.stem]["questionnaire_data_ja"]
    fresh = WizardState(lang="ja")
    fresh.apply_questionnaire(dict(load_yaml(path.read_text(encoding="utf-8"))), example=path.stem)
    assert state == fresh  # every answer in its place in the draft, the rest as it was
    # saved again, it loads in the new shape
    sessions.save(sid, state)
    assert sessions.load(sid) == state


def test_the_draft_has_the_questionnaires_fields() -> None:
    """A field is declared once: the draft's sections are the questionnaire's (their fields and
    defaults), and the draft names only questionnaire fields."""
    assert issubclass(LicenseDraft, LicenseAnswers) and issubclass(WorkloadDraft, WorkloadAnswers)
    assert LicenseDraft().model_dump() == LicenseAnswers().model_dump()
    assert WorkloadDraft().model_dump() == WorkloadAnswers().model_dump()
    draft, questionnaire = set(QuestionnaireDraft.model_fields), set(Questionnaire.model_fields)
    assert draft <= questionnaire and questionnaire - draft == NOT_IN_DRAFT
    same = draft - {"use_case", "tasks", "languages", "language_weights", "currency"}
    same -= {"exchange_rates", "priorities", "license", "workload"}
    assert QuestionnaireDraft().model_dump(include=same) == Questionnaire(
        use_case="x" * 3
    ).model_dump(include=same)


def test_the_draft_holds_answers_the_questionnaire_refuses() -> None:
    """Half-filled or out-of-range answers are held as given; the questionnaire names each."""
    state = WizardState()
    state.answers.workload.requests_per_day = 2e9
    state.answers.workload.output_tokens = 0
    state.answers.budget_is_hard = True  # without a budget
    state.answers.exclude_providers = ["x" * 300]
    assert WizardState.model_validate_json(state.model_dump_json()) == state  # and saved
    with pytest.raises(QuestionnaireError) as caught:
        state.questionnaire()
    fields = {p.field for p in caught.value.problems}
    assert {"use_case", "workload.requests_per_day", "workload.output_tokens"} <= fields
    assert "exclude_providers[0]" in fields
    state.answers.budget_per_month = 100.0
    state.answers.exclude_providers = []
    state.answers.use_case = "Chat assistant for our staff"
    state.answers.workload = WorkloadDraft()
    state.questionnaire()  # validates


def test_pairwise_answers_only_for_the_chosen_criteria() -> None:
    state = WizardState(
        use_pairwise=True,
        pairwise_criteria=["quality", "cost"],
        pairwise={"quality|cost": 3.0, "quality|speed": 5.0},
        answers=QuestionnaireDraft(use_case="x" * 5),
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
    state = WizardState(
        lang="ja", step=3, reached=3, answers=QuestionnaireDraft(use_case="Summarise contracts")
    )
    sid = sessions.create(state)
    assert is_session_id(sid)
    # a new process reading the same file sees the same state
    assert SessionStore(Store(tmp_path / "modelrec.db")).load(sid) == state
    state.answers.top_k = 7
    sessions.save(sid, state)
    assert sessions.load(sid).answers.top_k == 7  # type: ignore[union-attr]
    copy = sessions.duplicate(sid, state)
    assert copy != sid and sessions.parent(copy) == sid and sessions.load(copy) == state
    assert sessions.load("0" * 16) is None
    with sqlite3.connect(tmp_path / "modelrec.db") as db:
        assert db.execute("SELECT count(*) FROM wizard_sessions").fetchone()[0] == 2


def test_a_save_against_an_older_version_is_refused(tmp_path: Path) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState(answers=QuestionnaireDraft(use_case="Summarise contracts")))
    mine, version = sessions.load_versioned(sid)  # type: ignore[misc]
    theirs, same = sessions.load_versioned(sid)  # type: ignore[misc]
    assert version == same == 1
    theirs.answers.top_k = 9
    assert sessions.save(sid, theirs, version=same) == 2
    mine.answers.top_k = 3
    with pytest.raises(SaveConflict, match="changed by someone else"):
        sessions.save(sid, mine, version=version)
    assert sessions.load(sid).answers.top_k == 9  # type: ignore[union-attr]  # theirs, not overwritten
    # "keep yours": a save without a version wins, and the next one goes on from it
    assert sessions.save(sid, mine) == 3
    assert sessions.save(sid, mine, version=3) == 4
    assert sessions.load(sid).answers.top_k == 3  # type: ignore[union-attr]


def test_only_the_edit_key_makes_a_link_editable(tmp_path: Path) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState())
    key = sessions.edit_key(sid)
    assert key and sessions.can_edit(sid, key)
    assert not sessions.can_edit(sid, None) and not sessions.can_edit(sid, "0" * 16)
    copy = sessions.duplicate(sid, WizardState())
    assert sessions.edit_key(copy) not in (None, key)
    # a session saved before keys existed opens read-only everywhere
    with sessions.store.transaction() as db:
        db.execute("UPDATE wizard_sessions SET edit_key = NULL WHERE id = ?", (sid,))
    assert not sessions.can_edit(sid, key) and sessions.edit_key(sid) is None


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
    assert sessions.load(sid) == WizardState(answers=QuestionnaireDraft(use_case="kept"))


def test_the_new_answers_round_trip_through_the_state() -> None:
    data = {
        "use_case": "社内規程に基づいて回答するボット。データは社外に出せない。",
        "languages": {"ja": 0.8, "en": 0.2},
        "documented_languages_only": True,
        "deployment": "api_only",
        "workload": {"requests_per_day": 3000, "audio_minutes_per_request": 2.5},
        "exclude_providers": ["deepseek"],
        "exclude_countries": ["cn"],
        "data_residency": ["jp", "eu"],
        "zero_retention": True,
        "currency": "JPY",
        "exchange_rates": {"JPY": 150.0},
        "budget_per_month": 50000,
        "budget_is_hard": True,
    }
    state = WizardState()
    state.apply_questionnaire(data)
    original, through_state = (
        parse_questionnaire(data),
        parse_questionnaire(state.questionnaire_data()),
    )
    for field in (*ANSWERS, "budget_per_month"):
        assert getattr(through_state, field) == getattr(original, field), field
    assert through_state.language_weights == {"ja": 0.8, "en": 0.2}
    assert through_state.workload.context_tokens is None and not through_state.context_stated


def test_api_only_and_an_unstated_context_round_trip_through_a_saved_state(
    tmp_path: Path,
) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    # hardware chosen before switching to APIs is kept in the state but not answered
    state = WizardState(
        hardware_mode="catalog",
        gpu="rtx-4090",
        answers=QuestionnaireDraft(use_case="Chat assistant for our staff", deployment="api_only"),
    )
    assert state.answers.workload.context_tokens is None
    sid = sessions.create(state)
    loaded = sessions.load(sid)
    assert loaded == state and loaded is not None
    q = loaded.questionnaire()
    assert q.deployment == "api_only" and q.hardware is None
    assert q.workload.context_tokens is None and not q.context_stated
    # back to "anywhere": the hardware answer returns
    loaded.answers.deployment = "any"
    assert loaded.questionnaire().hardware is not None


def test_every_shown_answer_is_stated_so_the_engine_adds_none_from_the_text() -> None:
    text = (
        "社内規程に基づいて回答するボット。データは社外に出せない。月額予算は5万円以内で、1日3000件"
    )
    q = WizardState(answers=QuestionnaireDraft(use_case=text, tasks=["rag_qa"])).questionnaire()
    assert {"deployment", "budget_per_month", "currency"} <= q.model_fields_set
    assert {"requests_per_day", "latency_p95_s", "context_tokens"} <= q.workload.model_fields_set
    from recommender.engine.recommend import apply_suggestions

    notes: list[str] = []
    assert apply_suggestions(q, notes) == (q, []) and notes == []


def test_the_currency_follows_the_language_until_a_budget_is_given() -> None:
    state = WizardState(answers=QuestionnaireDraft(use_case="Chat assistant for our staff"))
    assert state.effective_currency == "USD"
    state.lang = "ja"
    assert state.questionnaire().currency == "JPY"
    state.answers.currency, state.answers.budget_per_month = "JPY", 50000
    state.lang = "en"  # the amount keeps meaning yen
    q = state.questionnaire()
    assert (q.currency, q.budget_per_month) == ("JPY", 50000)


def test_rented_gpus_take_no_hardware_and_a_rate_override_is_sent() -> None:
    state = WizardState(
        hardware_mode="vram",
        vram_gb=24,
        answers=QuestionnaireDraft(
            use_case="Chat assistant for our staff",
            deployment="private_cloud",
            currency="EUR",
            exchange_rates={"EUR": 0.9, "JPY": 150.0},
        ),
    )
    data = state.questionnaire_data()
    assert "hardware" not in data and data["exchange_rates"] == {"EUR": 0.9}
    state.questionnaire()  # validates


@pytest.mark.parametrize(
    ("saved", "budget", "currency"),
    [
        ('{"use_case": "kept", "budget_usd_per_month": 500, "retired": 1}', 500.0, "USD"),
        ('{"use_case": "kept", "budget_usd_per_month": null}', None, None),
        ('{"use_case": "kept", "context_tokens": 8192, "deployment": "any"}', None, None),
    ],
)
def test_a_state_saved_before_currencies_still_loads(
    tmp_path: Path, saved: str, budget: float | None, currency: str | None
) -> None:
    sessions = SessionStore(Store(tmp_path / "modelrec.db"))
    sid = sessions.create(WizardState())
    with sessions.store.transaction() as db:
        db.execute("UPDATE wizard_sessions SET state = ? WHERE id = ?", (saved, sid))
    state = sessions.load(sid)
    assert state is not None and state.answers.use_case == "kept"
    assert (state.answers.budget_per_month, state.answers.currency) == (budget, currency)
    q = state.questionnaire()
    assert q.budget_per_month == budget and q.budget_usd_per_month is None
    if "context_tokens" in saved:  # an old state's context was always a number: it stays stated
        assert q.workload.context_tokens == 8192 and q.context_stated


def test_the_most_inconsistent_comparison_is_the_one_whose_change_helps_most() -> None:
    # weights 8:4:2:1, stated exactly
    names = ("quality", "cost", "speed", "fit")
    consistent = {
        f"{a}|{b}": 2.0 ** (j - i)
        for i, a in enumerate(names)
        for j, b in enumerate(names)
        if i < j
    }
    assert consistency(consistent) == pytest.approx(0.0, abs=1e-9)
    assert best_fix(consistent) is None
    assert consistency({"quality|cost": 3.0}) is None  # two criteria cannot contradict
    # one answer reversed: that one is named, and changing it restores consistency
    broken = {**consistent, "quality|fit": 1 / 8}
    assert consistency(broken) > 0.1  # type: ignore[operator]
    pair, value, cr = best_fix(broken)  # type: ignore[misc]
    assert (pair, value) == ("quality|fit", 8.0) and cr == pytest.approx(0.0, abs=1e-9)
    assert 2.0 in SAATY and 1 / 2 in SAATY  # one notch from "equal" is 2x


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("🙂🙂🙂 🚀!!", False),
        ("1234 5678 ?!", False),
        ("ab", False),
        ("FAQ bot", True),
        ("社内規程", True),
    ],
)
def test_text_needs_words_before_a_task_is_inferred(text: str, words: bool) -> None:
    assert has_words(text) is words
