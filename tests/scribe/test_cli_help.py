"""What a new user reads first: `--help` and the log lines, as a subprocess writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scribe.helpers import run

ESC = "\x1b["


@pytest.mark.parametrize("command", [[], ["process"], ["serve"], ["worker"], ["drive", "watch"]])
def test_help_names_values_not_python_types(command: list[str], tmp_path: Path) -> None:
    result = run([*command, "--help"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    for label in ("<bool>", "<list", "<path>", "<int>"):
        assert label not in result.stdout
    assert ESC not in result.stdout


def test_process_help_shows_each_option_with_its_value_name(tmp_path: Path) -> None:
    help_text = run(["process", "--help"], tmp_path).stdout

    for option in ("--json PATH", "--channel CHANNEL", "--email ADDRESS", "--language CODE"):
        assert option in help_text


def test_console_logs_into_a_file_carry_no_colour_codes(tmp_path: Path) -> None:
    # A log format chosen for people, but stderr is a file (a pipe here), as under a supervisor.
    result = run(
        ["process", str(tmp_path / "missing.wav")],
        tmp_path,
        SCRIBE_LOG_FORMAT="console",
        SCRIBE_LOG_LEVEL="debug",
    )

    assert result.returncode == 2
    assert result.stderr.strip()
    assert ESC not in result.stderr
