"""Writing fixed files and reports without losing anything.

The promises (the README's "Writing files" says the same to users, and
``tests/test_writing.py`` checks each one):

- A fixed file is written to a temporary file beside it, flushed to disk, and
  only then renamed over it, so a crash leaves the old file or the new one,
  never half of each. It keeps its encoding and byte-order mark (line endings
  and the trailing newline are part of the text, which fixes do not touch
  outside their spans), its permissions and, where the user may set them, its
  owner and group.
- If the file changed on disk since it was read -- checked after the new text
  is safely on disk, just before the rename, so an edit made while fixing is
  not lost -- it is not written.
- A read-only file is not written: read-only says "do not change this", even
  to root, who could.
- A symbolic link stays a link: the file it points at is written. Only a file
  inside the files and folders being linted is written, so a link in a
  checkout cannot make ``--fix`` rewrite a file elsewhere (``~/.bashrc``)
  unless the user asks for it (``--fix-through-symlinks``).
- A file with several hard links is rewritten in place, through its own inode
  (a rename would leave the other names holding the old text); the complete
  new text is on disk beside it first, and the old text is put back if the
  in-place write fails.
- Temporary files are named ``.NAME.claimlint-PID-XXXXXXXX.tmp``. One left by
  a run that was killed (``kill -9``: nothing can clean up after that) is
  removed by the next ``--fix`` in its folder: once its process is gone, or
  after ``STALE_AFTER`` seconds whatever the process.
- Every failure names the file the user asked to fix, never the temporary
  file, says why in words and what to do, and leaves the file as it was.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .sources import Source, digest

_BOMS = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
#: Seconds after which a temporary file is stale whatever its process: a write takes
#: milliseconds, and a process id can be reused by an unrelated process.
STALE_AFTER = 15 * 60
_TEMP = re.compile(r"\..*\.claimlint-(?P<pid>\d+)-[a-z0-9_]{8}\.tmp")
#: What earlier versions left (no process id): removed only once stale.
_OLD_TEMP = re.compile(r"\..*\.[a-z0-9_]{8}\.claimlint")
#: A name longer than this (in bytes) is cut in its temporary file's name, which must
#: stay within the 255 bytes most file systems allow.
_NAME_IN_TEMP = 120


class NotFixed(Exception):
    """A fixed file was not written: ``reason`` says why, in words, and what to do."""

    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"{self.path}: not fixed: {self.reason}"


class _Refused(OSError):
    """A write claimlint will not make, though the system would let it: ``str`` says why."""

    def __str__(self) -> str:
        return self.args[0]


class ChangedOnDisk(NotFixed):
    """The file is no longer what was read: writing would lose someone's edit."""

    def __init__(self, path: str):
        super().__init__(path, "it changed on disk while it was being fixed; run again")


@dataclass(frozen=True)
class Tree:
    """Where ``--fix`` may write: inside the folders named on the command line and
    the folders of the files named (resolved, so a linked folder counts as what it
    links to). ``outside`` is ``--fix-through-symlinks``: anywhere."""

    roots: tuple[str, ...]
    outside: bool = False

    @classmethod
    def of(cls, paths: Iterable[str], outside: bool = False) -> "Tree":
        roots = []
        for path in paths:
            if path == "-":
                continue
            real = os.path.realpath(path)
            folder = os.path.dirname(os.path.abspath(path))
            roots.append(real if os.path.isdir(real) else os.path.realpath(folder))
        return cls(tuple(roots), outside)

    def holds(self, real: str) -> bool:
        return self.outside or any(_within(real, root) for root in self.roots)


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # another drive (Windows)
        return False


def encode(text: str, encoding: str) -> bytes:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    return _BOMS.get(encoding, b"") + text.encode(codec)


def write_fixed(source: Source, text: str, tree: Tree | None = None) -> None:
    """Write the fixed ``text`` of ``source`` back, as the module's docstring promises;
    raises ``NotFixed`` (never ``OSError``) when it does not."""
    shown = source.path
    real = os.path.realpath(shown)
    tree = tree or Tree.of([shown])
    try:
        status = os.stat(real)
        refusal = _refusal(shown, real, status, tree)
        if refusal:
            raise NotFixed(shown, refusal)
        data = encode(text, source.encoding)
        unchanged = lambda: _unchanged(real, source.digest, shown)  # noqa: E731
        _replace(real, data, stat.S_IMODE(status.st_mode), (status.st_uid, status.st_gid),
                 unchanged, in_place=status.st_nlink > 1)
    except FileNotFoundError:
        raise ChangedOnDisk(shown) from None  # deleted or moved away since it was read
    except OSError as error:
        reason = write_reason(error, os.path.dirname(real))
        raise NotFixed(shown, f"{reason}; nothing was changed") from None


