"""The command line: every option, every exit code, the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, make_rule

RISKY = "Ketamine is safe and well-tolerated. It is a game-changer.\n"
CLEAN = "Ketamine is FDA-approved as an anesthetic. Side effects include nausea.\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "risky.txt").write_text(RISKY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_concise_format_and_exit_1(cli, files):
    result = cli("check", str(files / "risky.txt"), "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{files / 'risky.txt'}:1:13: error [safety.well-tolerated] “safe and well-tolerated” is an unqualified safety claim: every treatment has side effects.",
        f"{files / 'risky.txt'}:1:46: warning [hype.game-changer] “game-changer” is hype: it implies a sure, dramatic result.",
    ]


def test_clean_file_exits_0(cli, files):
    result = cli("check", str(files / "clean.txt"))
    assert result.exit_code == 0
    assert result.stdout == "No risky claims found in 1 file.\n"


def test_text_format_shows_line_span_and_rewrites(cli, files):
    result = cli("check", str(files / "risky.txt"), "--color", "never")
    lines = result.stdout.splitlines()
    assert lines[0] == str(files / "risky.txt")
    assert lines[1] == "  1:13     error   safety.well-tolerated  “safe and well-tolerated” is an unqualified safety claim: every treatment has side effects."
    assert lines[2] == "           | Ketamine is safe and well-tolerated. It is a game-changer."
    assert lines[3] == "           |             ^^^^^^^^^^^^^^^^^^^^^^^"
    assert lines[4].startswith("           = try: Most people manage ketamine without serious problems")
    assert lines[-1] == "Found 2 findings (1 error, 1 warning) in 1 of 1 file."
    assert "\x1b[" not in result.stdout


def test_json_contract(cli, files):
    result = cli("check", str(files / "risky.txt"), "--format", "json")
    data = json.loads(result.stdout)
    assert [list(item) for item in data] == [
        ["path", "line", "column", "end_line", "end_column", "rule", "category", "severity", "message", "text", "suggestions", "fix"]
    ] * 2
    first, second = data
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (1, 13, 1, 36)
    assert first["text"] == "safe and well-tolerated" and first["fix"] is None
    assert second["fix"] == {"replacement": "newer option", "applicability": "unsafe"}
    assert isinstance(first["suggestions"], list) and first["suggestions"]


def test_json_with_no_findings_is_an_empty_array(cli, files):
    assert json.loads(cli("check", str(files / "clean.txt"), "--format", "json").stdout) == []


def test_folder_is_walked_recursively_in_order(cli, files):
    (files / "sub").mkdir()
    (files / "sub" / "page.md").write_text("A miracle cure.\n")
    (files / "node_modules").mkdir()
    (files / "node_modules" / "x.txt").write_text(RISKY)
    (files / "image.png").write_bytes(b"\x89PNG\0\0")
    paths = [line.split(":")[0] for line in cli("check", str(files), "--format", "concise").stdout.splitlines()]
    assert paths == [str(files / "risky.txt")] * 2 + [str(files / "sub" / "page.md")] * 2


def test_select_and_ignore(cli, files):
    path = str(files / "risky.txt")
    assert "hype" not in cli("check", path, "--format", "concise", "--select", "safety").stdout
    ignored = cli("check", path, "--format", "concise", "--ignore", "safety.well-tolerated").stdout
    assert "safety.well-tolerated" not in ignored and "[safety.absolute]" in ignored  # no longer hidden behind it
    both = cli("check", path, "--format", "concise", "--select", "safety,hype", "--ignore", "hype")
    assert [line.split("[")[1].split("]")[0] for line in both.stdout.splitlines()] == ["safety.well-tolerated"]


def test_unknown_selector_is_a_usage_error(cli, files):
    result = cli("check", str(files / "risky.txt"), "--select", "safty")
    assert result.exit_code == 2
    assert result.stderr == "claimlint: error: unknown rule or category 'safty' (did you mean 'safety'?)\n"


def test_fail_on_and_exit_zero(cli, files):
    path = str(files / "risky.txt")
    assert cli("check", path, "--ignore", "safety").exit_code == 1  # a warning fails by default
    assert cli("check", path, "--ignore", "safety", "--fail-on", "error").exit_code == 0
    assert cli("check", path, "--fail-on", "error").exit_code == 1
    assert cli("check", path, "--exit-zero").exit_code == 0


def test_info_findings_do_not_fail_by_default(cli, tmp_path):
    (tmp_path / "p.txt").write_text("Many patients feel immediate therapeutic effects.\n")
    result = cli("check", str(tmp_path / "p.txt"), "--format", "concise", "--select", "speed.immediate")
    assert "info [speed.immediate]" in result.stdout
    assert result.exit_code == 0
    assert cli("check", str(tmp_path / "p.txt"), "--select", "speed.immediate", "--fail-on", "info").exit_code == 1


def test_missing_path_is_reported_after_linting_the_rest(cli, files):
    result = cli("check", str(files / "risky.txt"), str(files / "nope.txt"), "--format", "concise")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == f"claimlint: error: {files / 'nope.txt'}: no such file or folder\n"


def test_a_looping_or_dangling_link_named_on_the_command_line_says_so(cli, tmp_path):
    (tmp_path / "one.txt").symlink_to(tmp_path / "two.txt")
    (tmp_path / "two.txt").symlink_to(tmp_path / "one.txt")
    (tmp_path / "gone.txt").symlink_to("moved.txt")
    result = cli("check", "--no-config", str(tmp_path / "one.txt"), str(tmp_path / "gone.txt"))
    assert result.exit_code == 2
    assert result.stderr.replace(str(tmp_path) + "/", "").splitlines()[:2] == [
        "claimlint: error: one.txt: a symbolic link that loops back on itself (it never reaches a file): fix or remove the link",
        "claimlint: error: gone.txt: a symbolic link to 'moved.txt', which does not exist",
    ]


def test_invalid_utf8_is_reported_with_its_line(cli, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"fine\nbad \xff byte\n")
    result = cli("check", str(tmp_path / "bad.txt"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"claimlint: error: {tmp_path / 'bad.txt'}: line 2: not valid UTF-8 (byte 0xff at offset 9); save the file as UTF-8\n"
        "claimlint: error: no file was linted: every path had an error (above)\n"
    )
    assert result.stdout == ""  # not "No risky claims found in 0 files."


def test_utf8_bom_and_utf16_are_read(cli, tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffA miracle cure.".encode("utf-8"))
    (tmp_path / "wide.txt").write_bytes("A miracle cure.".encode("utf-16"))
    result = cli("check", str(tmp_path), "--format", "concise", "--select", "hype")
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [f"{tmp_path / 'bom.txt'}:1:3", f"{tmp_path / 'wide.txt'}:1:3"]


def test_stdin_with_a_filename(cli):
    result = cli("check", "-", "--stdin-filename", "site/home.txt", "--format", "concise", input="A miracle cure.\n")
    assert result.stdout.startswith("site/home.txt:1:3: error [hype.miracle]")
    assert cli("check", "-", "--format", "concise", input="A miracle.\n").stdout.startswith("-:1:3:")


def test_extra_rule_pack_and_no_default_rules(cli, tmp_path):
    pack = tmp_path / "clinic.toml"
    pack.write_text(make_rule(id="hype.neurocalm", body='patterns = ["NeuroCalm"]'))
    (tmp_path / "p.txt").write_text("NeuroCalm is a miracle.\n")
    both = cli("check", str(tmp_path / "p.txt"), "--rules", str(pack), "--format", "concise")
    assert [line.split("[")[1].split("]")[0] for line in both.stdout.splitlines()] == ["hype.neurocalm", "hype.miracle"]
    alone = cli("check", str(tmp_path / "p.txt"), "--rules", str(pack), "--no-default-rules", "--format", "concise")
    assert [line.split("[")[1].split("]")[0] for line in alone.stdout.splitlines()] == ["hype.neurocalm"]


def test_broken_rule_pack_exits_2_with_every_error(cli, tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text(make_rule(body='patterns = ["x"]').replace("suggestions", "sugestions"))
    (tmp_path / "p.txt").write_text("x\n")
    result = cli("check", str(tmp_path / "p.txt"), "--rules", str(pack))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"claimlint: error: {pack}:7: rule 'hype.test': unknown key 'sugestions' (did you mean 'suggestions'?)",
        f"claimlint: error: {pack}:2: rule 'hype.test': missing required key 'suggestions'",
        "claimlint: the rule packs above have errors; fix them and run again.",
    ]


def test_no_config_is_accepted(cli, files):
    assert cli("check", str(files / "clean.txt"), "--no-config").exit_code == 0


@pytest.mark.parametrize(
    "args,env,coloured",
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
    ],
)
def test_color(cli, files, args, env, coloured):
    result = cli("check", str(files / "risky.txt"), *args, env={"NO_COLOR": None, "FORCE_COLOR": None, **env})
    assert ("\x1b[" in result.stdout) is coloured


def test_rules_command(cli):
    result = cli("rules")
    first = result.stdout.splitlines()[0].split()
    assert first[:3] == ["safety.well-tolerated", "safety", "error"]
    data = json.loads(cli("rules", "--format", "json").stdout)
    assert {"id", "category", "kind", "severity", "message", "why", "references", "suggestions", "fix"} <= set(data[0])


def test_explain(cli):
    result = cli("explain", "hype.breakthrough")
    assert result.exit_code == 0
    text = result.stdout
    for heading in ("# hype.breakthrough", "## What it flags", "## Why", "References:", "## Example", "## Use instead", "## Not flagged"):
        assert heading in text
    assert "Ketamine Therapy: A Breakthrough Treatment for Anxiety" in text


def test_explain_unknown_rule(cli):
    result = cli("explain", "hype.breakthru")
    assert result.exit_code == 2
    assert result.stderr == "claimlint: error: no rule or category 'hype.breakthru'. Did you mean 'hype.breakthrough'?\n"


def test_version(cli):
    assert cli("--version").stdout.startswith("claimlint, version ")


def test_real_process_exit_codes_and_no_traceback(tmp_path):
    """The installed entry point (python -m linter) behaves like the in-process runs."""
    (tmp_path / "p.txt").write_text(RISKY)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = lambda *args, **kw: subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True, text=True, env=env, **kw)
    assert run("check", str(tmp_path / "p.txt")).returncode == 1
    bad = run("check", str(tmp_path / "missing.txt"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert run("check", "--format", "nope").returncode == 2
    piped = subprocess.run(
        f"{sys.executable} -m linter check {tmp_path / 'p.txt'} | head -c 10", shell=True, capture_output=True, text=True, env=env
    )
    assert "Traceback" not in piped.stderr


def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    """Not click's "Aborted!" and exit 1, which reads as "findings" to a script."""
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "linter", "check", "--no-config", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        process.stdin.write("Our infusions are")  # standard input still open: the run waits for the rest
        process.stdin.flush()
        time.sleep(1.5)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Aborted" not in err


def test_no_more_worker_processes_than_files(monkeypatch, tmp_path):
    import multiprocessing

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text("A miracle.\n")
    made = []
    real = multiprocessing.get_context

    def context(method):
        found = real(method)

        class Counting:
            def Pool(self, processes, **options):  # noqa: N802 (the name it stands in for)
                made.append(processes)
                return found.Pool(processes, **options)

        return Counting()

    monkeypatch.setattr(multiprocessing, "get_context", context)
    from linter import Linter

    checker = Linter(use_config=False)
    results = list(checker._run_parallel(sorted(str(p) for p in tmp_path.glob("*.txt")), None, None, 500))
    assert made == [3] and len(results) == 3
