"""Why a file could not be read, in words a user can act on.

Python's own texts ("[Errno 2] No such file or directory: 'x'") repeat the path, carry an
errno a user cannot look up, and differ between platforms; every message of claimlint
that says a file could not be read goes through here instead.
"""

from __future__ import annotations

import errno


def reason(error: Exception) -> str:
    """What went wrong reading a file, without the path (the caller names it)."""
    if isinstance(error, UnicodeDecodeError):
        return f"not valid UTF-8 (byte 0x{error.object[error.start]:02x} at offset {error.start}); save it as UTF-8"
    if isinstance(error, FileNotFoundError):
        return "not found"
    if isinstance(error, IsADirectoryError):
        return "a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied: make it readable by the user running claimlint"
    if isinstance(error, OSError) and error.errno == errno.ELOOP:
        return "a symbolic link that loops back on itself: fix or remove the link"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error)


#: Configuration files and rule packs are small: a larger one is a mistake or a trap.
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


def not_a_settings_file(path) -> str | None:
    """Why ``path`` must not be read as a configuration or rule pack, or None. A repository
    may name `/dev/zero`, a pipe or its own standard input (the language server's) as a
    pack: reading one would hang or fill memory, so only regular files of a sane size are
    opened."""
    import os
    import stat

    try:
        status = os.stat(path)
    except OSError:
        return None  # the read that follows says what is wrong, in words
    if not stat.S_ISREG(status.st_mode):
        return "not a regular file (a pipe, device or folder): name a .toml file"
    if status.st_size > MAX_SETTINGS_BYTES:
        return f"{status.st_size / 1048576:.1f} MB is too large for a configuration or rule pack (the limit is 4 MB)"
    return None
