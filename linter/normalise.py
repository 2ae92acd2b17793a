"""What a reader sees, for matching: invisible characters dropped, look-alike letters folded.

Copy can defeat a word list without changing what a reader sees: a zero-width
space or a soft hyphen inside "miracle" (content systems insert ``&shy;``
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

Text with none of these (all ASCII, accented copy, Russian or Greek copy) is
returned untouched after a regular-expression scan or two, so ordinary copy pays
nearly nothing; otherwise only the suspect characters and their words are visited.
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
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LOOKS = "".join(LOOKALIKES)
#: Anything the slow path might change; text without a match is returned as it is.
_SUSPECT = re.compile(f"[{''.join(INVISIBLE)}{_COMBINING}{_FULLWIDTH}]")
#: A look-alike beside a Latin letter: a word that mixes the two without such a pair has
#: another letter between them (so is not folded) or a mark or invisible character (above).
#: Written to start with one character class, which the regex engine scans for fast.
_MIXED = re.compile(f"[{_LOOKS}](?:(?<=[{_LATIN}].)|(?=[{_LATIN}]))")
_LOOKS_IN = re.compile(f"[{_LOOKS}]")
_MARKS = re.compile(f"[{_COMBINING}]")
#: A word as the reader sees it: letters, with the marks and invisible characters inside it.
_WORD = re.compile(f"(?:[^\\W\\d_]|[{_COMBINING}{''.join(INVISIBLE)}])+")

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


def _is_mark(char: str) -> bool:
    point = ord(char)
    return (0x300 <= point <= 0x36F or 0x1AB0 <= point <= 0x1AFF or 0x1DC0 <= point <= 0x1DFF
            or 0x20D0 <= point <= 0x20FF or 0xFE20 <= point <= 0xFE2F)


def changes(text: str) -> dict[int, str | None]:
    """What matching reads differently from ``text``: offset -> the character read there,
    or None for nothing. Only suspect characters and the words holding them are visited,
    so the cost follows how much of the copy is disguised, not its length."""
    found: dict[int, str | None] = {}
    for match in _SUSPECT.finditer(text):
        char, point = match.group(), ord(match.group())
        if char in INVISIBLE:
            found[match.start()] = None
        elif 0xFF10 <= point <= 0xFF5A:
            found[match.start()] = chr(point - 0xFEE0)
    offsets = [*found, *(m.start() for m in _MIXED.finditer(text))]
    offsets += [m.start() for m in _MARKS.finditer(text)]
    for start, end in _words_at(text, offsets):
        word = text[start:end]
        if _LOOKS_IN.search(word):
            _fold_lookalikes(text, start, end, found)
        if _MARKS.search(word):
            _strip_marks(text, start, end, found)
    return found


def _words_at(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The words (``_WORD``) holding ``offsets``, each once, in order."""
    words: list[tuple[int, int]] = []
    for offset in sorted(offsets):
        if words and offset < words[-1][1]:
            continue
        start = offset
        while start > 0 and _WORD.fullmatch(text[start - 1]):
            start -= 1
        word = _WORD.match(text, start)
        if word:
            words.append((start, word.end()))
    return words


def _fold_lookalikes(text: str, start: int, end: int, found: dict[int, str | None]) -> None:
    """Fold the look-alikes of ``text[start:end]`` (one word) into ``found`` when every
    other letter of the word is Latin and one at least is."""
    read = [found[i] if i in found else text[i] for i in range(start, end)]
    letters = [c for c in read if c is not None and not _is_mark(c)]
    foreign = [c for c in letters if not is_latin(c)]
    if foreign and len(foreign) < len(letters) and all(c in LOOKALIKES for c in foreign):
        for i in range(start, end):
            if text[i] in LOOKALIKES:
                found[i] = LOOKALIKES[text[i]]


def _strip_marks(text: str, start: int, end: int, found: dict[int, str | None]) -> None:
    """Drop the combining marks of ``text[start:end]`` (one word) that sit on a Latin
    letter without making an accented letter of it."""
    cluster = ""  # the Latin letter being read and the marks kept on it
    for i in range(start, end):
        char = found[i] if i in found else text[i]
        if char is None:
            continue
        if not _is_mark(char):
            cluster = char if is_latin(char) else ""
        elif cluster:
            if _accented(cluster + char):
                cluster += char
            else:
                found[i] = None


def normalise(segment: Segment) -> Segment:
    """``segment`` as matching should read it: the same segment when nothing changes,
    else a new one whose runs map each kept character back to its source, and
    whose ``hidden`` spans say where characters were dropped or folded."""
    text = segment.text
    if text.isascii() or not (_SUSPECT.search(text) or _MIXED.search(text)):
        return segment
    found = changes(text)
    if not found:
        return segment
    dropped = sorted(i for i, char in found.items() if char is None)
    chars = list(text)
    for i, char in found.items():
        if char is not None:
            chars[i] = char
    folded = "".join(chars)  # as long as ``text``: folds are one character for one
    result = Segment()
    for run in segment.runs:
        _copy_run(result, run, folded, dropped)
    result.shift = segment.shift
    result.breaks = [b - bisect.bisect_left(dropped, b) for b in segment.breaks]
    result.hidden = []
    for i in sorted(found):
        p = i - bisect.bisect_left(dropped, i)
        result.hidden.append((p, p) if found[i] is None else (p, p + 1))
    return result


def _copy_run(result: Segment, run, folded: str, dropped: list[int]) -> None:
    """Add what is kept of ``run`` to ``result``: a run read character by character
    splits where a character was dropped; an atom (``&shy;``, a joined break) stays
    one atom over its whole source, or goes if nothing of it is kept."""
    start, end = run.text_start, run.text_start + run.text_length
    gone = dropped[bisect.bisect_left(dropped, start):bisect.bisect_left(dropped, end)]
    if run.text_length != run.source_length:
        piece = "".join(folded[i] for i in range(start, end) if i not in gone)
        result.add(piece, run.source_start, run.source_length)
        return
    position = start
    for i in gone + [end]:
        result.add(folded[position:i], run.source_start + position - start)
        position = i + 1


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
