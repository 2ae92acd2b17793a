"""Finding the files to lint and reading them as text.

Encoding policy (documented in the README): a file is read as UTF-8, with or
without a byte-order mark, or as UTF-16 when it starts with a UTF-16 byte-order
mark. Anything else is reported, never guessed: a wrong guess would put
findings on the wrong characters and, with ``--fix``, corrupt the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .extract import EXTENSIONS

#: Extensions linted when a folder is walked (a file named explicitly is always linted):
#: every extension an extractor is registered for, plus Markdown, whose prose reads
#: correctly as plain text until its own extractor is registered.
DEFAULT_EXTENSIONS = frozenset(EXTENSIONS) | {".md", ".markdown", ".mdx"}
#: Folders never walked into: dependencies, build output, version control.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", "build", "dist", "_site", ".next"})


@dataclass(frozen=True)
class InputError:
    """A path that could not be linted, and what the user can do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DecodeError(ValueError):
    pass


def discover(paths: list[str]) -> Iterator[str | InputError]:
    """Files under ``paths`` in a stable order, or an ``InputError`` for a path that is not there."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield path
        else:
            yield InputError(path, "no such file or folder")


def _walk(folder: str) -> Iterator[str]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in DEFAULT_EXTENSIONS:
                yield os.path.join(root, name)


def decode(data: bytes) -> str:
    """Text of ``data`` under the encoding policy above; ``DecodeError`` says where it fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid UTF-16 at byte {error.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DecodeError(
            f"line {line}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None


def read(path: str) -> str:
    """Read and decode one file; raises ``OSError`` or ``DecodeError``."""
    with open(path, "rb") as handle:
        return decode(handle.read())
