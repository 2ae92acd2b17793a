"""Output formats: one module per format, each with a ``Reporter`` class.

A new format is one module and one line in ``FORMATS``. A reporter receives
each file's findings as soon as the file is linted (so a large site streams)
and a summary at the end; input errors go to standard error, never into a
machine-readable stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TextIO

from ..document import Document
from ..findings import Finding
from . import concise, github, json_format, sarif, statistics, text


@dataclass
class Summary:
    files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    errors: int = 0
    suppressed: int = 0
    fixed: int = 0
    fixable: dict[str, int] = field(default_factory=lambda: {"safe": 0, "unsafe": 0})

    @property
    def findings(self) -> int:
        return sum(self.counts.values())


class Reporter(Protocol):
    def __init__(self, out: TextIO, color: bool) -> None: ...

    def file(self, document: Document, findings: list[Finding]) -> None: ...

    def finish(self, summary: Summary) -> None: ...


FORMATS: dict[str, type] = {
    "text": text.Reporter,
    "concise": concise.Reporter,
    "json": json_format.Reporter,
    "sarif": sarif.Reporter,
    "github": github.Reporter,
}

#: ``--statistics`` replaces the findings with counts, in text or JSON.
StatisticsReporter = statistics.Reporter
