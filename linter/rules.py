"""Rules as loaded: their documentation, and the compiled matcher of their kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple, Protocol

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


class Hit(NamedTuple):
    """A rule's match in a segment; ``weakened`` lowers the rule's severity one step;
    ``groups`` are the match's capture groups, for a fix's ``{1}``; ``detail`` says what
    this claim gets wrong ("Ozempic is FDA-approved for type 2 diabetes, not for weight loss")."""

    segment: int
    start: int
    end: int
    weakened: bool = False
    groups: tuple = ()
    detail: str = ""  # what the rule found out about this claim, added to its message


class FixOption(NamedTuple):
    """A rewrite of the matched span. ``when``: phrases one of which must match at the
    start of the span for this rewrite to apply ("game changing _" takes an adjective's
    rewrite, "game changer" a noun's). ``{match}`` and ``{1}``... expand in ``replacement``."""

    replacement: str
    applicability: str
    when: tuple = ()


class Matcher(Protocol):
    def hits(self, page: Page) -> Iterator[Hit]: ...


class KeySpec(NamedTuple):
    """The type of a rule key, for strict loading: ``str``, ``int``, ``bool`` or ``list``
    (of strings)."""

    type: str
    required: bool = False


@dataclass
class Examples:
    flag: tuple[str, ...]
    passing: tuple[str, ...]
    fixed: tuple[tuple[str, str], ...] = ()  # (sentence, the sentence its fix must produce)


@dataclass
class Rule:
    """A rule: what it says to the user, and how it matches."""

    id: str
    kind: str
    severity: str
    message: str
    description: str
    suggestions: tuple[str, ...]
    fixes: tuple[FixOption, ...]
    why: str
    references: tuple[str, ...]
    examples: Examples
    matcher: Matcher = field(repr=False)
    source: str = ""
    line: int = 0
    #: per kind of product (see ``product.KINDS``): the rewrites and message for that kind
    suggestions_for: dict = field(default_factory=dict)
    message_for: dict = field(default_factory=dict)
    #: the jurisdiction profiles this rule belongs to (see ``profiles.py``); empty: every profile
    profiles: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def fix(self) -> Fix | None:
        """The rule's first rewrite, as a finding would carry it (for documentation)."""
        return Fix(self.fixes[0].replacement, self.fixes[0].applicability) if self.fixes else None


@dataclass
class Ruleset:
    """Every rule of the loaded packs, in load order, and the packs' vocabularies."""

    rules: list[Rule]
    vocabulary: dict[str, list[str]]
    sources: list[str]
    warnings: list = field(default_factory=list)  # LoadError: worth saying, not worth stopping for
    _scanner: object = field(default=None, repr=False, compare=False)
    _products: object = field(default=None, repr=False, compare=False)
    #: ids of rules that ran out of their time budget on a file of this run: a batch
    #: skips them on the files after it (the editor keeps none: it retries them)
    timed_out: set = field(default_factory=set, repr=False, compare=False)
    #: jurisdiction profiles the packs define (name -> ``profiles.Profile``), the rules that
    #: apply only under some of them, and the profile this ruleset is the view of ("" for the
    #: packs as written, which is what the default profile sees unless a pack changes it)
    profiles: dict = field(default_factory=dict)
    profile_rules: list = field(default_factory=list)
    profile: str = ""
    _views: dict = field(default_factory=dict, repr=False, compare=False)

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def find(self, rule_id: str) -> Rule | None:
        """A rule of this ruleset, or else of some profile only (for documenting a finding
        whose profile is not this one)."""
        return self.get(rule_id) or next((r for r in self.profile_rules if r.id == rule_id), None)

    def under(self, profile: str | None) -> "Ruleset":
        """The rules as ``profile`` sees them (computed once; see ``profiles.view``)."""
        if not profile or profile == self.profile:
            return self
        if profile not in self._views:
            from .profiles import view

            self._views[profile] = view(self, profile)
        return self._views[profile]

    @property
    def products(self):
        """The compiled product, kind and condition vocabularies that fill templates (built once)."""
        if self._products is None:
            from .product import ProductFinder

            self._products = ProductFinder(self.vocabulary)
        return self._products

    @property
    def scanner(self):
        """The prefilter's combined scan over every phrase anchor of the pack (built once)."""
        if self._scanner is None:
            from .prefilter import AnchorScanner

            self._scanner = AnchorScanner(  # every profile's rules too: the views share it
                anchor
                for rule in [*self.rules, *self.profile_rules]
                for phrase in rule.matcher.patterns
                for group in phrase.groups or ([phrase.anchors] if phrase.anchors else [])
                for anchor in group
            )
        return self._scanner
