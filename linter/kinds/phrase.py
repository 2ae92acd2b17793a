"""``phrase`` rules: a word or phrase that is risky wherever it stands.

Hype words ("game-changer", "revolutionary") need no context to be a finding;
``exclude`` names the longer phrases that contain them and are not a finding
("emotional breakthrough", "Breakthrough Therapy designation").
"""

from __future__ import annotations

import bisect
from typing import Any, Callable, Iterator

from ..budget import timeout
from ..patterns import Phrase
from ..prose import Segment
from ..rules import Hit, KeySpec
from ..sentences import Page, Sentence

#: Skip text that holds none of a phrase's anchors. Findings are identical either
#: way (the tests prove it); the switch exists for that proof and for benchmarks.
PREFILTER = True

KEYS = {
    "patterns": KeySpec("list", required=True),
    "exclude": KeySpec("list"),
}


def sentence_matches(
    pattern: Any, segment: Segment, sentences: list[Sentence]
) -> Iterator[tuple[Sentence, Any]]:
    """Matches of ``pattern`` that lie inside one sentence of ``segment``.

    The pattern scans the whole segment (one call, not one per sentence). A
    match that runs past its sentence's end is searched again inside that
    sentence alone, and the scan resumes at the next sentence, so no match
    spans two sentences and none is hidden behind one that did.
    """
    if not sentences:
        return
    starts = [sentence.start for sentence in sentences]
    text = segment.text
    position = 0
    while True:
        match = pattern.search(text, position, timeout=timeout())
        if match is None:
            return
        i = max(bisect.bisect_right(starts, match.start()) - 1, 0)
        sentence = sentences[i]
        if match.start() >= sentence.end:  # between sentences (whitespace): move on
            position = starts[i + 1] if i + 1 < len(starts) else len(text)
            if position <= match.start():
                return
            continue
        if match.end() <= sentence.end:
            yield sentence, match
            position = max(match.end(), match.start() + 1)
            continue
        yield from _matches_within(pattern, text, sentence, match.start())
        position = starts[i + 1] if i + 1 < len(starts) else len(text)


def _matches_within(pattern: Any, text: str, sentence: Sentence, start: int) -> Iterator[tuple[Sentence, Any]]:
    """Every match of ``pattern`` from ``start`` to the end of ``sentence``."""
    match = pattern.search(text, start, sentence.end, timeout=timeout())
    while match:
        yield sentence, match
        match = pattern.search(text, max(match.end(), match.start() + 1), sentence.end, timeout=timeout())


