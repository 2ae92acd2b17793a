"""Positions are computed from offsets: 1-based lines and code-point columns, exclusive ends."""

from __future__ import annotations

from linter import lint_text
from linter.document import Document


def only(text, rule="safety.well-tolerated"):
    (finding,) = [f for f in lint_text(text, select=[rule])]
    return finding


def span(f):
    return (f.line, f.column, f.end_line, f.end_column)


def test_simple_line_and_columns():
    f = only("Ketamine is safe and well-tolerated.")
    assert span(f) == (1, 13, 1, 36)
    assert f.text == "safe and well-tolerated"


def test_lf_crlf_and_cr_give_the_same_lines():
    base = "Intro line.\n\nOur infusions are\nsafe and well-tolerated.\n"
    for newline in ("\n", "\r\n", "\r"):
        f = only(base.replace("\n", newline))
        assert span(f) == (4, 1, 4, 24), repr(newline)


def test_span_across_a_wrapped_line_keeps_source_characters():
    text = "Ketamine is safe and\r\nwell-tolerated by most."
    f = only(text)
    assert span(f) == (1, 13, 2, 15)
    assert f.text == "safe and\r\nwell-tolerated"
    assert text[f.start:f.end] == f.text


def test_tabs_count_as_one_column():
    f = only("\t\tKetamine is well tolerated.")
    assert span(f) == (1, 15, 1, 29)


def test_emoji_before_a_finding_is_one_code_point():
    text = "😀 Ketamine is safe and well-tolerated."
    f = only(text)
    assert (f.column, f.end_column) == (15, 38)
    document = Document(text)
    assert document.column_in(f.start, "utf-16") == 15  # the emoji is two UTF-16 units
    assert document.column_in(f.start, "utf-8") == 17  # and four UTF-8 bytes
    assert document.column_in(f.start, "utf-32") == 14


def test_curly_quotes_and_apostrophes_match_like_straight_ones():
    f = only("Our patients say it\u2019s a game\u2010changer.", rule="hype.game-changer")
    assert f.text == "game\u2010changer"
    g = only("“Ketamine is non-addictive,” our brochure said.", rule="safety.non-addictive")
    assert (g.column, g.end_column) == (14, 27)


def test_unicode_line_separator_is_not_a_line_break():
    f = only("Intro\u2028Ketamine is well tolerated.\nbye")
    assert (f.line, f.column) == (1, 19)


def test_document_line_text_strips_only_line_endings():
    document = Document("a\r\nb \t\rc")
    assert [document.line_text(n) for n in (1, 2, 3)] == ["a", "b \t", "c"]
    assert document.line_count == 3


def test_findings_are_sorted_by_position():
    findings = lint_text("A breakthrough. Ketamine is safe and well-tolerated. A game-changer.")
    assert [f.start for f in findings] == sorted(f.start for f in findings)
