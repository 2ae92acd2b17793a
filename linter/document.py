"""The source document: its decoded text and the mapping from offsets to positions.

Every position claimlint reports is computed here, from a code-point offset into
the decoded text, and never by searching a match back in the source. Lines end
only at ``\\n``, ``\\r\\n`` and ``\\r`` -- the three sequences editors and the
Language Server Protocol agree on -- so ``str.splitlines`` (which also breaks on
U+2028, form feeds and friends) is deliberately not used.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from typing import NamedTuple

_LINE_END = re.compile(r"\r\n|\r|\n")
#: Characters that take more than one unit: each class adds one unit to a character in it
#: (UTF-8: two bytes from U+0080, three from U+0800, four from U+10000; UTF-16: two units
#: from U+10000). A lone surrogate, possible in an editor's buffer, is U+D800..U+DFFF.
_WIDER = {
    "utf-8": (re.compile("[\u0080-\U0010ffff]"), re.compile("[\u0800-\U0010ffff]"),
              re.compile("[\U00010000-\U0010ffff]")),
    "utf-16": (re.compile("[\U00010000-\U0010ffff]"),),
}


class Position(NamedTuple):
    """A 1-based line and a 1-based column counted in Unicode code points."""

    line: int
    column: int


@dataclass
class Document:
    """Decoded text plus a line index; positions are derived, never stored twice."""

    text: str
    path: str = "-"
    line_starts: list[int] = field(init=False, repr=False)
    _wider: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.line_starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_index(self, offset: int) -> int:
        """0-based line that holds ``offset`` (an offset at a line end belongs to that line)."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> Position:
        line = self.line_index(offset)
        return Position(line + 1, offset - self.line_starts[line] + 1)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def column_in(self, offset: int, encoding: str) -> int:
        """0-based column of ``offset`` in ``utf-32`` (code points), ``utf-16`` or ``utf-8`` units.

        Editors (LSP) and SARIF count columns in UTF-16 code units by default; a
        character outside the Basic Multilingual Plane (an emoji) is two of them.
        """
        start = self.line_starts[self.line_index(offset)]
        units = offset - start
        for offsets in self._wider_offsets(encoding):
            units += bisect.bisect_left(offsets, offset) - bisect.bisect_left(offsets, start)
        return units

    def _wider_offsets(self, encoding: str) -> list:
        """Per class of ``_WIDER``, the sorted offsets of its characters, found once per document:
        a column is then counted by bisection, not by encoding the line up to it, so the
        columns of thousands of findings on one long line cost linear time."""
        if encoding not in self._wider:
            self._wider[encoding] = [array("q", (m.start() for m in pattern.finditer(self.text)))
                                     for pattern in _WIDER.get(encoding, ())]
        return self._wider[encoding]

    def offset_at(self, line: int, column: int, encoding: str) -> int:
        """The offset of 0-based ``line`` and ``column`` counted in ``encoding`` units
        (an editor's position); past the end of a line or of the text it clamps."""
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        content_end = end
        while content_end > start and self.text[content_end - 1] in "\r\n":
            content_end -= 1
        units = 0
        for offset in range(start, content_end):
            if units >= column:
                return offset
            char = self.text[offset]
            if encoding == "utf-16":
                units += 2 if ord(char) > 0xFFFF else 1
            elif encoding == "utf-8":
                units += len(char.encode("utf-8", "surrogatepass"))
            else:
                units += 1
        return content_end

    @property
    def newline(self) -> str:
        """The line ending the document uses (LF if it has none), for inserted lines."""
        found = _LINE_END.search(self.text)
        return found.group() if found else "\n"
