"""Prose segments: the text rules read, with a map back to exact source offsets.

An extractor (plain text, Markdown, HTML) turns a document into segments. A
segment's ``text`` is what a reader sees -- markup dropped, entities decoded,
wrapped lines joined -- and ``runs`` say where each piece of it came from, so a
match in the segment maps back to the source characters it was read from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple


class Run(NamedTuple):
    """``length`` segment characters from ``text_start`` were read from ``source_length``
    source characters at ``source_start``. Equal lengths map character by character;
    unequal ones (a decoded ``&amp;``, a joined line break) map as one atom."""

    text_start: int
    source_start: int
    text_length: int
    source_length: int


@dataclass
class Segment:
    """One block of prose (a paragraph, a heading, a list item, a table cell...).

    ``breaks`` are segment offsets where a new sentence must start whatever the
    punctuation says: a heading line in plain text, a ``<br>`` in HTML.
    ``shift`` is added to every run's source offset: a paragraph read before and
    now further down the page is the same segment, moved (see ``moved``).
    ``hidden``: where ``normalise`` dropped or folded a character (see there).
    """

    text: str = ""
    runs: list[Run] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    shift: int = 0
    hidden: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, source_start: int, source_length: int | None = None) -> None:
        """Append ``text`` read from the source at ``source_start``."""
        if not text:
            return
        length = len(text) if source_length is None else source_length
        self.runs.append(Run(len(self.text), source_start, len(text), length))
        self._starts.append(len(self.text))
        self.text += text

    def moved(self, by: int) -> Segment:
        """This segment read ``by`` characters further on in the source. The copy shares
        the runs, so neither may be added to afterwards."""
        if by == 0:
            return self
        return Segment(self.text, self.runs, self.breaks, self._starts, self.shift + by, self.hidden)

    def add_break(self) -> None:
        """Mark that a sentence ends here whatever the punctuation says."""
        self.breaks.append(len(self.text))

    def to_source(self, offset: int, end: bool = False) -> int:
        """Source offset of segment ``offset``; ``end`` maps an exclusive end.

        Inside an atom (an entity, a joined break) a start snaps to the atom's
        start and an end to the atom's end, so a span never splits ``&amp;``.
        """
        if not self.runs:
            return 0
        probe = offset - 1 if end and offset > 0 else offset
        i = max(bisect.bisect_right(self._starts, probe) - 1, 0)
        run = self.runs[i]
        if run.text_length == run.source_length:
            return self.shift + run.source_start + min(offset - run.text_start, run.text_length)
        return self.shift + run.source_start + (run.source_length if end else 0)


    def is_verbatim(self, start: int, end: int, source: str) -> bool:
        """Whether segment text ``[start, end)`` was read from one stretch of source
        holding the same characters (line breaks and indentation aside): no tag,
        entity, escape or code inside it. Only such a span can be rewritten
        without touching markup.

        Only the runs the span touches are read (found by bisection), so checking every
        finding of a paragraph of thousands of runs stays linear."""
        previous_end = None
        for index in range(max(bisect.bisect_right(self._starts, start) - 1, 0), len(self.runs)):
            run = self.runs[index]
            run_end = run.text_start + run.text_length
            if run.text_start >= end:
                break
            if run_end <= start:
                continue
            if previous_end is not None and run.source_start != previous_end:
                return False  # markup was skipped between two runs
            previous_end = run.source_start + run.source_length
            low, high = max(start, run.text_start), min(end, run_end)
            text = self.text[low:high]
            source_start = self.shift + run.source_start
            if run.text_length == run.source_length:
                original = source[source_start + low - run.text_start:source_start + high - run.text_start]
            else:
                original = source[source_start:source_start + run.source_length]
            if text != original and not (text.isspace() and original.isspace()):
                return False
        return True


class Comment(NamedTuple):
    """A comment in the source (HTML/Markdown ``<!-- -->``, or a directive line in
    plain text): never prose, but it may carry a ``claimlint-`` directive."""

    text: str
    start: int
    end: int
    #: "comment" (the format's own comment), or "line" (plain text's directive line, which
    #: must not be written in another format's comment syntax)
    form: str = "comment"


@dataclass
class Extraction:
    """What an extractor returns: prose segments and the comments it skipped."""

    segments: list[Segment] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
