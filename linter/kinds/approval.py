"""``approval`` rules: a statement of approval, checked against what the product is approved for.

"Ozempic is FDA-approved for type 2 diabetes" is true and "Ozempic is FDA-approved
for weight loss" is not; "ketamine is FDA-approved as an anesthetic" is true and
"FDA-approved ketamine therapy for depression" is not. A phrase cannot tell them
apart; a table of approvals can. Each entry of ``approvals`` names a product (as
the page may write it), the uses it is approved or cleared for, and those uses in
words for the message::

    [rule.approvals.ozempic]
    products = ["Ozempic"]
    for = ["type 2 diabetes", "blood sugar"]
    approved = "is FDA-approved for type 2 diabetes"

A match of the rule's patterns (judged like a claim) then asks, in the clause it
stands in: which product is it about (the nearest one the table knows), and which
uses does the clause claim (``uses``, e.g. ``{condition}``)? A claimed use that
none of the product's ``for`` phrases covers is a finding whose message says what
the approval really covers; a product approved for nothing is a finding whatever
the use; a clause that claims only approved uses, or none, is a true statement
and passes. A clause naming no product of the table is judged as a claim alone.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import re as regex  # stdlib re: a helper pattern, compiled once

from ..budget import timeout
from ..rules import KeySpec
from ..sentences import Page, Sentence
from . import claim
from .phrase import Context

KEYS = {
    **claim.KEYS,
    "approvals": KeySpec("table", required=True),
    "uses": KeySpec("list", required=True),
}
ENTRY_KEYS = {"products": "list", "for": "list", "approved": "str"}
#: A use the sentence itself excludes: "..., not for other types of depression".
_DENIED = regex.compile(r"\b(?:not|never|nor|isn't|aren't|except)\b(?:\s+\S+){0,4}\s*$", regex.IGNORECASE)
#: How far from the match, in characters, the products and uses of its clause are read. A
#: clause of copy is far shorter (none in the test corpora comes near it); the bound keeps a
#: verdict's work the same in an endless unpunctuated "sentence", where each of thousands of
#: hits would otherwise read the whole of it.
REACH = 500


class Approval(NamedTuple):
    """One product of the table: the phrases naming it, those naming its approved uses."""

    name: str
    products: list
    covers: list
    approved: str


class ApprovalMatcher(claim.ClaimMatcher):
    def __init__(self, table: dict, compile_list):
        super().__init__(table, compile_list)
        self.uses = [phrase.regex for phrase in compile_list("uses")]
        self.approvals = [
            Approval(
                name,
                [p.regex for p in compile_list(f"approvals.{name}.products", entry.get("products", []))],
                [p.regex for p in compile_list(f"approvals.{name}.for", entry.get("for", []))],
                entry.get("approved", ""),
            )
            for name, entry in sorted(table.get("approvals", {}).items())
            if isinstance(entry, dict)
        ]

    def accepts(self, page: Page, segment, sentence: Sentence, match: Any, sentence_with: bool = True,
                context: Context | None = None) -> bool:
        context = context or Context(segment.text)
        verdict = self._verdict_once(segment.text, sentence, match, context)
        if verdict is not None:
            # The table knows the product: its verdict replaces the sentence-wide ``with`` test.
            return bool(verdict) and super().accepts(page, segment, sentence, match, False, context)
        return super().accepts(page, segment, sentence, match, sentence_with, context)

    def detail(self, segment, sentence: Sentence, match: Any, context: Context | None = None) -> str:
        verdict = self._verdict_once(segment.text, sentence, match, context or Context(segment.text))
        return verdict or ""

    def _verdict_once(self, text: str, sentence: Sentence, match: Any, context: Context) -> str | None:
        key = ("verdict", sentence, match.span())
        return context.once(key, lambda: self.verdict(text, sentence, match, context))

    def verdict(self, text: str, sentence: Sentence, match: Any, context: Context | None = None) -> str | None:
        """None: no product of the table in the clause; "": a true statement; else what is wrong.
        The clause and the sentence are read no further than ``REACH`` from the match."""
        context = context or Context(text)
        low, high = match.start() - REACH, match.end() + REACH
        start = max(claim.clause_of(text, sentence, _Span(match.start(), match.start()), context)[0], low)
        end = min(claim.clause_of(text, sentence, _Span(match.end(), match.end()), context)[1], high)
        found = self._product(text, start, end, match) or self._product(
            text, max(sentence.start, low), min(sentence.end, high), match)
        if found is None:
            return None
        approval, named = found
        covered = [m.span() for pattern in approval.covers
                   for m in pattern.finditer(text, start, end, timeout=timeout())]
        spans = []
        for pattern in self.uses:
            for use in pattern.finditer(text, start, end, timeout=timeout()):
                if _overlaps(use.span(), [named]) or _overlaps(use.span(), covered):
                    continue
                if _DENIED.search(text, max(start, use.start() - 40), use.start()):
                    continue  # "approved for postpartum depression, not for other types of depression"
                spans.append(use.span())
        claimed = []
        for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):  # "weight loss", not also "weight"
            words = " ".join(text[span[0]:span[1]].split())
            if not any(span[0] < o[1] and o[0] < span[1] and o[1] - o[0] > span[1] - span[0] for o in spans):
                if words.lower() not in (c.lower() for c in claimed):
                    claimed.append(words)
        if approval.covers and not claimed:
            return ""
        return _sentence(" ".join(text[named[0]:named[1]].split()), approval, claimed)

    def _product(self, text: str, start: int, end: int, match: Any) -> tuple[Approval, tuple] | None:
        """The table's product nearest the match in the clause (the longest name on a tie)."""
        best = None
        for approval in self.approvals:
            for pattern in approval.products:
                for named in pattern.finditer(text, start, end, timeout=timeout()):
                    distance = max(named.start() - match.end(), match.start() - named.end(), 0)
                    rank = (distance, -(named.end() - named.start()))
                    if best is None or rank < best[0]:
                        best = (rank, approval, named.span())
        return (best[1], best[2]) if best else None


