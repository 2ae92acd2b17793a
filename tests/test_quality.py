"""The quality bar of the default pack on the labelled corpora (see bench/quality.py)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("quality", ROOT / "bench" / "quality.py")
quality = importlib.util.module_from_spec(spec)
sys.modules["quality"] = quality  # dataclasses look their module up while the class is built
spec.loader.exec_module(quality)

PRECISION, RECALL = 0.90, 0.85


@pytest.mark.parametrize("corpus", ["corpus", "holdout"])
def test_precision_and_recall_per_category(corpus):
    evaluation = quality.evaluate(ROOT / "tests" / corpus)
    assert evaluation.documents >= 10
    low = {
        category: (round(score.precision, 2), round(score.recall, 2))
        for category, score in evaluation.scores.items()
        if score.precision < PRECISION or score.recall < RECALL
    }
    assert low == {}, "\n".join(evaluation.disagreements)


def test_labelled_corpus_has_twenty_documents():
    assert len(list((ROOT / "tests" / "corpus").glob("*.txt"))) >= 20


def test_markers_are_stripped_and_lines_kept():
    text, expected = quality.parse("one ⟦hype⟧\ntwo\nthree ⟦safety speed⟧\n")
    assert text == "one\ntwo\nthree\n"
    assert expected == {1: {"hype"}, 3: {"safety", "speed"}}


def test_unknown_category_in_a_label_is_an_error():
    with pytest.raises(ValueError, match="unknown categories"):
        quality.parse("x ⟦hypes⟧")
