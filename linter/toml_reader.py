"""The TOML reader (stdlib ``tomllib``, or ``tomli`` before Python 3.11), imported on
first use: a run with a cached rule pack and no configuration file never reads TOML,
and importing the parser is a few milliseconds of every start.

A repository's configuration and packs are read before anything is linted, so a
hostile one must not take the process down. ``tomllib`` recurses once per nesting level
(``x = [[[[...]]]]`` raises ``RecursionError``) and spends quadratic time and memory on a
long dotted key (``a.a.a...``: 200 KB of it needs 24 GB). ``loads`` checks both with a
cheap scan before parsing; claimlint's own settings nest four deep at most.
"""

from __future__ import annotations

import re
import sys

MAX_NESTING = 32  # arrays and inline tables inside each other
MAX_KEY_PARTS = 64  # parts of one dotted key


class ShapeError(ValueError):
    """A document nested too deeply or with too long a dotted key to parse safely."""

    def __init__(self, message: str, lineno: int):
        super().__init__(f"{message}, which claimlint does not read (its settings nest four deep at most)")
        self.lineno = lineno


def toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    return tomllib


def loads(text: str) -> dict:
    """``tomllib.loads``, after ``check_shape``; raises ``TOMLDecodeError`` or ``ShapeError``."""
    check_shape(text)
    try:
        return toml().loads(text)
    except RecursionError:  # the scan should make this unreachable; never a traceback
        raise ShapeError("nested too deeply to read", 0) from None


_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}=,.\n]")
_STRING_END = {
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""+', re.DOTALL),
    "'''": re.compile(r"(?:[^']|'(?!''))*'''+"),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"[^'\n]*'"),
}


def check_shape(text: str) -> None:
    """Refuse nesting deeper than ``MAX_NESTING`` and dotted keys longer than
    ``MAX_KEY_PARTS``, scanning tokens (strings and comments skipped) in linear time.
    What is malformed otherwise is left for the parser to report."""
    depth, dots, line, position = 0, 0, 1, 0
    while True:
        token = _TOKEN.search(text, position)
        if token is None:
            return
        kind, position = token.group(), token.end()
        if kind in _STRING_END:
            end = _STRING_END[kind].match(text, position)
            if end is None:
                return  # an unclosed string: the parser says where
            line += text.count("\n", position, end.end())
            position = end.end()
        elif kind == "#":
            position = text.find("\n", position)
            if position < 0:
                return
        elif kind == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise ShapeError(f"a dotted key of more than {MAX_KEY_PARTS} parts", line)
        else:
            dots = 0
            if kind in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    raise ShapeError(f"arrays or tables nested more than {MAX_NESTING} deep", line)
            elif kind in "]}":
                depth = max(depth - 1, 0)
            elif kind == "\n":
                line += 1
