"""Inline directives: every form, unknown names, unused directives, counts."""

from __future__ import annotations

import json

from linter import Linter
from linter.document import Document


def check(text, path="page.md", report_unused=False):
    report = Linter(use_config=False, report_unused_directives=report_unused).check(Document(text, path))
    return [(f.rule, f.line) for f in report.findings], report.suppressed


def test_disable_and_enable_a_range_by_rule():
    text = "A miracle.\n\n<!-- claimlint-disable hype.miracle -->\n\nA miracle. A game-changer.\n\n<!-- claimlint-enable hype.miracle -->\n\nA miracle.\n"
    assert check(text) == ([("hype.miracle", 1), ("hype.game-changer", 5), ("hype.miracle", 9)], 1)


def test_disable_without_names_disables_everything_until_enable():
    text = "<!-- claimlint-disable -->\nA miracle, completely safe.\n<!-- claimlint-enable -->\nA miracle.\n"
    assert check(text) == ([("hype.miracle", 4)], 2)


def test_disable_by_category_and_partial_enable():
    text = "<!-- claimlint-disable hype, safety -->\nA miracle.\n\n<!-- claimlint-enable safety -->\n\nA miracle, completely safe.\n"
    assert check(text) == ([("safety.absolute", 6)], 2)


def test_disable_next_line_with_a_reason():
    text = "<!-- claimlint-disable-next-line hype.miracle -- approved by counsel, 2026-03 -->\nA miracle.\nA miracle.\n"
    assert check(text) == ([("hype.miracle", 3)], 1)


def test_disable_next_line_inline_html_comment_in_html():
    text = "<p>A miracle.</p>\n<!-- claimlint-disable-next-line -->\n<p>A miracle.</p>\n"
    assert check(text, path="page.html") == ([("hype.miracle", 1)], 1)


def test_disable_file():
    text = "A miracle.\n\n<!-- claimlint-disable-file hype -->\n\nA miracle. Completely safe.\n"
    assert check(text) == ([("safety.absolute", 5)], 2)


def test_plain_text_directive_lines():
    text = "A miracle.\nclaimlint-disable-next-line hype.miracle\nA miracle.\nclaimlint-disable-file safety\nCompletely safe.\n"
    assert check(text, path="copy.txt") == ([("hype.miracle", 1)], 2)


def test_a_directive_line_is_not_prose():
    assert check("claimlint-disable-next-line hype.miracle\nFine.\n", path="copy.txt") == ([], 0)


def test_suppressing_one_rule_reveals_another_on_the_same_words():
    text = "<!-- claimlint-disable-next-line safety.well-tolerated -->\nKetamine is safe and well-tolerated.\n"
    assert check(text) == ([("safety.absolute", 2)], 1)


def test_unknown_name_is_a_warning_with_a_suggestion():
    text = "<!-- claimlint-disable-next-line hype.miracel -->\nA miracle.\n"
    report = Linter(use_config=False).check(Document(text, "page.md"))
    notice, finding = report.findings
    assert (notice.rule, notice.severity, notice.line, notice.column) == ("claimlint.unknown-directive", "warning", 1, 1)
    assert notice.message == "claimlint-disable-next-line hype.miracel: unknown rule or category 'hype.miracel' (did you mean 'hype.miracle'?)"
    assert finding.rule == "hype.miracle"


def test_unused_directives_are_reported_on_request():
    text = "<!-- claimlint-disable-next-line hype -->\nFine.\n<!-- claimlint-disable-next-line hype -->\nA miracle.\n"
    assert check(text) == ([], 1)
    findings, suppressed = check(text, report_unused=True)
    assert (findings, suppressed) == ([("claimlint.unused-directive", 1)], 1)


def test_cli_counts_suppressed_findings_and_they_do_not_fail(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable-next-line -->\nA miracle.\n")
    result = cli("check", str(page), "--no-config")
    assert result.exit_code == 0
    assert result.stdout == "No risky claims found in 1 file. (1 suppressed by directives)\n"
    stats = json.loads(cli("check", str(page), "--no-config", "--statistics", "--format", "json").stdout)
    assert stats == {"files": 1, "findings": 0, "suppressed": 1, "rules": []}


def test_statistics_text(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("A miracle. A miracle. Completely safe.\n<!-- claimlint-disable-next-line -->\nA miracle.\n")
    result = cli("check", str(page), "--no-config", "--statistics")
    assert result.stdout.splitlines() == [
        "     2  hype.miracle     hype",
        "     1  safety.absolute  safety",
        "3 findings in 1 file; 1 suppressed by directives.",
    ]
    assert result.exit_code == 1


def test_report_unused_directives_flag(cli, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- claimlint-disable hype -->\nFine.\n")
    result = cli("check", str(page), "--no-config", "--report-unused-directives", "--format", "concise")
    assert result.stdout == f"{page}:1:1: warning [claimlint.unused-directive] unused directive: claimlint-disable hype suppressed nothing\n"


def notices(text, path):
    return [(f.rule, f.line, f.message) for f in Linter(use_config=False).check(Document(text, path)).findings]


def test_a_misspelt_directive_is_reported_in_every_format():
    """A typo in the action must not silently switch nothing off; in plain text the line is not read as copy."""
    message = "unknown directive 'claimlint-disabel' (did you mean 'claimlint-disable'?): it suppresses nothing"
    for path, line in (("page.md", "<!-- claimlint-disabel hype -->"), ("page.html", "<!-- claimlint-disabel hype -->"),
                       ("page.txt", "claimlint-disabel hype"), ("page.mdx", "{/* claimlint-disabel hype */}")):
        assert notices(f"{line}\n\nA miracle.\n", path) == [
            ("claimlint.unknown-directive", 1, message), ("hype.miracle", 3, "“miracle” promises a miracle; no treatment is one.")]
    assert notices("claimlint-disabel: a miracle.\n", "page.txt")[0][0] == "claimlint.unknown-directive"  # not prose


def test_another_formats_comment_around_a_plain_text_directive_is_obeyed_and_reported():
    text = "# claimlint-disable-next-line hype\nA miracle.\n<!-- claimlint-disable-next-line hype -->\nA miracle.\n"
    assert notices(text, "page.txt") == [
        ("claimlint.directive-form", 1,
         "plain text has no comments: write the directive on a line of its own without '#', as 'claimlint-disable-next-line hype'"),
        ("claimlint.directive-form", 3,
         "plain text has no comments: write the directive on a line of its own without '<!--', as 'claimlint-disable-next-line hype'"),
    ]
    assert check(text, path="page.txt")[1] == 2  # both findings suppressed


def test_mdx_comments_carry_directives():
    text = "{/* claimlint-disable-next-line hype -- reviewed */}\nA miracle.\n\nA miracle.\n"
    assert check(text, path="page.mdx") == ([("hype.miracle", 4)], 1)
