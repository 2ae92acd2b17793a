"""``claimlint test-rules``: a pack's own examples as its tests, failures named by line.

Packs are written to a temporary folder and named relatively, so the expected output
is exactly what an author sees. Packs that need no bundled vocabulary are tested with
``--no-default-rules``: each new pack beside the bundled one compiles the whole
bundled pack again (seconds), which a test of the report format need not pay.
"""

from __future__ import annotations

import re

import pytest

from linter import load_rules
from linter.loader import example_lines

from .conftest import ROOT, make_rule

FIX = 'patterns = ["breakthrough"]\nfix = { replacement = "advance", applicability = "unsafe" }'
# Line 2 is the [[rule]] header; the examples start at line 13.
EXAMPLES = '''flag = [
  "A breakthrough.",
]
pass = ["A small step."]
fixed = [{ from = "A breakthrough.", to = "An advance." }]'''
PACK = make_rule(body=FIX, examples=EXAMPLES)
LAST_FLAG, ANOTHER_FLAG = '"A breakthrough.",\n]', '"A breakthrough.",\n  "A leap.",\n]'


@pytest.fixture
def write(tmp_path, monkeypatch):
    """Write ``pack.toml`` in a temporary working folder; returns its relative name."""
    monkeypatch.chdir(tmp_path)

    def build(text: str, name: str = "pack.toml") -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return build


def test_a_passing_pack(cli, write):
    result = cli("test-rules", "--no-default-rules", write(PACK))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "claimlint test-rules: 1 rule, 3 examples: all pass\n", "")


def test_a_flag_example_that_is_not_flagged(cli, write):
    result = cli("test-rules", "--no-default-rules", write(PACK.replace(LAST_FLAG, ANOTHER_FLAG)))
    assert result.exit_code == 1
    assert result.stdout == (
        "pack.toml:15: hype.test: flag example not flagged: 'A leap.'\n"
        "claimlint test-rules: 1 rule, 4 examples: 1 failed\n"
    )


def test_a_pass_example_that_is_flagged(cli, write):
    text = PACK.replace('pass = ["A small step."]', 'pass = ["A small step.", "A breakthrough!"]')
    result = cli("test-rules", "--no-default-rules", write(text))
    assert result.exit_code == 1
    assert result.stdout == (
        "pack.toml:16: hype.test: pass example flagged at 'breakthrough': 'A breakthrough!'\n"
        "claimlint test-rules: 1 rule, 4 examples: 1 failed\n"
    )


def test_a_fixed_example_that_the_fix_does_not_give(cli, write):
    text = PACK.replace('fixed = [{ from = "A breakthrough.", to = "An advance." }]',
                        'fixed = [\n  { from = "A breakthrough.", to = "An advance." },\n'
                        '  { from = "Our breakthrough.", to = "Our step." },\n]')
    result = cli("test-rules", "--no-default-rules", write(text))
    assert result.exit_code == 1
    assert result.stdout == (
        "pack.toml:19: hype.test: fixed example gives 'Our advance.', expected 'Our step.'\n"
        "claimlint test-rules: 1 rule, 4 examples: 1 failed\n"
    )


def test_every_failure_is_reported_in_pack_order_across_packs(cli, write):
    first = write(PACK.replace(LAST_FLAG, ANOTHER_FLAG), "first.toml")
    other = make_rule(id="hype.other", body='patterns = ["wonder"]', examples='flag = ["Calm."]')
    second = write(other, "second.toml")
    result = cli("test-rules", "--no-default-rules", first, second)
    assert result.exit_code == 1
    assert result.stdout == (
        "first.toml:15: hype.test: flag example not flagged: 'A leap.'\n"
        "second.toml:12: hype.other: flag example not flagged: 'Calm.'\n"
        "claimlint test-rules: 2 rules, 5 examples: 2 failed\n"
    )


def test_a_pack_that_cannot_be_loaded_exits_2_with_the_loaders_errors(cli, write):
    result = cli("test-rules", "--no-default-rules", write(PACK.replace("suggestions =", "sugestions =")))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "claimlint: error: pack.toml:7: rule 'hype.test': unknown key 'sugestions'"
        " (did you mean 'suggestions'?)\n"
        "claimlint: error: pack.toml:2: rule 'hype.test': missing required key 'suggestions'\n"
        "claimlint: the rule packs above have errors; fix them and run again.\n"
    )


