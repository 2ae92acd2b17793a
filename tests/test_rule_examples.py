"""Every rule's own examples: the sentences it must flag and those it must leave alone.

Each rule runs alone, so a finding of another rule in the same category cannot
hide it (findings are de-duplicated per category).
"""

from __future__ import annotations

import pytest

from linter import default_rules, lint_text

RULES = default_rules().rules


def _ids(rule, kind):
    return [f"{rule.id}:{kind}:{i}" for i in range(len(getattr(rule.examples, kind)))]


FLAG = [(rule, text) for rule in RULES for text in rule.examples.flag]
PASS = [(rule, text) for rule in RULES for text in rule.examples.passing]


@pytest.mark.parametrize("rule,text", FLAG, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(FLAG)])
def test_rule_flags_its_examples(rule, text):
    found = [f.rule for f in lint_text(text, select=[rule.id])]
    assert found, f"{rule.id} did not flag: {text!r}"
    assert set(found) == {rule.id}


@pytest.mark.parametrize("rule,text", PASS, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(PASS)])
def test_rule_passes_its_counter_examples(rule, text):
    assert lint_text(text, select=[rule.id]) == []


def test_every_category_has_rules():
    from linter.rules import CATEGORIES

    assert {rule.category for rule in RULES} == set(CATEGORIES)


def test_every_rule_is_documented():
    for rule in RULES:
        assert rule.why and rule.references and rule.suggestions and rule.examples.flag, rule.id
        assert rule.examples.passing, f"{rule.id} has no example it must leave alone"


FIXED = [(rule, source, target) for rule in RULES for source, target in rule.examples.fixed]


@pytest.mark.parametrize("rule,source,target", FIXED, ids=[f"{r.id}-{i}" for i, (r, _, _) in enumerate(FIXED)])
def test_rule_fix_produces_its_fixed_sentence(rule, source, target):
    from linter.fixer import fix_text

    lint = lambda text: lint_text(text, select=[rule.id])  # noqa: E731
    assert fix_text(source, lint, unsafe=True).text == target
    assert fix_text(target, lint, unsafe=True).text == target  # a second run changes nothing


def test_every_rule_with_a_fix_shows_it():
    assert all(rule.examples.fixed for rule in RULES if rule.fixes)


# Each profile's own examples, run under that profile: the rules of some profiles only, and the
# examples an override brings (README, "Jurisdiction profiles").
from linter.profiles import examples_to_run  # noqa: E402

PROFILED = examples_to_run(default_rules())
PROFILE_FLAG = [(name, rule, text) for name, rule in PROFILED for text in rule.examples.flag]
PROFILE_PASS = [(name, rule, text) for name, rule in PROFILED for text in rule.examples.passing]


def test_every_profile_rule_has_examples_run():
    ran = {rule.id for _, rule in PROFILED}
    assert {rule.id for rule in default_rules().profile_rules} <= ran


@pytest.mark.parametrize("name,rule,text", PROFILE_FLAG, ids=[f"{n}-{r.id}-{i}" for i, (n, r, _) in enumerate(PROFILE_FLAG)])
def test_profile_rule_flags_its_examples(name, rule, text):
    found = lint_text(text, rules=default_rules().under(name), select=[rule.id])
    assert {f.rule for f in found} == {rule.id}, f"{name}: {rule.id} did not flag: {text!r}"
    assert {f.severity for f in found} <= {rule.severity, "warning" if rule.severity == "error" else rule.severity}


@pytest.mark.parametrize("name,rule,text", PROFILE_PASS, ids=[f"{n}-{r.id}-{i}" for i, (n, r, _) in enumerate(PROFILE_PASS)])
def test_profile_rule_passes_its_counter_examples(name, rule, text):
    assert lint_text(text, rules=default_rules().under(name), select=[rule.id]) == []
