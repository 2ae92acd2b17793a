"""The phrase language: tolerant of hyphens, quotes and inflections; strict about mistakes."""

from __future__ import annotations

import pytest

from linter.patterns import (
    PatternError,
    UnknownVocabulary,
    compile_phrase,
    compile_regex,
    compile_vocabularies,
    inflections,
    phrase_regex,
)

VOCAB = compile_vocabularies({"treatment": ["ketamine", "IV ketamine", "TMS"], "condition": ["anxiety", "PTSD"]})


def matches(phrase, text):
    found = compile_regex(phrase_regex(phrase, VOCAB)).search(text)
    return found.group() if found else None


@pytest.mark.parametrize("text", ["a game changer", "a game-changer", "a gamechanger", "game\nchanger", "Game‑Changers"])
def test_spaces_and_hyphens_are_interchangeable(text):
    assert matches("game changer~", text)


def test_word_bounded_at_both_ends():
    assert matches("cure", "procure") is None
    assert matches("cure", "cures") is None
    assert matches("cure~", "cures") == "cures"


@pytest.mark.parametrize("form", ["revolutionize", "revolutionizes", "revolutionized", "revolutionizing", "revolutionise", "revolutionising"])
def test_inflections(form):
    assert matches("revolutionize~", f"to {form} care") == form


def test_inflection_rules():
    assert {"cures", "cured", "curing"} <= inflections("cure")
    assert {"relieves", "relieved", "relieving"} <= inflections("relieve")
    assert {"stops", "stopped", "stopping"} <= inflections("stop")
    assert {"worries", "worried"} <= inflections("worry")


def test_apostrophes_and_quotes():
    assert matches("don't work", "SSRIs don’t work") == "don’t work"
    assert matches('"miracle"', "a “miracle”") == "“miracle”"


def test_vocabulary_gap_optional_and_any_word():
    assert matches("{treatment} ... relieve~ {condition}", "IV ketamine, our doctors say, relieves PTSD") is not None
    assert matches("(very)? safe", "safe") == "safe"
    assert matches("no _? side effects", "no serious side effects") == "no serious side effects"
    assert matches("suicid*", "suicidality") == "suicidality"
    assert matches("no _? risk", "it is not risk-free") is None  # "_" never starts inside "not"


def test_raw_regex_with_vocabulary():
    assert matches(r"re:\d+% of {condition}", "80% of anxiety") == "80% of anxiety"


def test_literal_backslash_escape():
    assert matches(r"No\. 1 clinic", "the No. 1 clinic") == "No. 1 clinic"


@pytest.mark.parametrize(
    "phrase,message",
    [
        ("(unclosed", "not closed"),
        ("stray )", r"unexpected '\)'"),
        ("(a|b?)", "can match nothing"),
        ("{bad name}", "bad vocabulary reference"),
        ("re:(", "invalid regex"),
        ("(cure|heal)~", r"'~' after a group at character 12: put it on each word of the group instead, as in \(cure~\|heal~\)"),
    ],
)
def test_errors(phrase, message):
    with pytest.raises(PatternError, match=message):
        compile_regex(phrase_regex(phrase, VOCAB))


def test_unknown_vocabulary_names_itself():
    with pytest.raises(UnknownVocabulary) as error:
        phrase_regex("{nothing}", VOCAB)
    assert error.value.name == "nothing"


def test_vocabularies_may_refer_to_each_other_but_not_in_a_cycle():
    assert "ketamine" in compile_vocabularies({"a": ["{b} therapy"], "b": ["ketamine"]})["a"][0]
    with pytest.raises(PatternError, match="refers to itself"):
        compile_vocabularies({"a": ["{b}"], "b": ["{a}"]})


@pytest.mark.parametrize(
    "phrase,anchors",
    [
        ("well tolerated", {"tolerated"}),  # the most selective word of the sequence
        ("game-changer~", {"changer"}),  # hyphens split words: "gamechanger" still holds "changer"
        ("cure~", {"cur"}),  # the stem every inflection shares
        ("revolutionize~", {"revolutioni"}),
        ("(very)? safe", {"safe"}),  # optional items never anchor
        ("{treatment} ... approved", {"approved"}),
        ("(cure|heal)", {"cure", "heal"}),
        ("{treatment}", {"ketamine", "tms"}),
        ("don't", {"don"}),
        ("re:\\d+%", {"%"}),  # a raw regex: the literal text every match holds
        ("re:[A-Z]\\w+", None),  # none: it always runs
        ("_ side effects", {"effects"}),
    ],
)
def test_anchors(phrase, anchors):
    expected = None if anchors is None else frozenset(anchors)
    assert compile_phrase(phrase, VOCAB)[1] == expected