class Context:
    """What a rule's context checks found in one segment, kept while its hits are judged.

    A trigger can match hundreds of times in one long sentence (unpunctuated copy, a
    keyword-stuffed footer); asking the sentence again for every hit whether it holds a
    hedge or an exclusion made the work quadratic in the sentence. Each answer that depends
    only on a stretch of text (a sentence, a clause) is computed once here, keyed by that
    stretch, and each hit looks its own answer up: the work is linear in the text.
    """

    def __init__(self, text: str):
        self.text = text
        self._answers: dict = {}

    def once(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if key not in self._answers:
            self._answers[key] = compute()
        return self._answers[key]


def spans_of(pattern: Any, text: str, start: int, end: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The ends and spans of the matches of ``pattern`` in ``text[start:end]``, in order: a
    scan's matches do not overlap, so both lists are sorted and an overlap is found by bisection."""
    spans = [found.span() for found in pattern.finditer(text, start, end, timeout=timeout())]
    return [span[1] for span in spans], spans


def overlaps_any(found: tuple[list[int], list[tuple[int, int]]], start: int, end: int) -> bool:
    """Whether any span of ``found`` (see ``spans_of``) overlaps ``[start, end)``: the first
    span ending after ``start`` is the only candidate, as starts rise with ends."""
    ends, spans = found
    i = bisect.bisect_right(ends, start)
    return i < len(spans) and spans[i][0] < end


def regexes(phrases: list[Phrase]) -> list[Any]:
    """Context lists (exclude, with, unless...) only run where a trigger matched: no prefilter."""
    return [phrase.regex for phrase in phrases]


def _anchored_matches(phrase: Phrase, segment: Segment, sentences: list[Sentence], holding: dict | None):
    """Matches of ``phrase`` searched only in the sentences that hold a member of each of
    its anchor groups (``holding``: anchor -> indices of the sentences holding it): every
    match holds one and lies inside one sentence, so no match is lost."""
    if holding is None:
        yield from sentence_matches(phrase.regex, segment, sentences)
        return
    candidates = None
    for group in phrase.groups or (phrase.anchors,):  # a sentence must hold a member of every group
        found = [holding[anchor] for anchor in group if anchor in holding]
        these = set(found[0]) if len(found) == 1 else set().union(*found)
        candidates = these if candidates is None else candidates & these
        if not candidates:
            return
    for i in sorted(candidates):
        yield from _matches_within(phrase.regex, segment.text, sentences[i], sentences[i].start)


class PhraseMatcher:
    def __init__(self, patterns: list[Phrase], exclude: list[Any]):
        self.patterns = patterns
        self.exclude = exclude
        # A segment holding none of these cannot match (None: any segment may, as a phrase has no anchors).
        self.anchors = None if any(phrase.anchors is None for phrase in patterns) else frozenset().union(*(phrase.anchors for phrase in patterns))

    def hits(self, page: Page, sentence_with: bool = True) -> Iterator[Hit]:
        """Every accepted match; ``sentence_with=False`` skips the sentence-level ``with``
        check (a document rule's page-wide fallback)."""
        for index, found in self.hits_by_segment(page, sentence_with):
            for start, end, weakened, groups, detail in found:
                yield Hit(index, start, end, weakened, groups, detail)

    def hits_by_segment(self, page: Page, sentence_with: bool = True) -> Iterator[tuple[int, tuple]]:
        """(segment index, its accepted matches as (start, end, weakened, groups, detail)) of
        each segment with any, in page order; a segment is matched only when asked for."""
        prefilter = PREFILTER and page.scanner is not None

        def find(index: int) -> tuple:
            return tuple(self._segment_hits(page, index, prefilter, sentence_with))

        yield from page.hits_of((self, sentence_with), self.anchors if prefilter else None, find)

    def _segment_hits(self, page: Page, index: int, prefilter: bool, sentence_with: bool) -> Iterator[tuple]:
        """(start, end, weakened, groups, detail) of every accepted match in one segment, phrase by phrase."""
        segment = page.segments[index]
        present = page.anchors(index) if prefilter else None
        sentences = None  # split on first need
        context = Context(segment.text)
        for phrase in self.patterns:
            anchored = prefilter and phrase.anchors is not None
            if anchored and phrase.anchors.isdisjoint(present):
                continue
            if sentences is None:
                sentences = page.sentences(index)
            if anchored:
                matches = _anchored_matches(phrase, segment, sentences, page.sentences_holding(index))
            else:
                matches = sentence_matches(phrase.regex, segment, sentences)
            for sentence, match in matches:
                if self.accepts(page, segment, sentence, match, sentence_with, context):
                    detail = self.detail(segment, sentence, match, context)
                    weakened = self.weakened(segment, sentence, context)
                    yield match.start(), match.end(), weakened, match.groups(), detail

    def accepts(self, page: Page, segment: Segment, sentence: Sentence, match: Any, sentence_with: bool = True,
                context: Context | None = None) -> bool:
        return not self.excluded(segment.text, sentence, match, context)

    def weakened(self, segment: Segment, sentence: Sentence, context: Context | None = None) -> bool:
        return False

    def detail(self, segment: Segment, sentence: Sentence, match: Any, context: Context | None = None) -> str:
        """What this match gets wrong, beyond the rule's message (an approval's real scope)."""
        return ""

    def excluded(self, text: str, sentence: Sentence, match: Any, context: Context | None = None) -> bool:
        """Whether an ``exclude`` phrase of the sentence overlaps the match; each exclude
        phrase scans a sentence once, however many hits it holds."""
        context = context or Context(text)
        for i, pattern in enumerate(self.exclude):
            found = context.once(("exclude", i, sentence),
                                 lambda: spans_of(pattern, text, sentence.start, sentence.end))
            if overlaps_any(found, match.start(), match.end()):
                return True
        return False


def build(table: dict, compile_list) -> PhraseMatcher:
    """``compile_list(key)`` compiles the phrases listed under ``key``."""
    return PhraseMatcher(compile_list("patterns"), regexes(compile_list("exclude")))
