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
            yield InputError(path, _missing(path))


def _missing(path: str) -> str:
    """Why a named path cannot be linted: a link whose target is gone or that points back at
    itself reads as 'not there' to `exists`, and the user needs to know which."""
    if not os.path.islink(path):
        return "no such file or folder"
    try:
        os.stat(path)
    except OSError as error:
        import errno

        if error.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself (it never reaches a file): fix or remove the link"
    return f"a symbolic link to {os.readlink(path)!r}, which does not exist"


def _walk(folder: str, excluded: Excluded) -> Iterator[str]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and not excluded(Path(root, name))
        )
        for name in sorted(files):
            path = os.path.normpath(os.path.join(root, name))  # "page.txt", not "./page.txt"
            if Path(name).suffix.lower() in DEFAULT_EXTENSIONS and not excluded(Path(path)):
                yield path


def unlinted_reason(path: str, excluded: Excluded) -> str | None:
    """Why ``discover`` found nothing to lint under ``path`` (None if it did, or could have):
    the configuration excluded it, or no file has a linted extension."""
    if path == "-" or not os.path.exists(path):
        return None
    if not os.path.isdir(path):
        return f"{path} is excluded by the configuration (--force-exclude)" if excluded(Path(path)) else None
    if any(True for _ in _walk(path, lambda path: False)):
        return f"every file under {path} is excluded by the configuration"
    extensions = " ".join(sorted(DEFAULT_EXTENSIONS))
    return f"no file under {path} has a linted extension ({extensions})"


@dataclass(frozen=True)
class Source:
    """A file as read: its text, the encoding to write it back in (``utf-8``,
    ``utf-8-sig`` with a byte-order mark, ``utf-16-le`` or ``utf-16-be`` with one),
    and a digest of the bytes, to notice a change on disk before writing."""

    path: str
    text: str
    encoding: str
    digest: str


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def detect(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of ``data`` under the encoding policy; ``DecodeError`` says where it fails."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\0" in data[:8192]:
        raise DecodeError("a binary file (it holds NUL bytes), skipped")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        try:
            return data[2:].decode(encoding), encoding
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid UTF-16 at byte {error.start + 2}") from None
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DecodeError(
            f"line {line}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None


def decode(data: bytes) -> str:
    return detect(data)[0]


#: Files larger than this are reported and skipped (``--max-file-size``): marketing copy
#: is never this big, and a pre-commit hook must not stall on a data dump.
MAX_FILE_SIZE = 10_000_000


def read_source(path: str, data: bytes | None = None, max_size: int | None = MAX_FILE_SIZE) -> Source:
    """Read and decode one file (or ``data`` read elsewhere, such as standard input);
    raises ``OSError`` or ``DecodeError``. Pipes, devices and sockets are never
    opened (reading a pipe would wait forever)."""
    if data is None:
        import stat

        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise DecodeError("not a regular file (a pipe, socket or device), skipped")
        if max_size is not None and status.st_size > max_size:
            raise DecodeError(f"{status.st_size / 1e6:.1f} MB is larger than the {max_size / 1e6:g} MB limit, skipped (raise it with --max-file-size)")
        with open(path, "rb") as handle:
            data = handle.read()
    text, encoding = detect(data)
    return Source(path, text, encoding, digest(data))


def read(path: str) -> str:
    return read_source(path).text
