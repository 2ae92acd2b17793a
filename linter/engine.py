"""Rule matching: a document in, its findings out, positions computed from offsets.

Stages, in order: extraction (prose segments and comments) -> sentences ->
every selected rule's hits -> findings (with any severity override) ->
inline suppressions -> one finding per claim (de-duplication) -> sorted.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Collection, Mapping

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from . import budget
from .budget import Budget, spending, timeout
from .document import Document
from .extract import extract, format_for
from .findings import Finding, Fix, severity_rank, weaker
from .normalise import NOTE, hides
from .rules import CATEGORIES, Hit, Rule, Ruleset
from .selection import Selection
from .sentences import Page, SegmentMemo, build_page

_ALL = Selection()


@dataclass
class Report:
    """The findings of one document, how many inline directives suppressed, and
    the rules that ran out of their time budget on it (see ``budget.py``): their ids
    in ``timed_out``, and in ``errors`` a message naming each and the file, in the same order."""

    findings: list[Finding]
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)
    timed_out: list[str] = field(default_factory=list)


class _RuleTime:
    """Each rule's budget on one document, and the rules that spent theirs, with why.

    A rule's matching and its fixes' ``when`` draw on the same budget: a rule that
    spent it matching is not run on; one that spends it choosing a fix keeps its
    findings, offered without a fix."""

    def __init__(self, document: Document):
        self.document = document
        self.budgets: dict[str, Budget] = {}
        self.errors: list[str] = []
        self.timed_out: list[str] = []

    def of(self, rule: Rule) -> Budget:
        if rule.id not in self.budgets:
            given = allowance(rule)
            self.budgets[rule.id] = Budget(given.seconds(len(self.document.text)), given.per_call)
        return self.budgets[rule.id]

    def spent(self, rule: Rule, doing: str) -> None:
        if rule.id in self.timed_out:
            return
        self.timed_out.append(rule.id)
        self.errors.append(
            f"{self.document.path}: rule '{rule.id}' ({rule.source}:{rule.line}) ran out of its time budget "
            f"({self.of(rule).seconds:.1f} s for this file) {doing}, and was stopped there: simplify its "
            "patterns (nested quantifiers such as (a+)+ take exponential time)"
        )


def allowance(rule: Rule) -> budget.Allowance:
    """The bundled pack's vetted rules get the generous budget, every other pack the strict one."""
    return budget.VETTED if rule.source == _bundled_pack() else budget.USER


@functools.lru_cache(maxsize=1)
def _bundled_pack() -> str:
    from .loader import default_pack_path

    return str(default_pack_path())


def check_document(
    document: Document,
    ruleset: Ruleset,
    selection: Selection = _ALL,
    fmt: str | None = None,
    severity: Mapping[str, str] | None = None,
    shared_text: str = "",
    report_unused_directives: bool = False,
    memo: SegmentMemo | None = None,
    skip: Collection[str] = (),
) -> Report:
    """Lint ``document``. ``severity`` overrides a rule's severity by rule id or
    category; ``shared_text`` is prose the page carries elsewhere (a footer
    include) that document rules may find their statement in; ``memo`` is kept
    by a caller that lints the same document again and again (the editor), so
    unchanged paragraphs are not matched again; ``skip`` names rules not to run (a
    batch skips those that ran out of time on an earlier file)."""
    fmt = fmt or format_for(document.path)
    extraction = extract(document.text, fmt, editing=memo is not None)
    page = build_page(extraction.segments, shared_text)
    page.scanner = ruleset.scanner
    if memo is not None:
        memo.start_lint()
        page.memo = memo
    placed: list[tuple] = []  # see ``_place``
    times = _RuleTime(document)
    for order, rule in enumerate(ruleset.rules):
        if not selection.allows(rule) or rule.id in skip:
            continue
        chosen = _severity(rule, severity)
        try:
            with spending(times.of(rule)):
                hits = list(rule.matcher.hits(page))
        except TimeoutError:
            times.spent(rule, "matching")
            continue
        placed += [_place(page, order, rule, hit, chosen, ruleset.products) for hit in hits]
    if not extraction.comments:
        # No directive can apply (the common case): only the hits that stand are made findings.
        kept = [_finding_again(document, page, payload, fmt, memo, times) for payload in deduplicate(placed)]
        return Report(sorted(kept, key=Finding.sort_key), 0, times.errors, times.timed_out)
    from . import suppression

    made = [(*item[:-1], _finding(document, page, *item[-1], fmt, times)) for item in placed]
    known = {rule.id for rule in ruleset.rules} | set(CATEGORIES)
    outcome = suppression.apply([item[-1] for item in made], extraction.comments, document, known, report_unused_directives)
    standing = {id(f) for f in outcome.findings}
    notices = [f for f in outcome.findings if f.category == "directive"]
    kept = deduplicate([item for item in made if id(item[-1]) in standing]) + notices
    silenced = {id(f) for f in outcome.suppressed}
    suppressed = len(deduplicate([item for item in made if id(item[-1]) in silenced]))  # claims, not raw hits
    return Report(sorted(kept, key=Finding.sort_key), suppressed, times.errors, times.timed_out)


