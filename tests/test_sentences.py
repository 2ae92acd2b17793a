"""Sentence splitting with offsets, on the abbreviations clinic copy uses."""

from __future__ import annotations

import pytest

from linter.extract.plaintext import extract
from linter.sentences import split


def sentences(text):
    out = []
    for segment in extract(text).segments:
        out += [segment.text[s.start:s.end] for s in split(segment)]
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dr. Lee is here. She is kind.", ["Dr. Lee is here.", "She is kind."]),
        ("Made in the U.S. Food and Drug rules apply.", ["Made in the U.S. Food and Drug rules apply."]),
        ("Try e.g. ketamine or TMS. Then rest.", ["Try e.g. ketamine or TMS.", "Then rest."]),
        ("It costs $1,299.99 today. Call now!", ["It costs $1,299.99 today.", "Call now!"]),
        ("Ranked No. 1 in Denver. Visit us.", ["Ranked No. 1 in Denver.", "Visit us."]),
        ("Is it safe? Yes. It is monitored.", ["Is it safe?", "Yes.", "It is monitored."]),
        ("Open 9 a.m. to 5 p.m. daily. Closed Sundays.", ["Open 9 a.m. to 5 p.m. daily.", "Closed Sundays."]),
        ("Ask J. Smith, Ph.D. about it. Thanks.", ["Ask J. Smith, Ph.D. about it.", "Thanks."]),
        ("“It worked!” — Jess, 34", ["“It worked!”", "— Jess, 34"]),
    ],
)
def test_split(text, expected):
    assert sentences(text) == expected


def test_wrapped_lines_join_and_headings_split():
    text = "Why Ketamine?\nKetamine is safe and\nwell-tolerated for many.\n\n  • First item\n  • Second item"
    assert sentences(text) == [
        "Why Ketamine?",
        "Ketamine is safe and well-tolerated for many.",
        "• First item",
        "• Second item",
    ]


def test_short_heading_line_without_punctuation_is_its_own_sentence():
    assert sentences("Rapid Relief\nKetamine works.") == ["Rapid Relief", "Ketamine works."]


def test_offsets_map_back_to_source():
    text = "Title\r\n\r\nFirst sentence here. Second one\r\nwraps."
    segment = extract(text).segments[1]
    spans = [(segment.to_source(s.start), segment.to_source(s.end, end=True)) for s in split(segment)]
    assert [text[a:b] for a, b in spans] == ["First sentence here.", "Second one\r\nwraps."]
