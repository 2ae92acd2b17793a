"""Rule kinds: one module each, with its ``KEYS`` and a ``build`` function.

A new kind is one module and one line in ``KINDS``.
"""

from __future__ import annotations

from types import ModuleType

from . import approval, claim, document, phrase

KINDS: dict[str, ModuleType] = {
    "phrase": phrase,
    "claim": claim,
    "document": document,
    "approval": approval,
}
