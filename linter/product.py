"""What a finding is about: the product as the page writes it, its kind, and the condition.

A rewrite that names ketamine on a TMS page, or calls a GLP-1 "off-label", teaches the
reader the wrong thing about their own page. So a rule's suggestions and messages are
templates whose slots are filled from the finding's sentence (see ``templates.py``),
and the slots come from here. Which products are of which kind is the pack's data
(vocabularies named in ``KIND_VOCABULARIES``), never a list in Python, so a clinic that
adds its own product names to those vocabularies gets advice that fits them.

Resolution, in order: a product of a known kind in the finding's sentence (leftmost);
else the nearest one earlier on the page; else the one the page names most often; else
whatever the ``treatment`` vocabulary finds in the sentence ("our infusions", of no
known kind); else nothing, and templates fall back to words that need no product.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, NamedTuple

#: Product kinds, most specific first: a product listed in two vocabularies takes the
#: first kind ("NAD+" is an unapproved product before it is a drip).
KIND_VOCABULARIES = (
    ("unapproved", "unapproved-product"),
    ("offlabel", "offlabel-treatment"),
    ("approved-drug", "approved-drug"),
    ("device", "cleared-device"),
    ("supplement", "wellness-product"),
    ("procedure", "procedure"),
)
KINDS = tuple(kind for kind, _ in KIND_VOCABULARIES) + ("unknown",)
KIND_LABELS = {
    "unapproved": "a product the FDA has approved for nothing",
    "offlabel": "an approved drug promoted for a use it is not approved for",
    "approved-drug": "an FDA-approved drug",
    "device": "an FDA-cleared device",
    "supplement": "a supplement, drip or wellness injection",
    "procedure": "a procedure",
    "unknown": "a product of no listed kind",
}


class About(NamedTuple):
    """The slots of one finding: ``product`` as written (or ""), its ``kind``, ``condition``."""

    product: str = ""
    kind: str = "unknown"
    condition: str = ""


class Mention(NamedTuple):
    """A product named on the page: where (segment, start, end), as written, and its kind."""

    segment: int
    start: int
    end: int
    text: str
    kind: str


class ProductFinder:
    """The compiled kind, treatment and condition vocabularies of a ruleset (built once,
    kept in the pack cache with the ruleset)."""

    def __init__(self, vocabulary: dict[str, list[str]]):
        self.kinds = [(kind, _compiled(vocabulary, name)) for kind, name in KIND_VOCABULARIES
                      if vocabulary.get(name)]
        self.treatment = _compiled(vocabulary, "treatment") if vocabulary.get("treatment") else None
        self.condition = _compiled(vocabulary, "condition") if vocabulary.get("condition") else None
        self.vague = _compiled(vocabulary, "vague-condition") if vocabulary.get("vague-condition") else None
        self.noun = _following(vocabulary, "product-noun") if vocabulary.get("product-noun") else None
        names = [entry for _, name in KIND_VOCABULARIES for entry in vocabulary.get(name, [])]
        self.proper_products = tuple(entry.split()[0].rstrip("~*").lower() for entry in names
                                     if entry[:1].isupper() and entry.split()[0][1:].islower())
        self.proper = tuple(entry.split()[0].rstrip("~*").lower() for entry in vocabulary.get("condition", [])
                            if entry[:1].isupper() and entry.split()[0][1:].islower())

    def mentions(self, text: str, segment: int = 0) -> list[Mention]:
        """Products of a known kind in ``text``, leftmost first; at one place the longest, then
        the kind listed first. Names that run together are one product ("NAD+ drips", "stem
        cell therapy": a following ``product-noun`` belongs to the name), of the first's kind
        unless the second is listed before it ("compounded semaglutide" stays unapproved)."""
        found = []
        for order, (kind, pattern) in enumerate(self.kinds):
            found += [(m.start(), -(m.end() - m.start()), order, m.end(), kind) for m in pattern.finditer(text)]
        kept: list[list] = []  # [start, end, order, kind]
        for start, _, order, end, kind in sorted(found):
            if kept and start < kept[-1][1]:
                continue
            if kept and not text[kept[-1][1]:start].strip(" \t\n-"):
                last = kept[-1]
                last[1] = end
                if order < last[2]:
                    last[2], last[3] = order, kind
                continue
            kept.append([start, end, order, kind])
        mentions = []
        for start, end, _, kind in kept:
            noun = self.noun.match(text, end) if self.noun is not None else None
            end = noun.end() if noun else end
            mentions.append(Mention(segment, start, end, self.as_written(text[start:end]), kind))
        return mentions

    def as_written(self, text: str) -> str:
        """The product's words on one line as the page writes them, but not capitalised for
        opening a sentence: "Ketamine therapy is..." is "ketamine therapy" mid-sentence, while a
        name the pack writes with a capital ("Spravato") or an acronym ("TMS") is kept."""
        words = " ".join(text.split())
        first = words.split()[0] if words else ""
        if not first[1:].islower() or first.lower().startswith(self.proper_products):
            return words
        return words[:1].lower() + words[1:]

    def condition_in(self, text: str) -> str:
        """The first specific condition named in ``text`` ("treatment-resistant depression",
        not "symptoms"): the longest at the leftmost place."""
        if self.condition is None:
            return ""
        for match in self.condition.finditer(text):
            words = " ".join(match.group().split())
            if self.vague is None or not self.vague.fullmatch(words):
                return _uncapitalised(words, self.proper) if match.start() == 0 else words
        return ""

    def generic_in(self, text: str) -> str:
        """What the ``treatment`` vocabulary finds in ``text`` ("our infusions"), or ""."""
        found = self.treatment.search(text) if self.treatment is not None else None
        return " ".join(found.group().split()) if found else ""


def about(finder: ProductFinder, own: list[Mention], earlier: Callable[[], Mention | None],
          commonest: Callable[[], Mention | None], sentence: tuple[int, int], text: str, condition: str) -> About:
    """The slots for a finding whose sentence is ``text[sentence[0]:sentence[1]]`` of a
    paragraph whose known-kind products are ``own``; ``earlier()``: the first product of the
    nearest paragraph before that names one; ``commonest()``: the page's most frequent product
    (both asked only when needed); ``condition``: the sentence's (``condition_in``)."""
    start, end = sentence
    inside = [m for m in own if start <= m.start < end]
    if inside:
        return About(inside[0].text, inside[0].kind, condition)
    # the paragraph's first product is its subject, more than the last one it names
    before = next((m for m in own if m.start < start), None) or earlier() or commonest()
    if before is not None:
        return About(before.text, before.kind, condition)
    return About(finder.generic_in(text[start:end]), "unknown", condition)


def commonest(mentions: list[Mention]) -> Mention | None:
    """The first mention of the product named most often (by its words, in any case)."""
    counts = Counter(m.text.casefold() for m in mentions)
    return max(mentions, key=lambda m: counts[m.text.casefold()], default=None)


def _uncapitalised(words: str, proper: tuple[str, ...]) -> str:
    """A condition opening its sentence ("Anxiety can...") reads lower case mid-sentence; a
    name stays as it is: one the pack writes with a capital ("Lyme", "Crohn~") or an acronym."""
    first = words.split()[0]
    if not first[1:].islower() or first.lower().startswith(proper):
        return words
    return words[:1].lower() + words[1:]


def _compiled(vocabulary: dict[str, list[str]], name: str):
    """One vocabulary compiled as a phrase ``{name}`` (word-bounded, case-insensitive)."""
    from . import patterns

    compiled = patterns.compile_vocabularies(_closure(vocabulary, name))
    source, _, _ = patterns.compile_phrase("{" + name + "}", compiled)
    return patterns.compile_regex(source)


def _following(vocabulary: dict[str, list[str]], name: str):
    """A vocabulary that must follow at once, after spaces or a hyphen ("NAD+ drips")."""
    from . import patterns

    compiled = patterns.compile_vocabularies(_closure(vocabulary, name))
    source, _, _ = patterns.compile_phrase("{" + name + "}", compiled)
    return patterns.compile_regex(r"[ \t\n-]+" + source)


def _closure(vocabulary: dict[str, list[str]], name: str) -> dict[str, list[str]]:
    """``name`` and the vocabularies its entries refer to, so only those are compiled."""
    import re

    wanted, todo = {}, [name]
    while todo:
        current = todo.pop()
        if current in wanted or current not in vocabulary:
            continue
        wanted[current] = vocabulary[current]
        todo += [ref for entry in vocabulary[current] for ref in re.findall(r"\{([A-Za-z][\w-]*)\}", entry)]
    return wanted
