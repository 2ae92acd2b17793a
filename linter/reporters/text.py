"""``text`` (the default): findings grouped by file, each with its source line,
the matched span underlined, the message and the compliant rewrites.

Clinic copy is often one long line per paragraph, so the source line is shown
as a window around the span rather than whole.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

import click

from ..document import Document
from ..findings import Finding

WINDOW = 100
_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide characters (CJK, most emoji) take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def excerpt(line: str, start: int, end: int, window: int = WINDOW) -> tuple[str, int, int]:
    """A window of ``line`` around ``[start, end)`` and the span's columns inside it."""
    line = line.replace("\t", " ")
    end = min(max(end, start + 1), len(line)) if line else start
    if len(line) <= window:
        return line, start, end
    span = end - start
    left = max(0, start - max((window - span) // 2, 10))
    right = min(len(line), max(end + 10, left + window))
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    return prefix + line[left:right] + suffix, start - left + len(prefix), min(end, right) - left + len(prefix)


class Reporter:
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

    def _finding(self, document: Document, finding: Finding) -> None:
        severity = self._style(f"{finding.severity:<7}", fg=_SEVERITY_COLOUR[finding.severity], bold=True)
        where = f"{finding.line}:{finding.column}"
        self.out.write(f"  {where:<8} {severity} {self._style(finding.rule, bold=True)}  {finding.message}\n")
        line = document.line_text(finding.line)
        end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
        shown, start, stop = excerpt(line, finding.column - 1, end)
        pad = " " * display_width(shown[:start])
        marks = "^" * max(display_width(shown[start:stop]), 1)
        self.out.write(self._style("           | ", dim=True) + shown + "\n")
        self.out.write(self._style("           | ", dim=True) + pad + self._style(marks, fg=_SEVERITY_COLOUR[finding.severity]) + "\n")
        for suggestion in finding.suggestions:
            self.out.write(self._style("           = try: ", fg="green") + suggestion + "\n")
        if finding.fix is not None:
            action = f"replace with “{finding.fix.replacement}”" if finding.fix.replacement else "remove it"
            self.out.write(self._style(f"           = fix ({finding.fix.applicability}): ", fg="cyan") + action + "\n")

    def finish(self, summary) -> None:
        if summary.fixed:
            self.out.write(self._style(f"Fixed {summary.fixed} finding{'s' if summary.fixed != 1 else ''}.", fg="green") + "\n")
        safe, unsafe = summary.fixable["safe"], summary.fixable["unsafe"]
        if safe or unsafe:
            more = f" ({unsafe} more with --fix --unsafe-fixes)" if unsafe else ""
            self.out.write(f"[*] {safe} fixable with --fix{more}.\n")
        files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
        suppressed = f" ({summary.suppressed} suppressed by directives)" if summary.suppressed else ""
        if summary.findings == 0:
            self.out.write(self._style(f"No risky claims found in {files}.{suppressed}", fg="green") + "\n")
            return
        parts = [f"{count} {name}{'s' if count != 1 and name != 'info' else ''}" for name, count in
                 (("error", summary.counts["error"]), ("warning", summary.counts["warning"]), ("info", summary.counts["info"])) if count]
        noun = "finding" if summary.findings == 1 else "findings"
        self.out.write(
            self._style(f"Found {summary.findings} {noun} ({', '.join(parts)}) in {self.files_with_findings} of {files}.{suppressed}", bold=True)
            + "\n"
        )
