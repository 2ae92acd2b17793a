"""``document`` rules: a statement the page must carry somewhere, before or after.

When a sentence triggers the rule (a treatment named with a condition it is not
approved for; a mention of suicide), the page must hold one of the ``expect``
statements anywhere -- a disclaimer in the footer counts, unlike in linters
that only look at what came before. Otherwise there is one finding, at the
first trigger. The trigger is judged like a claim (``with``, ``unless``...).

``with-page`` widens ``with`` to the whole page: a page titled "Ayahuasca
Retreats" that later promises to "heal trauma and depression" promotes a drug
for a condition even though no single sentence names both. The finding then
stands at the first trigger; a sentence that holds both still wins.
"""

from __future__ import annotations

from typing import Iterator

from ..rules import Hit, KeySpec
from ..sentences import Page
from . import claim, phrase

KEYS = {
    **claim.KEYS,
    "expect": KeySpec("list", required=True),
    "with-page": KeySpec("list"),
}


class DocumentMatcher(claim.ClaimMatcher):
    def __init__(self, table: dict, compile_list):
        super().__init__(table, compile_list)
        self.expect = phrase.regexes(compile_list("expect"))
        self.with_page = phrase.regexes(compile_list("with-page"))

    def hits(self, page: Page, sentence_with: bool = True) -> Iterator[Hit]:
        if page.says((self, "expect"), self.expect):
            return
        first = _first(self.hits_by_segment(page))
        if first is None and self.with_page and page.says((self, "with-page"), self.with_page):
            first = _first(self.hits_by_segment(page, sentence_with=False))
        if first is not None:
            yield first


def _first(segments: Iterator[tuple[int, tuple]]) -> Hit | None:
    """The first trigger of the page: the leftmost (longest) match of the first segment that
    holds one. Segments come in page order and each is matched only when asked for, so the
    rest of the page costs nothing once the page has made its claim."""
    for index, found in segments:
        start, end, weakened, groups, detail = min(found, key=lambda hit: (hit[0], -hit[1]))
        return Hit(index, start, end, weakened, groups, detail)
    return None


def build(table: dict, compile_list) -> DocumentMatcher:
    return DocumentMatcher(table, compile_list)
