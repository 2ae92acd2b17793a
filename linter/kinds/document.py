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
        first = _first(super().hits(page))
        if first is None and self.with_page and page.says((self, "with-page"), self.with_page):
            first = _first(super().hits(page, sentence_with=False))
        if first is not None:
            yield first


def _first(hits: Iterator[Hit]) -> Hit | None:
    """The first trigger of the page. Hits come segment by segment in page order
    (``Page.hits_of``), so the segments after the first that holds one are never
    matched: on a page that makes its claim early, most of the page costs nothing."""
    first = None
    for hit in hits:
        if first is not None and hit.segment > first.segment:
            break
        if first is None or (hit.start, -hit.end) < (first.start, -first.end):
            first = hit
    return first


def build(table: dict, compile_list) -> DocumentMatcher:
    return DocumentMatcher(table, compile_list)
