"""Offset-preserving sentence splitting.

Claim rules judge a sentence as a whole (is the claim hedged? negated? cited?),
so the split must be right on the abbreviations clinic copy is full of ("Dr.",
"e.g.", "U.S.", "No. 1", decimals) and must keep exact offsets. A small regex
splitter does both and is an order of magnitude faster than the NLP libraries,
which were also weaker on this vocabulary (see the project's research notes).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from .budget import any_matches, timeout
from .prose import Segment

#: Abbreviations after which a period never ends a sentence.
NEVER_FINAL = frozenset(
    "dr mr mrs ms mx prof sr jr st mt vs e.g i.e cf approx dept fig vol u.s u.k "
    "ph.d m.d d.o r.n n.p pa-c ca vs. al".split()
)
#: Abbreviations that end a sentence only when a capitalised word follows.
SOMETIMES_FINAL = frozenset("etc inc ltd co corp a.m p.m am pm min hr hrs wk wks".split())

_CANDIDATE = regex.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’»)\]]*(?=\s|$)")
_WORD_BEFORE = regex.compile(r"([\w.\-]+)\.?[\"'”’»)\]]*$")
_TRIM = regex.compile(r"\S(?:.*\S)?", regex.DOTALL)
_SPACES = regex.compile(r"\s*")  # ``\s`` is exactly ``str.isspace``, what ``lstrip`` strips


class Sentence(NamedTuple):
    """A sentence as a half-open span of its segment's text."""

    start: int
    end: int


def split(segment: Segment) -> list[Sentence]:
    """Sentences of ``segment``, trimmed of surrounding whitespace."""
    text = segment.text
    cuts = sorted(set(segment.breaks) | set(_boundaries(text)))
    sentences = []
    start = 0
    for cut in cuts + [len(text)]:
        if cut <= start:
            continue
        trimmed = _TRIM.search(text, start, cut)
        if trimmed:
            sentences.append(Sentence(trimmed.start(), trimmed.end()))
        start = cut
    return sentences


def _boundaries(text: str) -> list[int]:
    cuts = []
    for candidate in _CANDIDATE.finditer(text):
        if _ends_sentence(text, candidate):
            cuts.append(candidate.end())
    return cuts


def _ends_sentence(text: str, candidate: regex.Match) -> bool:
    """Whether a candidate full stop ends its sentence, judged by the two characters after
    the spaces that follow it and the word before it. Both are read in place (never a copy
    of the rest of the paragraph), so splitting a paragraph costs time linear in its length."""
    mark = candidate.group()
    after = _SPACES.match(text, candidate.end()).end()
    following = text[after:after + 2]
    if not following:
        return True
    if "?" in mark or "!" in mark:
        return True
    if following[0].islower():
        return False
    word = _WORD_BEFORE.search(text, max(0, candidate.start() - 40), candidate.start() + 1)
    token = word.group(1).lower().rstrip(".") if word else ""
    if token in NEVER_FINAL or (token in ("no", "nos") and following[0].isdigit()):
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "J. Smith", "Ketamine (N. Lee)"
    if token in SOMETIMES_FINAL:
        return following[0].isupper()
    return True


@dataclass
class SegmentMemo:
    """What each rule found in each segment, kept from one lint of a document to the next.

    An editor re-lints the whole page on every pause in typing, yet an edit
    changes one paragraph: a segment whose text (and forced breaks) did not change
    yields the same hits, so they are read back instead of matched again. Each
    lint keeps only the entries it used, so the memo holds one page's worth.
    Page-wide checks (``unless-page``, document rules' ``expect``) are kept per
    segment too, as "does this block say it?", and combined afresh on every lint.
    """

    previous: dict = field(default_factory=dict)  # segment key -> its slot (see ``Page.hits_of``)
    current: dict = field(default_factory=dict)
    #: Matchers that matched every segment of the previous lint: every slot it left holds their hits.
    previous_complete: set = field(default_factory=set)
    current_complete: set = field(default_factory=set)
    #: Findings by all they are made of (see ``engine._finding_again``): most outlive an edit.
    previous_findings: dict = field(default_factory=dict)
    current_findings: dict = field(default_factory=dict)

    def start_lint(self) -> None:
        self.previous, self.current = self.current, {}
        self.previous_complete, self.current_complete = self.current_complete, set()
        self.previous_findings, self.current_findings = self.current_findings, {}

    def keep_finding(self, key: tuple, make):
        """The finding made of ``key`` on the last lint (or this one), else ``make()``."""
        found = self.current_findings.get(key) or self.previous_findings.get(key) or make()
        self.current_findings[key] = found
        return found

    def slot(self, segment: Segment) -> dict:
        """The hits found in a segment with this text, by matcher: read back when the
        last lint saw the same text, else empty, to be filled."""
        key = (segment.text, tuple(segment.breaks))
        found = self.current.get(key)
        if found is None:
            found = self.current[key] = self.previous.get(key, {})
        return found


