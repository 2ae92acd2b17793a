"""A long fuzz run of the whole pipeline, started by hand (the test suite runs a short one).

    python bench/fuzz.py                 # 20,000 generated documents, and as many disguised claims
    python bench/fuzz.py --examples 200000

Hypothesis generates text, Markdown and HTML with arbitrary Unicode (lone
surrogates, NUL, U+2028, invisible characters), mixed line endings, markup
fragments and Markdown nested hundreds of block quotes or lists deep, and checks
that linting and fixing never raise, that every finding's span lies inside the
document and holds its ``text``, that columns agree between code points, UTF-16
and UTF-8, and that fixing is idempotent.

A second property disguises the trigger words of a claim (zero-width characters,
soft hyphens as characters or ``&shy;``, Cyrillic and Greek look-alikes,
fullwidth letters, overlay marks) and checks that every finding survives: the
same rule, the same message plus the note where its words were disguised, and
a span on the disguised copy that is the clean span moved by what was inserted.
Prints how many inputs were tried.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from linter import lint_text  # noqa: E402
from linter.document import Document  # noqa: E402
from linter.fixer import fix_text  # noqa: E402
from linter.normalise import INVISIBLE, LOOKALIKES, NOTE  # noqa: E402

FRAGMENTS = [
    "A miracle.", "It is a revolutionary treatment.", "safe and\nwell-tolerated", "Ketamine relieves anxiety within hours.",
    "<!-- claimlint-disable-next-line -->\n", "---\ntitle: a game-changer\n---\n", "**", "`code`", "[a](http://x)", "&amp;", "<p>", "</div>",
    "\r\n", "\r", "\u2028", "\ud800", "\0", "😀",
    "mir\u200bacle", "mir\u00adacle", "mir&shy;acle", "mir\u0430cle", "ｍｉｒａｃｌｅ", "a\u0336",
    "<noscript>a miracle</noscript>", "<svg><text>a miracle</text></svg>", '<input placeholder="a miracle">',
]
#: Claims, each as its own paragraph, and the words in them to disguise.
CLAIMS = [
    ("Ketamine is a miracle.", ("miracle",)),
    ("It is a revolutionary treatment.", ("revolutionary",)),
    ("Ketamine is safe and well-tolerated.", ("safe", "tolerated")),
    ("A breakthrough for anxiety, and a game-changer.", ("breakthrough", "game", "changer")),
    ("Ketamine relieves anxiety within hours.", ("relieves", "hours")),
]
#: Latin letter -> a look-alike the normaliser folds back to it
DISGUISES = {latin: other for other, latin in LOOKALIKES.items() if latin.islower()}
tried = 0


def nested(depth: int, marker: str) -> str:
    """Markdown nested ``depth`` deep: block quotes or lists on one line, or an indented outline."""
    if marker == "outline":
        return "".join("  " * level + f"- a miracle {level}\n" for level in range(depth)) + "\n"
    return marker * depth + "It is a revolutionary treatment.\n\n"


NESTED = st.builds(nested, st.integers(1, 300),
                   st.sampled_from(["> ", "- ", "1. ", "> - ", "outline"]))


class Disguised(NamedTuple):
    """Copy with disguised words, and ``added``: (clean offset, characters inserted before it)."""

    text: str
    added: list[tuple[int, int]]


def disguise(text: str, words: tuple[str, ...], choices: list[int], html: bool) -> Disguised:
    """``text`` with each word's inner letters disguised as ``choices`` (cycled) say:
    0 nothing, 1-6 an invisible character before the letter (``&shy;`` in HTML for 6),
    7 a look-alike letter, 8 a fullwidth letter, 9 an overlay mark after it."""
    out, added, pick = [], [], 0
    inner = set()
    for word in words:
        found = text.find(word)
        inner.update(range(found + 1, found + len(word)))
    for i, char in enumerate(text):
        choice = choices[pick % len(choices)] if i in inner and choices else 0
        pick += i in inner
        if 1 <= choice <= 6:
            hidden = "&shy;" if html and choice == 6 else sorted(INVISIBLE)[choice - 1]
            out.append(hidden)
            added.append((i, len(hidden)))
        if choice == 7 and char in DISGUISES:
            char = DISGUISES[char]
        elif choice == 8 and char.isascii() and char.isalpha():
            char = chr(ord(char) + 0xFEE0)
        out.append(char)
        if choice == 9 and char.isalpha():
            out.append("\u0336")
            added.append((i + 1, 1))
    return Disguised("".join(out), added)


def moved(offset: int, added: list[tuple[int, int]], end: bool) -> int:
    """Where clean ``offset`` stands in the disguised copy: a start moves past what was
    inserted at or before it, an end only past what was inserted before it."""
    return offset + sum(length for at, length in added if (at < offset if end else at <= offset))


def check_survives(before: str, claim: int, after: str, choices: list[int], path: str) -> None:
    """Every finding of the clean page is found on the disguised one, where it should be."""
    sentence, words = CLAIMS[claim]
    html = path.endswith(".html")
    paragraph = f"\n\n<p>{sentence}</p>\n\n" if html else f"\n\n{sentence}\n\n"
    clean = before + paragraph + after
    shifted = len(before) + paragraph.index(sentence)
    fake = disguise(sentence, words, choices, html)
    copy = before + paragraph.replace(sentence, fake.text) + after
    added = [(at + shifted, length) for at, length in fake.added]
    expected = lint_text(clean, path=path)
    found = lint_text(copy, path=path)
    assert [f.rule for f in found] == [f.rule for f in expected]
    for plain, seen in zip(expected, found):
        start, end = moved(plain.start, added, False), moved(plain.end, added, True)
        assert (seen.start, seen.end) == (start, end)
        assert copy[seen.start:seen.end] == seen.text
        assert seen.message in (plain.message, plain.message + NOTE)
        if seen.text != plain.text and plain.start >= shifted:
            assert seen.message == plain.message + NOTE and seen.fix is None


def check_document(parts: list[str], path: str) -> None:
    """Linting and fixing never raise; spans, columns and a second fix are exact."""
    text = "".join(parts)
    findings = lint_text(text, path=path)
    document = Document(text, path)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        for encoding in ("utf-32", "utf-16", "utf-8"):
            column = document.column_in(finding.start, encoding)
            assert document.offset_at(finding.line - 1, column, encoding) == finding.start
    lint = lambda t: lint_text(t, path=path)  # noqa: E731
    once = fix_text(text, lint, unsafe=True).text
    assert fix_text(once, lint, unsafe=True).text == once


PATHS = st.sampled_from(["a.txt", "a.md", "a.html"])
DOCUMENTS = st.lists(st.text(max_size=40) | st.sampled_from(FRAGMENTS) | NESTED, max_size=16)
CHOICES = st.lists(st.integers(0, 9), min_size=1, max_size=8)
SURROUNDINGS = st.text(max_size=40) | st.sampled_from(["", "A miracle.", "Ketamine for anxiety."])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()
    chosen = settings(max_examples=args.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))

    @chosen
    @given(DOCUMENTS, PATHS)
    def documents(parts, path):
        global tried
        tried += 1
        check_document(parts, path)

    @chosen
    @given(SURROUNDINGS, st.integers(0, len(CLAIMS) - 1), SURROUNDINGS, CHOICES, PATHS)
    def disguises(before, claim, after, choices, path):
        global tried
        tried += 1
        check_survives(before, claim, after, choices, path)

    documents()
    disguises()
    print(f"{tried} generated documents linted and fixed without a failure")


if __name__ == "__main__":
    main()
