"""Writing fixed files without losing anything.

A fixed file is written to a temporary file beside it and renamed over it, so
a crash leaves the old file or the new one, never half of each. It keeps its
encoding and byte-order mark (line endings and the trailing newline are part
of the text, which fixes do not touch outside their spans) and its
permissions, and a symbolic link stays a link to the file it pointed at. If
the file changed on disk after it was read, it is not written.
"""

from __future__ import annotations

import os
import stat
import tempfile

from .sources import Source, digest

_BOMS = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


class ChangedOnDisk(Exception):
    """The file is no longer what was read: writing would lose someone's edit."""


def encode(text: str, encoding: str) -> bytes:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    return _BOMS.get(encoding, b"") + text.encode(codec)


def write_atomic(source: Source, text: str) -> None:
    path = os.path.realpath(source.path)
    with open(path, "rb") as handle:
        if digest(handle.read()) != source.digest:
            raise ChangedOnDisk(f"{source.path}: changed on disk while it was being linted; not written (run again)")
    _replace(path, encode(text, source.encoding), stat.S_IMODE(os.stat(path).st_mode))


def cannot_write(path: str) -> str | None:
    """Why a report could not be written to ``path``, or None: asked before linting, not
    after, so that a typo in the folder does not cost a run."""
    folder = os.path.dirname(os.path.abspath(path))
    shown = os.path.dirname(path) or "."
    if os.path.isdir(path):
        return f"{path}: is a folder; give the file's name, e.g. {os.path.join(path, 'report.html')}"
    if not os.path.isdir(folder):
        return f"{path}: the folder {shown} does not exist; create it or write elsewhere"
    if not os.access(folder, os.W_OK):
        return f"{path}: cannot write in {shown}; write elsewhere"
    return None


def write_text(path: str, text: str) -> None:
    """Write a report (UTF-8) to ``path`` the same way: a reader, or a CI step that
    uploads it, sees the old report or the new one, never half of it. A new file
    gets the permissions the umask allows; an existing one keeps its own."""
    path = os.path.realpath(path)
    if os.path.exists(path):
        mode = stat.S_IMODE(os.stat(path).st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    _replace(path, text.encode("utf-8"), mode)


def _replace(path: str, data: bytes, mode: int) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    folder, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".claimlint", dir=folder or ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
