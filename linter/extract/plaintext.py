"""Plain text: paragraphs split at blank lines, wrapped lines joined into sentences.

Plain text has no markup to say where a heading or a list item ends, so a line
break is read the way a person reads it: a wrapped line continues its sentence
("safe and" / "well-tolerated"), while a short line with no closing punctuation
followed by a capitalised line is a heading, and a bullet starts a new item.
"""

from __future__ import annotations

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from ..prose import Comment, Extraction, Segment

_EOL = r"(?:\r\n|\r(?!\n)|\n)"
_BLANK = r"[ \t\f\v\u00a0]*"
_PARAGRAPH_BREAK = regex.compile(f"{_EOL}{_BLANK}{_EOL}(?:{_BLANK}{_EOL})*")
_LINE = regex.compile(f"[^\\r\\n]*{_EOL}?")
_ENDS_SENTENCE = regex.compile(r"[.!?:;…][\"'”’)\]]*\s*$")
_BULLET = regex.compile(r"^\s*(?:[-*•●▪◦–—+]\s|\d{1,3}[.)]\s|[a-z][.)]\s)")
#: Plain text has no comments: a directive is a line of its own. A line that starts like
#: one (a misspelt action, or another format's comment around it: "# claimlint-disable")
#: is not prose either: suppression reports it, so that a typo is not read as copy.
_DIRECTIVE_LINE = regex.compile(r"[ \t]*(?:#+|//|<!--|/\*)?[ \t]*claimlint-[a-z]")
#: A line shorter than this with no closing punctuation, followed by a line that
#: does not start in lower case, reads as a heading rather than a wrapped line.
HEADING_MAX_LENGTH = 60


def extract(text: str, editing: bool = False) -> Extraction:
    """Split ``text`` into paragraph segments whose offsets are the source's. One linear
    pass, so ``editing`` (see ``extract/__init__.py``) changes nothing."""
    result = Extraction()
    start = 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        _add_paragraph(result, text, start, gap.start())
        start = gap.end()
    _add_paragraph(result, text, start, len(text))
    return result


def _add_paragraph(result: Extraction, text: str, start: int, end: int) -> None:
    if not text[start:end].strip():
        return
    segment = Segment()
    previous = None
    for line in _LINE.finditer(text, start, end):
        if line.start() == line.end():
            break
        body = line.group().rstrip("\r\n")
        if _DIRECTIVE_LINE.match(body):
            result.comments.append(Comment(body, line.start(), line.start() + len(body), "line"))
            segment.add_break()
            previous = None
            continue
        if previous is not None and _starts_new_sentence(previous, body):
            segment.add_break()
        segment.add(body, line.start())
        newline = line.group()[len(body):]
        if newline:
            # A line end reads as one space between the words it separates.
            segment.add(" ", line.start() + len(body), len(newline))
        previous = body
    if segment.text.strip():
        result.segments.append(segment)


def _starts_new_sentence(previous: str, line: str) -> bool:
    if _ENDS_SENTENCE.search(previous) or _BULLET.match(line):
        return True
    first = line.lstrip()[:1]
    return bool(first) and not first.islower() and len(previous.strip()) < HEADING_MAX_LENGTH
