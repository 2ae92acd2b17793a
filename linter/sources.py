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
from typing import Callable, Iterator

from .extract import EXTENSIONS

#: Extensions linted when a folder is walked (a file named explicitly is always linted).
DEFAULT_EXTENSIONS = frozenset(EXTENSIONS)
Excluded = Callable[[Path], bool]


@dataclass(frozen=True)
class InputError:
    """A path that could not be linted, and what the user can do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DecodeError(ValueError):
    pass


def discover(paths: list[str], excluded: Excluded = lambda path: False, force_exclude: bool = False) -> Iterator[str | InputError]:
    """Files under ``paths`` in a stable order, or an ``InputError`` for a path that is not there.

    Folders are walked for the known extensions, skipping hidden folders and
    what ``excluded`` says (configuration excludes: dependencies, build
    output...). A file named explicitly is linted anyway, unless
    ``force_exclude`` (what a pre-commit hook, which names every file, wants).
    """
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, excluded)
        elif os.path.exists(path):
            if not (force_exclude and excluded(Path(path))):
                yield path
        else:
            yield InputError(path, "no such file or folder")


def _walk(folder: str, excluded: Excluded) -> Iterator[str]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and not excluded(Path(root, name))
        )
        for name in sorted(files):
            path = os.path.normpath(os.path.join(root, name))  # "page.txt", not "./page.txt"
            if Path(name).suffix.lower() in DEFAULT_EXTENSIONS and not excluded(Path(path)):
                yield path


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
