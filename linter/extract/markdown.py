"""Markdown (CommonMark with tables), read as its readers see it.

Prose is headings, paragraphs, list items, block quotes, table cells, link
text, image alt text and the ``title`` / ``description`` of front matter.
Code (fenced, indented, inline), link and image destinations, raw HTML tags
and other front matter are not prose; raw HTML blocks are read by the HTML
extractor without their attributes, so their visible text is prose and their
comments carry directives.

markdown-it-py parses; positions come from finding each inline token's
verbatim text in the source in order, so a finding points at the source
characters even inside emphasis, links and wrapped lines.

An editor extracts the same page again after every edit. With ``editing``,
the page is cut into pieces at lines where Markdown's block structure starts
afresh, and the block tokens of a piece whose text did not change are reused
(see ``_pieces``): an edit re-parses its own paragraph, not the page.
"""

from __future__ import annotations

import bisect
import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast
from dataclasses import dataclass

from ..prose import Comment, Extraction, Segment
from . import html

_FRONT_MATTER = regex.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)??\1[ \t]*(?:\n|\Z)", regex.DOTALL)
_FRONT_FIELD = regex.compile(r"^([ \t]*)(title|description)[ \t]*[:=][ \t]*(.*?)[ \t]*$", regex.MULTILINE | regex.IGNORECASE)
_BLOCK_SCALAR = regex.compile(r"[|>][+-]?\d*")
_NOT_NEWLINE = regex.compile(r"[^\n]")
_INDENTED_LINE = regex.compile(r"\n([ \t]*)([^\n]*)")
_parser = None
#: Inline tokens by (paragraph source, the page's link references). Half of parsing
#: is inline parsing, and an editor re-parses a page whose paragraphs are nearly all
#: unchanged. Bounded: emptied when full. The tokens are only read, never changed.
_inline_tokens: dict[tuple[str, str], list] = {}
INLINE_CACHE_SIZE = 4096
#: By piece text, for ``editing`` (bounded the same way): its block tokens, its link
#: references, and what to add to a token's lines to count them from the piece's first.
_block_tokens: dict[str, tuple[list, dict, int]] = {}
BLOCK_CACHE_SIZE = 4096
#: By (piece text, how far front matter reaches into it, the link references): its prose, and
#: where the piece started when it was read (its offsets are moved by the difference).
_extractions: dict[tuple, tuple[Extraction, int]] = {}
#: A line that, after a blank line, cannot continue a list, a block quote or a
#: paragraph: it starts at column 0 and is no list marker or quote marker.
_FRESH_START = regex.compile(r"[^\s\-+*>0-9]")
_FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
#: markdown-it stops reading a page at this depth of nesting and drops the rest of it.
#: Its default (20: ten nested lists) hides the copy after a deep outline, which every
#: renderer still shows; 400 (200 lists, or 400 quotes) stays clear of Python's recursion
#: limit, which its block parser would reach at about 900.
MAX_NESTING = 400


