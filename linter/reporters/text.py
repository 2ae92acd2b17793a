"""``text`` (the default): findings grouped by file, each with its source line,
the matched span underlined, the message and the compliant rewrites.

Clinic copy is often one long line per paragraph, so the source line is shown
as a window around the span that fits the width (``--width``, else
``COLUMNS``, else the terminal's, else 140 columns as rustc does), and long
rewrites wrap under their own text. Widths are terminal columns: a wide
character (CJK, most emoji) takes two, so the underline stays under the claim.
"""

from __future__ import annotations

import os
import textwrap
import unicodedata
from typing import Mapping, TextIO

import click

from ..document import Document
from ..findings import Finding
from . import plural

#: The width when neither ``--width``, ``COLUMNS`` nor a terminal says (rustc's default).
DEFAULT_WIDTH = 140
#: Narrower than this, a window could not show the gutter and a claim together.
MIN_WIDTH = 40
GUTTER = "           | "
TRY = "           = try: "
_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


def char_width(char: str) -> int:
    """Terminal columns of one character: two for wide ones, none for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide characters (CJK, most emoji) take two, combining marks none."""
    return sum(char_width(char) for char in text)


def output_width(option: int | None, stream: TextIO, environ: Mapping[str, str] = os.environ) -> int:
    """The width to fit: ``--width``, else ``COLUMNS``, else the terminal's, else 140.

    This is the order ruff's and rustc's renderers use; a pipe or a file has no
    width of its own, so it gets rustc's default rather than a guess from the
    terminal the command happens to run in.
    """
    if option is not None:
        return max(option, MIN_WIDTH)
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    try:
        if stream.isatty():
            return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH


def _cost(line: str, left: int, right: int, widths: list[int]) -> int:
    """Columns of ``line[left:right]`` with an ellipsis on each side that is cut."""
    return sum(widths[left:right]) + (left > 0) + (right < len(line))


def excerpt(
    line: str, start: int, end: int, columns: int = DEFAULT_WIDTH - len(GUTTER)
) -> tuple[str, int, int]:
    """A window of ``line`` at most ``columns`` wide around ``[start, end)``, and the
    span's character offsets inside it.

    The span comes first (its start is always shown), then context is added one
    character at a time to whichever side has less, so the claim sits near the
    middle; a cut side is marked with ``…``.

    Only the stretch of ``line`` that can be shown is read: up to the ``columns + 1``-th
    character of some width on each side of the span (no window holds it, so the window
    never reaches the stretch's ends). A finding on a line of megabytes costs what one on
    a short line does, and thousands of them on that line stay linear.
    """
    end = min(max(end, start + 1), len(line)) if line else start
    low, high = _reach(line, start, -1, columns), _reach(line, end, 1, columns)
    shown, start, end = _window(line[low:high].replace("\t", " "), start - low, end - low, columns)
    return shown, start, end


def _reach(line: str, offset: int, step: int, columns: int) -> int:
    """From ``offset``, the bound (stepping by ``step``) just past ``columns + 1`` characters
    that take a column or more, or the line's end; a tab counts as one column, as it is shown."""
    counted, position, bound = 0, offset, 0 if step < 0 else len(line)
    while counted <= columns and position != bound:
        char = line[position - 1] if step < 0 else line[position]
        position += step
        counted += char == "\t" or char_width(char) > 0
    return position


def _window(line: str, start: int, end: int, columns: int) -> tuple[str, int, int]:
    """``excerpt`` on a line that holds every character it can show."""
    widths = [char_width(char) for char in line]
    if sum(widths) <= columns:
        return line, start, end
    left = right = start
    while right < end and _cost(line, left, right + 1, widths) <= columns:
        right += 1
    right = max(right, min(start + 1, len(line)))  # a claim wider than the window: show its start
    while True:
        before, after = sum(widths[left:start]), sum(widths[end:right]) if right > end else 0
        grow_left = left > 0 and _cost(line, left - 1, right, widths) <= columns
        grow_right = end <= right < len(line) and _cost(line, left, right + 1, widths) <= columns
        if grow_left and (before <= after or not grow_right):
            left -= 1
        elif grow_right:
            right += 1
        else:
            break
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    return prefix + line[left:right] + suffix, start - left + len(prefix), min(end, right) - left + len(prefix)


