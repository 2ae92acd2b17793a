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
