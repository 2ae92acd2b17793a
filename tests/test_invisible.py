"""Invisible characters and look-alike letters: matched through, reported on the source.

Copy that hides a zero-width space, a soft hyphen or a Cyrillic letter inside a
trigger word reads the same to a person and must read the same to the rules;
the finding stays on the original characters and says why it looks odd.
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import lint_text
from linter.document import Document
from linter.fixer import fix_text
from linter.normalise import changes, normalise
from linter.prose import Segment

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
sys.modules["fuzz"] = fuzz
spec.loader.exec_module(fuzz)

NOTE = " (the copy hides invisible characters or look-alike letters inside these words)"
MIRACLE = "“miracle” promises a miracle; no treatment is one."


def found(text, path="page.txt", select=("hype",)):
    return [(f.rule, f.start, f.end, f.line, f.column, f.end_column, f.text, f.message)
            for f in lint_text(text, path=path, select=select)]


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_character_inside_a_word_is_matched_through(hidden):
    text = f"Ketamine is a mir{hidden}acle."
    assert found(text) == [("hype.miracle", 14, 22, 1, 15, 23, f"mir{hidden}acle", MIRACLE + NOTE)]


def test_a_soft_hyphen_entity_in_html_is_matched_and_the_span_keeps_the_entity():
    text = "<p>Ketamine is a mir&shy;a&#x200B;cle.</p>"
    assert found(text, "page.html") == [
        ("hype.miracle", 17, 37, 1, 18, 38, "mir&shy;a&#x200B;cle", MIRACLE + NOTE),
    ]


def test_fullwidth_letters_are_read_as_ascii():
    text = "It is a ｍｉｒａｃｌｅ."
    assert found(text) == [("hype.miracle", 8, 15, 1, 9, 16, "ｍｉｒａｃｌｅ", MIRACLE + NOTE)]


# Cyrillic а, Greek α, Cyrillic і
@pytest.mark.parametrize("word", ["mir\u0430cle", "mir\u03b1cle", "m\u0456racle"])
def test_a_cyrillic_or_greek_look_alike_inside_a_latin_word_is_folded(word):
    assert found(f"A {word}.") == [("hype.miracle", 2, 9, 1, 3, 10, word, MIRACLE + NOTE)]


def test_a_combining_mark_that_makes_no_accented_letter_is_stripped():
    text = "A mi\u0336r\u0335acle."  # strikethrough overlays: still "miracle" to the eye
    assert found(text) == [("hype.miracle", 2, 11, 1, 3, 12, "mi\u0336r\u0335acle", MIRACLE + NOTE)]


def test_positions_after_hidden_characters_on_the_same_and_later_lines_stay_exact():
    text = "A mir\u200bacle and a mir\u00adacle.\nA miracle."
    findings = lint_text(text, path="a.txt", select=["hype"])
    assert [(f.line, f.column, f.end_column, f.message.endswith(NOTE)) for f in findings] == [
        (1, 3, 11, True),
        (1, 18, 26, True),
        (2, 3, 10, False),  # the clean word in the same copy gains no note
    ]
    finding = lint_text(text, path="a.txt", select=["hype"])[1]
    document = Document(text, "a.txt")
    assert document.column_in(finding.start, "utf-16") == 17


def test_markdown_emphasis_around_a_hidden_character():
    text = "**mir\u200bacle** and *mir\u00adacle*\n"
    findings = lint_text(text, path="a.md", select=["hype"])
    assert [(f.column, f.end_column, f.text) for f in findings] == [
        (3, 11, "mir\u200bacle"),
        (19, 27, "mir\u00adacle"),
    ]


def test_no_fix_runs_through_a_hidden_character_and_fixes_beside_it_land_exactly():
    text = "A mir\u200bacle. It is a revolutionary treatment."
    findings = lint_text(text, path="a.txt", select=["hype"])
    assert [(f.rule, f.fix) for f in findings][0] == ("hype.miracle", None)
    lint = lambda t: lint_text(t, path="a.txt", select=["hype"])  # noqa: E731
    assert fix_text(text, lint).text == "A mir\u200bacle. It is a treatment."


def test_a_disclaimer_with_a_soft_hyphen_or_look_alike_still_satisfies_a_document_rule():
    claim = "Ketamine infusions for anxiety.\n\n"
    for label in ("off\u00ad-label", "\u043eff-label"):
        disclaimer = f"Ketamine's use for anxiety is {label}."
        assert found(claim + disclaimer, select=("disclosure.off-label",)) == []
    assert [f[0] for f in found(claim, select=("disclosure.off-label",))] == [
        "disclosure.off-label"]


def test_russian_and_greek_words_are_left_as_written():
    # All-Cyrillic or all-Greek words have no Latin letter to pass for: nothing is folded.
    for text in ("Это чудо, безопасно.", "Ένα θαύμα.", "Сео мир"):
        assert changes(text) == {}


def test_a_latin_word_with_a_real_cyrillic_letter_is_not_folded():
    # "д" looks like no Latin letter: this is mixed-script text, not a disguise.
    assert changes("mir\u0430c\u0434e") == {}


@pytest.mark.parametrize("copy", [
    "Le café est naïve et sûr.", "El tratamiento es seguro y cómodo, señora.",
    "Ketamine is a miracle, voilà.", "Übermäßig schön.",
])
def test_accented_copy_precomposed_or_decomposed_is_unchanged_and_gains_no_finding(copy):
    for text in (copy, unicodedata.normalize("NFD", copy)):
        segment = Segment()
        segment.add(text, 0)
        assert normalise(segment) is segment  # nothing changes, nothing is copied
    plain = [(f.rule, f.message) for f in lint_text(copy, path="a.txt")]
    nfd = unicodedata.normalize("NFD", copy)
    decomposed = [(f.rule, f.message) for f in lint_text(nfd, path="a.txt")]
    assert decomposed == plain
    assert all(not message.endswith(NOTE) for _, message in plain)


def test_ascii_and_clean_segments_are_returned_as_they_are():
    for text in ("Ketamine is a miracle.", "Kétamine — “safe”. 😀"):
        segment = Segment()
        segment.add(text, 0)
        assert normalise(segment) is segment


def test_a_cleaned_segment_maps_every_kept_character_to_its_source():
    segment = Segment()
    segment.add("ab\u200bc", 10)
    segment.add("\u00ad", 14, 5)  # an &shy; entity: one character read from five
    segment.add("d\u0430", 19)
    segment.add_break()
    clean = normalise(segment)
    assert clean.text == "abcda"
    assert [clean.to_source(i) for i in range(5)] == [10, 11, 13, 19, 20]
    assert clean.to_source(5, end=True) == 21
    assert clean.breaks == [5]
    assert clean.hidden == [(2, 2), (3, 3), (4, 5)]
    assert not clean.is_verbatim(0, 3, " " * 10 + "ab\u200bc&shy;d\u0430")
    assert clean.is_verbatim(0, 2, " " * 10 + "ab\u200bc&shy;d\u0430")


def test_the_fuzz_disguise_moves_spans_by_what_it_inserts():
    fake = fuzz.disguise("A miracle.", ("miracle",), [1, 0, 7, 0, 0, 6], html=True)
    # i: a soft hyphen before it; a: Greek alpha; e: &shy; before it
    assert fake == ("A m\u00adir\u03b1cl&shy;e.", [(3, 1), (8, 5)])
    assert fuzz.moved(3, fake.added, end=False) == 4 and fuzz.moved(3, fake.added, end=True) == 3


SHORT = settings(max_examples=30, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))


@SHORT
@given(fuzz.SURROUNDINGS, st.integers(0, len(fuzz.CLAIMS) - 1), fuzz.SURROUNDINGS,
       fuzz.CHOICES, fuzz.PATHS)
def test_findings_survive_disguised_words_short_fuzz(before, claim, after, choices, path):
    """The short run of ``bench/fuzz.py``'s disguise property (the long one is run by hand)."""
    fuzz.check_survives(before, claim, after, choices, path)


@SHORT
@given(fuzz.DOCUMENTS, fuzz.PATHS)
def test_documents_with_invisible_characters_and_deep_nesting_short_fuzz(parts, path):
    fuzz.check_document(parts, path)


def test_only_the_disguised_words_are_visited_however_long_the_copy(monkeypatch):
    from linter import normalise as module

    visited = []
    fold = module._fold_lookalikes
    monkeypatch.setattr(module, "_fold_lookalikes", lambda *a: visited.append(a[1:3]) or fold(*a))
    for n in (10, 40):
        visited.clear()
        text = "Le café est sûr. " * n + "A mir\u0430cle."
        assert changes(text) == {len(text) - 5: "a"}
        assert visited == [(len(text) - 8, len(text) - 1)]
