"""The reviewer's view of one page: its prose as a reader sees it, every finding's
exact characters highlighted, and beside them what a reviewer needs to decide.

The view is built from the same extraction the engine reads (``linter.extract``)
and the same findings ``check`` prints: a finding's source offsets are mapped
back into the prose segment they were read from, so a highlight covers exactly
the characters the finding covers, whatever markup, entities, emoji or CRLF
line endings stand around them. Every piece of page text passes through
``html.escape``; nothing from the page is ever written into the HTML raw.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from ..document import Document
from ..extract import extract
from ..findings import SEVERITIES, Finding, severity_rank
from ..prose import Segment
from ..rules import Ruleset

FORMAT_NAMES = {"text": "plain text", "markdown": "Markdown", "mdx": "MDX", "html": "HTML"}


class Place(NamedTuple):
    """Where a finding stands in the prose: segment ``block``, characters ``[start, end)``."""

    block: int
    start: int
    end: int


@dataclass
class PageReview:
    """One linted page, ready to show: findings in the CLI's order, where each stands
    in the prose (``places``; None for one that is not in the prose, such as a
    directive notice), and whether the page passes its ``fail_on`` threshold."""

    path: str
    fmt: str
    document: Document
    findings: list[Finding]
    ruleset: Ruleset | None
    fail_on: str = "warning"
    suppressed: int = 0
    segments: list[Segment] = field(default_factory=list)
    places: list[Place | None] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in reversed(SEVERITIES)}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    @property
    def passes(self) -> bool:
        threshold = severity_rank(self.fail_on)
        return all(severity_rank(finding.severity) < threshold for finding in self.findings)

    def worst_key(self) -> tuple:
        counts = self.counts
        return (-counts["error"], -counts["warning"], -counts["info"], self.path)


def review(document: Document, findings: list[Finding], fmt: str, ruleset: Ruleset | None = None,
           fail_on: str = "warning", suppressed: int = 0) -> PageReview:
    """The view of ``document`` with the ``findings`` the engine reported for it."""
    segments = extract(document.text, fmt).segments
    index = _RunIndex(segments)
    places = [index.place(finding.start, finding.end) for finding in findings]
    return PageReview(document.path, fmt, document, list(findings), ruleset, fail_on, suppressed, segments, places)


class _RunIndex:
    """Source offset -> (segment, prose offset), the inverse of ``Segment.to_source``."""

    def __init__(self, segments: list[Segment]):
        self.segments = segments
        entries = []
        for number, segment in enumerate(segments):
            for run in segment.runs:
                entries.append((segment.shift + run.source_start, number, run))
        entries.sort(key=lambda entry: entry[0])
        self.entries = entries
        self.starts = [entry[0] for entry in entries]

    def _candidates(self, offset: int):
        i = bisect.bisect_right(self.starts, offset)
        # a run that starts at or before ``offset``; an end may also be a run's last character
        for j in range(i - 1, max(i - 4, -1), -1):
            yield self.entries[j]

    def place(self, start: int, end: int) -> Place | None:
        for source_start, number, run in self._candidates(start):
            if not source_start <= start <= source_start + run.source_length:
                continue
            if run.text_length == run.source_length:
                prose_start = run.text_start + start - source_start
            elif start == source_start:
                prose_start = run.text_start
            else:
                continue
            segment = self.segments[number]
            if segment.to_source(prose_start) != start:
                continue
            prose_end = self._end_in(segment, prose_start, end)
            if prose_end is not None:
                return Place(number, prose_start, prose_end)
        return None

    @staticmethod
    def _end_in(segment: Segment, prose_start: int, end: int) -> int | None:
        for run in segment.runs:
            source_start = segment.shift + run.source_start
            if not source_start <= end <= source_start + run.source_length:
                continue
            if run.text_length == run.source_length:
                prose_end = run.text_start + end - source_start
            elif end == source_start + run.source_length:
                prose_end = run.text_start + run.text_length
            elif end == source_start:
                prose_end = run.text_start
            else:
                continue
            if prose_end >= prose_start and max(segment.to_source(prose_end, end=True), segment.to_source(prose_start)) == end:
                return prose_end
        return None


# -- what kind of block a segment is, read from the source around it (presentation only)

_MD_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_MD_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_MD_ITEM = re.compile(r"[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]")
_MD_QUOTE = re.compile(r"[ \t]*>")
_MD_FRONT = re.compile(r"(?:---|\+\+\+)[ \t]*\r?\n")
_HTML_BLOCK = re.compile(
    r"<(h[1-6]|p|li|td|th|title|blockquote|dt|dd|figcaption|caption|div|section|header|footer|nav|button|label|article|aside|main|summary|option)\b",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"([A-Za-z_:][-\w:.]*)\s*=\s*[\"']?$")


def block_kind(segment: Segment, source: str, fmt: str) -> tuple[str, str]:
    """(css kind, label) of a segment: ``heading``, ``item``, ``quote``, ``cell``,
    ``meta`` (title, description, alt text...) or ``para``."""
    if not segment.runs:
        return "para", ""
    start = segment.shift + segment.runs[0].source_start
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    line_end = len(source) if line_end < 0 else line_end
    line = source[line_start:line_end].rstrip("\r")
    if fmt in ("markdown", "mdx"):
        front = _MD_FRONT.match(source.lstrip("\ufeff"))
        if front:
            marker = front.group()[:3]
            close = source.find("\n" + marker, front.end() - 1)
            if close >= 0 and start < close:
                key = line.split(":", 1)[0].split("=", 1)[0].strip()
                return "meta", f"front matter: {key}" if key else "front matter"
        if _MD_HEADING.match(line):
            return "heading", ""
        following = source[line_end + 1:source.find("\n", line_end + 1) if source.find("\n", line_end + 1) >= 0 else len(source)]
        if line.strip() and _MD_SETEXT.match(following.rstrip("\r")) and not _MD_ITEM.match(line):
            return "heading", ""
        if line.lstrip().startswith("|") or (line.count("|") >= 2 and not _MD_ITEM.match(line)):
            return "cell", ""
        if _MD_ITEM.match(line):
            return "item", ""
        if _MD_QUOTE.match(line):
            return "quote", ""
        return "para", ""
    if fmt == "html":
        tag_open = source.rfind("<", 0, start)
        tag_close = source.rfind(">", 0, start)
        if tag_open > tag_close:  # inside a tag: an attribute's value
            tag = source[tag_open:start]
            name = re.match(r"<\s*([A-Za-z][\w-]*)", tag)
            attribute = _ATTRIBUTE.search(tag)
            attribute_name = attribute.group(1).lower() if attribute else "attribute"
            if name and name.group(1).lower() == "meta":
                which = re.search(r"\b(?:name|property)\s*=\s*[\"']?([^\"'\s>]+)", tag, re.IGNORECASE)
                return "meta", f"meta {which.group(1)}" if which else "meta"
            if attribute_name == "alt":
                return "meta", "image alt text"
            return "meta", f"{attribute_name} attribute"
        last = None
        for last in _HTML_BLOCK.finditer(source, 0, start):
            pass
        tag = last.group(1).lower() if last else ""
        if tag == "title":
            return "meta", "page title"
        if re.fullmatch(r"h[1-6]", tag):
            return "heading", ""
        if tag in ("li", "dt", "dd"):
            return "item", ""
        if tag in ("td", "th"):
            return "cell", ""
        if tag == "blockquote":
            return "quote", ""
        return "para", ""
    return "para", ""


_CLOSING = re.compile(r"[.!?:;,\"”’)\]]\s*$")


def _plain_heading(text: str) -> bool:
    """A plain-text line the extractor broke on that reads as a heading: short, no closing punctuation."""
    stripped = text.strip()
    return 0 < len(stripped) <= 80 and not _CLOSING.search(stripped) and not re.match(r"[-*•]|\d+[.)]", stripped)


# -- rendering


def finding_id(page_id: str, number: int) -> str:
    return f"{page_id}-f{number + 1}"


def render_page(page: PageReview, page_id: str) -> str:
    """The page's section: document findings first, then the prose with highlights,
    each block followed by the cards of the findings that stand in it."""
    ids = [finding_id(page_id, number) for number in range(len(page.findings))]
    by_block: dict[int, list[int]] = {}
    unplaced: list[int] = []
    documents: list[int] = []
    for number, (finding, place) in enumerate(zip(page.findings, page.places)):
        if finding.category == "disclosure":
            documents.append(number)
        elif place is None:
            unplaced.append(number)
        else:
            by_block.setdefault(place.block, []).append(number)
    marks_by_block: dict[int, list[int]] = {}
    for number, place in enumerate(page.places):
        if place is not None:
            marks_by_block.setdefault(place.block, []).append(number)

    counts = page.counts
    verdict = "passes" if page.passes else "fails"
    tally = ", ".join(f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in counts.items() if n) or "no findings"
    out = [
        f'<section class="page" id="{page_id}" data-page="{escape(page.path)}" data-verdict="{verdict}">',
        '<header class="page-head">',
        f'<h2><span class="path">{escape(page.path)}</span></h2>',
        f'<p class="page-meta"><span class="verdict {verdict}">{verdict.upper()}</span> '
        f'<span class="tally">{escape(tally)}</span> · read as {FORMAT_NAMES.get(page.fmt, escape(page.fmt))}'
        f' · fails on {escape(page.fail_on)} and above'
        + (f' · {page.suppressed} suppressed by directives' if page.suppressed else "")
        + "</p>",
        "</header>",
    ]
    if documents:
        out.append('<div class="must-add"><h3>This page must add</h3>')
        out += [render_card(page, number, ids[number], document=True) for number in documents]
        out.append("</div>")
    out.append('<div class="prose">')
    source = page.document.text
    for block, segment in enumerate(page.segments):
        kind, label = block_kind(segment, source, page.fmt)
        first_line = page.document.position(segment.shift + segment.runs[0].source_start).line if segment.runs else 0
        numbers = marks_by_block.get(block, [])
        if not segment.text.strip() and not numbers:
            continue
        body = _render_text(page, segment, numbers, ids)
        out.append(
            f'<div class="block {kind}" data-line="{first_line}">'
            + (f'<span class="label">{escape(label)}</span>' if label else "")
            + f'<span class="line-no" aria-hidden="true">{first_line}</span>'
            + f'<div class="text">{body}</div></div>'
        )
        cards = [render_card(page, number, ids[number]) for number in by_block.get(block, [])]
        if cards:
            out.append('<div class="cards">' + "".join(cards) + "</div>")
    out.append("</div>")
    if unplaced:
        out.append('<div class="unplaced"><h3>Not in the prose</h3>')
        out += [render_card(page, number, ids[number]) for number in unplaced]
        out.append("</div>")
    if not page.findings:
        out.append('<p class="clean">No findings on this page.</p>')
    out.append("</section>")
    return "\n".join(out)


def _render_text(page: PageReview, segment: Segment, numbers: list[int], ids: list[str]) -> str:
    """The segment's text cut at every finding boundary and at forced line breaks;
    each stretch covered by findings is one ``<mark>`` naming all of them."""
    text = segment.text
    cuts = {0, len(text)}
    for number in numbers:
        place = page.places[number]
        cuts.update((place.start, place.end))
    breaks = sorted(b for b in set(segment.breaks) if 0 < b < len(text))
    cuts.update(breaks)
    cuts = sorted(cuts)
    lines: list[list[str]] = [[]]
    line_texts: list[str] = [""]
    break_set = set(breaks)
    for low, high in zip(cuts, cuts[1:]):
        if low in break_set:
            lines.append([])
            line_texts.append("")
        piece = text[low:high]
        covering = [number for number in numbers if page.places[number].start <= low and high <= page.places[number].end
                    and page.places[number].start < page.places[number].end]
        line_texts[-1] += piece
        if not covering:
            lines[-1].append(escape(piece))
            continue
        lines[-1].append(_mark(page, covering, ids, piece))
    # zero-length findings still get a (empty) mark where they stand
    for number in numbers:
        place = page.places[number]
        if place.start == place.end:
            lines[0].append(_mark(page, [number], ids, ""))
    if len(lines) == 1:
        return "".join(lines[0])
    rendered = []
    for pieces, line_text in zip(lines, line_texts):
        css = "line heading" if page.fmt == "text" and _plain_heading(line_text) else "line"
        rendered.append(f'<span class="{css}">' + "".join(pieces) + "</span>")
    return "".join(rendered)


def _mark(page: PageReview, covering: list[int], ids: list[str], piece: str) -> str:
    findings = [page.findings[number] for number in covering]
    worst = max(findings, key=lambda finding: severity_rank(finding.severity)).severity
    classes = ["hl", f"sev-{worst}"]
    if len(findings) > 1:
        classes.append("overlap")
    if any(finding.category == "disclosure" for finding in findings):
        classes.append("doc")
    title = "; ".join(f"{finding.severity} {finding.rule}" for finding in findings)
    data = " ".join(ids[number] for number in covering)
    categories = " ".join(sorted({finding.category for finding in findings}))
    return (
        f'<mark class="{" ".join(classes)}" data-f="{data}" data-categories="{categories}" tabindex="0" role="button" '
        f'title="{escape(title)}">{escape(piece)}</mark>'
    )


def render_card(page: PageReview, number: int, card_id: str, document: bool = False) -> str:
    finding = page.findings[number]
    rule = page.ruleset.find(finding.rule) if page.ruleset is not None else None
    place = page.places[number]
    where = f"{finding.line}:{finding.column}"
    span = f"{finding.line}:{finding.column}–{finding.end_line}:{finding.end_column}"
    parts = [
        f'<details class="finding sev-{finding.severity}" id="{card_id}" data-category="{escape(finding.category)}" '
        f'data-severity="{finding.severity}" data-rule="{escape(finding.rule)}">',
        f'<summary><span class="badge sev-{finding.severity}">{finding.severity}</span> '
        f'<code class="rule">{escape(finding.rule)}</code> <span class="category">{escape(finding.category)}</span> '
        + (f'<span class="profile">[{escape(finding.profile)}]</span> ' if finding.profile else "")
        + f'<span class="message">{escape(finding.message)}</span> <span class="where">line {where}</span></summary>',
        '<div class="detail">',
    ]
    if document:
        trigger = "where the page first raises it" if place is not None else "at"
        parts.append(f'<p class="trigger">Raised by “<q>{escape(" ".join(finding.text.split()))}</q>” {trigger} (line {where}); '
                     "the statement may stand anywhere on the page, a footer included.</p>")
    parts.append(_source_excerpt(page.document, finding, span))
    if finding.suggestions:
        heading = "Add one of these" if document else "Rewrites"
        items = "".join(
            f'<li><span class="rewrite">{escape(suggestion)}</span> '
            f'<button type="button" class="copy" title="Copy this rewrite">Copy</button></li>'
            for suggestion in finding.suggestions
        )
        parts.append(f'<h4>{heading}</h4><ul class="rewrites">{items}</ul>')
    if finding.fix is not None:
        action = f"replace with “{escape(finding.fix.replacement)}”" if finding.fix.replacement else "remove the words"
        parts.append(f'<p class="fix">Automatic fix ({escape(finding.fix.applicability)}): {action}'
                     f' — <code>claimlint check --fix{" --unsafe-fixes" if finding.fix.applicability == "unsafe" else ""}</code></p>')
    if rule is not None:
        parts.append(f'<h4>Why</h4><p class="why">{escape(rule.why)}</p>')
        if rule.references:
            parts.append('<h4>Basis</h4><ul class="references">'
                         + "".join(f"<li>{escape(reference)}</li>" for reference in rule.references) + "</ul>")
    parts.append("</div></details>")
    return "".join(parts)


def _source_excerpt(document: Document, finding: Finding, span: str, context: int = 80) -> str:
    """The source line(s) of the finding with its characters underlined (long lines cut)."""
    text = document.text
    line_start = document.line_starts[finding.line - 1]
    last = finding.end_line
    line_end = document.line_starts[last] if last < len(document.line_starts) else len(text)
    before = text[line_start:finding.start]
    after = text[finding.end:line_end].rstrip("\r\n")
    if len(before) > context:
        before = "…" + before[-context:]
    if len(after) > context:
        after = after[:context] + "…"
    return (
        f'<div class="source"><span class="location">{escape(finding.path)}:{span}</span>'
        f'<pre>{escape(before)}<u>{escape(finding.text)}</u>{escape(after)}</pre></div>'
    )