@dataclass
class Page:
    """A document's blocks of prose, their sentences, and the page-wide questions rules ask.

    A document rule asks "does the page say X anywhere, before or after?": see
    ``says``. Sentences are split on first use: segments that no rule needs (no
    anchor, or memoized) are never split.
    """

    segments: list[Segment]
    shared_text: str = ""  # prose the page carries elsewhere (a footer include)
    _cache: dict = field(default_factory=dict, repr=False)

    scanner: object = None  # the ruleset's AnchorScanner, set by the engine
    memo: SegmentMemo | None = None  # set by the engine when the caller keeps one

    def hits_of(self, owner: object, anchors: frozenset | None, find) -> Iterator[tuple[int, tuple]]:
        """(segment index, hits) of each segment in which ``owner`` (a matcher in a mode)
        finds something, in order. ``find(index)`` matches one segment; a segment holding
        none of ``anchors`` is not searched (None: every segment is).

        Without a memo the segments holding an anchor are looked up in the page's index
        of anchors, so a rule costs nothing where it cannot match. With one (the editor),
        the hits of segments the last lint saw come back from the memo, gathered once
        per lint, and only new segments are matched: the cost of a lint is that of
        what changed, not of rules times paragraphs.
        """
        if self.memo is None:
            for index in self._segments_holding(anchors):
                found = find(index)
                if found:
                    yield index, found
            return
        slots = self.memo_slots()
        known, fresh = self.cached("memo-hits", self._gather_memo)
        if owner in self.memo.previous_complete:
            new = [(index, self._slot_hits(slots[index], owner, anchors, find, index)) for index in fresh]
            yield from sorted([item for item in new if item[1]] + known.get(owner, []), key=lambda item: item[0])
        else:  # a matcher new to this memo (or one that stopped early): every segment is asked
            for index, slot in enumerate(slots):
                found = self._slot_hits(slot, owner, anchors, find, index)
                if found:
                    yield index, found
        self.memo.current_complete.add(owner)

    def _slot_hits(self, slot: dict, owner: object, anchors: frozenset | None, find, index: int) -> tuple:
        if owner not in slot["computed"]:
            found = find(index) if anchors is None or not anchors.isdisjoint(self.anchors(index)) else ()
            slot["computed"].add(owner)
            if found:
                slot["hits"][owner] = found
        return slot["hits"].get(owner, ())

    def _gather_memo(self) -> tuple[dict, list[int]]:
        """Once per lint: the hits the memo holds, by matcher, and the segments it has never seen."""
        slots = self.memo_slots()
        # All fresh segments are found before any slot is filled: two segments with one text share a slot.
        fresh = [index for index, slot in enumerate(slots) if "hits" not in slot]
        for index in fresh:
            slots[index].setdefault("hits", {})
            slots[index].setdefault("computed", set())
        known: dict = {}
        unseen = set(fresh)
        for index, slot in enumerate(slots):
            if index not in unseen:
                for owner, found in slot["hits"].items():
                    known.setdefault(owner, []).append((index, found))
        return known, fresh

    def _segments_holding(self, anchors: frozenset | None):
        if anchors is None:
            return range(len(self.segments))
        index = self.cached("anchor-index", self._index_anchors)
        return sorted({segment for anchor in anchors for segment in index.get(anchor, ())})

    def _index_anchors(self) -> dict[str, list[int]]:
        """Anchor -> the segments holding it."""
        index: dict[str, list[int]] = {}
        for segment in range(len(self.segments)):
            for anchor in self.anchors(segment):
                index.setdefault(anchor, []).append(segment)
        return index

    def sentences(self, segment: int) -> list[Sentence]:
        """The segment's sentences; in the editor, kept in the memo with its hits, since an
        edit changes one paragraph and the others' sentences are the same."""
        def compute() -> list[Sentence]:
            slots = self.memo_slots()
            if slots is None:
                return split(self.segments[segment])
            found = slots[segment].get("sentences")
            if found is None:
                found = slots[segment]["sentences"] = split(self.segments[segment])
            return found

        return self.cached(("sentences", segment), compute)

    def memo_slots(self) -> list[dict] | None:
        """Per segment, the hits its unchanged text gave each matcher on the previous
        lint (see ``SegmentMemo``); None when the caller keeps no memo."""
        if self.memo is None:
            return None
        return self.cached("memo-slots", lambda: [self.memo.slot(prose) for prose in self.segments])

    def says(self, owner: object, patterns: list) -> bool:
        """Whether any of ``patterns`` occurs in a block of prose or in the shared text.
        Each block counts on its own, so a phrase never runs from one block into the
        next: a heading "Results" over a paragraph "Vary your routine" does not say
        "results vary". ``owner`` names the check, for the cache and the editor's memo."""

        def compute() -> bool:
            slots = self.memo_slots()
            if slots is None:
                return self._says_in_joined_text(patterns)
            for index, segment in enumerate(self.segments):
                found = slots[index].get(owner)
                if found is None:
                    found = slots[index][owner] = any_matches(patterns, segment.text)
                if found:
                    return True
            return bool(self.shared_text) and any_matches(patterns, self.shared_text)

        return self.cached(("says", owner), compute)

    def _says_in_joined_text(self, patterns: list) -> bool:
        """One search per pattern over all blocks joined, instead of one per block: a
        match inside one block answers at once; one that runs across blocks sends the
        question back to the blocks one by one."""
        text, starts, ends = self.cached("joined", self._join)
        for pattern in patterns:
            match = pattern.search(text, timeout=timeout())
            if match is None:
                continue
            block = bisect.bisect_right(starts, match.start()) - 1
            if block >= 0 and match.end() <= ends[block]:
                return True
            return any(any_matches(patterns, prose) for prose in self._blocks())
        return False

    def _blocks(self) -> list[str]:
        return [segment.text for segment in self.segments] + ([self.shared_text] if self.shared_text else [])

    def _join(self) -> tuple[str, list[int], list[int]]:
        blocks = self._blocks()
        starts, ends, offset = [], [], 0
        for block in blocks:
            starts.append(offset)
            ends.append(offset + len(block))
            offset += len(block) + 2
        return "\n\n".join(blocks), starts, ends

    def anchor_positions(self, segment: int) -> dict | None:
        """Where each phrase anchor occurs in a segment (one scan per segment), or None
        when case folding changed the text's length (then offsets would not line up)."""

        def scan():
            text = self.segments[segment].text
            folded = text.casefold()
            return self.scanner.positions(folded) if len(folded) == len(text) else None

        return self.cached(("positions", segment), scan)

    def sentences_holding(self, segment: int) -> dict[str, list[int]] | None:
        """Anchor -> the (sorted) indices of the segment's sentences it occurs in; None
        when the anchors' offsets are not known (see ``anchor_positions``)."""

        def index() -> dict[str, list[int]] | None:
            positions = self.anchor_positions(segment)
            if positions is None:
                return None
            starts = [sentence.start for sentence in self.sentences(segment)]
            holding = {}
            for anchor, offsets in positions.items():
                found = sorted({bisect.bisect_right(starts, offset) - 1 for offset in offsets})
                holding[anchor] = [i for i in found if i >= 0]
            return holding

        return self.cached(("holding", segment), index)

    def anchors(self, segment: int) -> frozenset:
        """The phrase anchors that occur in a segment."""

        def present():
            positions = self.anchor_positions(segment)
            if positions is not None:
                return frozenset(positions)
            return self.scanner.present(self.segments[segment].text.casefold())

        return self.cached(("anchors", segment), present)

    def cached(self, key: object, compute):
        """Page-wide answers (is a disclosure present?) are computed once per page."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


def build_page(segments: list[Segment], shared_text: str = "") -> Page:
    """``shared_text``: prose the page carries elsewhere (a footer include), read by
    page-wide checks only, never reported on."""
    return Page(segments, shared_text)
