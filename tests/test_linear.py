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
