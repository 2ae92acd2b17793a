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
    result = lint_paths([ROOT / "examples" / "pages"], rules=clinic_rules, use_config=False)
    bad = {f.rule for f in result.findings if f.path.endswith("bad-ketamine-landing.txt")}
    assert {"hype.cutting-edge", "safety.absolute", "speed.timeframe", "efficacy.permanent", "comparison.brand-vs-spravato", "disclosure.off-label"} <= bad
    assert [f for f in result.findings if f.path.endswith("good-landing.md")] == []
    assert result.suppressed == 1  # the reasoned directive on the good page


def test_example_configuration(monkeypatch):
    """examples/claimlint.toml: house rules, an ignored rule, a severity, a per-file ignore and a shared footer."""
    monkeypatch.chdir(ROOT / "examples")
    findings = lint_paths(["pages"]).findings
    rules = {f.rule for f in findings}
    assert "comparison.brand-vs-spravato" in rules  # rules = ["clinic-rules.toml"]
    assert "hype.superlative" not in rules  # ignore
    assert "disclosure.off-label" not in rules and "disclosure.crisis-resources" not in rules  # the footer
    assert {f.severity for f in findings if f.category == "testimonial"} == {"error"}  # severity
    assert not [f for f in findings if "blog" in f.path]  # per-file-ignores
    html = [f.rule for f in findings if f.path.endswith("bad-landing.html")]
    assert html[:3] == ["hype.breakthrough", "efficacy.cure", "safety.absolute"]  # the <title> comes first
