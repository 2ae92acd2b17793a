"""Every stage takes time linear in its input: four times the text costs about four times the work.

Work is counted, never timed (the machine is shared): characters copied out of the text
(``Counted``, a string that tallies its slices), characters offered to a regular expression
(``CountingPattern``, and ``budget.limit``, which every call into a rule's patterns passes
through), or calls. Each test measures the same input at n and 4n and asserts the work grew
at most ``MAX_RATIO`` times; a quadratic stage grows about sixteen times.
"""

from __future__ import annotations

from dataclasses import dataclass

from linter.prose import Segment
from linter.sentences import split

MAX_RATIO = 5.0


class Counted(str):
    """A string that adds up the length of every slice or character taken from it."""

    taken = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        Counted.taken += len(piece)
        return piece


@dataclass
class CountingPattern:
    """A compiled pattern that adds up the characters each call reads: a search, up to the
    end of its match (or of its range, when nothing matches); a match, what it matched
    (plus one); finditer, its whole range."""

    pattern: object
    scanned: int = 0

    def search(self, string, pos=0, endpos=None, **options):
        endpos = len(string) if endpos is None else endpos
        found = self.pattern.search(string, pos, endpos, **options)
        self.scanned += (found.end() if found else max(min(endpos, len(string)), pos)) - pos
        return found

    def match(self, string, pos=0, endpos=None, **options):
        endpos = len(string) if endpos is None else endpos
        found = self.pattern.match(string, pos, endpos, **options)
        self.scanned += (found.end() - pos if found else 0) + 1
        return found

    def finditer(self, string, pos=0, endpos=None, **options):
        endpos = len(string) if endpos is None else endpos
        self.scanned += max(min(endpos, len(string)) - pos, 0)
        return self.pattern.finditer(string, pos, endpos, **options)


def ratio(work, n: int) -> float:
    """How many times more work ``work(4 * n)`` is than ``work(n)``."""
    small, large = work(n), work(4 * n)
    assert small > 0
    return large / small


# --- sentences ---------------------------------------------------------------------------


