"""HTML as published: the text a sighted reader sees on the page, plus what search
engines and social cards show (``<title>``, meta description, ``og:``/``twitter:``
title and description, ``alt``, ``title`` and ``placeholder`` attributes, the
label of an ``<input type="submit">`` button).

Seen, so prose: ``<noscript>`` (shown when scripts are off), ``<option>`` text,
a ``<textarea>``'s default content, the ``<text>`` of an inline ``<svg>``, and
``aria-hidden="true"`` content (hidden from screen readers only, shown to
everyone else). Not prose: ``<script>``, ``<style>``, ``<template>``,
``<code>``/``<pre>``, ``<math>``, ``<iframe>``/``<object>`` fallbacks, the rest
of an ``<svg>``, other attributes, comments (which may carry directives) and
anything ``hidden``. Character references are decoded for matching while
positions stay on the source characters. Block elements end a segment and
``<br>`` ends a sentence; inline elements do neither.

The standard library's ``html.parser`` is used with ``convert_charrefs=False``
because it is the parser that reports where each piece of text came from
(lxml and selectolax do not).
"""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from ..prose import Comment, Extraction, Segment

SKIPPED = frozenset({"script", "style", "template", "code", "pre", "math", "iframe", "object"})
BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 td th tr table thead tbody tfoot caption section article header footer main nav aside "
    "blockquote figure figcaption dt dd dl form fieldset legend address hr title body html head details summary option "
    "label button textarea select noscript".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen".split())
META_NAMES = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
TEXT_ATTRIBUTES = ("alt", "title", "placeholder")
#: ``<input type=...>`` whose ``value`` is the label drawn on the button
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
_ATTRIBUTE = regex.compile(r"""(?<=[\s"'/])([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_NEWLINE = regex.compile("\n")
_ENTITY = regex.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def extract(text: str, editing: bool = False) -> Extraction:
    """``editing`` (see ``extract/__init__.py``) is not used: the page is parsed whole."""
    result = Extraction()
    extract_into(text, 0, len(text), result)
    return result


def extract_into(text: str, start: int, end: int, result: Extraction, attributes: bool = True) -> None:
    """Extract ``text[start:end]`` (a whole page, or an HTML block inside Markdown)
    into ``result``, with offsets into ``text``. ``attributes=False`` reads the
    visible text only: in Markdown, raw HTML attributes are not prose."""
    parser = _ProseParser(text, start, end, result, attributes)
    parser.feed(text[start:end])
    parser.close()
    parser.finish()


def add_with_entities(segment: Segment, raw: str, start: int) -> None:
    """Add source text ``raw`` read at ``start``, decoding character references as atoms."""
    position = 0
    for entity in _ENTITY.finditer(raw):
        decoded = html_lib.unescape(entity.group())
        if decoded == entity.group():
            continue
        segment.add(raw[position:entity.start()], start + position)
        segment.add(decoded, start + entity.start(), len(entity.group()))
        position = entity.end()
    segment.add(raw[position:], start + position)


class _ProseParser(HTMLParser):
    def __init__(self, text: str, base: int, end: int, result: Extraction, attributes: bool = True):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.attributes = attributes
        self.base = base
        self.result = result
        # html.parser counts only "\n" as a line break: map its positions the same way. Only
        # the lines of this block are indexed, so a page of many HTML blocks stays linear.
        self.line_starts = [base] + [m.end() for m in _NEWLINE.finditer(text, base, end)]
        # (tag, what it counts while open: "hidden", "svg", "svg-text" or "")
        self.stack: list[tuple[str, str]] = []
        self.hidden_depth = 0
        self.svg_depth = 0  # inside an <svg>, only its <text> is drawn as words
        self.svg_text_depth = 0
        self.segment = Segment()

    # positions -------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _visible(self) -> bool:
        return not self.hidden_depth and (not self.svg_depth or self.svg_text_depth > 0)

    # segments --------------------------------------------------------------
    def _flush(self) -> None:
        if self.segment.text.strip():
            self.result.segments.append(self.segment)
        self.segment = Segment()

    def finish(self) -> None:
        self._flush()

    # tags ------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, closes=tag in VOID)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, closes=True)

    def _tag(self, tag: str, attrs, closes: bool) -> None:
        attributes = dict(attrs)
        if tag in BLOCKS or (tag == "text" and self.svg_depth):
            self._flush()
        elif tag == "br" and self._visible():
            self.segment.add(" ", self._here(), 0)
            self.segment.add_break()
        if self._visible() and self.attributes:
            self._attribute_prose(tag, attributes)
        if closes:
            return
        counts = self._counts(tag, attributes)
        self.stack.append((tag, counts))
        self._count(counts, 1)

    def _counts(self, tag: str, attributes: dict) -> str:
        """What an opened element changes until it closes: it hides its content, opens
        an <svg> (whose shapes are not words) or a <text> inside one (which is), or nothing."""
        if tag in SKIPPED or "hidden" in attributes:
            return "hidden"
        if tag == "svg":
            return "svg"
        return "svg-text" if tag == "text" and self.svg_depth else ""

    def _count(self, counts: str, by: int) -> None:
        if counts == "hidden":
            self.hidden_depth += by
        elif counts == "svg":
            self.svg_depth += by
        elif counts == "svg-text":
            self.svg_text_depth += by

    def handle_endtag(self, tag):
        if tag in BLOCKS or (tag == "text" and self.svg_depth):
            self._flush()
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, counts = self.stack.pop()
            self._count(counts, -1)
            if open_tag == tag:
                break

    def _attribute_prose(self, tag: str, attributes: dict) -> None:
        wanted = [name for name in TEXT_ATTRIBUTES if attributes.get(name)]
        if tag == "meta" and (attributes.get("name") or attributes.get("property") or "").lower() in META_NAMES:
            wanted.append("content")
        if tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUTS:
            wanted.append("value")
        if not wanted:
            return
        raw_tag = self.get_starttag_text() or ""
        tag_start = self._here()
        for found in _ATTRIBUTE.finditer(raw_tag):
            if found.group(1).lower() not in wanted:
                continue
            group = next(g for g in (2, 3, 4) if found.group(g) is not None)
            segment = Segment()
            add_with_entities(segment, found.group(group), tag_start + found.start(group))
            if segment.text.strip():
                self.result.segments.append(segment)

    # text ------------------------------------------------------------------
    def handle_data(self, data):
        if data and self._visible():
            self.segment.add(data, self._here())

    def handle_entityref(self, name):
        self._reference(f"&{name}")

    def handle_charref(self, name):
        self._reference(f"&#{name}")

    def _reference(self, opening: str) -> None:
        if not self._visible():
            return
        start = self._here()
        length = len(opening) + (1 if self.text.startswith(";", start + len(opening)) else 0)
        raw = self.text[start:start + length]
        decoded = html_lib.unescape(raw if raw.endswith(";") else raw + ";")
        self.segment.add(decoded, start, length)

    def handle_comment(self, data):
        start = self._here()
        end = self.text.find("-->", start)
        end = end + 3 if end >= 0 else start + len(data) + 4
        self.result.comments.append(Comment(self.text[start:end], start, end))
