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
    """A compiled pattern that adds up how many characters each call is asked to scan."""

    pattern: object
    scanned: int = 0

    def _count(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        self.scanned += max(end - pos, 0)

    def search(self, string, pos=0, endpos=None, **options):
        self._count(string, pos, endpos)
        return self.pattern.search(string, pos, len(string) if endpos is None else endpos, **options)

    def match(self, string, pos=0, endpos=None, **options):
        self._count(string, pos, endpos)
        return self.pattern.match(string, pos, len(string) if endpos is None else endpos, **options)

    def finditer(self, string, pos=0, endpos=None, **options):
        self._count(string, pos, endpos)
        return self.pattern.finditer(string, pos, len(string) if endpos is None else endpos, **options)


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