def _sentence_work(sentences: int) -> int:
    """Characters copied while splitting one paragraph of ``sentences`` short sentences."""
    text = Counted("Ketamine is offered here. Dr. Lee sees you at 9 a.m. on Monday. " * (sentences // 2))
    Counted.taken = 0
    found = split(Segment(text=text))
    assert len(found) == sentences
    return Counted.taken + len(found)


def test_splitting_one_huge_paragraph_is_linear():
    assert ratio(_sentence_work, 2_000) <= MAX_RATIO


def test_a_full_stop_is_judged_by_what_follows_its_spaces():
    text = "Ketamine is offered.   \n  dr. Lee agrees.\u00a0\u00a0Call us."
    assert [text[s.start:s.end] for s in split(Segment(text=text))] == [
        "Ketamine is offered.   \n  dr. Lee agrees.", "Call us."]


# --- fixes ---------------------------------------------------------------------------------

FIXABLE = "It is a game-changer and a revolutionary treatment for you.\nA revolutionary therapy, an game-changer.\n"


def _fix_work(rules, monkeypatch, copies: int) -> int:
    """Characters the fixer's own patterns scan, and copy, to build the edits for ``copies``
    paragraphs of four fixable findings each (found once, outside the count)."""
    from linter import fixer, lint_text

    text = FIXABLE * copies
    findings = lint_text(text, path="a.txt", rules=rules)
    assert len(findings) == 4 * copies
    counters = []
    for name in ("_ARTICLE_BEFORE", "_NEXT_WORD", "_SPACES_AFTER", "_SPACES_BEFORE", "_LEADING_ARTICLE"):
        counters.append(CountingPattern(getattr(fixer, name)))
        monkeypatch.setattr(fixer, name, counters[-1])
    Counted.taken = 0
    edits = fixer.edits_for(Counted(text), findings, unsafe=True)
    assert len(edits) == 4 * copies
    monkeypatch.undo()
    return sum(counter.scanned for counter in counters) + Counted.taken


def test_edits_for_thousands_of_findings_is_linear(rules, monkeypatch):
    assert ratio(lambda copies: _fix_work(rules, monkeypatch, copies), 250) <= MAX_RATIO


def test_fixes_still_read_the_article_and_spaces_before_them(rules):
    from linter import lint_text
    from linter.fixer import apply_edits, edits_for

    text = FIXABLE * 2
    fixed = apply_edits(text, edits_for(text, lint_text(text, path="a.txt", rules=rules), unsafe=True))
    assert fixed == "It is a newer option and a treatment for you.\nA therapy, a newer option.\n" * 2


# --- inline directives -----------------------------------------------------------------------


def _python_steps(module, call) -> int:
    """Lines of ``module`` that ``call()`` executes (including calls into it): a count of work
    that does not depend on the machine's speed."""
    import sys

    steps = 0
    filename = module.__file__

    def tracer(frame, event, argument):
        nonlocal steps
        if frame.f_code.co_filename != filename:
            return None
        steps += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return steps


def _directives_page(count: int):
    """A page of ``count`` paragraphs, each under a directive: ranges that are never closed (each
    naming a rule the page's finding does not have), next-line and file directives."""
    from linter.document import Document
    from linter.findings import Finding
    from linter.prose import Comment

    lines, comments, spans = [], [], []
    position = 0
    for n in range(count):
        for text in (f"<!-- claimlint-disable safety.rule{n % 40} -->",
                     f"<!-- claimlint-disable-next-line hype.rule{n % 40} -->", f"A miracle {n}."):
            (spans if text.startswith("A ") else comments).append((position, text))
            lines.append(text)
            position += len(text) + 1
    document = Document("\n".join(lines) + "\n", "page.md")

    def finding(start: int, text: str) -> Finding:
        first, last = document.position(start), document.position(start + len(text))
        return Finding(path="page.md", rule="hype.miracle", category="hype", severity="warning", message="m",
                       start=start, end=start + len(text), line=first.line, column=first.column,
                       end_line=last.line, end_column=last.column, text=text, suggestions=())

    findings = [finding(start, text) for start, text in spans]
    return document, [Comment(text, start, start + len(text)) for start, text in comments], findings


def _suppression_work(count: int) -> int:
    from linter import suppression

    document, comments, findings = _directives_page(count)
    known = {"hype.miracle", "hype", "safety"} | {f"{c}.rule{n}" for c in ("hype", "safety") for n in range(40)}
    outcome = None

    def run():
        nonlocal outcome
        outcome = suppression.apply(findings, comments, document, known, report_unused=True)

    steps = _python_steps(suppression, run)
    assert len(outcome.suppressed) == 0 and len(outcome.findings) == count + 2 * count  # all unused
    return steps


def test_directives_cost_work_linear_in_their_number():
    assert ratio(_suppression_work, 500) <= MAX_RATIO


def test_the_first_directive_written_is_the_one_credited():
    from linter import Linter
    from linter.document import Document

    def check(text):
        report = Linter(use_config=False, report_unused_directives=True).check(Document(text, "page.md"))
        return [(f.rule, f.line) for f in report.findings], report.suppressed

    head = ("<!-- claimlint-disable safety -->\n<!-- claimlint-disable hype.miracle -->\n"
            "<!-- claimlint-disable hype, safety -->\n\nA miracle, completely safe.\n\n")
    assert check(head) == ([("claimlint.unused-directive", 3)], 2)
    tail = "<!-- claimlint-enable hype.miracle, safety -->\n\nA miracle, completely safe.\n"
    assert check(head + tail) == ([("safety.absolute", 9)], 3)


def test_html_blocks_index_only_their_own_lines(monkeypatch):
    from linter.extract import html, markdown

    def work(blocks: int) -> int:
        counter = CountingPattern(html._NEWLINE)
        monkeypatch.setattr(html, "_NEWLINE", counter)
        page = "".join(f"<!-- claimlint-disable hype -->\nA miracle {n}.\n\n" for n in range(blocks))
        extraction = markdown.extract(page)
        assert len(extraction.comments) == blocks
        monkeypatch.undo()
        return counter.scanned

    assert ratio(work, 500) <= MAX_RATIO


# --- context of claims -----------------------------------------------------------------------

#: Copy with no full stop, dense with triggers: one "sentence" that grows with the text.
DENSE = ("ketamine cures depression in hours and Ozempic is FDA approved for weight loss and "
         "our IV drips are completely safe with no side effects while TMS works for everyone "
         "and results are guaranteed with a revolutionary breakthrough treatment for you ")


def _context_work(rules, monkeypatch, size: int) -> int:
    """Characters read by the rules' context lists (with, unless, hedge, exclude...) and the
    claim kinds' own patterns while linting ``size`` characters of ``DENSE``."""
    from linter import lint_text
    from linter.kinds import approval, claim

    counters = []
    for rule in rules.rules:
        for name, value in vars(rule.matcher).items():
            if name != "patterns" and isinstance(value, list) and value and all(
                    hasattr(item, "finditer") for item in value):
                wrapped = [CountingPattern(item) for item in value]
                counters += wrapped
                monkeypatch.setattr(rule.matcher, name, wrapped)
    helpers = ("_QUESTION", "_ASKING", "_CLAUSE_BREAK", "_CLAUSE_BREAK_AT", "_ASIDE", "_CONTRAST_CLAUSE",
               "_WORD")
    for module, names in ((claim, helpers), (approval, ("_DENIED",))):
        for name in names:
            if hasattr(module, name):
                counters.append(CountingPattern(getattr(module, name)))
                monkeypatch.setattr(module, name, counters[-1])
    text = (DENSE * (size // len(DENSE) + 1))[:size]
    findings = lint_text(text, path="a.txt", rules=rules)
    monkeypatch.undo()
    assert len(findings) >= size // len(DENSE)
    return sum(counter.scanned for counter in counters)


def test_context_checks_of_a_long_unpunctuated_sentence_are_linear(rules, monkeypatch):
    assert ratio(lambda size: _context_work(rules, monkeypatch, size), 4_000) <= MAX_RATIO


def test_hits_in_one_long_sentence_are_judged_as_before(rules):
    from linter import lint_text

    found = [(f.rule, f.start, f.severity) for f in lint_text(DENSE * 2, path="a.txt", rules=rules)]
    first = [("regulatory.fda-approved", 0, "error"), ("safety.absolute", 100, "error"),
             ("safety.no-side-effects", 121, "error"), ("hype.revolutionary", 200, "warning"),
             ("hype.breakthrough", 214, "warning")]
    again = [(rule, start + len(DENSE), severity) for rule, start, severity in first]
    assert found == [("disclosure.off-label", 0, "error")] + first + again


# --- fixes offered in a paragraph of many pieces --------------------------------------------


def test_checking_that_each_fix_touches_prose_only_is_linear(rules):
    from linter import lint_text, prose

    def work(count: int) -> int:
        page = " ".join(f"a *game-changer* word{n}" for n in range(count)) + "\n"
        findings = []
        steps = _python_steps(prose, lambda: findings.extend(lint_text(page, path="a.md", rules=rules)))
        assert [f.fix.replacement for f in findings] == ["newer option"] * count
        return steps

    assert ratio(work, 300) <= MAX_RATIO


# --- the text report --------------------------------------------------------------------------


def test_reporting_thousands_of_findings_on_one_long_line_is_linear(rules, monkeypatch):
    import io

    from linter import lint_text
    from linter.document import Document
    from linter.reporters import text as report

    def work(copies: int) -> int:
        line = "It is a game-changer and a revolutionary treatment for you. " * copies
        findings = lint_text(line, path="a.txt", rules=rules)
        assert len(findings) == 2 * copies
        widths = 0
        real_width = report.char_width

        def counting_width(char: str) -> int:
            nonlocal widths
            widths += 1
            return real_width(char)

        monkeypatch.setattr(report, "char_width", counting_width)
        out = io.StringIO()
        Counted.taken = 0
        report.Reporter(out, color=False).file(Document(Counted(line), "a.txt"), findings)
        monkeypatch.undo()
        assert out.getvalue().count("\n           | ") == 2 * 2 * copies  # each finding: its excerpt, its marks
        return widths + Counted.taken

    assert ratio(work, 200) <= MAX_RATIO


def test_an_excerpt_of_a_long_line_is_the_one_the_whole_line_gives():
    from linter.reporters.text import excerpt

    line = "x" * 300 + " a 漢字 claim\u0301 here " + "y" * 300
    start = line.index("claim")
    assert excerpt(line, start, start + 5, 20) == ("…a 漢字 claim\u0301 here …", 6, 11)


def test_sarif_columns_of_thousands_of_findings_on_one_long_line_are_linear(rules):
    import io
    import json

    from linter import lint_text
    from linter.document import Document
    from linter.reporters import sarif

    def work(copies: int) -> int:
        line = "Un tratamiento 😀 es a game-changer and a revolutionary treatment for you. " * copies
        findings = lint_text(line, path="a.txt", rules=rules)
        assert len(findings) == 2 * copies
        out = io.StringIO()
        Counted.taken = 0
        reporter = sarif.Reporter(out, color=False)
        reporter.file(Document(Counted(line), "a.txt"), findings)
        reporter.finish(None)
        results = json.loads(out.getvalue())["runs"][0]["results"]
        regions = [result["locations"][0]["physicalLocation"]["region"] for result in results]
        assert regions[0]["startColumn"] == line.index("game") + 2  # the emoji is two UTF-16 units
        return Counted.taken

    assert ratio(work, 200) <= MAX_RATIO