def _severity(rule: Rule, overrides: Mapping[str, str] | None) -> str:
    if overrides:
        return overrides.get(rule.id) or overrides.get(rule.category) or rule.severity
    return rule.severity


def _fix(
    rule: Rule, segment, hit: Hit, source: str, fmt: str, times: _RuleTime | None = None
) -> Fix | None:
    """The first of the rule's rewrites whose ``when`` holds here -- offered only when
    the span is plain prose in the source, so applying it cannot break markup. The
    ``when`` patterns draw on the rule's budget: none is offered once it is spent."""
    if not rule.fixes:
        return None
    if times is None or not any(option.when for option in rule.fixes):
        return _first_fix(rule, segment, hit, source, fmt)
    try:
        with spending(times.of(rule)):
            return _first_fix(rule, segment, hit, source, fmt)
    except TimeoutError:
        times.spent(rule, "testing its fixes' 'when'")
        return None


def _first_fix(rule: Rule, segment, hit: Hit, source: str, fmt: str) -> Fix | None:
    """``_fix``'s choice, its ``when`` patterns charged to whichever budget is current."""
    for option in rule.fixes:
        if option.when and not any(pattern.match(segment.text, hit.start, timeout=timeout())
                                   for pattern in option.when):
            continue
        if not segment.is_verbatim(hit.start, hit.end, source):
            return None
        matched = segment.text[hit.start:hit.end]
        replacement = regex.sub(
            r"\{(match|\d)\}",
            lambda m: matched if m.group(1) == "match" else (hit.groups[int(m.group(1)) - 1] or "") if 0 < int(m.group(1)) <= len(hit.groups) else "",
            option.replacement,
        )
        if not replacement:
            # Removing a word must not leave empty markup ("*revolutionary*" -> "**"):
            # the characters on either side must be plain prose too.
            around = (max(hit.start - 1, 0), min(hit.end + 1, len(segment.text)))
            if not segment.is_verbatim(around[0], around[1], source):
                return None
        if fmt == "html":
            from html import escape  # html.entities is large: loaded only for HTML fixes

            replacement = escape(replacement, quote=False)
        return Fix(replacement, option.applicability)
    return None


def _place(page: Page, order: int, rule: Rule, hit: Hit, severity: str, products) -> tuple:
    """What de-duplication needs of a hit, ending with what makes it a finding:
    (rule order, prose length, severity, category, source start, source end,
    (rule, hit, severity, start, end, products))."""
    segment = page.segments[hit.segment]
    start = segment.to_source(hit.start)
    end = max(segment.to_source(hit.end, end=True), start)
    severity = weaker(severity) if hit.weakened else severity
    return (order, hit.end - hit.start, severity, rule.category, start, end, (rule, hit, severity, start, end, products))


def _finding_again(
    document: Document, page: Page, payload: tuple, fmt: str, memo: SegmentMemo | None, times: _RuleTime
) -> Finding:
    """``_finding``, or in the editor the equal finding the last lint made: one is made of
    its rule and severity, where it is, the paragraph's text and the source around it."""
    if memo is None:
        return _finding(document, page, *payload, fmt, times)
    rule, hit, severity, start, end, products = payload
    about = _about(page, products, hit)
    first, last = document.position(start), document.position(end)
    place = (start, end, first.line, first.column, last.line, last.column)
    prose = (page.segments[hit.segment].text, hit.start, hit.end, hit.groups)
    # the product may be named in another paragraph: what fills the slots is part of the key
    key = (rule.id, severity, fmt, place, prose, document.text[max(start - 1, 0):end + 1], about)
    return memo.keep_finding(key, lambda: _finding(document, page, *payload, fmt, times, about))


