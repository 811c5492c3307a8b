"""`modelrec ui`: the streamlit command it runs is local-only, headless and without usage stats."""

from __future__ import annotations

import pytest

from recommender.cli import main
from recommender.cli.ui import app_path, streamlit_command


def test_command_binds_to_localhost_headless_without_usage_stats() -> None:
    command = streamlit_command(8600)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4] == str(app_path())
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8600"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert app_path().name == "app.py" and app_path().is_file()


def test_bad_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:  # a usage error, like every out-of-range flag
        main(["ui", "--port", "70000"])
    assert exc.value.code == 2
    assert "argument --port: must be at most 65,535, got 70000" in capsys.readouterr().err
