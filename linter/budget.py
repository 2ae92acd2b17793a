"""The time budget every rule pattern runs under.

A rule pack is data a user can write, and one catastrophic pattern such as
``(a+)+$`` can take longer than the age of the universe on a short line. Every
call into a rule's patterns therefore carries a timeout (the ``regex`` module
stops the match and raises ``TimeoutError``): a base allowance plus a
per-character one, so a long page gets proportionally longer. A rule that runs
out of time is reported once, naming the rule and the file, and is not run
again in that process; the other rules carry on.
"""

from __future__ import annotations

BASE_SECONDS = 0.5
SECONDS_PER_CHARACTER = 2e-6  # a floor of 0.5 MB/s for a pattern that is merely slow


def limit(length: int) -> float:
    return BASE_SECONDS + SECONDS_PER_CHARACTER * max(length, 0)


def any_matches(patterns: list, text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether any of ``patterns`` matches in ``text[start:end]``, each search under the budget."""
    end = len(text) if end is None else end
    return any(pattern.search(text, start, end, timeout=limit(end - start)) for pattern in patterns)
