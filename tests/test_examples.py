"""The examples a newcomer copies must keep working."""

from __future__ import annotations

import pytest

from linter import lint_paths, lint_text, load_rules

from .conftest import ROOT

PACK = ROOT / "examples" / "clinic-rules.toml"


@pytest.fixture(scope="module")
def clinic_rules():
    return load_rules([PACK])


def test_house_rules_run_their_examples(clinic_rules):
    own = [rule for rule in clinic_rules.rules if rule.source == str(PACK)]
    assert [rule.id for rule in own] == ["hype.cutting-edge", "comparison.brand-vs-spravato"]
    for rule in own:
        for text in rule.examples.flag:
            assert [f.rule for f in lint_text(text, rules=clinic_rules, select=[rule.id])] == [rule.id], text
        for text in rule.examples.passing:
            assert lint_text(text, rules=clinic_rules, select=[rule.id]) == [], text


def test_extended_vocabulary_reaches_the_bundled_rules(clinic_rules):
    rules = {f.rule for f in lint_text("NeuroCalm is completely safe.", rules=clinic_rules)}
    assert "safety.absolute" in rules


def test_bad_page_is_flagged_and_good_page_is_clean(clinic_rules):
    result = lint_paths([ROOT / "examples" / "pages"], rules=clinic_rules)
    bad = {f.rule for f in result.findings if f.path.endswith("bad-ketamine-landing.txt")}
    assert {"hype.cutting-edge", "safety.absolute", "speed.timeframe", "efficacy.permanent", "comparison.brand-vs-spravato", "disclosure.off-label"} <= bad
    assert [f for f in result.findings if f.path.endswith("good-ketamine-landing.txt")] == []
