"""A cache of compiled rule packs, so a pre-commit hook does not pay for compiling.

Compiling the bundled pack (some five hundred regular expressions, parsed by
the ``regex`` module in Python) takes most of a second; loading the compiled
form takes milliseconds, because a ``regex`` pattern pickles as its compiled
code. The cache key covers everything the result depends on: the packs'
bytes, the vocabulary additions, claimlint's own compiling code, and the
Python and ``regex`` versions. A cache that cannot be read or written is
simply not used. ``CLAIMLINT_NO_CACHE=1`` turns it off; ``CLAIMLINT_CACHE_DIR``
moves it (by default ``$XDG_CACHE_HOME/claimlint`` or ``~/.cache/claimlint``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterable

from .read_errors import not_a_settings_file

_SOURCES = ("patterns.py", "prefilter.py", "loader.py", "rules.py", "kinds/phrase.py", "kinds/claim.py", "kinds/document.py", "kinds/approval.py",
            "product.py", "profiles.py")


def folder() -> Path:
    if os.environ.get("CLAIMLINT_CACHE_DIR"):
        return Path(os.environ["CLAIMLINT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimlint"


def key(packs: Iterable[Path], extra: object) -> str | None:
    """The cache key, or None when a pack cannot be read (let the loader report it)."""
    import regex  # its version decides the compiled-code format of pickled patterns

    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:3]} {regex.__version__} {extra!r}".encode())
    here = Path(__file__).parent
    try:
        for source in _SOURCES:
            digest.update((here / source).read_bytes())
        for pack in packs:
            if not_a_settings_file(pack):
                return None  # never read a pipe or a device, even to hash it
            digest.update(str(pack).encode() + b"\0" + Path(pack).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def cached(cache_key: str | None, build: Callable[[], object]) -> object:
    """``build()``'s result, from the cache when it holds one for ``cache_key``."""
    if cache_key is None or os.environ.get("CLAIMLINT_NO_CACHE"):
        return build()
    path = folder() / "rulesets" / f"{cache_key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    result = build()
    import tempfile  # only on a cache miss

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass
    return result
