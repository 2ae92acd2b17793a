"""The editor's per-paragraph memo is an optimisation only: after any edit, the
findings are those of a fresh lint of the new text."""

from __future__ import annotations

import random

import pytest

from linter import default_rules
from linter.document import Document
from linter.engine import check_document
from linter.sentences import SegmentMemo

from .conftest import make_rule
from .test_prefilter import generate

VOCAB = """
[vocabulary]
typical = ["results vary"]
"""


def both(text, rules, memo, path="page.md"):
    document = Document(text, path)
    return check_document(document, rules, memo=memo).findings, check_document(document, rules).findings


TYPED = (" It", " a miracle", ".", " Results vary", " safe", "!")


def edited(rng: random.Random, paragraphs: list[str], pool: list[str], typed: tuple = TYPED) -> list[str]:
    """One editor-like change: a paragraph rewritten, inserted, deleted, two swapped, or ``typed`` onto one."""
    paragraphs = list(paragraphs)
    i = rng.randrange(len(paragraphs))
    action = rng.choice(["rewrite", "insert", "delete", "swap", "type"])
    if action == "rewrite":
        paragraphs[i] = rng.choice(pool)
    elif action == "insert":
        paragraphs.insert(i, rng.choice(pool))
    elif action == "delete" and len(paragraphs) > 1:
        del paragraphs[i]
    elif action == "swap":
        j = rng.randrange(len(paragraphs))
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    else:
        paragraphs[i] += rng.choice(typed)
    return paragraphs


def test_every_edit_gives_the_findings_of_a_fresh_lint():
    rng = random.Random(5)
    rules = default_rules()
    pool = generate.page(rng, 20000).split("\n\n")
    paragraphs = pool[:30]
    memo = SegmentMemo()
    seen = 0
    for _ in range(60):
        paragraphs = edited(rng, paragraphs, pool)
        memoized, fresh = both("\n\n".join(paragraphs), rules, memo)
        assert memoized == fresh
        seen += len(fresh)
    assert seen > 200  # the comparison saw real findings


def test_a_page_wide_qualifier_added_in_another_paragraph_applies_at_once(pack):
    rules = pack(VOCAB + make_rule(id="testimonial.t", kind="claim", body='patterns = ["patients report relief"]\nunless-page = ["{typical}"]'))
    memo = SegmentMemo()
    assert [f.text for f in both("Our patients report relief.", rules, memo)[0]] == ["patients report relief"]
    assert both("Our patients report relief.\n\nResults vary.", rules, memo) == ([], [])
    memoized, fresh = both("Our patients report relief.\n\nCall us.", rules, memo)
    assert [f.text for f in memoized] == [f.text for f in fresh] == ["patients report relief"]


def test_a_disclosure_added_in_another_paragraph_clears_the_document_finding(pack):
    body = 'patterns = ["ketamine"]\nwith = ["depression"]\nexpect = ["off label"]'
    rules = pack(make_rule(id="disclosure.t", kind="document", body=body))
    memo = SegmentMemo()
    assert len(both("Ketamine for depression.", rules, memo)[0]) == 1
    assert both("Ketamine for depression.\n\nThis use is off label.", rules, memo) == ([], [])


def test_findings_move_with_their_paragraph():
    rules = default_rules()
    memo = SegmentMemo()
    claim = "Ketamine is a game-changer."
    first, _ = both(claim, rules, memo)
    moved, fresh = both("Welcome to our clinic.\n\n" + claim, rules, memo)
    assert moved == fresh
    assert [(f.line, f.column, f.text) for f in first] == [(1, 15, "game-changer")]
    assert [(f.line, f.column, f.text) for f in moved] == [(3, 15, "game-changer")]


def test_the_memo_keeps_only_the_paragraphs_of_the_last_lint():
    rules = default_rules()
    memo = SegmentMemo()
    both("Ketamine is a game-changer.\n\nA miracle cure.", rules, memo)
    both("A miracle cure.\n\nRelief within hours.", rules, memo)
    assert sorted(text for text, _ in memo.current) == ["A miracle cure.", "Relief within hours."]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Ketamine is safe and a miracle.\n", "Ketamine is SAFE and a MIRACLE.\n"),  # same places, other words
        ("Intro\nline. It is a miracle.\n", "Intro line.\nIt is a miracle.\n"),  # same offsets, other line and column
        ("It is a game changer.\n", "It is a game-changer.\n"),  # another fix
        ("It is *revolutionary* care.\n", "It is _revolutionary_ care.\n"),  # same prose, other markup around it
    ],
)
def test_a_finding_at_the_same_offsets_is_made_again_when_anything_it_says_changed(before, after):
    rules = default_rules()
    memo = SegmentMemo()
    both(before, rules, memo)
    memoized, fresh = both(after, rules, memo)
    assert memoized == fresh and fresh
