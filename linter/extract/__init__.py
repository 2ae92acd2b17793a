"""Prose extraction: one module per markup format, chosen by file extension.

A new format is one module with an ``extract(text) -> Extraction`` function and
one line in ``FORMATS``. Files whose extension is not listed are read as plain
text, which is what a newcomer expects of a ``.txt`` export or stdin.
"""

from __future__ import annotations

from typing import Callable

from ..prose import Extraction
from . import plaintext

Extractor = Callable[[str], Extraction]

#: format name -> extractor
FORMATS: dict[str, Extractor] = {
    "text": plaintext.extract,
}

#: file extension (lower case, with the dot) -> format name
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
}


def format_for(path: str) -> str:
    """The format a file is read as, from its extension; plain text otherwise."""
    dot = path.rfind(".")
    extension = path[dot:].lower() if dot > max(path.rfind("/"), path.rfind("\\")) else ""
    return EXTENSIONS.get(extension, "text")


def extract(text: str, fmt: str) -> Extraction:
    return FORMATS[fmt](text)
