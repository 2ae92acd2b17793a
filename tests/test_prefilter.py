"""The literal prefilter is an optimisation only: findings are identical without it."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from linter import default_rules, lint_text
from linter.kinds import phrase

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate
spec.loader.exec_module(generate)


def lint_both_ways(text):
    rules = default_rules()
    with_prefilter = lint_text(text, rules=rules)
    phrase.PREFILTER = False
    try:
        without = lint_text(text, rules=rules)
    finally:
        phrase.PREFILTER = True
    return with_prefilter, without


def test_generated_site_gives_identical_findings():
    import random

    rng = random.Random(11)
    pages = [generate.page(rng, 3000) for _ in range(40)]
    for text in pages:
        fast, slow = lint_both_ways(text)
        assert fast == slow
    assert sum(len(lint_text(text)) for text in pages) > 100  # the comparison saw real findings


@pytest.mark.parametrize(
    "text",
    [
        "KETAMINE IS SAFE AND WELL-TOLERATED.",
        "A gamechanger: welltolerated, Game\u2011Changing.",
        "\u212aetamine is completely safe.",  # KELVIN SIGN folds to k
        "Straße: ketamine cures anxiety, guaranteed.",
    ],
)
def test_case_folding_and_spelling_variants(text):
    fast, slow = lint_both_ways(text)
    assert fast == slow


def test_jobs_give_the_same_output_in_the_same_order(cli, tmp_path):
    import random

    rng = random.Random(3)
    site = tmp_path / "site"
    generate.site(site, 24, 2.0, seed=5)
    (site / "bad.txt").write_bytes(b"\xff broken")
    serial = cli("check", str(site), "--no-config", "--format", "concise", "--jobs", "1")
    parallel = cli("check", str(site), "--no-config", "--format", "concise", "--jobs", "2")
    assert serial.stdout == parallel.stdout and serial.stdout.count("\n") > 100
    assert serial.stderr == parallel.stderr and "bad.txt" in parallel.stderr
    assert serial.exit_code == parallel.exit_code == 2


def test_both_scan_engines_find_the_same_anchors():
    """The scanner starts on its stored ``regex`` form and switches to stdlib ``re`` once
    enough text has been scanned; the switch must not change what is found."""
    import random

    from linter.prefilter import FAST_ENGINE_AFTER, AnchorScanner

    rng = random.Random(7)
    text = " ".join(generate.page(rng, 2000) for _ in range(3)).casefold() + " straße \u212aetamine gamechanger"
    assert len(text) < FAST_ENGINE_AFTER
    anchors = default_rules().scanner.prefixes
    stored, fast = AnchorScanner(anchors), AnchorScanner(anchors)
    fast.scanned = FAST_ENGINE_AFTER  # as if a long run had gone before
    assert fast.positions(text) == stored.positions(text) != {}
    assert fast.present(text) == stored.present(text) == frozenset(stored.positions(text))
    assert fast.fast is not None and stored.fast is None


@pytest.mark.parametrize(
    ("source", "groups"),
    [
        (r"\d{1,3}\s?%\s+of\s+(?:patients|people)\b", [{"%"}, {"of"}, {"p"}, {"atients", "eople"}]),  # the parser factors out the "p"
        (r"\bhelped\s+(?:over\s+)?\d+", [{"helped"}]),
        (r"\b(?:rated\s+)?[1-5]\s*stars", [{"stars"}]),
        (r"(?<=results\s)\d+%", [{"%"}]),  # not "results": a lookbehind's text is outside the match
        (r"[A-Z]\w+", []),  # no literal text
        (r"(?:★|⭐){3}", []),  # only ASCII is taken
        (r"\p{Lu}\w+ cures", []),  # syntax only the regex module knows
        (r"(?:cure|heal)s?|miracle", [{"cure", "heal", "miracle"}]),
        (r"(?:cure|x*) now", [{" now"}]),  # an alternative that needs nothing
    ],
)
def test_raw_regex_anchors_come_from_required_literal_text(source, groups):
    from linter.patterns import raw_anchor_groups

    assert raw_anchor_groups(source) == tuple(frozenset(group) for group in groups)


def test_every_match_of_every_phrase_holds_one_of_its_anchors():
    """The prefilter's premise, checked on the pack's own examples, the corpora and generated
    copy: every match holds a member of each of its phrase's anchor groups."""
    import random

    rules = default_rules()
    texts = [text for rule in rules.rules for text in rule.examples.flag + rule.examples.passing]
    texts += [generate.page(random.Random(seed), 3000) for seed in range(5)]
    texts += [path.read_text(encoding="utf-8") for folder in ("seeds", "tests/corpus", "tests/holdout") for path in sorted((ROOT / folder).rglob("*.*"))]
    checked = 0
    for rule in rules.rules:
        for phrase in rule.matcher.patterns:
            if phrase.anchors is None:
                continue
            for text in texts:
                for match in phrase.regex.finditer(text):
                    for group in phrase.groups or (phrase.anchors,):
                        assert any(anchor in match.group().casefold() for anchor in group), (rule.id, phrase.source, match.group(), group)
                    checked += 1
    assert checked > 1000
