"""MDX: Markdown with JSX, read as Markdown once its code is blanked out.

An MDX page is Markdown plus two kinds of JavaScript: ESM blocks (``import`` and
``export`` lines, at the top level) and ``{expressions}`` anywhere in the text. Neither
is copy a reader sees as written (``export const meta = {title: "A miracle"}`` is
code, and so is ``{props.tagline}``), so both are replaced by spaces of the same
length, line breaks kept, and the rest is read by the Markdown extractor: every offset
stays the source's. An expression that is only a comment, ``{/* claimlint-disable */}``,
is MDX's comment, and it carries directives as ``<!-- -->`` does in Markdown.
"""

from __future__ import annotations

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from ..prose import Comment, Extraction
from . import markdown

#: A top-level ESM block starts a line with `import` or `export` after a blank line (or
#: at the top) and runs to the next blank line, as MDX's own parser reads it.
_ESM_START = regex.compile(r"(?:import|export)\b")
_BLANK_LINE = regex.compile(r"[ \t]*$")
_FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
_COMMENT_ONLY = regex.compile(r"\{\s*/\*.*?\*/\s*\}\Z", regex.DOTALL)
_QUOTES = "\"'`"


def extract(text: str, editing: bool = False) -> Extraction:
    blanked, comments = blank_code(text)
    result = markdown.extract(blanked, editing)
    result.comments = sorted(result.comments + comments, key=lambda comment: comment.start)
    return result


def blank_code(text: str) -> tuple[str, list[Comment]]:
    """``text`` with its ESM blocks and expressions turned to spaces (line breaks kept), and
    the ``{/* */}`` comments found among them."""
    spans = _esm_blocks(text)
    spans += _expressions(text, spans)
    chars = list(text)
    comments = []
    for start, end in spans:
        if _COMMENT_ONLY.match(text[start:end]):
            comments.append(Comment(text[start:end], start, end))
        for index in range(start, end):
            if chars[index] not in "\r\n":
                chars[index] = " "
    return "".join(chars), comments


def _lines(text: str):
    """(start, end without the line break) of every line."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _esm_blocks(text: str) -> list[tuple[int, int]]:
    blocks = []
    after_blank, block_start, fence = True, None, None
    previous_end = 0
    for start, end in _lines(text):
        line = text[start:end]
        blank = bool(_BLANK_LINE.match(line))
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif block_start is not None:
            if blank:
                blocks.append((block_start, previous_end))
                block_start = None
        elif opened:
            fence = opened.group(1)
        elif after_blank and _ESM_START.match(line):
            block_start = start
        after_blank, previous_end = blank, end
    if block_start is not None:
        blocks.append((block_start, len(text)))
    return blocks


def _expressions(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``{...}`` spans outside ESM blocks, fenced code and inline code, braces balanced and
    JavaScript strings respected (a ``}`` inside quotes does not close)."""
    masked = _mask(text, skip + _code(text))
    found = []
    index = 0
    while True:
        index = masked.find("{", index)
        if index < 0:
            return found
        end = _closing_brace(masked, index)
        found.append((index, end))
        index = end


def _closing_brace(text: str, opening: int) -> int:
    depth, index, quote = 0, opening, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in _QUOTES:
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(text)  # never closed: the rest is code, as MDX reads it (an error there)


def _code(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and inline code spans, where braces are text."""
    spans = []
    fence_start, fence = None, None
    for start, end in _lines(text):
        opened = _FENCE.match(text, start, end)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                spans.append((fence_start, end))
                fence = None
        elif opened:
            fence_start, fence = start, opened.group(1)
    if fence is not None:
        spans.append((fence_start, len(text)))
    masked = _mask(text, spans)
    spans += [match.span() for match in regex.finditer(r"(`+)(?!`).*?(?<!`)\1(?!`)", masked, regex.DOTALL)]
    return spans


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
