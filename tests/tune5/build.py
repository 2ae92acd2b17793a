"""Build ``sentences.jsonl`` from the compact source files in ``src/``.

Why a source format: each source line is ``field|kind|must|either|text`` with one-letter
category codes, which is quicker to write and review by eye than JSON; this script expands it
to the five-key JSON lines the quality bench reads, in source order.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CODES = {
    "e": "efficacy", "s": "speed", "r": "regulatory", "v": "evidence",
    "c": "comparison", "t": "testimonial", "y": "safety", "h": "hype",
}
"""One letter per sentence-level category (v for evidence, y for safety)."""


def expand(codes: str, where: str) -> list[str]:
    """Turn ``'e,v'`` into category names; an unknown code is an error naming the line."""
    names = []
    for code in filter(None, (c.strip() for c in codes.split(","))):
        if code not in CODES:
            sys.exit(f"{where}: unknown category code {code!r}; use one of {''.join(CODES)}")
        names.append(CODES[code])
    return names


def records(path: Path):
    """Yield one record per non-blank, non-comment line of a source file."""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        parts = raw.split("|", 4)
        if len(parts) != 5:
            sys.exit(f"{where}: needs field|kind|must|either|text")
        field, kind, must, either, text = parts
        yield {"text": text.strip(), "must": expand(must, where), "either": expand(either, where),
               "field": field.strip(), "kind": kind.strip()}


def main() -> None:
    """Write the set next to this script."""
    here = Path(__file__).parent
    lines = [json.dumps(r, ensure_ascii=False)
             for src in sorted((here / "src").glob("*.txt")) for r in records(src)]
    (here / "sentences.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} sentences")


if __name__ == "__main__":
    main()
