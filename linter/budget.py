"""The time budget a rule runs under on one document.

A rule pack is data a user can write, and one catastrophic pattern such as
``(a+)+$`` can take longer than the age of the universe on a short line. A
timeout on each pattern call is not enough: a rule makes one call per sentence,
per match and per context list, so a page of a few kilobytes still took
minutes. So each (rule, document) pair gets one ``Budget``, and every pattern
call the rule makes on that document -- its triggers, its context lists, its
fixes' ``when`` -- is given what is left of it as its ``timeout`` (the ``regex``
module stops the match and raises ``TimeoutError``). When the budget is spent
the rule stops on that document and the engine reports it, naming the rule and
the file; the other rules carry on.

The budget grows with the document, so a long page gets proportionally longer.
The bundled pack's patterns are vetted (its examples, the corpus tests and
``bench/fuzz.py`` run them on every change), so they get a generous budget that a
busy machine cannot exhaust, and it is a deadline checked before each call rather
than a timeout handed to it: ``regex`` pays about 2 µs a search to watch a timeout,
a sixth of the whole run on copy where most searches find nothing at once. A
vetted call is never stopped half-way; its rule is stopped at its next call once
the deadline has passed. A user's pack gets a stricter budget, given to every call.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, NamedTuple


class Allowance(NamedTuple):
    """Seconds a rule may spend on a document: ``base`` plus ``per_character`` of its text;
    ``per_call``: whether each pattern call is also given what is left as its timeout."""

    base: float
    per_character: float
    per_call: bool = True

    def seconds(self, length: int) -> float:
        return self.base + self.per_character * max(length, 0)


#: A rule of a user's pack: a second plus 20 µs a character (a slow but sound rule
#: spends about 5 µs a character), so 11.5 KB allows 1.2 s and 1 MB 21 s.
USER = Allowance(1.0, 2e-5)
#: A rule of the bundled pack: twenty times its slowest rule's need, as the machine may be busy.
VETTED = Allowance(10.0, 1e-4, per_call=False)
#: Pattern calls made outside any rule's budget (a caller of a matcher that is not
#: the engine) are each given this long, as every call was before budgets.
UNBUDGETED_SECONDS = 1.0

clock = time.monotonic  # replaced in tests, which count rather than wait


class Budget:
    """What is left of one rule's time on one document. Only time spent inside
    ``spending`` counts: a rule's fixes are chosen after every rule has matched, and the
    other rules' time is not its own."""

    def __init__(self, seconds: float, per_call: bool = True):
        self.seconds = seconds
        self.per_call = per_call
        self.left = seconds
        self.since: float | None = None  # when the current ``spending`` block began

    def remaining(self) -> float:
        """Seconds left, as the next pattern call's timeout; ``TimeoutError`` once none is."""
        left = self.left - (clock() - self.since if self.since is not None else 0.0)
        if left <= 0:
            raise TimeoutError(f"the rule's time budget of {self.seconds:.1f} s is spent")
        return left


_current: ContextVar[Budget | None] = ContextVar("claimlint_budget", default=None)


@contextmanager
def spending(budget: Budget) -> Iterator[Budget]:
    """Charge the time spent inside the block, and every pattern call made there, to ``budget``."""
    token = _current.set(budget)
    budget.since = clock()
    try:
        yield budget
    finally:
        budget.left -= clock() - budget.since
        budget.since = None
        _current.reset(token)


def timeout() -> float | None:
    """The timeout for the next pattern call: what is left of the current rule's budget, or
    None (no timeout) under a deadline-only budget that has time left."""
    budget = _current.get()
    if budget is None:
        return UNBUDGETED_SECONDS
    left = budget.remaining()
    return left if budget.per_call else None


def any_matches(patterns: list, text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether any of ``patterns`` matches in ``text[start:end]``, charged to the current budget."""
    end = len(text) if end is None else end
    return any(pattern.search(text, start, end, timeout=timeout()) for pattern in patterns)