def test_a_missing_pack_exits_2(cli, write):
    result = cli("test-rules", "nope.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "claimlint: error: nope.toml: rule pack not found"


def test_packs_use_the_bundled_vocabularies_unless_told_not_to(cli, write):
    rule = make_rule(body='patterns = ["{treatment} breakthrough"]',
                     examples='flag = ["A ketamine breakthrough."]')
    name = write(rule)
    assert cli("test-rules", name).exit_code == 0
    result = cli("test-rules", name, "--no-default-rules")
    assert result.exit_code == 2 and "undefined vocabulary {treatment}" in result.stderr


def test_no_default_rules_and_no_pack_is_a_usage_error(cli):
    result = cli("test-rules", "--no-default-rules")
    assert result.exit_code == 2
    assert result.stderr.startswith("claimlint: error: name a rule pack to test")


def test_the_bundled_pack_passes(cli, rules):
    result = cli("test-rules")
    from linter.profiles import examples_to_run

    # every rule's examples, and those of each profile (its own rules' and its overrides')
    checked = [*rules.rules, *(rule for _, rule in examples_to_run(rules))]
    examples = sum(len(r.examples.flag) + len(r.examples.passing) + len(r.examples.fixed) for r in checked)
    assert result.exit_code == 0, result.stdout
    count = len(rules.rules) + len(rules.profile_rules)
    expected = f"claimlint test-rules: {count} rules, {examples} examples: all pass\n"
    assert result.stdout == expected


def test_naming_the_bundled_pack_loads_it_once(cli):
    result = cli("test-rules", str(ROOT / "rules.toml"))
    assert result.exit_code == 0 and result.stdout.endswith(": all pass\n")


def test_the_example_clinic_pack_passes(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("test-rules", "examples/clinic-rules.toml")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "claimlint test-rules: 2 rules, 6 examples: all pass\n", "")


def test_example_lines_reads_arrays_element_by_element():
    text = (
        '[[rule]]\nid = "hype.x"\n[rule.examples]\n'
        'flag = ["a, [b] # not a comment", \'c\',\n  # a comment, with "quotes"\n  """multi\nline""",\n]\n'
        'pass = ["d\\"e"]\n'
        'fixed = [{ from = "f", to = "g" },\n  { from = "h", to = "i" }]\n'
    )
    assert example_lines(text, 1) == {"flag": [4, 4, 6], "pass": [9], "fixed": [10, 11]}
    assert example_lines(text, 2) == {}


# The loader's warnings: a phrase written like a regex compiles, and matches nothing anyone writes.

READS = "reads like a regular expression, but is a phrase: "
ADVICE = " (start it with 're:' to make it a regular expression)"


def test_a_phrase_that_looks_like_a_regex_is_warned_about(cli, write):
    rule = make_rule(body=r'patterns = ["breakthrough", "\\d+% of patients"]',
                     examples='flag = ["A breakthrough."]')
    name = write(rule)
    args = ("check", "-", "--rules", name, "--no-default-rules", "--no-config")
    result = cli(*args, input="Nothing to see.\n")
    assert result.exit_code == 0  # a warning does not fail the run
    assert result.stderr == (
        "claimlint: warning: pack.toml:10: rule 'hype.test': in patterns '\\\\d+% of patients': "
        "reads like a regular expression, but is a phrase: '\\d' matches the letter 'd'"
        " (start it with 're:' to make it a regular expression)\n"
    )


def test_regex_habits_are_named_with_their_own_line(write):
    body = (
        'patterns = ["colou?r", "is it safe?", "^miracle", "miracle.*cure"]\n'
        'fix = [{ when = ["x"], replacement = "y", applicability = "unsafe" },\n'
        '  { when = ["(very)+ good"], replacement = "z", applicability = "unsafe" }]'
    )
    vocabulary = '[vocabulary]\nbrand = [\n  "NeuroCalm",\n  "optimi[sz]e~",\n]\n'
    rule = make_rule(body=body, examples='flag = ["x"]\nfixed = [{ from = "x", to = "y" }]')
    warnings = [str(w) for w in load_rules([write(vocabulary + rule)], default=False).warnings]
    at = "pack.toml:15: rule 'hype.test': in patterns"
    assert warnings == [
        f"pack.toml:4: in vocabulary 'brand', entry 'optimi[sz]e~': {READS}"
        f"'[sz]' matches those brackets and letters, not one of them{ADVICE}",
        f"{at} 'colou?r': {READS}'colou?' makes the whole word optional, not one letter{ADVICE}",
        f"{at} 'is it safe?': {READS}'safe?' makes the word optional; a question mark is "
        f"'\\?'{ADVICE}",
        f"{at} '^miracle': {READS}'^' is a character, not an anchor: a phrase is word-bounded "
        f"already{ADVICE}",
        f"{at} 'miracle.*cure': {READS}'.*' repeats nothing{ADVICE}",
        f"pack.toml:17: rule 'hype.test': in fix.when '(very)+ good': {READS}')+' repeats "
        f"nothing{ADVICE}",
    ]


@pytest.mark.parametrize("phrase", [
    "{brand} breakthrough", "revolutionize~", "suicid*", "cure~ ... {brand}", "no _? side effects",
    "(psycho)?therapy", "behavio(u)?rs", "(the)? best", "very? safe", "NAD+", "$99 off", "no\\\\. 1",
    "U\\\\.S\\\\. FDA", "safe\\\\?", "don't", "re:\\\\d+ times", "re:^miracle$",
])
def test_the_phrase_language_itself_is_not_warned_about(write, phrase):
    rule = make_rule(body=f'patterns = ["{phrase}"]')
    text = '[vocabulary]\nbrand = ["NeuroCalm"]\n' + rule
    assert load_rules([write(text)], default=False).warnings == []


def test_a_regex_repetition_in_braces_is_an_error_that_says_so(write):
    from linter import RulesError

    with pytest.raises(RulesError) as raised:
        load_rules([write(make_rule(body='patterns = ["a{2} b"]'))], default=False)
    assert [str(e) for e in raised.value.errors] == [
        "pack.toml:10: rule 'hype.test': in patterns 'a{2} b': '{2}' is a regex repetition,"
        " which a phrase does not have; write 're:' before a regular expression"
    ]


def test_the_bundled_pack_loads_without_warnings(rules):
    assert rules.warnings == []
    assert load_rules([ROOT / "examples" / "clinic-rules.toml"]).warnings == []


def test_the_summary_counts(cli, write):
    other = make_rule(id="hype.two", body='patterns = ["wonder"]', examples='flag = ["A wonder."]')
    text = PACK + other
    result = cli("test-rules", "--no-default-rules", write(text))
    assert re.fullmatch(r"claimlint test-rules: 2 rules, 4 examples: all pass\n", result.stdout)
