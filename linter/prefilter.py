"""One pass per segment that finds which phrase anchors occur in it.

Every phrase carries anchors: literal strings, one of which occurs (case-folded)
in any text the phrase can match. Rather than asking each of hundreds of
phrases "does one of your anchors occur here?", all anchors are compiled into
one trie-shaped alternation, run once over the segment inside a lookahead (so
overlapping anchors are all found), and each phrase checks its anchors
against the set found. Findings are identical with and without this pass: a
phrase it skips cannot match.
"""

from __future__ import annotations

import re
from typing import Iterable


class AnchorScanner:
    def __init__(self, anchors: Iterable[str]):
        unique = {anchor for anchor in anchors if anchor}
        # A match of "cure" also means "cur" is present: found strings map to every anchor they start with.
        self.prefixes = {
            anchor: frozenset(anchor[:length] for length in range(1, len(anchor) + 1) if anchor[:length] in unique) for anchor in unique
        }
        self.pattern = re.compile("(?=(" + _trie(unique) + "))", re.DOTALL) if unique else None

    def present(self, folded: str) -> frozenset:
        if self.pattern is None:
            return frozenset()
        found: set = set()
        for match in self.pattern.finditer(folded):
            found |= self.prefixes[match.group(1)]
        return frozenset(found)

    def positions(self, folded: str) -> dict[str, list[int]]:
        """Where each anchor occurs (start offsets in ``folded``), prefixes included."""
        where: dict[str, list[int]] = {}
        if self.pattern is None:
            return where
        for match in self.pattern.finditer(folded):
            start = match.start()
            for anchor in self.prefixes[match.group(1)]:
                where.setdefault(anchor, []).append(start)
        return where


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie so the engine never backtracks far."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body
