"""Strict loading: every mistake in a pack is reported with its file, line and rule."""

from __future__ import annotations

import textwrap

import pytest

from linter import RulesError, load_rules
from linter.loader import default_pack_path

from .conftest import make_rule


def errors_of(tmp_path, text, name="pack.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        load_rules([path], default=False)
    return [str(error).replace(str(path), name) for error in raised.value.errors]


GOOD = make_rule(body='patterns = ["breakthrough"]')


def test_a_good_pack_loads(tmp_path):
    (tmp_path / "pack.toml").write_text(GOOD)
    ruleset = load_rules([tmp_path / "pack.toml"], default=False)
    assert [rule.id for rule in ruleset.rules] == ["hype.test"]
    assert ruleset.rules[0].line == 2


def test_unknown_key_with_did_you_mean(tmp_path):
    text = GOOD.replace("suggestions =", "sugestions =")
    assert errors_of(tmp_path, text) == [
        "pack.toml:7: rule 'hype.test': unknown key 'sugestions' (did you mean 'suggestions'?)",
        "pack.toml:2: rule 'hype.test': missing required key 'suggestions'",
    ]


def test_wrong_type(tmp_path):
    text = GOOD.replace('severity = "warning"', "severity = 3")
    assert errors_of(tmp_path, text) == ["pack.toml:5: rule 'hype.test': 'severity' must be a string, not an integer"]


def test_wrong_type_in_a_list(tmp_path):
    text = GOOD.replace('patterns = ["breakthrough"]', 'patterns = ["breakthrough", 3]')
    assert errors_of(tmp_path, text) == ["pack.toml:10: rule 'hype.test': 'patterns' must be a list of strings"]


def test_duplicate_id(tmp_path):
    assert errors_of(tmp_path, GOOD + GOOD) == ["pack.toml:14: rule 'hype.test': duplicate id: first defined at pack.toml:2"]


def test_duplicate_id_across_packs_names_both_files(tmp_path):
    (tmp_path / "first.toml").write_text(GOOD)
    (tmp_path / "second.toml").write_text(GOOD)
    with pytest.raises(RulesError) as raised:
        load_rules([tmp_path / "first.toml", tmp_path / "second.toml"], default=False)
    (error,) = raised.value.errors
    assert error.path.endswith("second.toml") and "first.toml:2" in error.message


def test_unknown_category(tmp_path):
    text = GOOD.replace('id = "hype.test"', 'id = "hyp.test"')
    assert errors_of(tmp_path, text) == [
        "pack.toml:3: rule 'hyp.test': unknown category 'hyp' (did you mean 'hype'?)"
    ]


def test_badly_formed_id(tmp_path):
    text = GOOD.replace('id = "hype.test"', 'id = "Hype Test"')
    assert errors_of(tmp_path, text) == [
        "pack.toml:3: rule 'Hype Test': id 'Hype Test' must look like 'category.slug' (lower case, digits and '-')"
    ]


def test_unknown_kind(tmp_path):
    text = GOOD.replace('kind = "phrase"', 'kind = "phrasee"')
    assert errors_of(tmp_path, text) == ["pack.toml:4: rule 'hype.test': unknown kind 'phrasee' (did you mean 'phrase'?)"]


def test_key_of_another_kind(tmp_path):
    text = GOOD.replace('patterns = ["breakthrough"]', 'patterns = ["breakthrough"]\nexpect = ["x"]')
    assert errors_of(tmp_path, text) == [
        "pack.toml:11: rule 'hype.test': unknown key 'expect' (known: description, examples, exclude, fix, id, kind, "
        "message, message-for, patterns, profiles, references, severity, suggestions, suggestions-for, why)"
    ]


def test_undefined_vocabulary(tmp_path):
    text = GOOD.replace('patterns = ["breakthrough"]', 'patterns = ["{treatments} breakthrough"]')
    assert errors_of(tmp_path, text) == [
        "pack.toml:10: rule 'hype.test': in patterns '{treatments} breakthrough': undefined vocabulary {treatments}"
    ]


def test_invalid_regex(tmp_path):
    text = GOOD.replace('patterns = ["breakthrough"]', "patterns = ['re:(unclosed']")
    (error,) = errors_of(tmp_path, text)
    assert error.startswith("pack.toml:10: rule 'hype.test': in patterns 're:(unclosed': invalid regex:")


def test_pattern_that_matches_nothing_at_all(tmp_path):
    text = GOOD.replace('patterns = ["breakthrough"]', 'patterns = ["(very)?"]')
    (error,) = errors_of(tmp_path, text)
    assert "can match nothing" in error and error.startswith("pack.toml:10:")


def test_invalid_toml_names_the_line(tmp_path):
    (error,) = errors_of(tmp_path, GOOD + "\nid = = 3\n")
    assert error.startswith("pack.toml:14: invalid TOML:")


def test_bad_severity_and_applicability(tmp_path):
    text = GOOD.replace('severity = "warning"', 'severity = "fatal"').replace(
        'patterns = ["breakthrough"]', 'patterns = ["breakthrough"]\nfix = { replacement = "new", applicability = "maybe" }'
    )
    assert errors_of(tmp_path, text) == [
        "pack.toml:5: rule 'hype.test': unknown severity 'fatal' (known: error, info, warning)",
        "pack.toml:11: rule 'hype.test': unknown applicability 'maybe' (known: safe, unsafe)",
        "pack.toml:12: rule 'hype.test': a rule with a 'fix' needs 'examples.fixed': sentences and what the fix must make of them",
    ]


def test_examples_need_a_flag_sentence(tmp_path):
    text = make_rule(body='patterns = ["x"]', examples="flag = []")
    assert errors_of(tmp_path, text) == ["pack.toml:12: rule 'hype.test': 'examples.flag' needs at least one sentence the rule must flag"]


def test_unknown_top_level_key_and_vocabulary_errors(tmp_path):
    text = '[vocabulery]\nx = ["a"]\n\n[vocabulary]\nbad = "not a list"\n' + GOOD
    assert errors_of(tmp_path, text) == [
        "pack.toml:1: unknown key 'vocabulery' (did you mean 'vocabulary'?)",
        "pack.toml:5: vocabulary 'bad' must be a list of strings",
    ]


def test_broken_vocabulary_entry_is_located(tmp_path):
    text = '[vocabulary]\ntreatment = ["ketamine", "(broken"]\n' + GOOD
    assert errors_of(tmp_path, text) == [
        "pack.toml:2: in vocabulary 'treatment', entry '(broken': a '(' is not closed"
    ]


def test_extend_vocabulary_adds_a_clinics_own_names(tmp_path):
    (tmp_path / "clinic.toml").write_text('[extend-vocabulary]\ntreatment = ["NeuroCalm"]\n')
    ruleset = load_rules([tmp_path / "clinic.toml"])
    assert "NeuroCalm" in ruleset.vocabulary["treatment"]
    from linter import lint_text

    assert [f.rule for f in lint_text("NeuroCalm is completely safe.", rules=ruleset)] == ["safety.absolute"]


def test_extend_or_redefine_wrongly(tmp_path):
    text = '[extend-vocabulary]\ntreatmnt = ["x"]\n\n[vocabulary]\ntreatment = ["y"]\n'
    path = tmp_path / "clinic.toml"
    path.write_text(text)
    with pytest.raises(RulesError) as raised:
        load_rules([path])
    messages = [error.message for error in raised.value.errors]
    assert messages == [
        f"vocabulary 'treatment' is already defined at {default_pack_path()}:16; "
        "to add words to it, list them under [extend-vocabulary] instead",
        "unknown vocabulary to extend 'treatmnt' (did you mean 'treatment'?)",
    ]


def test_one_pack_named_twice_is_loaded_once(tmp_path):
    """A configuration's `rules` and `--rules` naming the same file (as the README's Try it does)."""
    (tmp_path / "clinic.toml").write_text(
        '[vocabulary]\nbrands = ["NeuroCalm"]\n\n' + make_rule(id="hype.neurocalm", body="patterns = [\"{brands} magic\"]\n", examples='flag = ["NeuroCalm magic"]'))
    ruleset = load_rules([tmp_path / "clinic.toml", tmp_path / "." / "clinic.toml"])
    assert [rule.id for rule in ruleset.rules].count("hype.neurocalm") == 1
    assert len(ruleset.sources) == 2  # the bundled pack and the clinic's, once


def test_missing_pack(tmp_path):
    with pytest.raises(RulesError) as raised:
        load_rules([tmp_path / "nope.toml"], default=False)
    assert raised.value.errors[0].message == "rule pack not found"


def test_the_default_pack_loads_without_errors(rules):
    assert len(rules.rules) >= 30


def test_unknown_slot_in_a_suggestion(tmp_path):
    text = GOOD.replace('suggestions = ["a compliant rewrite"]', 'suggestions = ["Ask about {prodcut}."]')
    assert errors_of(tmp_path, text) == [
        "pack.toml:7: rule 'hype.test': in suggestions: unknown slot '{prodcut}' (did you mean '{product}'?)"
    ]


def test_unknown_kind_of_product_in_variants(tmp_path):
    text = GOOD + '[rule.suggestions-for]\noff-label = ["Say that {product} is used off-label."]\n'
    assert errors_of(tmp_path, text) == [
        "pack.toml:14: rule 'hype.test': in [rule.suggestions-for]: unknown kind of product 'off-label' "
        "(did you mean 'offlabel'?)"
    ]


def test_a_message_variant_must_be_a_string(tmp_path):
    text = GOOD + '[rule.message-for]\ndevice = ["two", "messages"]\n'
    assert errors_of(tmp_path, text) == [
        "pack.toml:14: rule 'hype.test': 'message-for.device' must be a string, not an array"
    ]