def _about(page: Page, finder, hit: Hit):
    """The product, its kind and the condition of ``hit``'s sentence (see ``product.py``),
    once per sentence; each paragraph's products and each sentence's condition are kept in
    the editor's memo with its hits, and earlier paragraphs are read only when needed."""
    from . import product

    sentences = page.sentences(hit.segment)
    starts = page.cached(("sentence-starts", hit.segment), lambda: [sentence.start for sentence in sentences])
    at = bisect.bisect_right(starts, hit.start) - 1
    bounds = (sentences[at].start, max(sentences[at].end, hit.end)) if at >= 0 else (hit.start, hit.end)
    slots = page.memo_slots()

    def kept(index: int, key: tuple, compute):
        if slots is None:
            return page.cached(key + (index,), compute)
        found = slots[index].get(key)
        if found is None:
            found = slots[index][key] = compute()
        return found

    def mentions_of(index: int) -> list:
        return kept(index, ("product-mentions", id(finder)), lambda: finder.mentions(page.segments[index].text, index))

    def earlier() -> object:
        """The first product of the nearest paragraph before this one that names any; each
        paragraph's answer is kept, so a page without products is walked once, not per finding."""
        nearest = page.cached(("nearest-product", id(finder)), dict)
        walked, found, index = [], None, hit.segment - 1
        while index >= 0 and index not in nearest:
            own = mentions_of(index)
            if own:
                found = own[0]
                break
            walked.append(index)
            index -= 1
        else:
            found = nearest.get(index) if index >= 0 else None
        for step in walked:
            nearest[step] = found
        return found

    def commonest() -> object:
        return page.cached(("commonest-product", id(finder)), lambda: product.commonest(
            [m for index in range(len(page.segments)) for m in mentions_of(index)]))

    def condition() -> str:
        text = page.segments[hit.segment].text[bounds[0]:bounds[1]]
        return kept(hit.segment, ("condition", id(finder), bounds), lambda: finder.condition_in(text))

    return page.cached(("about", hit.segment, bounds), lambda: product.about(
        finder, mentions_of(hit.segment), earlier, commonest, bounds, page.segments[hit.segment].text, condition()))


def _finding(
    document: Document, page: Page, rule: Rule, hit: Hit, severity: str, start: int, end: int, products,
    fmt: str, times: _RuleTime | None = None, about=None,
) -> Finding:
    """``severity``: the rule's, after configuration and any weakening; ``start``, ``end``: in the
    source; ``products``: the ruleset's ``ProductFinder``, which finds what fills the message's
    and the rewrites' slots (``about``, when the caller has it already)."""
    from . import templates

    about = about or _about(page, products, hit)
    segment = page.segments[hit.segment]
    first, last = document.position(start), document.position(end)
    matched = " ".join(segment.text[hit.start:hit.end].split())
    return Finding(
        path=document.path,
        rule=rule.id,
        category=rule.category,
        severity=severity,
        message=templates.message(rule.message, rule.message_for, about, matched)
        + (f" {hit.detail}" if hit.detail else "")
        + (NOTE if segment.hidden and hides(segment, hit.start, hit.end) else ""),
        start=start,
        end=end,
        line=first.line,
        column=first.column,
        end_line=last.line,
        end_column=last.column,
        text=document.text[start:end],
        suggestions=templates.suggestions(rule.suggestions, rule.suggestions_for, about, matched),
        fix=_fix(rule, segment, hit, document.text, fmt, times),
    )


def deduplicate(placed: list[tuple]) -> list:
    """One finding per claim: within a category, overlapping findings collapse into
    the most severe, then the longest (in prose, not markup), then the one whose
    rule comes first. ``placed``: (rule order, prose length, severity, category,
    source start, source end, payload); the payloads of those kept are returned.

    "safe and well-tolerated" is one safety claim even though two safety rules
    match it; a hype word inside a safety claim is still a second concern.
    Kept spans of a category never overlap, so each candidate is checked
    against its neighbours in a sorted list only.
    """
    ranked = sorted(placed, key=lambda item: (-severity_rank(item[2]), -item[1], item[0]))
    kept: dict[str, list[tuple[int, int]]] = {}
    result = []
    for _, _, _, category, start, end, payload in ranked:
        spans = kept.setdefault(category, [])
        i = bisect.bisect_left(spans, (start, end))
        overlaps_before = i > 0 and spans[i - 1][1] > start
        overlaps_after = i < len(spans) and spans[i][0] < end
        if overlaps_before or overlaps_after:
            continue
        spans.insert(i, (start, end))
        result.append(payload)
    return result