class _Span(NamedTuple):
    """A zero-width stand-in for a match, to ask ``clause_of`` about one offset."""

    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def _sentence(product: str, approval: Approval, claimed: list[str]) -> str:
    """"Ozempic is FDA-approved for type 2 diabetes, not for weight loss.", as the page names it."""
    approved = approval.approved or "is not FDA-approved"
    if product.lower().endswith("s") and not product.lower().endswith("ss") and approved.startswith("is "):
        approved = "are " + approved[3:]  # "IV drips are not FDA-approved..."
    scope = f", not for {_listed(claimed)}" if claimed and approval.covers else ""
    return f"{product[:1].upper()}{product[1:]} {approved}{scope}."


def _overlaps(span: tuple, spans: list) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in spans)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def check(table: dict, fail) -> None:
    """The approvals table's own shape, reported like any other key."""
    approvals = table.get("approvals")
    if not isinstance(approvals, dict):
        return
    for name, entry in approvals.items():
        key = f"approvals.{name}"
        if not isinstance(entry, dict):
            fail(key, f"'{key}' must be a table with 'products', 'for' and 'approved'")
            continue
        for field, expected in ENTRY_KEYS.items():
            value = entry.get(field)
            if field == "products" and not value:
                fail(key, f"'{key}.products' needs at least one phrase naming the product")
            elif value is not None and not (
                isinstance(value, str) if expected == "str" else isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                fail(key, f"'{key}.{field}' must be {'a string' if expected == 'str' else 'a list of strings'}")
        for field in entry:
            if field not in ENTRY_KEYS:
                fail(key, f"unknown key '{key}.{field}' (known: {', '.join(ENTRY_KEYS)})")


def build(table: dict, compile_list) -> ApprovalMatcher:
    return ApprovalMatcher(table, compile_list)
