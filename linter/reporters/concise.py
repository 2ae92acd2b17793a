"""``concise``: one line per finding, the form editors' problem matchers read."""

from __future__ import annotations

from typing import TextIO


class Reporter:
    def __init__(self, out: TextIO, color: bool):
        self.out = out

    def file(self, document, findings) -> None:
        for finding in findings:
            self.out.write(
                f"{finding.path}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}]"
                f"{f' [{finding.profile}]' if finding.profile else ''} {finding.message}\n"
            )

    def finish(self, summary) -> None:
        pass
