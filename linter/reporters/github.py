"""``github``: GitHub Actions workflow commands, which annotate the pull request's diff.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``, with the
escaping of GitHub's own toolkit: ``%``, CR and LF in messages; those plus
``:`` and ``,`` in properties. GitHub shows only a few annotations per step, so
a plain summary line follows (upload SARIF for the full list).
"""

from __future__ import annotations

from typing import TextIO

from . import plural

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Reporter:
    quiet = False  # --quiet: the annotations only

    def __init__(self, out: TextIO, color: bool):
        self.out = out

    def file(self, document, findings) -> None:
        for f in findings:
            properties = ",".join(
                f"{key}={escape_property(str(value))}"
                for key, value in (
                    ("file", f.path),
                    ("line", f.line),
                    ("col", f.column),
                    ("endLine", f.end_line),
                    ("endColumn", f.end_column),
                    ("title", f"claimlint {f.rule}" + (f" [{f.profile}]" if f.profile else "")),
                )
            )
            suggestion = f"\nTry: {f.suggestions[0]}" if f.suggestions else ""
            self.out.write(f"::{LEVELS[f.severity]} {properties}::{escape_data(f.message + suggestion)}\n")

    def finish(self, summary) -> None:
        if self.quiet:
            return
        totals = f"{plural(summary.findings, 'finding')} in {plural(summary.files, 'file')}"
        self.out.write(f"claimlint: {totals}.\n")
