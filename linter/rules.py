"""Rules as loaded: their documentation, and the compiled matcher of their kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol

from .findings import Fix
from .sentences import Page

#: The categories of ../shared/TAXONOMY.md; a rule id starts with one of them.
CATEGORIES = (
    "safety",
    "hype",
    "efficacy",
    "speed",
    "regulatory",
    "evidence",
    "comparison",
    "testimonial",
    "disclosure",
)


@dataclass(frozen=True)
class Hit:
    """A rule's match in a segment; ``weakened`` lowers the rule's severity one step."""

    segment: int
    start: int
    end: int
    weakened: bool = False


class Matcher(Protocol):
    def hits(self, page: Page) -> Iterator[Hit]: ...


@dataclass(frozen=True)
class KeySpec:
    """The type of a rule key, for strict loading: ``str``, ``int``, ``bool`` or ``list``
    (of strings)."""

    type: str
    required: bool = False


@dataclass
class Examples:
    flag: tuple[str, ...]
    passing: tuple[str, ...]


@dataclass
class Rule:
    """A rule: what it says to the user, and how it matches."""

    id: str
    kind: str
    severity: str
    message: str
    description: str
    suggestions: tuple[str, ...]
    fix: Fix | None
    why: str
    references: tuple[str, ...]
    examples: Examples
    matcher: Matcher = field(repr=False)
    source: str = ""
    line: int = 0

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass
class Ruleset:
    """Every rule of the loaded packs, in load order, and the packs' vocabularies."""

    rules: list[Rule]
    vocabulary: dict[str, list[str]]
    sources: list[str]

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)
