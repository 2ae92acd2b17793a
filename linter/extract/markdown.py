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
"""

from __future__ import annotations

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

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


def _markdown_parser():
    """Built on first use: importing markdown-it costs start-up time plain text never pays.
    Its core ``inline`` step is off: ``_parse`` runs it, through the cache."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["text_join", "inline"])
    return _parser


def _parse(source: str) -> list:
    """markdown-it's tokens for ``source``, as its own ``inline`` core rule would leave them."""
    parser = _markdown_parser()
    env: dict = {}
    tokens = parser.parse(source, env)
    references = repr(sorted(env["references"].items())) if env.get("references") else ""
    for token in tokens:
        if token.type != "inline":
            continue
        key = (token.content, references)
        children = _inline_tokens.get(key)
        if children is None:
            children = []
            parser.inline.parse(token.content, parser, env, children)
            if len(_inline_tokens) >= INLINE_CACHE_SIZE:
                _inline_tokens.clear()
            _inline_tokens[key] = children
        token.children = children
    return tokens


def normalize(text: str) -> str:
    """What markdown-it would normalise, done without changing any offset:
    CRLF and CR become LF (CRLF as space + LF), NUL becomes U+FFFD."""
    return text.replace("\r\n", " \n").replace("\r", "\n").replace("\0", "\ufffd")


def extract(text: str) -> Extraction:
    result = Extraction()
    source = normalize(text)
    body = _front_matter(source, result)
    masked = _NOT_NEWLINE.sub(" ", source[:body]) + source[body:]
    line_starts = [0] + [m.end() for m in regex.finditer("\n", source)]

    def offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(source)

    for token in _parse(masked):
        if token.map is None:
            continue
        start, end = offset(token.map[0]), offset(token.map[1])
        if token.type == "inline":
            segment = Segment()
            _walk(token.children or [], source, start, end, segment, result, autolink=False)
            if segment.text.strip():
                result.segments.append(segment)
        elif token.type == "html_block":
            html.extract_into(text, start, end, result, attributes=False)
    return result


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
