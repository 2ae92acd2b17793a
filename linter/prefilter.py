"""One pass per segment that finds which phrase anchors occur in it.

Every phrase carries anchors: literal strings, one of which occurs (case-folded)
in any text the phrase can match. Rather than asking each of hundreds of
phrases "does one of your anchors occur here?", all anchors are compiled into
one trie-shaped alternation, run once over the segment inside a lookahead (so
overlapping anchors are all found), and each phrase checks its anchors
against the set found. Findings are identical with and without this pass: a
phrase it skips cannot match.

The alternation exists in two engines. stdlib ``re`` scans it about five times
faster than ``regex``, but it cannot be stored compiled: it is compiled again
in every process (about 7 ms for the bundled pack), which is most of what a
pre-commit hook on one small page would spend scanning. A ``regex`` pattern
is stored compiled in the pack cache and loads at once. So a process starts on
the ``regex`` form and compiles the ``re`` form only once it has scanned
enough text for that to pay (``FAST_ENGINE_AFTER`` characters). Both forms
find the same anchors: the pattern is plain literals and groups.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Characters scanned with the stored ``regex`` form before the ``re`` form is compiled:
#: about where the compile costs what the slower scan would.
FAST_ENGINE_AFTER = 32_000


class AnchorScanner:
    def __init__(self, anchors: Iterable[str]):
        unique = {anchor for anchor in anchors if anchor}
        # A match of "cure" also means "cur" is present: found strings map to every anchor they start with.
        self.prefixes = {
            anchor: frozenset(anchor[:length] for length in range(1, len(anchor) + 1) if anchor[:length] in unique) for anchor in unique
        }
        self.source = "(?=(" + _trie(unique) + "))" if unique else None
        self.stored = None  # the ``regex`` form, pickled with the pack
        self.fast = None  # the ``re`` form, compiled in each process when it pays
        self.scanned = 0
        if self.source is not None:
            import regex

            self.stored = regex.compile(self.source, regex.DOTALL)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "fast": None, "scanned": 0}

    def _pattern(self, length: int):
        if self.fast is None:
            self.scanned += length
            if self.scanned <= FAST_ENGINE_AFTER:
                return self.stored
            self.fast = re.compile(self.source, re.DOTALL)
        return self.fast

    def _found(self, folded: str):
        if self.source is None:
            return iter(())
        return self._pattern(len(folded)).finditer(folded)

    def present(self, folded: str) -> frozenset:
        found: set = set()
        for match in self._found(folded):
            found |= self.prefixes[match.group(1)]
        return frozenset(found)

    def positions(self, folded: str) -> dict[str, list[int]]:
        """Where each anchor occurs (start offsets in ``folded``), prefixes included."""
        where: dict[str, list[int]] = {}
        for match in self._found(folded):
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