def wrap(text: str, indent: int, width: int) -> list[str]:
    """``text`` in lines that fit ``width`` after an ``indent``-column lead; a word longer
    than the line (a URL) stays whole rather than being split."""
    room = max(width - indent, MIN_WIDTH // 2)
    return textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False) or [""]


class Reporter:
    #: Set by ``check``: the columns to fit, and ``--quiet`` (the findings, no summary).
    width: int = DEFAULT_WIDTH
    quiet: bool = False

    def __init__(self, out: TextIO, color: bool):
        self.out = out
        self.color = color
        self.files_with_findings = 0

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.color else text

    def file(self, document: Document, findings: list[Finding]) -> None:
        if not findings:
            return
        self.files_with_findings += 1
        self.out.write(self._style(document.path, bold=True, underline=True) + "\n")
        for finding in findings:
            self._finding(document, finding)
        self.out.write("\n")

    #: The last line shown: (document, line number, its text).
    _last_line: tuple = (None, 0, "")

    def _line_text(self, document: Document, number: int) -> str:
        """A line's text, sliced once for all the findings on it: a line can be megabytes long."""
        if self._last_line[0] is not document or self._last_line[1] != number:
            self._last_line = (document, number, document.line_text(number))
        return self._last_line[2]

    def _finding(self, document: Document, finding: Finding) -> None:
        colour = _SEVERITY_COLOUR[finding.severity]
        severity = self._style(f"{finding.severity:<7}", fg=colour, bold=True)
        where = f"{finding.line}:{finding.column}"
        tag = f" [{finding.profile}]" if finding.profile else ""  # only under several profiles
        self.out.write(f"  {where:<8} {severity} {self._style(finding.rule, bold=True)}{tag}  {finding.message}\n")
        line = self._line_text(document, finding.line)
        end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
        shown, start, stop = excerpt(line, finding.column - 1, end, self.width - len(GUTTER))
        pad = " " * display_width(shown[:start])
        marks = "^" * max(display_width(shown[start:stop]), 1)
        gutter = self._style(GUTTER, dim=True)
        self.out.write(gutter + shown + "\n")
        self.out.write(gutter + pad + self._style(marks, fg=colour) + "\n")
        for suggestion in finding.suggestions:
            self._wrapped(self._style(TRY, fg="green"), len(TRY), suggestion)
        if finding.fix is not None:
            action = f"replace with “{finding.fix.replacement}”" if finding.fix.replacement else "remove it"
            lead = f"           = fix ({finding.fix.applicability}): "
            self._wrapped(self._style(lead, fg="cyan"), len(lead), action)

    def _wrapped(self, lead: str, indent: int, text: str) -> None:
        """``lead`` then ``text``, continuation lines aligned under the text's first column."""
        lines = wrap(text, indent, self.width)
        self.out.write(lead + lines[0] + "\n")
        for rest in lines[1:]:
            self.out.write(" " * indent + rest + "\n")

    def finish(self, summary) -> None:
        if self.quiet or summary.files == 0:  # nothing linted: check says why on stderr, not "0 files"
            return
        if summary.fixed:
            self.out.write(self._style(f"Fixed {plural(summary.fixed, 'finding')}.", fg="green") + "\n")
        safe, unsafe = summary.fixable["safe"], summary.fixable["unsafe"]
        if safe or unsafe:
            more = f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
            self.out.write(f"[*] {safe} fixable with --fix{more}.\n")
        files = plural(summary.files, "file")
        notes = [f"{summary.suppressed} suppressed by directives"] if summary.suppressed else []
        if summary.hidden:
            notes.append(f"{summary.hidden} below --min-severity not shown")
        note = f" ({'; '.join(notes)})" if notes else ""
        if summary.findings == 0:
            self.out.write(self._style(f"No risky claims found in {files}.{note}", fg="green") + "\n")
            return
        parts = [f"{count} {name}" if name == "info" else plural(count, name)
                 for name, count in summary.counts.items() if count]
        found = f"Found {plural(summary.findings, 'finding')} ({', '.join(parts)})"
        found += f" in {self.files_with_findings} of {files}.{note}"
        self.out.write(self._style(found, bold=True) + "\n")
