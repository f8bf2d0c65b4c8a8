"""The CLI never shows a traceback: user errors print their message; a bug prints one line and a log path."""

from __future__ import annotations

import sys

import pytest

from analysis import cli, paths


def _main(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["brief", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    return exited.value.code


def test_an_unexpected_error_prints_one_line_and_saves_the_traceback(project, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise KeyError("planted bug")

    monkeypatch.setattr("analysis.parameters.load_parameters", broken)
    assert _main(monkeypatch, "run") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith("error: unexpected KeyError: 'planted bug' (a bug in the brief, not in your input); "
                           "full traceback saved in build/logs/error-")
    (saved,) = paths.error_logs_dir().glob("error-*.txt")
    assert line.endswith(paths.display_path(saved))
    text = saved.read_text()
    assert text.startswith("command: brief run\n")
    assert "Traceback (most recent call last)" in text and "KeyError: 'planted bug'" in text


def test_a_user_error_prints_its_message_without_a_log(project, monkeypatch, capsys):
    assert _main(monkeypatch, "run", "-p", "no_such_parameter=1") == 1
    err = capsys.readouterr().err
    assert "no_such_parameter" in err and "Traceback" not in err
    assert not paths.error_logs_dir().exists()


def test_a_step_failure_names_its_files_and_keeps_the_cause_in_a_log(project, monkeypatch, capsys):
    """A step that breaks on data its schema let through: the message names the files; the cause is logged."""
    from analysis import provenance
    from test_bad_input import _replace_line, restamp

    snapshot = provenance.find_snapshot("market_size")
    restamp(snapshot, _replace_line(3, "China,2022,", "China,twenty-two,")(snapshot.path.read_bytes()))
    monkeypatch.setattr("analysis.execute.check_notebook_parameters", lambda notebooks: {})
    assert _main(monkeypatch, "run", "--no-render", "--no-progress") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Processing step market_size failed on data/raw/market_size/" in err
    assert "cannot read the period 'twenty-two'" in err
    (saved,) = paths.error_logs_dir().glob("error-*.txt")
    assert f"(the full traceback is in {paths.display_path(saved)})" in err
    assert "ValueError: market_size.csv: cannot read the period" in saved.read_text()
