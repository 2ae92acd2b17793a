"""``json``: an array of finding objects with a fixed set of keys (see ``Finding.to_json``)."""

from __future__ import annotations

import json
from typing import TextIO


class Reporter:
    def __init__(self, out: TextIO, color: bool):
        self.out = out
        self.items: list[dict] = []

    def file(self, document, findings) -> None:
        self.items.extend(finding.to_json() for finding in findings)

    def finish(self, summary) -> None:
        json.dump(self.items, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
