"""``--statistics``: how many findings each rule produced, and how many inline
directives suppressed, instead of the findings themselves (as ruff does)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from . import plural


class Reporter:
    quiet = False  # --quiet: the counts only, no total line

    def __init__(self, out: TextIO, color: bool):
        self.out = out
        self.json = False
        self.counts: Counter = Counter()
        self.categories: dict[str, str] = {}

    def file(self, document, findings) -> None:
        for finding in findings:
            self.counts[finding.rule] += 1
            self.categories[finding.rule] = finding.category

    def finish(self, summary) -> None:
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        if self.json:
            data = {
                "files": summary.files,
                "findings": summary.findings,
                "suppressed": summary.suppressed,
                "rules": [{"rule": rule, "category": self.categories[rule], "count": count} for rule, count in rows],
            }
            json.dump(data, self.out, indent=2)
            self.out.write("\n")
            return
        width = max((len(rule) for rule in self.counts), default=4)
        for rule, count in rows:
            self.out.write(f"{count:>6}  {rule:<{width}}  {self.categories[rule]}\n")
        if self.quiet:
            return
        totals = f"{plural(summary.findings, 'finding')} in {plural(summary.files, 'file')}"
        self.out.write(f"{totals}; {summary.suppressed} suppressed by directives.\n")
