"""The TOML reader (stdlib ``tomllib``, or ``tomli`` before Python 3.11), imported on
first use: a run with a cached rule pack and no configuration file never reads TOML,
and importing the parser is a few milliseconds of every start."""

from __future__ import annotations

import sys


def toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    return tomllib
