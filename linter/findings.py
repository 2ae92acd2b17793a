"""Findings: the immutable records every reporter, the fixer and the API share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for error: for ``--fail-on`` and de-duplication."""
    return SEVERITIES.index(severity)


def weaker(severity: str) -> str:
    """One step down: a claim softened by a weak hedge ("can help") is a lesser finding."""
    return SEVERITIES[max(severity_rank(severity) - 1, 0)]


class Fix(NamedTuple):
    """A replacement for the finding's span, and whether ``--fix`` may apply it alone."""

    replacement: str
    applicability: str  # "safe" | "unsafe"

    def to_json(self) -> dict:
        return {"replacement": self.replacement, "applicability": self.applicability}


@dataclass(frozen=True)
class Finding:
    """One risky claim: where it is (source offsets and 1-based positions), what and why."""

    path: str
    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    fix: Fix | None = None
    #: the jurisdiction profiles that raised it ("us,uk"), set only when a file is linted under
    #: several: with one profile every output stays as it was
    profile: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.rule)

    def to_json(self) -> dict:
        """The JSON contract: exactly these keys, in this order (and ``profile`` after them,
        only under several profiles)."""
        found = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "fix": self.fix.to_json() if self.fix else None,
        }
        if self.profile is not None:
            found["profile"] = self.profile
        return found
