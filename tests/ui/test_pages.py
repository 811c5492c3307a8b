"""Every page of the wizard through streamlit's AppTest: inputs, validation messages next to
their fields (in both languages), navigation, and state restored from the id in the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.sessions import SessionStore
from ui.state import WizardState

JA_TEXT = "日本語の顧客問い合わせに答えるサポートボット。社内FAQとマニュアルを参照して回答する。"


def state_of(at: AppTest) -> WizardState:
    state = at.session_state["_state"]
    assert isinstance(state, WizardState)
    return state


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def next_page(at: AppTest) -> AppTest:
    return at.button(key="nav_next").click().run()


def header(at: AppTest) -> str:
    return str(at.header[0].value)


def test_first_page_gets_an_id_in_the_url_and_is_saved(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert header(app) == "1. Use case"
    sid = app.query_params["s"]
    assert app.query_params["p"] == "use_case"
    assert SessionStore().load(sid) == WizardState()
    labels = [b.label for b in app.button]
    assert "Start over" in labels and "Duplicate" in labels
    assert "Japanese support bot on one RTX 4090" in labels  # examples to start from


def test_use_case_too_short_is_shown_next_to_the_field_in_both_languages(app: AppTest) -> None:
    app.run()
    app.text_area(key="w_use_case").input("ok")
    next_page(app)
    assert header(app) == "1. Use case"
    assert errors(app) == ["use_case: write at least 3 characters"]
    app.radio(key="w_lang").set_value("ja").run()
    assert header(app) == "1. ユースケース"
    assert errors(app) == ["use_case：3 文字以上入力してください"]
    assert app.button(key="nav_next").label == "次へ →"


def test_inference_fills_editable_tasks_and_languages(app: AppTest) -> None:
    app.run()
    app.text_area(key="w_use_case").input(JA_TEXT)
    app.button(key="analyse").click().run()
    state = state_of(app)
    assert state.analysed_text == JA_TEXT
    assert state.tasks and set(state.tasks) <= {"customer_support", "rag_qa"}
    assert state.languages == ["ja"]
    assert app.multiselect(key="w_tasks").value == state.tasks
    # the user overrides the inference; the choice is kept
    app.multiselect(key="w_tasks").set_value(["summarization"]).run()
    next_page(app)
    assert header(app) == "2. Constraints"
    assert state_of(app).tasks == ["summarization"]


def test_constraints_errors_name_their_fields(app: AppTest) -> None:
    app.run()
    app.text_area(key="w_use_case").input("Summarise meeting notes offline")
    app.multiselect(key="w_tasks").set_value(["summarization"]).run()
    next_page(app)
    assert header(app) == "2. Constraints"
    app.radio(key="w_deployment").set_value("on_prem").run()
    next_page(app)
    assert header(app) == "2. Constraints"
    assert errors(app) == [
        "hardware: on your own hardware needs hardware: choose GPUs from the catalogue, give "
        "the VRAM, or CPU-only with the RAM"
    ]
    app.radio(key="w_hardware_mode").set_value("cpu").run()
    next_page(app)
    assert errors(app) == ["hardware.ram_gb: CPU-only needs the machine's RAM in GB"]
    app.number_input(key="w_ram_gb").set_value(32.0).run()
    app.checkbox(key="w_budget_is_hard").check().run()
    next_page(app)
    assert errors(app) == ["budget_per_month: a hard budget limit needs a monthly budget"]
    app.radio(key="w_lang").set_value("ja").run()
    assert errors(app) == ["budget_per_month：予算を上限として扱うには月額予算を入力してください"]
    app.radio(key="w_lang").set_value("en").run()
    app.number_input(key="w_budget_per_month").set_value(500.0).run()
    next_page(app)
    assert header(app) == "3. Priorities"
    data = state_of(app).questionnaire_data()
    assert data["hardware"] == {"cpu_only": True, "ram_gb": 32.0}
    assert data["budget_per_month"] == 500.0 and data["budget_is_hard"] is True
    assert data["currency"] == "USD"


def test_catalogue_gpu_and_detect_this_machine(app: AppTest) -> None:
    app.run()
    app.text_area(key="w_use_case").input("Chat assistant for our staff")
    app.multiselect(key="w_tasks").set_value(["chat_assistant"]).run()
    next_page(app)
    app.radio(key="w_hardware_mode").set_value("catalog").run()
    next_page(app)
    assert errors(app) == ["hardware.gpus: choose a GPU from the catalogue"]
    app.selectbox(key="w_gpu").set_value("rtx-4090").run()
    app.number_input(key="w_gpu_count").set_value(2).run()
    assert state_of(app).hardware_data() == {"gpus": [{"name": "rtx-4090", "count": 2}]}
    app.button(key="detect").click().run()
    state = state_of(app)
    # no GPU here: CPU-only with this machine's RAM
    assert state.hardware_mode == "cpu" and state.ram_gb and state.ram_gb > 0
    assert any("RAM" in i.value for i in app.info)


def go_to_priorities(app: AppTest) -> None:
    app.run()
    app.text_area(key="w_use_case").input("Chat assistant for our staff")
    app.multiselect(key="w_tasks").set_value(["chat_assistant"]).run()
    next_page(app)
    next_page(app)
    assert header(app) == "3. Priorities"


def test_priorities_presets_sliders_and_all_zero(app: AppTest) -> None:
    go_to_priorities(app)
    app.selectbox(key="w_preset").set_value("cost_first").run()
    assert app.slider(key="w_imp_cost").value == 5
    assert state_of(app).importance["cost"] == 5
    for name in state_of(app).importance:
        app.slider(key=f"w_imp_{name}").set_value(0)
    app.run()
    next_page(app)
    assert header(app) == "3. Priorities"
    assert errors(app) == [
        "priorities: every importance is 0: give at least one criterion an importance above 0"
    ]
    app.slider(key="w_imp_quality").set_value(3).run()
    next_page(app)
    assert header(app) == "4. Shortlist"


def test_pairwise_comparison_shows_its_consistency(app: AppTest) -> None:
    go_to_priorities(app)
    app.toggle(key="w_use_pairwise").set_value(True).run()
    # quality 3x cost, cost 3x speed, but speed 9x quality: a contradiction
    app.select_slider(key="w_pair_quality|cost").set_value(3.0)
    app.select_slider(key="w_pair_cost|speed").set_value(3.0)
    app.select_slider(key="w_pair_quality|speed").set_value(1 / 9).run()
    assert any("contradict" in e for e in errors(app))
    app.select_slider(key="w_pair_quality|speed").set_value(9.0).run()
    assert any("Consistent" in s.value for s in app.success)
    next_page(app)
    assert header(app) == "4. Shortlist"
    assert state_of(app).questionnaire_data()["pairwise"]


def run_example(app: AppTest, example: str) -> None:
    app.run()
    app.button(key=f"example_{example}").click().run()
    for _ in range(3):
        next_page(app)
    assert header(app) == "4. Shortlist", errors(app)


def test_shortlist_from_an_example(app: AppTest) -> None:
    run_example(app, "ja_support_onprem")
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == 5 and list(table["Rank"]) == [1, 2, 3, 4, 5]
    assert set(table["Licence"].str.split(" ").str[0]) <= {"allowed", "conditions"}
    assert all("RTX 4090" in fit for fit in table["Runs on"])
    assert len(app.get("vega_lite_chart")) == 3  # contributions, quality-cost, heat map
    # why not: search the excluded list
    app.text_input(key="whynot_query").input("gpt-4o").run()
    excluded = app.dataframe[-1].value
    assert len(excluded) >= 1 and all("gpt-4o" in m for m in excluded["Model"])
    assert any("data must stay on your own hardware" in r for r in excluded["Reasons"])


def test_moving_a_weight_changes_the_ranks(app: AppTest) -> None:
    run_example(app, "code_assistant_api")
    app.selectbox(key="sens_criterion").set_value("cost").run()
    app.slider(key="sens_weight_cost").set_value(1.0).run()
    moved = app.dataframe[1].value
    assert list(moved["Rank"]) == list(range(1, len(moved) + 1))
    assert any(moved["Change"] != "=")  # all weight on cost reorders the list


def test_state_is_restored_from_the_id_in_the_url(app: AppTest) -> None:
    run_example(app, "cpu_laptop")
    sid = app.query_params["s"]
    assert app.query_params["p"] == "shortlist"
    first = app.dataframe[0].value
    # a refresh or a shared link: a new tab with the same URL
    again = AppTest.from_file(app._script_path, default_timeout=240)
    again.query_params["s"] = sid
    again.run()
    assert header(again) == "4. Shortlist"
    assert state_of(again) == state_of(app)
    assert again.dataframe[0].value.equals(first)
    # a shared link to an earlier page opens that page with the answers kept
    earlier = AppTest.from_file(app._script_path, default_timeout=240)
    earlier.query_params["s"] = sid
    earlier.query_params["p"] = "constraints"
    earlier.run()
    assert header(earlier) == "2. Constraints"
    assert earlier.radio(key="w_hardware_mode").value == "cpu"
    assert earlier.number_input(key="w_ram_gb").value == 32.0


def test_unknown_id_starts_a_new_session_and_says_so(app: AppTest) -> None:
    app.query_params["s"] = "0123456789abcdef"
    app.run()
    assert app.query_params["s"] != "0123456789abcdef"
    assert any("0123456789abcdef" in i.value for i in app.info)


def test_start_over_and_duplicate(app: AppTest) -> None:
    app.run()
    app.button(key="example_cpu_laptop").click().run()
    first = app.query_params["s"]
    app.button(key="duplicate").click().run()
    copy = app.query_params["s"]
    assert copy != first and state_of(app).use_case.startswith("Summarise meeting notes")
    assert SessionStore().parent(copy) == first
    app.text_area(key="w_use_case").input("Something else entirely").run()
    assert SessionStore().load(first).use_case.startswith("Summarise")  # type: ignore[union-attr]
    app.radio(key="w_lang").set_value("ja").run()
    app.button(key="start_over").click().run()
    assert app.query_params["s"] not in (first, copy)
    assert state_of(app) == WizardState(lang="ja")
    assert app.text_area(key="w_use_case").value == ""


def test_shortlist_blocked_by_invalid_answers_links_to_the_page(app: AppTest) -> None:
    sessions = SessionStore()
    broken = WizardState(use_case="Chat for staff", deployment="on_prem", step=4, reached=4)
    sid = sessions.create(broken)
    app.query_params["s"] = sid
    app.run()
    assert header(app) == "4. Shortlist"
    assert any("fixing" in e for e in errors(app))
    app.button(key="go_fix").click().run()
    assert header(app) == "2. Constraints"
    assert errors(app)[0].startswith("hardware:")


@pytest.mark.parametrize("page", ["validate", "report"])
def test_later_pages_render_in_both_languages(app: AppTest, page: str) -> None:
    sid = SessionStore().create(WizardState(use_case="Chat for staff", reached=6))
    app.query_params["s"] = sid
    app.query_params["p"] = page
    app.run()
    assert not app.exception
    assert header(app).startswith("5." if page == "validate" else "6.")
    app.radio(key="w_lang").set_value("ja").run()
    assert not app.exception
    assert header(app) in ("5. 検証", "6. レポート")


def test_validate_asks_for_models_and_prompts(app: AppTest) -> None:
    run_example(app, "cpu_laptop")
    next_page(app)
    assert header(app) == "5. Validate"
    # the suite of the use case's task is preselected
    assert app.selectbox(key="w_validation_suite").value == "summarization"
    app.selectbox(key="w_validation_suite").set_value(None).run()
    app.button(key="run_validation").click().run()
    assert errors(app) == [
        "Choose at least one model or give a local folder.",
        "Choose a prompt suite or upload prompts.",
    ]
    assert any("No validation run yet" in i.value for i in app.info)


@pytest.mark.slow
def test_validation_runs_a_real_tiny_model_and_reranks(app: AppTest, tmp_path: Path) -> None:
    from recommender.report import render
    from recommender.validation import build_tiny_model

    tiny = build_tiny_model(tmp_path / "tiny", seed=1)
    run_example(app, "ja_support_onprem")
    next_page(app)
    # a local folder standing for a shortlisted-or-not knowledge-base model
    app.text_area(key="w_validation_paths").input(f"qwen3-4b={tiny}").run()
    app.selectbox(key="w_validation_suite").set_value("customer_support").run()
    app.button(key="run_validation").click().run()
    assert not app.exception and errors(app) == []
    results = app.dataframe[0].value
    assert list(results["Model"]) == ["qwen3-4b"]
    assert results["Status"][0] == "completed"
    assert float(results["Decode (tokens/s)"][0]) > 0
    # random weights fail the checks: measured quality 0 sends the model down the ranking
    moved = app.dataframe[-1].value
    row = moved[moved["Model"] == "Qwen3 4B"].iloc[0]
    assert row["Rank after"] > row["Rank before"] and row["Change"].startswith("▼")
    assert "Quality" in row["Measured values that changed"]
    saved = SessionStore().load(app.query_params["s"])
    assert saved is not None and saved.validation_result is not None
    next_page(app)
    assert header(app) == "6. Report"
    assert [b.label for b in app.get("download_button")] == [
        "Download Markdown",
        "Download HTML",
        "Download PDF",
        "Download JSON",
    ]
    record = app.session_state["_decision_record"][1]
    assert record.validation is not None
    markdown = render(record, "md", lang="en").decode()
    assert "qwen3-4b" in markdown
    assert any("Model selection: decision report" in m.value for m in app.markdown)


def test_report_preview_follows_the_language(app: AppTest) -> None:
    run_example(app, "code_assistant_api")
    next_page(app)
    next_page(app)
    assert header(app) == "6. Report"
    assert any(m.value.startswith("# Model selection") for m in app.markdown)
    app.radio(key="w_lang").set_value("ja").run()
    assert header(app) == "6. レポート"
    assert next(b.label for b in app.get("download_button")) == "Markdown をダウンロード"
    assert not any(m.value.startswith("# Model selection") for m in app.markdown)


def test_a_rerun_before_the_id_reached_the_url_keeps_the_session(app: AppTest) -> None:
    # typing can interrupt the very first run before the browser's URL carries the id
    app.run()
    sid = app.query_params["s"]
    app.query_params.clear()
    app.text_area(key="w_use_case").input("Translate support emails").run()
    assert app.query_params["s"] == sid
    assert state_of(app).use_case == "Translate support emails"
    assert SessionStore().load(sid).use_case == "Translate support emails"  # type: ignore[union-attr]


def test_browser_back_and_forward_follow_the_page_in_the_url(app: AppTest) -> None:
    run_example(app, "cpu_laptop")
    # the browser's back button restores the previous URL, then streamlit reruns
    app.query_params["p"] = "priorities"
    app.run()
    assert header(app) == "3. Priorities"
    app.query_params["p"] = "shortlist"
    app.run()
    assert header(app) == "4. Shortlist"
    # a page not reached yet is not skipped to
    app.query_params["p"] = "report"
    app.run()
    assert header(app) == "4. Shortlist" and app.query_params["p"] == "shortlist"


def test_sidebar_moves_between_reached_pages(app: AppTest) -> None:
    run_example(app, "cpu_laptop")
    assert app.button(key="goto_report").disabled and not app.button(key="goto_use_case").disabled
    app.button(key="goto_constraints").click().run()
    assert header(app) == "2. Constraints" and app.query_params["p"] == "constraints"
    app.run()  # and it stays there on the next run
    assert header(app) == "2. Constraints"


def test_uploaded_prompts_are_kept_for_the_run(app: AppTest) -> None:
    run_example(app, "cpu_laptop")
    next_page(app)
    app.radio(key="w_validation_source").set_value("upload").run()
    line = '{"id": "p1", "prompt": "Summarise: the meeting moved to May.", "language": "en"}\n'
    app.file_uploader(key="validation_upload").upload("my prompts.jsonl", line.encode()).run()
    assert not app.exception
    assert any(c.value == "Using the uploaded prompts: my prompts.jsonl" for c in app.caption)
    state = state_of(app)
    assert state.validation_prompts is not None
    saved = Path(state.validation_prompts)
    assert saved.name == "my_prompts.jsonl" and saved.read_text() == line
    assert saved.parent.name == app.query_params["s"]