def _markdown_parser():
    """Built on first use: importing markdown-it costs start-up time plain text never pays.
    Its core ``inline`` step is off: ``_parse`` runs it, through the cache."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
        _parser.enable(["table", "strikethrough"]).disable(["text_join", "inline"])
    return _parser


@dataclass
class _Inline:
    """Inline parsing of a page's paragraphs, whose meaning depends on the page's link references."""

    references: dict  # label -> target, as markdown-it's block parse leaves them in ``env``

    def __post_init__(self) -> None:
        self.env = {"references": self.references}
        # what the tokens depend on: not the line a reference was defined on
        self.key = repr(sorted((label, target["href"], target["title"]) for label, target in self.references.items()))

    def children(self, token) -> list:
        """markdown-it's inline tokens for a block's ``inline`` token, as its own ``inline`` core rule would leave them."""
        key = (token.content, self.key)
        children = _inline_tokens.get(key)
        if children is None:
            parser = _markdown_parser()
            children = []
            parser.inline.parse(token.content, parser, self.env, children)
            _remember(_inline_tokens, INLINE_CACHE_SIZE, key, children)
        return children


def _parse(source: str, editing: bool) -> tuple[list[tuple[int, int, int, list]], _Inline]:
    """The pieces of ``source``, each (what to add to its tokens' ``map`` lines, first line,
    end line, block tokens) -- one piece unless ``editing`` -- and their inline parsing."""
    if editing:
        found = _pieces(source)
    else:
        env: dict = {}
        tokens = _markdown_parser().parse(source, env)
        found = [(0, 0, source.count("\n") + 1, tokens, env.get("references", {}))]
    references: dict = {}
    for *_, defined in found:  # the first definition of a label wins, as in one parse
        for label, target in defined.items():
            references.setdefault(label, target)
    return [piece[:4] for piece in found], _Inline(references)


def forget() -> None:
    """Empty the ``editing`` caches (see ``extract.forget``)."""
    for cache in (_inline_tokens, _block_tokens, _extractions):
        cache.clear()


def _remember(cache: dict, size: int, key, value) -> None:
    if len(cache) >= size:
        cache.clear()
    cache[key] = value


def _pieces(source: str) -> list[tuple[int, int, int, list, dict]]:
    """(what to add to the tokens' lines, first line, end line, block tokens, link
    references) of each piece of ``source``.

    A piece boundary is a line after a blank line that starts at column 0 with
    no list or quote marker, outside a fenced code block: there every block
    has ended, so what follows parses the same alone as in the page. A fence
    or raw HTML block (``<!--``, ``<pre>``...) can still run across such a
    line; the tokens show it, and then the pieces on both sides are one. A
    piece seen before is not parsed again; the pieces that are new are parsed
    together, then cut at the boundaries no block crosses.
    """
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    starts[-1] = len(source)
    cuts = _boundaries(lines) + [len(lines)]
    pieces: list[tuple[int, int, int, list, dict]] = []
    first = 0
    index = 0
    while index < len(cuts):
        cut = cuts[index]
        known = _block_tokens.get(source[starts[first]:starts[cut]])
        if known is not None:
            tokens, references, shift = known
            pieces.append((first + shift, first, cut, tokens, references))
            first, index = cut, index + 1
            continue
        # Parse from here to the next piece already known, further while a block runs off the end.
        end = index + 1
        while end < len(cuts) and source[starts[cuts[end - 1]]:starts[cuts[end]]] not in _block_tokens:
            end += 1
        while True:
            env: dict = {}
            tokens = _markdown_parser().parse(source[starts[first]:starts[cuts[end - 1]]], env)
            length = cuts[end - 1] - first
            if end >= len(cuts) or not any(token.level == 0 and token.map and token.map[1] >= length for token in tokens if token.type in ("fence", "html_block")):
                break
            end += 1  # a fence or HTML block may be open at the end: take in the next piece
        found = env.get("references", {})
        for piece_first, piece_end, piece_tokens in _cut(tokens, first, [cuts[i] for i in range(index, end)]):
            references = {label: target for label, target in found.items() if piece_first <= first + target["map"][0] < piece_end}
            # the tokens count lines from the parse's first line, ``first``
            _remember(_block_tokens, BLOCK_CACHE_SIZE, source[starts[piece_first]:starts[piece_end]], (piece_tokens, references, first - piece_first))
            pieces.append((first, piece_first, piece_end, piece_tokens, references))
        first, index = cuts[end - 1], end
    return pieces


def _boundaries(lines: list[str]) -> list[int]:
    """Lines where a piece may start (see ``_pieces``); a fence is tracked so the code in it
    is not cut, though only the tokens can tell for sure."""
    cuts = []
    fence = None
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None:
            if number and _FRESH_START.match(line) and not lines[number - 1].strip():
                cuts.append(number)
            if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end():]):
                fence = opening.group(1)
        elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) and not line[opening.end():].strip():
            fence = None
    return cuts


def _cut(tokens: list, first: int, cuts: list[int]) -> list[tuple[int, int, list]]:
    """Split the tokens of lines ``first``..``cuts[-1]`` at each cut that no top-level block crosses."""
    crossed: set[int] = set()
    for token in tokens:
        if token.level == 0 and token.map:  # the cuts strictly inside this block's lines
            low, high = first + token.map[0], first + token.map[1]
            crossed.update(cuts[bisect.bisect_right(cuts, low):bisect.bisect_left(cuts, high)])
    ends = [cut for cut in cuts if cut not in crossed]
    pieces = []
    piece_first, current = first, []
    position = 0
    for end in ends:
        while position < len(tokens):
            token = tokens[position]
            if token.level == 0 and token.map and token.map[0] >= end - first:
                break
            current.append(token)
            position += 1
        pieces.append((piece_first, end, current))
        piece_first, current = end, []
    return pieces


def normalize(text: str) -> str:
    """What markdown-it would normalise, done without changing any offset:
    CRLF and CR become LF (CRLF as space + LF), NUL becomes U+FFFD."""
    return text.replace("\r\n", " \n").replace("\r", "\n").replace("\0", "\ufffd")


def extract(text: str, editing: bool = False) -> Extraction:
    """``editing``: the page will be extracted again after small edits (see the module's notes)."""
    result = Extraction()
    source = normalize(text)
    body = _front_matter(source, result)
    masked = _NOT_NEWLINE.sub(" ", source[:body]) + source[body:]
    line_starts = [0] + [m.end() for m in regex.finditer("\n", source)]

    def offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(source)

    pieces, inline = _parse(masked, editing)
    for shift, first, end, tokens in pieces:
        if not editing:
            _extract_blocks(tokens, shift, offset, text, source, inline, result)
            continue
        # An unchanged piece (same text, same link references) reads the same, only moved.
        start = offset(first)
        key = (text[start:offset(end)], max(body - start, 0), inline.key)
        known = _extractions.get(key)
        if known is None:
            known = (Extraction(), start)
            _extract_blocks(tokens, shift, offset, text, source, inline, known[0])
            _remember(_extractions, BLOCK_CACHE_SIZE, key, known)
        _add_moved(result, known[0], start - known[1])
    return result


def _extract_blocks(tokens: list, shift: int, offset, text: str, source: str, inline: _Inline, result: Extraction) -> None:
    """The prose of block ``tokens`` (lines: ``token.map`` plus ``shift``) and their comments."""
    for token in tokens:
        if token.map is None:
            continue
        start, end = offset(shift + token.map[0]), offset(shift + token.map[1])
        if token.type == "inline":
            segment = Segment()
            _walk(inline.children(token), source, start, end, segment, result, autolink=False)
            if segment.text.strip():
                result.segments.append(segment)
        elif token.type == "html_block":
            html.extract_into(text, start, end, result, attributes=False)


def _add_moved(result: Extraction, piece: Extraction, by: int) -> None:
    result.segments += [segment.moved(by) for segment in piece.segments]
    result.comments += [Comment(comment.text, comment.start + by, comment.end + by) for comment in piece.comments]


def _walk(children, source: str, cursor: int, end: int, segment: Segment, result: Extraction, autolink: bool) -> int:
    """Add the prose of inline ``children`` to ``segment``; returns the new cursor."""
    for child in children:
        kind = child.type
        if kind == "text":
            position = source.find(child.content, cursor, end)
            if position < 0:
                continue
            if not autolink:
                segment.add(child.content, position)
            cursor = position + len(child.content)
        elif kind == "text_special":  # an entity or a backslash escape: decoded, one atom
            position = source.find(child.markup, cursor, end)
            if position >= 0:
                segment.add(child.content, position, len(child.markup))
                cursor = position + len(child.markup)
        elif kind in ("softbreak", "hardbreak"):
            position = source.find("\n", cursor, end)
            if position >= 0:
                segment.add(" ", position, 1)
                cursor = position + 1
            if kind == "hardbreak":
                segment.add_break()
        elif kind == "code_inline":
            cursor = _skip_code(source, cursor, end, child.markup, segment)
        elif kind == "html_inline":
            position = source.find(child.content, cursor, end)
            if position >= 0:
                if child.content.startswith("<!--"):
                    result.comments.append(Comment(child.content, position, position + len(child.content)))
                segment.add(" ", position, len(child.content))
                cursor = position + len(child.content)
        elif kind == "link_open":
            autolink = child.markup == "autolink" or child.info == "auto"
        elif kind == "link_close":
            cursor = cursor if autolink else _skip_destination(source, cursor, end)
            autolink = False
        elif kind == "image":
            cursor = _walk(child.children or [], source, cursor, end, segment, result, autolink=False)
            cursor = _skip_destination(source, cursor, end)
    return cursor


def _skip_code(source: str, cursor: int, end: int, ticks: str, segment: Segment) -> int:
    fence = regex.compile(r"(?<!`)%s(?!`)" % regex.escape(ticks))
    opening = fence.search(source, cursor, end)
    closing = fence.search(source, opening.end(), end) if opening else None
    if not opening or not closing:
        return cursor
    segment.add(" ", opening.start(), closing.end() - opening.start())
    return closing.end()


def _skip_destination(source: str, cursor: int, end: int) -> int:
    """Past ``](url "title")``, ``][ref]`` or ``]`` that closes link or image text."""
    close = source.find("]", cursor, end)
    if close < 0:
        return cursor
    position = close + 1
    if source.startswith("(", position):
        depth, position = 0, position
        while position < end:
            char = source[position]
            if char == "\\":
                position += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return position + 1
            position += 1
        return cursor
    if source.startswith("[", position):
        closing = source.find("]", position, end)
        return closing + 1 if closing >= 0 else position
    return position


def _front_matter(source: str, result: Extraction) -> int:
    """Add the ``title`` and ``description`` values as prose; return where the body starts."""
    found = _FRONT_MATTER.match(source)
    if not found:
        return 0
    block_start = found.start(2) if found.group(2) is not None else found.end()
    block = source[block_start:found.start(2) + len(found.group(2))] if found.group(2) else ""
    for field in _FRONT_FIELD.finditer(block):
        segment = Segment()
        value_start = block_start + field.start(3)
        value = field.group(3)
        if _BLOCK_SCALAR.fullmatch(value):
            _block_scalar(source, block_start + field.end(), len(field.group(1)), found.end(), segment)
        elif value[:1] in ('"', "'") and value.endswith(value[0]) and len(value) > 1:
            segment.add(value[1:-1], value_start + 1)
        elif value:
            segment.add(value, value_start)
        if segment.text.strip():
            result.segments.append(segment)
    return found.end()


def _block_scalar(source: str, position: int, indent: int, limit: int, segment: Segment) -> None:
    """A YAML ``|`` or ``>`` value: the following lines indented deeper than its key."""
    for line in _INDENTED_LINE.finditer(source, position, limit):
        if line.group(2).strip() and len(line.group(1)) <= indent:
            break
        if line.group(2).strip():
            if segment.text:
                segment.add(" ", line.start(), 1)
            segment.add(line.group(2).rstrip(), line.start(2))
