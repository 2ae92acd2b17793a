"""Inline suppressions: ``claimlint-disable`` directives in comments.

In Markdown and HTML a directive is an HTML comment; plain text has no
comments, so there a directive is a line of its own::

    <!-- claimlint-disable RULE-OR-CATEGORY ... -->   ...   <!-- claimlint-enable ... -->
    <!-- claimlint-disable-next-line RULE -- reviewed with counsel, 2026-03 -->
    <!-- claimlint-disable-file hype -->
    claimlint-disable-next-line safety.well-tolerated

No names means every rule. Text after ``--`` is a reason, kept for the
reader. A directive naming an unknown rule is itself reported (a typo must not
silently switch nothing off), and ``--report-unused-directives`` reports
directives that suppressed nothing, like ruff's unused ``noqa``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from .document import Document
from .findings import Finding
from .prose import Comment

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_OPENER = r"(?:<!--|\{?/\*|#+|//)?"
_DIRECTIVE = regex.compile(
    rf"^\s*{_OPENER}\s*claimlint-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*?)(?:-->|\*/\}}?)?\s*$", regex.DOTALL)
#: Anything written as a directive: a misspelt action is reported, never silently ignored.
_LOOKS_LIKE_DIRECTIVE = regex.compile(rf"^\s*{_OPENER}\s*claimlint-([a-z][\w-]*)")
#: Comment syntax of other formats, written around a plain-text directive line.
_FOREIGN_OPENER = regex.compile(r"^\s*(<!--|/\*|#+|//)")
UNKNOWN_RULE = "claimlint.unknown-directive"
UNUSED = "claimlint.unused-directive"
FORM = "claimlint.directive-form"


@dataclass
class Directive:
    action: str
    names: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    used: set = field(default_factory=set)  # names (or "*") that suppressed something

    @property
    def label(self) -> str:
        return f"claimlint-{self.action}" + (" " + " ".join(self.names) if self.names else "")


@dataclass
class Outcome:
    """Findings that stand (with any notices about the directives themselves), and
    those a directive suppressed."""

    findings: list[Finding]
    suppressed: list[Finding]


def parse(comment: Comment) -> Directive | None:
    found = _DIRECTIVE.match(comment.text)
    if not found:
        return None
    body = found.group(2).split("--", 1)[0]
    names = tuple(name for name in regex.split(r"[\s,]+", body.strip()) if name)
    return Directive(found.group(1), names, comment.start, comment.end)


def apply(
    findings: list[Finding],
    comments: list[Comment],
    document: Document,
    known: set[str],
    report_unused: bool = False,
) -> Outcome:
    directives = [d for d in (parse(comment) for comment in comments) if d is not None]
    form_notices = _form_notices(comments, document)
    if not directives:
        return Outcome(findings + form_notices, [])
    notices = form_notices + _unknown_names(directives, document, known)
    file_level = _Earliest([d for d in directives if d.action == "disable-file"])
    next_line: dict[int, list[Directive]] = {}
    this_line: dict[int, list[Directive]] = {}  # disable-line: findings that start, end or run through its line
    for directive in directives:
        if directive.action == "disable-next-line":
            next_line.setdefault(document.line_index(max(directive.end - 1, directive.start)) + 2, []).append(directive)
        elif directive.action == "disable-line":
            this_line.setdefault(document.line_index(directive.start) + 1, []).append(directive)
    by_next_line = {line: _Earliest(found) for line, found in next_line.items()}
    by_this_line = {line: _Earliest(found) for line, found in this_line.items()}
    in_range = _Ranges([d for d in directives if d.action in ("disable", "enable")]).sweep(findings)
    kept, suppressed = [], []
    for finding, ranged in zip(findings, in_range):
        # The order a finding is credited in: the file, the line before, a range, its own lines.
        choices = [file_level.first(finding), _first(by_next_line.get(finding.line), finding), ranged]
        if by_this_line:
            lines = range(finding.line, finding.end_line + 1)
            choices += [_first(by_this_line.get(line), finding) for line in lines]
        by = next((choice for choice in choices if choice), None)
        if by is None:
            kept.append(finding)
            continue
        directive, name = by
        directive.used.add(name)
        suppressed.append(finding)
    if report_unused:
        notices += [_unused(d, document) for d in directives if d.action != "enable" and not d.used]
    return Outcome(kept + notices, suppressed)


#: The directive that suppresses a finding, and the name it does it by ("*": it names none).
Credit = Optional[Tuple[Directive, str]]


class _Earliest:
    """Of some directives in the order written, the first that suppresses a finding: it names
    the finding's rule or category, or names nothing. Looked up by name, never by scanning
    the directives, so a page of 50,000 directives costs the same per finding as one of five."""

    def __init__(self, directives: list[Directive]):
        self.by_name: dict[str, tuple[int, Directive, str]] = {}
        for order, directive in enumerate(directives):
            for name in directive.names or ("*",):
                self.by_name.setdefault(name, (order, directive, name))

    def first(self, finding: Finding) -> Credit:
        found = [self.by_name.get(key) for key in ("*", finding.rule, finding.category)]
        earliest = min((item for item in found if item), key=lambda item: item[0], default=None)
        return earliest[1:] if earliest else None


def _first(earliest: _Earliest | None, finding: Finding) -> Credit:
    return earliest.first(finding) if earliest else None


class _Ranges:
    """``disable`` ... ``enable`` spans: which disable directive, in force at a finding's start,
    suppresses it (the first written that names its rule or category, or names nothing).

    Those in force are kept as one queue per name, in the order written: a disable joins the
    queues of its names ("*" when it names none); an enable of some names empties their
    queues and that of "*"; an enable of everything empties all. The first in force for a
    finding is the earliest of three queues' heads. The findings are swept in order of their
    start, each directive applied once, so the cost is linear in directives and findings
    (copying the list of those in force at every directive and scanning it for every finding,
    as before, was quadratic: 50,000 directives took minutes).
    """

    def __init__(self, directives: list[Directive]):
        self.directives = sorted(directives, key=lambda d: d.start)

    def sweep(self, findings: list[Finding]) -> list[Credit]:
        """The credit of each finding, in the order given."""
        credits: list[Credit] = [None] * len(findings)
        queues: dict[str, list[tuple[int, Directive]]] = {}
        applied = 0
        for index in sorted(range(len(findings)), key=lambda i: findings[i].start):
            finding = findings[index]
            # A directive is in force from its end on (the comment itself is not covered).
            while applied < len(self.directives) and self.directives[applied].end <= finding.start:
                queues = _applied(self.directives[applied], applied, queues)
                applied += 1
            keys = ("*", finding.rule, finding.category)
            heads = [(queues[key][0], key) for key in keys if queues.get(key)]
            if heads:
                (_, directive), key = min(heads, key=lambda head: head[0][0])
                credits[index] = (directive, key)
        return credits


def _applied(directive: Directive, order: int, queues: dict) -> dict:
    """The queues after ``directive`` (see ``_Ranges``): emptied queues are dropped, not scanned.

    Re-enabling some names of a blanket disable is not modelled name by name: the blanket
    disable then ends, which errs on the side of reporting.
    """
    if directive.action == "disable":
        for name in dict.fromkeys(directive.names or ("*",)):
            queues.setdefault(name, []).append((order, directive))
        return queues
    if not directive.names:
        return {}
    for name in ("*", *directive.names):
        queues.pop(name, None)
    return queues


def _notice(rule: str, message: str, directive: Directive, document: Document) -> Finding:
    first, last = document.position(directive.start), document.position(directive.end)
    return Finding(
        path=document.path,
        rule=rule,
        category="directive",
        severity="warning",
        message=message,
        start=directive.start,
        end=directive.end,
        line=first.line,
        column=first.column,
        end_line=last.line,
        end_column=last.column,
        text=document.text[directive.start:directive.end],
        suggestions=(),
    )


def _unknown_names(directives: list[Directive], document: Document, known: set[str]) -> list[Finding]:
    notices = []
    for directive in directives:
        for name in directive.names:
            if name in known:
                continue
            import difflib  # only when a name is wrong

            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (see 'claimlint rules')"
            notices.append(_notice(UNKNOWN_RULE, f"{directive.label}: unknown rule or category '{name}'{hint}", directive, document))
    return notices


def _form_notices(comments: list[Comment], document: Document) -> list[Finding]:
    """Directives written wrongly: an action claimlint does not know (a typo would
    otherwise switch nothing off, silently), or, in plain text, another format's comment
    syntax around the line (it is obeyed, and the plain form is suggested)."""
    notices = []
    for comment in comments:
        looks = _LOOKS_LIKE_DIRECTIVE.match(comment.text)
        if looks is None:
            continue
        where = Directive("", (), comment.start, comment.end)
        directive = parse(comment)
        if directive is None:
            import difflib  # only when a name is wrong

            written = "claimlint-" + looks.group(1)
            close = difflib.get_close_matches(written, [f"claimlint-{action}" for action in ACTIONS], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join('claimlint-' + a for a in ACTIONS)})"
            notices.append(_notice(UNKNOWN_RULE, f"unknown directive '{written}'{hint}: it suppresses nothing", where, document))
        elif comment.form == "line" and _FOREIGN_OPENER.match(comment.text):
            opener = _FOREIGN_OPENER.match(comment.text).group(1)
            notices.append(_notice(FORM, f"plain text has no comments: write the directive on a line of its own "
                                         f"without '{opener}', as '{directive.label}'", where, document))
    return notices


def _unused(directive: Directive, document: Document) -> Finding:
    return _notice(UNUSED, f"unused directive: {directive.label} suppressed nothing", directive, document)
