"""Precision and recall of the default rule pack, per line and category.

    python bench/quality.py              # the table
    python bench/quality.py --show       # plus every disagreement, to study
    python bench/quality.py DIR          # another labelled corpus

A corpus is a folder of ``.txt`` documents whose lines end with the categories
a reviewer expects on them, in double brackets (``⟦safety hype⟧``); see
``tests/corpus/README.md``. A (line, category) pair counts once however many
findings of that category the line has.
"""

from __future__ import annotations

import argparse
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


def evaluate(corpus: Path = DEFAULT_CORPUS) -> Evaluation:
    evaluation = Evaluation()
    for path in sorted(corpus.glob("*.txt")):
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
    args = parser.parse_args()
    evaluation = evaluate(args.corpus)
    print(f"{evaluation.documents} documents in {args.corpus}")
    print(table(evaluation))
    if args.show:
        print()
        print("\n".join(evaluation.disagreements) or "no disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
