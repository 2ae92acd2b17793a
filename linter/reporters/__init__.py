"""Output formats: one module per format, each with a ``Reporter`` class.

A new format is one module and one line in ``FORMATS``. A reporter receives
each file's findings as soon as the file is linted (so a large site streams)
and a summary at the end; input errors go to standard error, never into a
machine-readable stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TextIO

import importlib


@dataclass
class Summary:
    files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    errors: int = 0
    suppressed: int = 0
    fixed: int = 0
    fixable: dict[str, int] = field(default_factory=lambda: {"safe": 0, "unsafe": 0})
    hidden: int = 0  # findings below --min-severity: neither shown nor counted

    @property
    def findings(self) -> int:
        return sum(self.counts.values())


class Reporter(Protocol):
    def __init__(self, out: TextIO, color: bool) -> None: ...

    def file(self, document: "Document", findings: "list[Finding]") -> None: ...

    def finish(self, summary: Summary) -> None: ...


#: format name -> module (in this package) holding its ``Reporter``; imported when chosen
MODULES: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
}
FORMATS = sorted(MODULES)


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files``: every count the command prints reads as English."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def reporter(name: str) -> type:
    return importlib.import_module(f".{MODULES[name]}", __name__).Reporter


def statistics_reporter() -> type:
    """``--statistics`` replaces the findings with counts, in text or JSON."""
    return reporter_module("statistics").Reporter


def reporter_module(name: str):
    return importlib.import_module(f".{name}", __name__)
