"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other CI dashboards.

Paths are relative to ``%SRCROOT%`` (the folder claimlint runs in), columns
are UTF-16 code units (``columnKind`` says so, as the specification requires
when there are results), every rule of the run is described with its help
text, and ``partialFingerprints`` stay stable when lines move, so a finding
that was dismissed stays dismissed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, TextIO

from .. import __version__
from ..document import Document
from ..findings import Finding
from ..fixer import polish

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Set by the command line (``--docs-url``): rule help links are BASE + rule id.
DOCS_URL: str | None = None


class Reporter:
    def __init__(self, out: TextIO, color: bool):
        self.out = out
        self.results: list[dict] = []
        self.rules: dict[str, dict] = {}
        self.root = Path.cwd()

    def file(self, document: Document, findings: list[Finding]) -> None:
        uri = _relative_uri(document.path, self.root)
        seen: dict[tuple[str, str], int] = {}
        hashes: dict[tuple[str, int], str] = {}  # a line is hashed once per rule, however many findings it holds
        for finding in findings:
            self._rule(finding)
            key = (finding.rule, finding.line)
            if key not in hashes:
                hashes[key] = _line_hash(finding.rule, document.line_text(finding.line))
            line_hash = hashes[key]
            seen[(finding.rule, line_hash)] = seen.get((finding.rule, line_hash), 0) + 1
            result = {
                "ruleId": finding.rule,
                "ruleIndex": list(self.rules).index(finding.rule),
                "level": LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "region": _region(document, finding.start, finding.end)}}],
                "partialFingerprints": {"primaryLocationLineHash": f"{line_hash}:{seen[(finding.rule, line_hash)]}"},
            }
            if finding.profile:  # only under several profiles: which jurisdictions raised it
                result["properties"] = {"profile": finding.profile}
            if finding.fix is not None:
                edit = polish(document.text, finding)
                result["fixes"] = [
                    {
                        "description": {"text": f"Replace with “{edit.replacement}” ({finding.fix.applicability} fix)"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                "replacements": [{"deletedRegion": _region(document, edit.start, edit.end, snippet=False), "insertedContent": {"text": edit.replacement}}],
                            }
                        ],
                    }
                ]
            self.results.append(result)

    def _rule(self, finding: Finding) -> None:
        if finding.rule in self.rules:
            return
        rule = _find_rule(finding.rule)
        if rule is None:
            self.rules[finding.rule] = {
                "id": finding.rule,
                "shortDescription": {"text": finding.message.split(":")[0][:1000]},
                "fullDescription": {"text": "A notice about a claimlint directive in the file."},
                "help": {"text": "See the claimlint README, section Inline suppressions."},
                "defaultConfiguration": {"level": LEVELS[finding.severity]},
                "properties": {"category": finding.category},
            }
            return
        from ..cli import explanation

        described = {
            "id": rule.id,
            "name": rule.id.split(".", 1)[1],
            "shortDescription": {"text": rule.description[:1000]},
            "fullDescription": {"text": rule.why.replace("\\\n", "")[:1000]},
            "help": {"text": explanation(rule), "markdown": explanation(rule)},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"category": rule.category, "tags": ["health-claims", rule.category]},
        }
        if DOCS_URL:
            described["helpUri"] = DOCS_URL + rule.id
        self.rules[rule.id] = described

    def finish(self, summary) -> None:
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "claimlint", "version": __version__, "semanticVersion": __version__, "rules": list(self.rules.values())}},
                    "columnKind": "utf16CodeUnits",
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": self.root.as_uri() + "/"}},
                    "results": self.results,
                }
            ],
        }
        json.dump(log, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


#: The rule packs in use (the command line sets it), so that rules of extra packs
#: are described too; the bundled pack otherwise.
RULESETS: Callable[[], list] = list


def _find_rule(rule_id: str):
    """A rule's documentation; notices about directives have none."""
    from ..api import default_rules

    for ruleset in [*RULESETS(), default_rules()]:
        rule = ruleset.find(rule_id)
        if rule is not None:
            return rule
    return None


def _region(document: Document, start: int, end: int, snippet: bool = True) -> dict:
    first, last = document.position(start), document.position(end)
    region = {
        "startLine": first.line,
        "startColumn": document.column_in(start, "utf-16") + 1,
        "endLine": last.line,
        "endColumn": document.column_in(end, "utf-16") + 1,
    }
    if snippet:
        region["snippet"] = {"text": document.text[start:end]}
    return region


def _relative_uri(path: str, root: Path) -> str:
    if path == "-":
        return "stdin"
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(absolute, root).replace(os.sep, "/")


def _line_hash(rule: str, line: str) -> str:
    """Stable across moves: the rule and the line's words, not its number or spacing."""
    return hashlib.sha256(f"{rule}\0{' '.join(line.split())}".encode("utf-8")).hexdigest()[:16]
