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

import bisect
from dataclasses import dataclass, field

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
    ranges = _Ranges([d for d in directives if d.action in ("disable", "enable")])
    file_level = [d for d in directives if d.action == "disable-file"]
    next_line: dict[int, list[Directive]] = {}
    this_line: dict[int, list[Directive]] = {}  # disable-line: findings that start, end or run through its line
    for directive in directives:
        if directive.action == "disable-next-line":
            next_line.setdefault(document.line_index(max(directive.end - 1, directive.start)) + 2, []).append(directive)
        elif directive.action == "disable-line":
            this_line.setdefault(document.line_index(directive.start) + 1, []).append(directive)
    kept, suppressed = [], []
    for finding in findings:
        candidates = file_level + next_line.get(finding.line, []) + ranges.covering(finding.start)
        if this_line:
            candidates += [d for line in range(finding.line, finding.end_line + 1) for d in this_line.get(line, ())]
        by = next((pair for pair in (_match(d, finding) for d in candidates) if pair), None)
        if by is None:
            kept.append(finding)
            continue
        directive, name = by
        directive.used.add(name)
        suppressed.append(finding)
    if report_unused:
        notices += [_unused(d, document) for d in directives if d.action != "enable" and not d.used]
    return Outcome(kept + notices, suppressed)


def _match(directive: Directive, finding: Finding) -> tuple[Directive, str] | None:
    if directive.action == "enable":
        return None
    if not directive.names:
        return directive, "*"
    for name in directive.names:
        if name in (finding.rule, finding.category):
            return directive, name
    return None


class _Ranges:
    """``disable`` ... ``enable`` spans: which disable directives cover an offset."""

    def __init__(self, directives: list[Directive]):
        self.starts: list[int] = []
        self.active: list[list[Directive]] = []
        state: list[Directive] = []
        for directive in sorted(directives, key=lambda d: d.start):
            if directive.action == "disable":
                state = state + [directive]
            elif not directive.names:
                state = []
            else:
                state = [_without(d, directive.names) for d in state]
                state = [d for d in state if d is not None]
            self.starts.append(directive.end)
            self.active.append(state)

    def covering(self, offset: int) -> list[Directive]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.active[i] if i >= 0 else []


def _without(directive: Directive, names: tuple[str, ...]) -> Directive | None:
    """``directive`` as it stands after ``claimlint-enable names``.

    Re-enabling some names of a blanket disable is not modelled name by name:
    the blanket disable then ends, which errs on the side of reporting.
    """
    if not directive.names:
        return None
    remaining = tuple(name for name in directive.names if name not in names)
    if not remaining:
        return None
    if remaining == directive.names:
        return directive
    narrowed = Directive(directive.action, remaining, directive.start, directive.end, directive.used)
    return narrowed


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
