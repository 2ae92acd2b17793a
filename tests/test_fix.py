"""Fixes: the exact bytes written, for every format and encoding; nothing else touched."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import lint_text, load_rules
from linter.fixer import apply_edits, article_for, edits_for, fix_text
from linter.sources import read_source
from linter.writing import ChangedOnDisk, write_fixed

from .conftest import make_rule


def fix_file(cli, tmp_path, name, data: bytes, *args):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("check", str(path), "--no-config", *args)
    return result, path.read_bytes()


def test_unsafe_fixes_need_the_flag(cli, tmp_path):
    data = b"TMS is a game-changer.\n"
    result, written = fix_file(cli, tmp_path, "a.txt", data, "--fix")
    assert written == data and result.exit_code == 1
    assert "[*] 0 fixable with --fix (1 more with --fix --unsafe-fixes)." in result.stdout
    result, written = fix_file(cli, tmp_path, "a.txt", data, "--fix", "--unsafe-fixes")
    assert written == b"TMS is a newer option.\n"
    assert result.exit_code == 0 and "Fixed 1 finding." in result.stdout


def test_safe_fix_applies_with_fix_alone(cli, tmp_path):
    result, written = fix_file(cli, tmp_path, "a.txt", b"It is a revolutionary treatment.\n", "--fix")
    assert written == b"It is a treatment.\n"
    assert result.exit_code == 0


def test_crlf_and_bom_are_kept(cli, tmp_path):
    data = b"\xef\xbb\xbfIntro.\r\n\r\nA revolutionary treatment, a revolutionary therapy.\r\nEnd."
    _, written = fix_file(cli, tmp_path, "a.txt", data, "--fix")
    assert written == b"\xef\xbb\xbfIntro.\r\n\r\nA treatment, a therapy.\r\nEnd."


def test_utf16_is_written_back_as_utf16(cli, tmp_path):
    data = b"\xff\xfe" + "A revolutionary treatment.\n".encode("utf-16-le")
    _, written = fix_file(cli, tmp_path, "a.txt", data, "--fix")
    assert written == b"\xff\xfe" + "A treatment.\n".encode("utf-16-le")


def test_markdown_fixes_touch_prose_only(cli, tmp_path):
    data = b"# A revolutionary treatment\n\nA *revolutionary* therapy, [a revolutionary care](https://x.org/revolutionary-care).\n\n`a revolutionary treatment`\n"
    _, written = fix_file(cli, tmp_path, "a.md", data, "--fix")
    assert written == b"# A treatment\n\nA *revolutionary* therapy, [a care](https://x.org/revolutionary-care).\n\n`a revolutionary treatment`\n"


def test_html_fixes_touch_prose_only_and_escape_replacements(cli, tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(make_rule(id="hype.rd", body='patterns = ["wizardry"]\nfix = { replacement = "R&D", applicability = "safe" }',
                              examples='flag = ["wizardry"]\nfixed = [{ from = "wizardry", to = "R&D" }]'))
    data = b'<p title="a revolutionary treatment">A revolutionary treatment &amp; wizardry.</p>\n<p>A <b>revolutionary</b> therapy.</p>\n'
    _, written = fix_file(cli, tmp_path, "a.html", data, "--fix", "--rules", str(pack))
    assert written == b'<p title="a treatment">A treatment &amp; R&amp;D.</p>\n<p>A <b>revolutionary</b> therapy.</p>\n'


def test_a_claim_running_through_markup_offers_no_fix():
    (finding,) = lint_text("<p>Ketamine is a <b>game</b>-changer.</p>", path="a.html", select=["hype.game-changer"])
    assert finding.fix is None


def test_overlapping_fixes_resolve_deterministically_over_passes(tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(
        make_rule(id="safety.a", body='patterns = ["safe and well tolerated"]\nfix = { replacement = "well tolerated", applicability = "safe" }',
                  examples='flag = ["x"]\nfixed = [{ from = "x", to = "x" }]')
        + make_rule(id="safety.b", body='patterns = ["well tolerated"]\nfix = { replacement = "usually tolerated", applicability = "safe" }',
                    examples='flag = ["x"]\nfixed = [{ from = "x", to = "x" }]')
    )
    rules = load_rules([pack], default=False)
    lint = lambda text: lint_text(text, rules=rules)  # noqa: E731
    text = "It is safe and well tolerated."
    findings = lint(text)
    assert [(f.rule, f.text) for f in findings] == [("safety.a", "safe and well tolerated")]  # b is the same claim
    first = edits_for(text, findings)
    assert apply_edits(text, first) == "It is well tolerated."
    result = fix_text(text, lint)
    assert result.text == "It is usually tolerated."
    assert [f.rule for f in result.applied] == ["safety.a", "safety.b"]
    assert fix_text(text, lint).text == result.text  # the same every time


def test_diff_prints_and_writes_nothing(cli, tmp_path):
    data = b"Intro.\nIt is a revolutionary treatment.\n"
    result, written = fix_file(cli, tmp_path, "a.txt", data, "--diff")
    assert written == data and result.exit_code == 1
    path = str(tmp_path / "a.txt").lstrip("/")
    assert result.stdout == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,2 +1,2 @@\n Intro.\n-It is a revolutionary treatment.\n+It is a treatment.\n"
    )
    assert result.stderr == "Would fix 1 finding.\n"
    clean, _ = fix_file(cli, tmp_path, "b.txt", b"Fine.\n", "--diff")
    assert clean.exit_code == 0 and clean.stdout == "" and clean.stderr == "No fixes to apply.\n"


def test_stdin_fix_prints_the_fixed_text(cli):
    result = cli("check", "-", "--fix", "--no-config", "--format", "concise", input="It is a revolutionary treatment. A miracle.\n")
    assert result.stdout == "It is a treatment. A miracle.\n"
    assert result.stderr.startswith("-:1:22: error [hype.miracle]")
    assert result.exit_code == 1


def test_show_fixes(cli, tmp_path):
    result, _ = fix_file(cli, tmp_path, "a.txt", b"It is a revolutionary treatment.\n", "--fix", "--show-fixes")
    assert result.stdout.splitlines()[-2:] == [
        "Fixed 1 finding:",
        f"  {tmp_path / 'a.txt'}:1:9 [hype.revolutionary] “revolutionary” -> removed",
    ]


def test_permissions_and_symlinks_are_kept(cli, tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"It is a revolutionary treatment.\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    cli("check", str(link), "--fix", "--no-config")
    assert link.is_symlink()
    assert target.read_bytes() == b"It is a treatment.\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]  # no temporary file left


def test_a_file_changed_on_disk_is_not_written(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("It is a revolutionary treatment.\n")
    source = read_source(str(path))
    path.write_text("Someone else's edit.\n")
    with pytest.raises(ChangedOnDisk):
        write_fixed(source, "It is a treatment.\n")
    assert path.read_text() == "Someone else's edit.\n"


@pytest.mark.parametrize("text, fixed", [
    ("It is a\u00a0revolutionary\u00a0treatment.", "It is a\u00a0treatment."),  # no-break spaces
    ("It is a\u2009revolutionary\u202ftreatment.", "It is a\u2009treatment."),  # thin, narrow no-break
    ("It is a revolutionary\u3000treatment.", "It is a treatment."),  # ideographic space
    ("Revolutionary\u00a0treatment.", "Treatment."),
    ("It is a revolutionary\ntreatment.", "It is a\ntreatment."),  # a line break is never removed
])
def test_removing_a_word_between_unusual_spaces_leaves_one_space(text, fixed):
    assert fix_text(text, lambda t: lint_text(t)).text == fixed


def test_articles():
    assert [article_for(w) for w in ("option", "newer", "hour", "unique", "FDA", "TMS", "MRI", "one-time")] == [
        "an", "a", "an", "a", "an", "a", "an", "a"
    ]


FRAGMENTS = [
    "Ketamine is a game-changer for depression.",
    "It is a revolutionary treatment.",
    "Get immediate relief from anxiety.",
    "Relief within hours.",
    "A potentially life-changing therapy.",
    "Ketamine may help some patients.",
    "A *revolutionary* treatment.",
    "[a revolutionary care](https://x.org/a-b)",
    "`code: a game-changer`",
    "😀 émigré naïve — “quotes”",
    "It is a\u00a0revolutionary\u00a0treatment.",
    "\t",
    "",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=12),
    st.lists(st.sampled_from([" ", "\n", "\r\n", "\n\n", "  "]), min_size=12, max_size=12),
    st.sampled_from(["page.txt", "page.md", "page.html"]),
)
def test_fixing_is_idempotent_and_touches_nothing_but_prose(parts, joins, path):
    text = "".join(part + join for part, join in zip(parts, joins))
    lint = lambda t: lint_text(t, path=path)  # noqa: E731
    once = fix_text(text, lint, unsafe=True)
    assert fix_text(once.text, lint, unsafe=True).text == once.text  # a second run changes nothing
    for char in "<>`[]()&*_\r":  # markup and line endings are never edited
        assert once.text.count(char) == text.count(char), char
    findings = lint(text)
    edits = edits_for(text, findings, unsafe=True)
    out = apply_edits(text, edits)
    position = 0
    for edit in edits:  # every character outside the edited spans is unchanged and in place
        assert text[position:edit.start] in out
        position = edit.end


@pytest.mark.parametrize("text, replacement, expected", [
    ("It is a **breakthrough** for many.", "a newer option", "It is a **newer option** for many."),
    ("It is a **breakthrough** for many.", "an option", "It is an **option** for many."),
    ("It is an _innovation_ today.", "a newer option", "It is a _newer option_ today."),
    ("A **breakthrough** today.", "an option", "An **option** today."),
])
def test_a_rewrite_inside_emphasis_keeps_the_article_outside_it(text, replacement, expected):
    """The editor pastes "a newer option" over the emphasised word: one article, the right one."""
    from linter.findings import Finding, Fix
    from linter.fixer import polish

    word = text.split("*")[2] if "*" in text else text.split("_")[1]
    start = text.index(word)
    finding = Finding("a.md", "hype.x", "hype", "warning", "m", start, start + len(word), 1, 1, 1, 1, word, (),
                      Fix(replacement, "unsafe"))
    edit = polish(text, finding)
    assert text[:edit.start] + edit.replacement + text[edit.end:] == expected
