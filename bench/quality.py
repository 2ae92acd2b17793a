"""Precision and recall of the default rule pack, per line and category.

    python bench/quality.py              # the table
    python bench/quality.py --show       # plus every disagreement, to study
    python bench/quality.py DIR          # another labelled corpus
    python bench/quality.py FILE.jsonl   # labelled sentences (default split: dev)
    python bench/quality.py FILE.jsonl --split blind --fields

A sentence set is JSON lines with ``text``, ``must``, ``either`` and ``field``
(``../shared/corpus/README.md``): ``must`` categories are expected, ``either``
ones neither rewarded nor penalised, and ``disclosure`` (page-level) is not
scored. ``--split`` takes the development part (two thirds), the blind part
(the third whose SHA-1 of the text is divisible by 3, which no rule is to be
tuned on) or all of it.

A corpus is a folder of ``.txt`` documents whose lines end with the categories
a reviewer expects on them, in double brackets (``⟦safety hype⟧``); see
``tests/corpus/README.md``. A (line, category) pair counts once however many
findings of that category the line has.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import lint_text  # noqa: E402
from linter.rules import CATEGORIES  # noqa: E402

MARKER = regex.compile(r"[ \t]*⟦([^⟧]*)⟧[ \t]*$", regex.MULTILINE)
DEFAULT_CORPUS = ROOT / "tests" / "corpus"


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {category: Score() for category in CATEGORIES})
    disagreements: list[str] = field(default_factory=list)
    documents: int = 0

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.true_positive += score.true_positive
            total.false_positive += score.false_positive
            total.false_negative += score.false_negative
        return total


def parse(text: str) -> tuple[str, dict[int, set[str]]]:
    """The document without its markers (line numbers unchanged) and the expected labels."""
    expected: dict[int, set[str]] = {}
    for match in MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        labels = set(match.group(1).split())
        unknown = labels - set(CATEGORIES)
        if unknown:
            raise ValueError(f"line {line}: unknown categories {sorted(unknown)}")
        expected[line] = labels
    return MARKER.sub("", text), expected


def evaluate(corpus: Path = DEFAULT_CORPUS, pattern: str = "*.txt") -> Evaluation:
    evaluation = Evaluation()
    for path in sorted(corpus.glob(pattern)):
        text, expected = parse(path.read_text(encoding="utf-8"))
        evaluation.documents += 1
        predicted: dict[int, set[str]] = {}
        for finding in lint_text(text, path=path.name):
            predicted.setdefault(finding.line, set()).add(finding.category)
        lines = text.split("\n")
        for line in sorted(set(expected) | set(predicted)):
            want, got = expected.get(line, set()), predicted.get(line, set())
            for category in want & got:
                evaluation.scores[category].true_positive += 1
            for category in got - want:
                evaluation.scores[category].false_positive += 1
                evaluation.disagreements.append(f"FP {category:<11} {path.name}:{line}: {lines[line - 1].strip()}")
            for category in want - got:
                evaluation.scores[category].false_negative += 1
                evaluation.disagreements.append(f"FN {category:<11} {path.name}:{line}: {lines[line - 1].strip()}")
    return evaluation


def is_blind(text: str) -> bool:
    """The blind third of a sentence set, chosen by the text alone so it never moves."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 3 == 0


def read_sentences(path: Path, split: str) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "all":
        return rows
    return [row for row in rows if is_blind(row["text"]) == (split == "blind")]


#: What a sentence set's rows are grouped by: the clinic's field and the kind of copy (ad, FAQ...).
GROUPS = ("field", "kind")


def evaluate_sentences(rows: list[dict]) -> tuple[Evaluation, dict[str, dict[str, Score]]]:
    """Each sentence linted on its own as plain text; scores overall and per value of
    each of ``GROUPS`` (``by["kind"]["ad"]``), from one lint of each sentence."""
    evaluation = Evaluation()
    by: dict[str, dict[str, Score]] = {group: {} for group in GROUPS}
    for row in rows:
        evaluation.documents += 1
        got = {f.category for f in lint_text(row["text"], path="sentence.txt")} - {"disclosure"}
        want, either = set(row["must"]), set(row["either"])
        scores = [by[group].setdefault(row.get(group, "?"), Score()) for group in GROUPS]
        for category in want & got:
            evaluation.scores[category].true_positive += 1
            for score in scores:
                score.true_positive += 1
        for category in got - want - either:
            evaluation.scores[category].false_positive += 1
            for score in scores:
                score.false_positive += 1
            evaluation.disagreements.append(f"FP {category:<11} [{row.get('field')}] {row['text']}")
        for category in want - got:
            evaluation.scores[category].false_negative += 1
            for score in scores:
                score.false_negative += 1
            evaluation.disagreements.append(f"FN {category:<11} [{row.get('field')}] {row['text']}")
    return evaluation, by


def field_table(by_field: dict[str, Score], group: str = "field") -> str:
    rows = [f"{group:<20} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}"]
    for name, score in sorted(by_field.items()):
        rows.append(
            f"{name:<20} {score.precision:>9.2f} {score.recall:>7.2f} "
            f"{score.true_positive:>4} {score.false_positive:>4} {score.false_negative:>4}"
        )
    return "\n".join(rows)


def table(evaluation: Evaluation) -> str:
    rows = [f"{'category':<12} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}"]
    for category, score in [*evaluation.scores.items(), ("all", evaluation.total)]:
        rows.append(
            f"{category:<12} {score.precision:>9.2f} {score.recall:>7.2f} "
            f"{score.true_positive:>4} {score.false_positive:>4} {score.false_negative:>4}"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", action="store_true", help="list every false positive and false negative")
    parser.add_argument("--split", choices=("dev", "blind", "all"), default="dev", help="part of a sentence set")
    parser.add_argument("--fields", action="store_true", help="also print the figures per field (sentence sets)")
    parser.add_argument("--kinds", action="store_true", help="also print the figures per kind of copy (sentence sets)")
    parser.add_argument("--files", default="*.txt", metavar="GLOB",
                        help="documents of a folder to score (tests/fresh2: '[0-9][13579]-*.txt' is its tunable half)")
    args = parser.parse_args()
    by = None
    if args.corpus.suffix == ".jsonl":
        evaluation, by = evaluate_sentences(read_sentences(args.corpus, args.split))
        print(f"{evaluation.documents} sentences ({args.split}) in {args.corpus}")
    else:
        evaluation = evaluate(args.corpus, args.files)
        print(f"{evaluation.documents} documents in {args.corpus} ({args.files})")
    print(table(evaluation))
    for group, asked in (("field", args.fields), ("kind", args.kinds)):
        if by is not None and asked:
            print()
            print(field_table(by[group], group))
    if args.show:
        print()
        print("\n".join(evaluation.disagreements) or "no disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
