"""Check the format of a labelled sentence set and report its counts.

Run as ``python3 tests/tuneset/check.py [SET] [--against OTHER ...]``. SET defaults to the
``sentences.jsonl`` next to this file. Each OTHER is another set whose texts must not appear
in SET, so that a sentence tuned on here is never also scored somewhere else.

Why a script and not a test: the set is data for tuning, not a behaviour of claimlint, and the
other sets it is compared with may not live in this repository.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Iterable, NamedTuple

CATEGORIES = frozenset({
    "safety", "hype", "efficacy", "speed", "regulatory", "evidence", "comparison", "testimonial",
})
"""The sentence-level categories; ``disclosure`` is page-level and never labels a sentence."""

FIELDS = ("text", "must", "either", "field", "kind")


class Problem(NamedTuple):
    """One thing wrong with one line, with the line number a person can jump to."""

    line: int
    message: str


def line_problems(number: int, raw: str) -> tuple[dict | None, list[Problem]]:
    """Parse one line; return the record (or None) and what is wrong with it."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [Problem(number, f"not valid JSON ({exc.msg}); fix or remove the line")]
    if not isinstance(record, dict) or sorted(record) != sorted(FIELDS):
        return None, [Problem(number, f"needs exactly the keys {', '.join(FIELDS)}")]
    problems = []
    for key in ("text", "field", "kind"):
        if not isinstance(record[key], str) or not record[key].strip():
            problems.append(Problem(number, f"'{key}' must be a non-empty string"))
    for key in ("must", "either"):
        value = record[key]
        if not isinstance(value, list) or len(set(map(str, value))) != len(value):
            problems.append(Problem(number, f"'{key}' must be a list without repeats"))
            continue
        unknown = sorted(set(value) - CATEGORIES)
        if unknown:
            problems.append(Problem(number, f"'{key}' has unknown categories {unknown}"))
    if isinstance(record["must"], list) and isinstance(record["either"], list):
        both = sorted(set(record["must"]) & set(record["either"]))
        if both:
            problems.append(Problem(number, f"{both} is in both 'must' and 'either'"))
    return record, problems


def read_set(path: Path) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Read a JSON-lines set; blank lines are an error so line numbers stay meaningful."""
    records, problems = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            problems.append(Problem(number, "blank line; remove it"))
            continue
        record, found = line_problems(number, raw)
        problems.extend(found)
        if record is not None:
            records.append((number, record))
    return records, problems


def duplicate_problems(records: Iterable[tuple[int, dict]]) -> list[Problem]:
    """Report every text that repeats an earlier one, naming the earlier line."""
    first: dict[str, int] = {}
    problems = []
    for number, record in records:
        text = record.get("text")
        if text in first:
            problems.append(Problem(number, f"same text as line {first[text]}"))
        else:
            first.setdefault(text, number)
    return problems


def overlap_problems(records: Iterable[tuple[int, dict]], other: set[str], name: str
                     ) -> list[Problem]:
    """Report texts that also appear in another set."""
    return [Problem(number, f"text also appears in {name}; rewrite it")
            for number, record in records if record.get("text") in other]


def summary(records: list[dict]) -> str:
    """Counts a reader of the README wants: size, flagged share, categories, fields."""
    flagged = sum(1 for r in records if r["must"])
    either_only = sum(1 for r in records if not r["must"] and r["either"])
    must = collections.Counter(c for r in records for c in r["must"])
    either = collections.Counter(c for r in records for c in r["either"])
    fields = collections.Counter(r["field"] for r in records)
    rows = [f"{len(records)} sentences, {len(fields)} fields; {flagged} with a 'must' label, "
            f"{either_only} with only 'either' labels, "
            f"{len(records) - flagged - either_only} with none"]
    rows += [f"  {c:<12} must {must[c]:>4}  either {either[c]:>4}" for c in sorted(CATEGORIES)]
    rows += [f"  field {f:<20} {n:>3}" for f, n in sorted(fields.items())]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when the set is well formed, 1 with one message per problem otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", nargs="?", type=Path,
                        default=Path(__file__).with_name("sentences.jsonl"))
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another set whose texts must not appear in SET")
    args = parser.parse_args(argv)
    for path in [args.set, *args.against]:
        if not path.is_file():
            print(f"{path}: no such file; give the path of a JSON-lines set", file=sys.stderr)
            return 1
    records, problems = read_set(args.set)
    problems += duplicate_problems(records)
    for other_path in args.against:
        other_records, other_problems = read_set(other_path)
        if other_problems:
            print(f"{other_path}: not a well-formed set ({len(other_problems)} problems)",
                  file=sys.stderr)
            return 1
        texts = {r["text"] for _, r in other_records}
        problems += overlap_problems(records, texts, other_path.name)
    for problem in sorted(problems):
        print(f"{args.set}:{problem.line}: {problem.message}", file=sys.stderr)
    if problems:
        return 1
    print(summary([r for _, r in records]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
