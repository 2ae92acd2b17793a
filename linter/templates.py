"""Filling a rule's message and rewrites from the finding: templates with slots.

A rule's ``suggestions`` and ``message`` are templates. ``{product}`` is the product as the
page writes it ("Spravato", "our NAD+ drip"), ``{Product}`` the same opening a sentence,
``{condition}`` the condition the sentence names, ``{match}``/``{Match}`` the flagged words.
A rule whose advice differs by kind of product gives variants (``suggestions-for``,
``message-for``, keyed by kind, see ``product.KINDS``); the finding's kind picks one.

A suggestion never says something the page does not concern: a template with a slot
this finding cannot fill is skipped in favour of one without it; when every template
needs such a slot, the slot reads as a generic phrase ("this treatment").
"""

from __future__ import annotations

import re
from typing import Mapping

from .product import About

SLOTS = ("match", "Match", "product", "Product", "condition")
_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_-]*)\}")
_GENERIC = {"product": "this treatment", "condition": "your condition"}


def slots_of(template: str) -> list[str]:
    """The slot names a template uses, in order (for the loader's check)."""
    return _SLOT.findall(template)


def unknown_slots(template: str) -> list[str]:
    return [name for name in slots_of(template) if name not in SLOTS]


def values(about: About, matched: str, generic: bool) -> dict[str, str]:
    """Each slot's text for this finding; "" for one it cannot fill, unless ``generic``."""
    product = about.product or (_GENERIC["product"] if generic else "")
    condition = about.condition or (_GENERIC["condition"] if generic else "")
    return {
        "match": matched,
        "Match": _capitalised(matched),
        "product": product,
        "Product": _capitalised(product),
        "condition": condition,
    }


#: A slot in quotation marks, ``“{match}”``, or any slot. One pass fills both, so text put in
#: a slot is never read again as a template.
_FILL = re.compile(r"“\{(match|Match)\}”|\{([A-Za-z][A-Za-z0-9_-]*)\}")
_OUTER_QUOTES = re.compile(r'^[“"]|[”"]$')


def fill(template: str, slots: Mapping[str, str]) -> str:
    """``template`` with every known slot replaced (an unknown one is left as written). Words
    the template quotes lose quotation marks of their own at either end: a patient's quoted
    story reads “…again.”, not “…again.””."""
    def put(found: re.Match) -> str:
        if found.group(1):
            name = found.group(1)
            return "“" + _OUTER_QUOTES.sub("", slots[name]) + "”" if name in slots else found.group(0)
        return slots.get(found.group(2), found.group(0))

    return _FILL.sub(put, template)


def fillable(template: str, slots: Mapping[str, str]) -> bool:
    return all(slots.get(name) for name in slots_of(template) if name in SLOTS)


def suggestions(default: tuple[str, ...], variants: Mapping[str, tuple[str, ...]], about: About,
                matched: str) -> tuple[str, ...]:
    """The rewrites for this finding: its kind's variant (else the rule's own list), those
    whose slots all fill; when none does, all of them with generic words in the slots."""
    templates = variants.get(about.kind) or default
    exact = values(about, matched, generic=False)
    kept = tuple(fill(text, exact) for text in templates if fillable(text, exact))
    if kept:
        return kept
    generic = values(about, matched, generic=True)
    return tuple(fill(text, generic) for text in templates)


def message(default: str, variants: Mapping[str, str], about: About, matched: str) -> str:
    """The rule's message for this finding's kind of product, its slots filled."""
    return fill(variants.get(about.kind) or default, values(about, matched, generic=True))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
