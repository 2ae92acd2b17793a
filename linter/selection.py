"""Which rules run: ``--select`` / ``--ignore`` by rule id or category.

A selector is a full rule id (``safety.well-tolerated``) or a category
(``safety``); ``ALL`` selects everything. Ignore wins over select, as in ruff.
An unknown selector is an error rather than a silent no-op: a typo in a
pre-commit hook must not quietly turn a check off.
"""

from __future__ import annotations

from typing import NamedTuple

from .rules import CATEGORIES, Rule, Ruleset


class SelectorError(ValueError):
    pass


class Selection(NamedTuple):
    select: frozenset[str] = frozenset({"ALL"})
    ignore: frozenset[str] = frozenset()

    def allows(self, rule: Rule) -> bool:
        return _matches(self.select, rule) and not _matches(self.ignore, rule)


def _matches(selectors: frozenset[str], rule: Rule) -> bool:
    return "ALL" in selectors or rule.id in selectors or rule.category in selectors


def known_names(ruleset: Ruleset) -> set[str]:
    """What a selector may name: a loaded rule's id (a rule of some profiles too, so one
    configuration serves every profile), a category, or ALL."""
    return {rule.id for rule in [*ruleset.rules, *ruleset.profile_rules]} | set(CATEGORIES) | {"ALL"}


def unknown_name(name: str, known: set[str]) -> str:
    """The message for a selector nothing answers to, with a did-you-mean."""
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else " (see 'claimlint rules')"
    return f"unknown rule or category '{name}'{hint}"


def parse_selectors(values: tuple[str, ...] | list[str], ruleset: Ruleset) -> frozenset[str]:
    """Split comma lists and check every name against the loaded rules."""
    known = known_names(ruleset)
    selectors = set()
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            if name not in known:
                raise SelectorError(unknown_name(name, known))
            selectors.add(name)
    return frozenset(selectors)


def build_selection(select: tuple[str, ...] | list[str], ignore: tuple[str, ...] | list[str], ruleset: Ruleset) -> Selection:
    return Selection(parse_selectors(select, ruleset) if select else frozenset({"ALL"}), parse_selectors(ignore, ruleset))
