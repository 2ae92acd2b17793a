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
from dataclasses import dataclass, field
from typing import NamedTuple

_LINE_END = re.compile(r"\r\n|\r|\n")


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
        prefix = self.text[start:offset]
        # "surrogatepass": a lone surrogate (possible in an editor's buffer) still counts as one unit
        if encoding == "utf-16":
            return len(prefix.encode("utf-16-le", "surrogatepass")) // 2
        if encoding == "utf-8":
            return len(prefix.encode("utf-8", "surrogatepass"))
        return len(prefix)

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
