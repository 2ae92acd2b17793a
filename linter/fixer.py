"""Applying rewrites: findings in, text edits out, never a broken sentence.

The core is a pure function from (text, findings) to edits, shared by
``--fix``, ``--diff`` and the language server's quick fixes; writing files is
elsewhere (``writing.py``). A replacement keeps the case of what it replaces,
puts the right article before it ("a game-changer" -> "an option"), and leaves
no doubled space when it removes a word. Overlapping fixes are resolved in a
fixed order (earliest, then longest, then rule id) and the text is linted
again, a few passes at most, until no applicable fix remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from .findings import Finding

MAX_PASSES = 4
_ARTICLE_BEFORE = regex.compile(r"(?<![\w'’])(a|an|A|An|AN)(\s+)$")
_NEXT_WORD = regex.compile(r"\s*([\w'’-]+)")
# Spaces within a line, of any kind: a no-break or thin space between words is a space too,
# and removing a word next to one must not leave it doubled. Line breaks are never removed.
_INLINE_SPACE = r"[^\S\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_SPACES_AFTER = regex.compile(_INLINE_SPACE + "+")
_SPACES_BEFORE = regex.compile(_INLINE_SPACE + "+$")
_LEADING_ARTICLE = regex.compile(r"(?i)(a|an)\s")
_ARTICLE_BEFORE_MARKUP = regex.compile(r"(?<![\w'’])(a|an|A|An|AN)(\s+[*_]+)$")
_VOWEL_SOUND_ACRONYM = set("AEFHILMNORSX")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; ``finding`` is what it fixes."""

    start: int
    end: int
    replacement: str
    finding: Finding = field(compare=False)


@dataclass
class FixResult:
    text: str
    applied: list[Finding]
    remaining: list[Finding]


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.applicability == "safe")


def edits_for(text: str, findings: Iterable[Finding], unsafe: bool = False) -> list[Edit]:
    """Non-overlapping edits for the applicable fixes of ``findings`` in ``text``."""
    candidates = sorted((f for f in findings if applicable(f, unsafe)), key=lambda f: (f.start, -(f.end - f.start), f.rule))
    edits: list[Edit] = []
    for finding in candidates:
        edit = polish(text, finding)
        if edits and edit.start < edits[-1].end:
            continue  # overlaps an earlier edit: the next pass decides
        edits.append(edit)
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, position = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[position:edit.start], edit.replacement]
        position = edit.end
    return "".join(out + [text[position:]])


def fix_text(text: str, lint: Callable[[str], list[Finding]], unsafe: bool = False) -> FixResult:
    """Apply fixes until none applies (at most ``MAX_PASSES``), re-linting between passes."""
    applied: list[Finding] = []
    findings = lint(text)
    for _ in range(MAX_PASSES):
        edits = edits_for(text, findings, unsafe)
        if not edits:
            break
        text = apply_edits(text, edits)
        applied += [edit.finding for edit in edits]
        findings = lint(text)
    return FixResult(text, applied, findings)


def polish(text: str, finding: Finding) -> Edit:
    """The edit for ``finding``'s fix, made to read as correct English in place."""
    start, end = finding.start, finding.end
    original = text[start:end]
    replacement = _match_case(original, finding.fix.replacement)
    if not replacement:
        start, end = _remove_word(text, start, end)
        if original[:1].isupper():
            following = _NEXT_WORD.match(text, end)
            if following and following.group(1)[:1].islower():
                first = following.start(1)
                replacement = text[end:first] + text[first].upper()
                end = first + 1
    article = _ARTICLE_BEFORE.search(text, max(_run_start(text, start, str.isspace) - 2, 0), start)
    # an article, spaces and emphasis markers: a short stretch, so the search stays bounded
    outside = _ARTICLE_BEFORE_MARKUP.search(text, max(start - 24, 0), start) if not article else None
    if outside and _LEADING_ARTICLE.match(replacement):
        # "a **breakthrough**" -> "a **newer option**", "an **option**": the article outside the
        # emphasis is the one kept, set right for the new word; never "a **a newer option**"
        replacement = replacement[_LEADING_ARTICLE.match(replacement).end():]
        current = outside.group(1)
        wanted = article_for(_first_word(replacement))
        if current.lower() != wanted:
            fixed = wanted.capitalize() if current[0].isupper() else wanted
            replacement = fixed + outside.group(2) + replacement
            start = outside.start(1)
    if article and _LEADING_ARTICLE.match(replacement):
        # "a X" replaced by "an option": the replacement brings its own article.
        start = article.start(1)
        if article.group(1)[0].isupper():
            replacement = replacement[0].upper() + replacement[1:]
        article = None
    if article:
        wanted = article_for(_first_word(replacement) if replacement.strip() else _first_word(text, end))
        current = article.group(1)
        if current.lower() != wanted:
            fixed = wanted.capitalize() if current[0].isupper() else wanted
            fixed = fixed.upper() if current.isupper() and len(current) > 1 else fixed
            replacement = fixed + article.group(2) + replacement
            start = article.start(1)
    return Edit(start, end, replacement, finding)


def article_for(word: str) -> str:
    """'a' or 'an' by the sound of ``word``: an hour, a unique, an FDA, a TMS."""
    word = word.strip("\"'“”‘’(")
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_SOUND_ACRONYM else "a"
    lower = word.lower()
    if lower.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    if lower.startswith(("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ewe", "ufo")):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def _first_word(text: str, position: int = 0) -> str:
    found = _NEXT_WORD.match(text, position)
    return found.group(1) if found else ""


def _run_start(text: str, end: int, belongs) -> int:
    """Where the run of characters for which ``belongs`` holds that ends at ``end`` starts.

    The patterns that look back from a finding (an article, spaces) end in ``$``, so a
    match can only start inside the run before the finding: searching from the run's start
    (not from the top of the file) finds the same match, at a cost that does not grow with
    the findings before it. Thousands of findings in one file stay linear.
    """
    while end > 0 and belongs(text[end - 1]):
        end -= 1
    return end


def _match_case(original: str, replacement: str) -> str:
    if not replacement or not original[:1].isupper() or not replacement[:1].islower():
        return replacement
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    return replacement[0].upper() + replacement[1:]


def _remove_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Removing a word also removes one of the spaces around it, never both."""
    after = _SPACES_AFTER.match(text, end)
    if after and (start == 0 or text[start - 1].isspace()):
        return start, after.end()
    # ``$`` also matches before a final line break: the spaces may end just before one.
    last = start - 1 if text[start - 1:start] == "\n" else start
    before = _SPACES_BEFORE.search(text, _run_start(text, last, " \t".__contains__), start)
    if before:
        return before.start(), end
    return start, end
