"""What a reader sees, for matching: invisible characters dropped, look-alike letters folded.

Copy can defeat a word list without changing what a reader sees: a zero-width
space or a soft hyphen inside "mir\u00adacle" (content systems insert ``&shy;``
themselves), a Cyrillic "а" in "Kеtamine", fullwidth "ｍｉｒａｃｌｅ", or a
combining mark stacked on a Latin letter. Each segment is cleaned once, after
extraction, into a segment whose runs still point at the original characters,
so positions, underlines and fixes land where they always did; a cleaned span
is no longer verbatim, so no automatic fix is offered across it.

What changes, and only that:

- dropped: U+200B-U+200D (zero-width space, non-joiner, joiner), U+2060 (word
  joiner), U+FEFF (a byte-order mark inside the text) and U+00AD (soft hyphen);
- folded: fullwidth digits and Latin letters (U+FF10-U+FF5A) to ASCII;
- folded: Cyrillic and Greek letters that look like Latin ones, only in a word
  that has a Latin letter and no other non-Latin letter, so Russian and Greek
  copy stays as written;
- dropped: a combining mark after a Latin letter unless the two make an
  accented letter of a European alphabet (U+00C0-U+024F), so a decomposed
  "café" or "naïve" is left exactly as it is.

Text with none of these (all ASCII, or accented copy) is returned untouched
after one C-speed check, so ordinary copy pays nearly nothing.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .prose import Segment

#: Characters no reader sees, dropped for matching.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

#: Cyrillic and Greek letters drawn like a Latin one (in common fonts), and that letter.
LOOKALIKES: dict[str, str] = {
    **dict(zip("аеорсухіјѕԁһԛԝ", "aeopcyxijsdhqw")),
    **dict(zip("АВЕКМНОРСТХІЈЅУ", "ABEKMHOPCTXIJSY")),
    **dict(zip("αονιρ", "aovip")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
}

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_FULLWIDTH = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
#: Anything the slow path might change; text without a match is returned as it is.
_SUSPECT = re.compile(f"[{''.join(INVISIBLE)}{_COMBINING}{_FULLWIDTH}{''.join(LOOKALIKES)}]")
#: A word as the reader sees it: letters, with the marks and invisible characters inside it.
_WORD = re.compile(f"(?:[^\\W\\d_]|[{_COMBINING}{''.join(INVISIBLE)}])+")
_MARK = re.compile(f"[{_COMBINING}]")

#: Note appended to a finding whose words were cleaned (see ``engine._finding``).
NOTE = " (the copy hides invisible characters or look-alike letters inside these words)"


def is_latin(char: str) -> bool:
    """A Latin letter: ASCII, or from the Latin-1 to Latin Extended Additional blocks."""
    point = ord(char)
    if point < 0x80:
        return char.isalpha()
    return (0xC0 <= point <= 0x24F and point not in (0xD7, 0xF7)) or 0x1E00 <= point <= 0x1EFF


def _accented(cluster: str) -> bool:
    """Whether a base letter and its marks compose into one European accented letter."""
    composed = unicodedata.normalize("NFC", cluster)
    return len(composed) == 1 and 0xC0 <= ord(composed) <= 0x24F


def cleaned(text: str) -> list[str | None]:
    """For each character of ``text``: what matching reads there (None: nothing).
    Only called on text ``_SUSPECT`` found something in."""
    chars: list[str | None] = []
    for char in text:
        point = ord(char)
        if char in INVISIBLE:
            chars.append(None)
        elif 0xFF10 <= point <= 0xFF5A and char.isalnum():
            chars.append(chr(point - 0xFEE0))
        else:
            chars.append(char)
    for word in _WORD.finditer(text):
        _fold_word(chars, word.start(), word.end())
    return chars


def _fold_word(chars: list[str | None], start: int, end: int) -> None:
    """Fold look-alikes and strip stray marks in ``chars[start:end]``, one word."""
    letters = [c for c in chars[start:end] if c is not None and not _MARK.fullmatch(c)]
    foreign = [c for c in letters if not is_latin(c)]
    if foreign and len(foreign) < len(letters) and all(c in LOOKALIKES for c in foreign):
        for i in range(start, end):
            if chars[i] in LOOKALIKES:
                chars[i] = LOOKALIKES[chars[i]]  # type: ignore[index]
    cluster = ""  # the Latin letter being read and the marks kept on it
    for i in range(start, end):
        char = chars[i]
        if char is None:
            continue
        if not _MARK.fullmatch(char):
            cluster = char if is_latin(char) else ""
        elif cluster:
            if _accented(cluster + char):
                cluster += char
            else:
                chars[i] = None


def normalise(segment: Segment) -> Segment:
    """``segment`` as matching should read it: the same segment when nothing changes,
    else a new one whose runs map each kept character back to its source, and
    whose ``hidden`` spans say where characters were dropped or folded."""
    text = segment.text
    if text.isascii() or not _SUSPECT.search(text):
        return segment
    chars = cleaned(text)
    if all(new == old for new, old in zip(chars, text)):
        return segment
    kept = [i for i, char in enumerate(chars) if char is not None]
    result = Segment()
    for run in segment.runs:
        _copy_run(result, run, chars)
    result.shift = segment.shift
    result.breaks = [bisect.bisect_left(kept, b) for b in segment.breaks]
    result.hidden = _hidden(chars, text, kept)
    return result


def _copy_run(result: Segment, run, chars: list[str | None]) -> None:
    """Add what is kept of ``run`` to ``result``: a run read character by character
    splits where a character was dropped; an atom (``&shy;``, a joined break) stays
    one atom over its whole source, or goes if nothing of it is kept."""
    end = run.text_start + run.text_length
    if run.text_length != run.source_length:
        piece = "".join(c for c in chars[run.text_start:end] if c is not None)
        result.add(piece, run.source_start, run.source_length)
        return
    i = run.text_start
    while i < end:
        if chars[i] is None:
            i += 1
            continue
        j = i
        while j < end and chars[j] is not None:
            j += 1
        piece = "".join(chars[i:j])  # type: ignore[arg-type]
        result.add(piece, run.source_start + i - run.text_start)
        i = j


def _hidden(chars: list[str | None], text: str, kept: list[int]) -> list[tuple[int, int]]:
    """Cleaned-text spans that differ from the copy: ``(p, p)`` where a character was
    dropped before cleaned offset ``p``, ``(p, p + 1)`` where the one at ``p`` was folded."""
    spans = []
    for i, (new, old) in enumerate(zip(chars, text)):
        if new == old:
            continue
        p = bisect.bisect_left(kept, i)
        spans.append((p, p) if new is None else (p, p + 1))
    return spans


def hides(segment: Segment, start: int, end: int) -> bool:
    """Whether cleaned text ``[start, end)`` was read through a dropped or folded
    character: a drop strictly inside it, or a fold on one of its characters."""
    spans = segment.hidden
    for a, b in spans[bisect.bisect_left(spans, (start,)):]:
        if a >= end:
            return False
        if b > start:
            return True
    return False
