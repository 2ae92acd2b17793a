"""Prose extraction: one module per markup format, chosen by file extension.

A new format is one module with an ``extract(text, editing=False) -> Extraction``
function and one line in ``FORMATS``. ``editing`` says the same page will be
extracted again and again after small edits (the language server), so a format
may keep what it parsed of unchanged parts; the result must be the same. Modules are imported when a file of their format is
first linted, so a run over plain text never pays for a Markdown parser.
Files whose extension is not listed are read as plain text. Every format's segments
are then cleaned of invisible characters and look-alike letters (``normalise.py``),
so every reader of prose (rules, the editor, the review page, shared text) sees the same.
"""

from __future__ import annotations

import importlib
import sys

from ..normalise import normalise
from ..prose import Extraction

#: format name -> module (in this package) whose ``extract`` reads it
FORMATS: dict[str, str] = {
    "text": "plaintext",
    "markdown": "markdown",
    "mdx": "mdx",
    "html": "html",
}

#: file extension (lower case, with the dot) -> format name
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str) -> str:
    """The format a file is read as, from its extension; plain text otherwise."""
    dot = path.rfind(".")
    extension = path[dot:].lower() if dot > max(path.rfind("/"), path.rfind("\\")) else ""
    return EXTENSIONS.get(extension, "text")


def extract(text: str, fmt: str, editing: bool = False) -> Extraction:
    module = importlib.import_module(f".{FORMATS[fmt]}", __name__)
    extraction = module.extract(text, editing)
    extraction.segments = [normalise(segment) for segment in extraction.segments]
    return extraction


def forget() -> None:
    """Drop what the formats keep for ``editing`` (parses of pages' unchanged parts).

    Those caches are keyed by text, not by page, so nothing else lets go of a closed
    page's parses; the language server calls this when a document closes. A format
    keeps such state by defining ``forget()``; formats never imported are skipped."""
    for name in FORMATS.values():
        module = sys.modules.get(f"{__name__}.{name}")
        if module is not None and hasattr(module, "forget"):
            module.forget()
