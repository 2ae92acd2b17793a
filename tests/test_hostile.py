"""Hostile rules, hostile input, hostile files: claimlint keeps working and loses nothing."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linter.sources
from linter import Linter, lint_text, load_rules
from linter.document import Document

from .conftest import make_rule

CATASTROPHIC = make_rule(id="hype.catastrophe", body="patterns = ['re:(a|aa)+$']", examples='flag = ["aaa"]')
NESTED = make_rule(id="hype.nested", body="patterns = ['re:(\\\\w+\\\\s?)*:']", examples='flag = ["a:"]')


def test_a_catastrophic_pattern_is_stopped_reported_once_and_the_rest_runs(cli, tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(CATASTROPHIC + NESTED)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("a" * 40 + "b and a miracle\n")
    result = cli("check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--rules", str(pack), "--no-config", "--format", "concise")
    assert result.exit_code == 2
    assert [line.split(" [")[1].split("]")[0] for line in result.stdout.splitlines()] == ["hype.miracle", "hype.miracle"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("claimlint: error:")]
    assert len(errors) == 1 and "a.txt: rule 'hype.catastrophe'" in errors[0] and "time budget" in errors[0]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("claimlint: warning:")]
    assert len(warnings) == 1 and "rule 'hype.nested'" in warnings[0] and "nested quantifier" in warnings[0]


def test_the_bundled_pack_has_no_nested_quantifier_warning(rules):
    assert rules.warnings == []


def test_a_pack_of_five_thousand_rules_loads_and_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_NO_CACHE", "1")
    pack = tmp_path / "big.toml"
    pack.write_text("".join(make_rule(id=f"hype.word{n}", body=f'patterns = ["wonderword{n}"]') for n in range(5000)))
    started = time.perf_counter()
    rules = load_rules([pack], default=False)
    assert len(rules.rules) == 5000
    findings = lint_text("A wonderword17 and a wonderword4999, but not wonderword99999.", rules=rules)
    assert [f.rule for f in findings] == ["hype.word17", "hype.word4999"]
    print(f"5,000 rules: loaded and run in {time.perf_counter() - started:.1f} s")


@pytest.fixture
def hostile(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.txt").write_text("A miracle.\n")
    (site / "bad-utf8.txt").write_bytes(b"ok\n\xc3\x28 broken\n")
    (site / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff")
    (site / "empty.txt").write_bytes(b"")
    (site / "huge.txt").write_bytes(b"word " * 10_000_001)  # 50 MB on one line
    (site / "deep.html").write_text("<div>" * 10_000 + "A miracle." + "</div>" * 10_000)
    (site / "unclosed.md").write_text("---\ntitle: A miracle\n\n```\nunclosed fence: a miracle\n")
    (site / "loop").mkdir()
    (site / "loop" / "parent").symlink_to(site, target_is_directory=True)
    (site / "self.txt").symlink_to(site / "self.txt")
    os.mkfifo(site / "pipe.txt")
    return site


def test_hostile_files_are_reported_and_the_rest_is_linted(cli, hostile):
    result = cli("check", str(hostile), str(hostile / "missing.txt"), "--no-config", "--format", "concise")
    assert result.exit_code == 2
    linted = sorted({line.split(":")[0].rsplit("/", 1)[1] for line in result.stdout.splitlines()})
    assert linted == ["deep.html", "good.txt", "unclosed.md"]
    errors = "\n".join(line for line in result.stderr.splitlines())
    for name, message in [
        ("bad-utf8.txt", "line 2: not valid UTF-8 (byte 0xc3 at offset 3); save the file as UTF-8"),
        ("binary.txt", "a binary file (it holds NUL bytes), skipped"),
        ("huge.txt", "50.0 MB is larger than the 10 MB limit, skipped (raise it with --max-file-size)"),
        ("self.txt", "cannot read:"),
        ("pipe.txt", "not a regular file (a pipe, socket or device), skipped"),
        ("missing.txt", "no such file or folder"),
    ]:
        assert f"{name}: {message}" in errors, name
    assert "empty.txt" not in errors
    assert "Traceback" not in result.stderr


def test_unclosed_markdown_is_read_as_its_readers_see_it():
    findings = lint_text("---\ntitle: A miracle\n\n```\nunclosed fence: a miracle\n", path="a.md", select=["hype"])
    assert [(f.line, f.text) for f in findings] == [(2, "miracle")]  # no front matter without its closing line; the fence runs on


def test_an_unreadable_file_and_one_deleted_before_reading(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("A miracle.\n")
    real_open = open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(linter.sources, "open", refuse, raising=False)
    checker = Linter(use_config=False)
    (error,) = list(checker.run([tmp_path / "locked.txt"]))
    assert str(error) == f"{tmp_path / 'locked.txt'}: cannot read: permission denied: make it readable by the user running claimlint"
    gone = checker._check_item(str(tmp_path / "deleted.txt"), None, None)  # listed, then deleted
    assert str(gone) == f"{tmp_path / 'deleted.txt'}: cannot read: not found"


def test_a_file_with_only_nul_bytes_inside_utf16_is_text(tmp_path):
    (tmp_path / "wide.txt").write_bytes("A miracle.".encode("utf-16"))
    assert [f.rule for f in Linter(use_config=False).check(Document("A miracle.", str(tmp_path / "wide.txt"))).findings] == ["hype.miracle"]


ALPHABET = st.characters(codec=None, exclude_categories=()) | st.sampled_from(["\0", "\r", "\n", "\u2028", "\ud800", "😀", "&", "<", "*", "`"])
PHRASES = st.sampled_from([
    "A miracle.", "safe and well-tolerated", "Ketamine relieves anxiety within hours.", "<!-- claimlint-disable -->",
    "---\ntitle: x\n---\n", "\r\n", "&amp;", "<p>", "**", "[link](http://x)",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(ALPHABET, max_size=30) | PHRASES, max_size=10), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_arbitrary_documents_never_raise_and_spans_are_exact(parts, path):
    text = "".join(parts)
    findings = lint_text(text, path=path)
    document = Document(text, path)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert (finding.line, finding.column) == (document.position(finding.start).line, document.position(finding.start).column)
        for encoding in ("utf-32", "utf-16", "utf-8"):
            column = document.column_in(finding.start, encoding)
            assert document.offset_at(finding.line - 1, column, encoding) == finding.start, encoding


SETTINGS_NAMING_A_FILE = ['extend = "{path}"', 'rules = ["{path}"]', '[[shared-text]]\nfiles = ["*"]\npath = "{path}"']


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/dev/stdin"])
@pytest.mark.parametrize("setting", SETTINGS_NAMING_A_FILE)
def test_a_configuration_naming_a_pipe_or_device_is_refused_not_read(tmp_path, setting, target):
    """Reading one would block the run (a pipe nobody writes; the language server's own
    input) or fill memory (/dev/zero). A process of its own, its standard input a pipe."""
    import subprocess
    import sys

    if target == "fifo":
        os.mkfifo(tmp_path / "pack.toml")
        target = str(tmp_path / "pack.toml")
    (tmp_path / "claimlint.toml").write_text(setting.format(path=target) + "\n")
    (tmp_path / "page.txt").write_text("A miracle.\n")
    result = subprocess.run([sys.executable, "-m", "linter", "check", "page.txt", "--exit-zero"], cwd=tmp_path,
                            input="", capture_output=True, text=True)
    assert result.returncode == 2
    assert "not a regular file (a pipe, device or folder): name a .toml file" in result.stderr
    assert "Traceback" not in result.stderr


DEEP_ARRAY = "x = " + "[" * 3000 + "]" * 3000 + "\n"
DOTTED = "a" + ".a" * 100_000 + " = 1\n"  # 200 KB: parsing it needs 24 GB


@pytest.mark.parametrize("text, problem", [
    (DEEP_ARRAY, "arrays or tables nested more than 32 deep"),
    ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "arrays or tables nested more than 32 deep"),
    (DOTTED, "a dotted key of more than 64 parts"),
])
@pytest.mark.parametrize("where", ["configuration", "pack"])
def test_deep_toml_or_a_long_dotted_key_is_refused_before_parsing(cli, tmp_path, monkeypatch, text, problem, where):
    """Exit 2 and a line naming the file, even with --exit-zero; never a RecursionError."""
    monkeypatch.chdir(tmp_path)
    name = "claimlint.toml" if where == "configuration" else "pack.toml"
    (tmp_path / name).write_text("# a hostile file\n" + text)
    args = ("--rules", "pack.toml", "--no-config") if where == "pack" else ()
    result = cli("check", "-", "--exit-zero", *args, input="A miracle.\n")
    assert result.exit_code == 2
    assert (f"claimlint: error: {tmp_path / name if where == 'configuration' else name}:2: invalid TOML: {problem}, "
            "which claimlint does not read (its settings nest four deep at most)") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_toml_nested_as_deep_as_the_limit_is_still_read():
    from linter.toml_reader import MAX_NESTING, loads

    assert loads("x = " + "[" * MAX_NESTING + "]" * MAX_NESTING + '\ns = "[[[[ . . . ]]]]" # [[[[\n')["s"] == "[[[[ . . . ]]]]"


def test_a_vocabulary_expansion_bomb_is_refused_at_its_line(cli, tmp_path):
    """Thirty lines, each naming the line before twice: 2**30 copies of a word."""
    bomb = ['[vocabulary]', 'v0 = ["alpha", "beta"]'] + [f'v{i} = ["{{v{i - 1}}} {{v{i - 1}}}"]' for i in range(1, 30)]
    pack = tmp_path / "pack.toml"
    pack.write_text("\n".join(bomb) + "\n")
    result = cli("check", "-", "--no-config", "--rules", str(pack), "--exit-zero", input="A miracle.\n")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("claimlint: error:")]
    assert errors[0] == (
        f"claimlint: error: {pack}:15: in vocabulary 'v13', entry '{{v12}} {{v12}}': the phrase expands to a "
        "pattern of more than 250,000 characters (a vocabulary that names another several times multiplies "
        "its size): list the phrases it needs instead"
    )


def test_the_bundled_pack_is_far_below_the_expansion_limit(rules):
    from linter.patterns import MAX_PATTERN_CHARACTERS

    longest = max(len(phrase.regex.pattern) for rule in rules.rules for phrase in rule.matcher.patterns)
    assert longest * 5 < MAX_PATTERN_CHARACTERS


@pytest.mark.parametrize("phrase, problem", [
    ("(" * 60 + "word" + ")" * 60, "parentheses nested more than 50 deep"),
    ("re:" + "(?:a" * 5000 + ")" * 5000, "nests groups too deeply to compile"),
])
def test_deeply_nested_phrases_are_a_load_error(cli, tmp_path, phrase, problem):
    pack = tmp_path / "pack.toml"
    pack.write_text(make_rule(id="hype.deep", body=f"patterns = ['{phrase}']"))
    result = cli("check", "-", "--no-config", "--rules", str(pack), input="A miracle.\n")
    assert result.exit_code == 2
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_an_extend_chain_longer_than_sixteen_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for n in range(40):
        (tmp_path / f"c{n}.toml").write_text(f'extend = "c{n + 1}.toml"\n')
    (tmp_path / "claimlint.toml").write_text('extend = "c0.toml"\n')
    result = cli("check", "-", "--exit-zero", input="A miracle.\n")
    assert result.exit_code == 2
    assert (f"claimlint: error: {tmp_path / 'c14.toml'}: extend chains more than 16 configurations: "
            "extend a shared one directly instead of through a chain") in result.stderr.splitlines()


def test_an_oversized_rule_pack_is_refused(cli, tmp_path):
    pack = tmp_path / "huge.toml"
    pack.write_text("# " + "x" * (5 * 1024 * 1024) + "\n")
    result = cli("check", "--no-config", "--rules", str(pack), "-", input="A miracle.\n")
    assert result.exit_code == 2
    assert f"{pack}: cannot read rule pack: 5.0 MB is too large for a configuration or rule pack (the limit is 4 MB)" in result.stderr
