"""``document`` rules: a statement the page must carry somewhere, before or after.

When a sentence triggers the rule (a treatment named with a condition it is not
approved for; a mention of suicide), the page must hold one of the ``expect``
statements anywhere -- a disclaimer in the footer counts, unlike in linters
that only look at what came before. Otherwise there is one finding, at the
first trigger. The trigger is judged like a claim (``with``, ``unless``...).
"""

from __future__ import annotations

from typing import Iterator

from ..rules import Hit, KeySpec
from ..sentences import Page
from . import claim

KEYS = {
    **claim.KEYS,
    "expect": KeySpec("list", required=True),
}


class DocumentMatcher(claim.ClaimMatcher):
    def __init__(self, table: dict, compile_list):
        super().__init__(table, compile_list)
        self.expect = compile_list("expect")

    def hits(self, page: Page) -> Iterator[Hit]:
        if claim._any(self.expect, page.text):
            return
        first = min(super().hits(page), key=lambda hit: (hit.segment, hit.start, -hit.end), default=None)
        if first is not None:
            yield first


def build(table: dict, compile_list) -> DocumentMatcher:
    return DocumentMatcher(table, compile_list)