def _refusal(shown: str, real: str, status: os.stat_result, tree: Tree) -> str | None:
    """Why a file must not be written although it could be, or None."""
    if not tree.holds(real):
        return (f"it leads to {real} (through a symbolic link), outside the files and folders being "
                "linted; name that file, or pass --fix-through-symlinks to write it")
    if _read_only_file_system(real):
        return "the file system is read-only"
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        return "the file is read-only (make it writable to fix it)"
    return None


def _read_only_file_system(path: str) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs (Windows): the write says it
        return False


def _unchanged(real: str, expected: str, shown: str) -> bytes:
    """The file's bytes, if they are still those that were read; else ``ChangedOnDisk``."""
    try:
        with open(real, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ChangedOnDisk(shown) from None  # deleted, or renamed away, meanwhile
    if digest(data) != expected:
        raise ChangedOnDisk(shown)
    return data


def write_reason(error: OSError, folder: str) -> str:
    """Why a write failed, in words a user can act on (not ``[Errno 28]``, and not the
    name of a temporary file they never asked for)."""
    reasons = {
        errno.ENOSPC: "no space left on the device (free some and run again)",
        errno.EDQUOT: "the disk quota is used up (free some space and run again)",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: f"permission denied: the folder {folder or '.'} must be writable too",
        errno.EPERM: f"permission denied: the folder {folder or '.'} must be writable too",
        errno.EFBIG: "the file would be larger than the file system allows",
        errno.EIO: "an input/output error (check the disk)",
    }
    if isinstance(error, _Refused):
        return str(error)
    if error.errno in reasons:
        return reasons[error.errno]
    if error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error)


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


def temporary_prefix(name: str) -> str:
    """``.NAME.claimlint-PID-``: whose it is (the process id, for ``sweep``) and what for."""
    cut = os.fsdecode(os.fsencode(name)[:_NAME_IN_TEMP])
    return f".{cut}.claimlint-{os.getpid()}-"


def _replace(path: str, data: bytes, mode: int, owner: tuple[int, int] | None = None,
             unchanged: Callable[[], bytes] | None = None, in_place: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path`` and flush it to disk; then, if
    ``unchanged()`` still passes, rename it over ``path`` (or, ``in_place``, copy it into
    ``path``'s own inode). The temporary file never outlives a failure."""
    folder, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(prefix=temporary_prefix(name), suffix=".tmp",
                                             dir=folder or ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            # In place, the file keeps its own owner: the temporary one's does not matter.
            if owner is not None and not in_place and owner != _owner(os.fstat(handle.fileno())):
                _chown(handle.fileno(), owner)
            os.chmod(temporary, mode)  # after the chown, which clears set-id bits
            os.fsync(handle.fileno())
        old = unchanged() if unchanged else None
        if in_place and old is not None:
            _write_in_place(path, data, old)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _owner(status: os.stat_result) -> tuple[int, int]:
    return status.st_uid, status.st_gid


def _chown(descriptor: int, owner: tuple[int, int]) -> None:
    """Give the new file the old one's owner and group. A user who may not (the file is
    someone else's) gets an error rather than a file that silently changed hands."""
    try:
        os.fchown(descriptor, *owner)
    except PermissionError:
        raise _Refused("the file belongs to another user or group, and rewriting it would make it "
                       "yours; fix it as its owner") from None


def _write_in_place(path: str, data: bytes, old: bytes) -> None:
    """Overwrite ``path``'s own bytes (every hard link sees them); if that fails midway,
    put ``old`` back, so the file is whole either way."""
    descriptor = os.open(path, os.O_WRONLY)
    try:
        try:
            _write_all(descriptor, data)
        except OSError:
            os.lseek(descriptor, 0, os.SEEK_SET)
            _write_all(descriptor, old)  # never needs more room than the file had
            raise
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]
    os.ftruncate(descriptor, len(data))
    os.fsync(descriptor)


@dataclass
class Sweeper:
    """Removes, once per folder and run, the temporary files killed runs left there,
    in the folders ``--fix`` may write to (``tree``) and no others."""

    tree: Tree
    swept: set[str] = field(default_factory=set)

    def sweep_beside(self, path: str) -> list[str]:
        real = os.path.realpath(path)
        folder = os.path.dirname(real)
        if folder in self.swept or not self.tree.holds(real):
            return []
        self.swept.add(folder)
        return sweep(folder)


def sweep(folder: str, now: float | None = None) -> list[str]:
    """Remove the stale temporary files in ``folder``; the names removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        ours = _TEMP.fullmatch(name)
        if not ours and not _OLD_TEMP.fullmatch(name):
            continue
        path = os.path.join(folder, name)
        try:
            status = os.lstat(path)
            old = now - status.st_mtime > STALE_AFTER
            if stat.S_ISREG(status.st_mode) and (old or (ours and not _alive(int(ours["pid"])))):
                os.unlink(path)
                removed.append(name)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs. On Windows ``os.kill`` would end it, so the age
    alone decides there."""
    if os.name == "nt" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's
    return True
