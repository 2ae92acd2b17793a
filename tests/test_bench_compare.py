"""bench/compare.py's honesty, offline: the Python-to-JavaScript translation of the patterns
textlint's prh is given, and the check that stops the benchmark when a linter did not lint
(a textlint that crashed while loading its dictionary once passed for the fastest peer)."""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("compare", ROOT / "bench" / "compare.py")
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

WORD = compare.WORD
END = r"(?![\s\S])"
START = r"(?<![\s\S])"

TRANSLATED = [
    # identity escapes, which the u flag rejects ("\#" was what broke textlint)
    (r"\#1 clinic", "#1 clinic"),
    (r"fast\&easy\ now", "fast&easy now"),
    (r"\.\+\-\/", r"\.\+-\/"),
    # Python's Unicode \w, \d and \b; JavaScript's are ASCII
    (r"(?<!\w)cure(?!\w)", rf"(?<![{WORD}])cure(?![{WORD}])"),
    (r"\d{2,}%", r"\p{Nd}{2,}%"),
    (r"[^\w\s]+", rf"[^{WORD}\s]+"),
    (r"\W", rf"[^{WORD}]"),
    (r"\bno\B", rf"{compare.BOUNDARY}no{compare.NOT_BOUNDARY}"),
    # quantifiers, braces and brackets Python reads literally
    (r"a{,3}b{2}c{1,}", "a{0,3}b{2}c{1,}"),
    (r"{name}", r"\{name\}"),
    (r"[]#]x]", r"[\]#]x\]"),
    (r"[\#\-a-z]", r"[#\-a-z]"),
    # anchors and the dot, under prh's m flag
    (r"^cured$", rf"{START}cured(?=\n?{END})"),
    (r"\Acured\Z", rf"{START}cured{END}"),
    (r"a.b", r"a[^\n]b"),
    # groups and inline flags (the whole pattern is case-insensitive already)
    (r"(?P<word>heal)s? (?P=word)", r"(?<word>heal)s? \k<word>"),
    (r"(?i)miracle", "miracle"),
    (r"(?i:miracle) (?#a comment)cure", "(?:miracle) cure"),
    (r"(?:a|b)(?=c)(?<!d)(?!e)(?<=f)", r"(?:a|b)(?=c)(?<!d)(?!e)(?<=f)"),
    # characters, in ASCII so YAML cannot change them
    ("café’s", r"caf\u00e9\u2019s"),
    ("\U0001f600 \x41\n", r"\u{1f600} A\u000a"),
    (r"\x27\u2019\N{EM DASH}\012", r"'\u2019\u2014\u000a"),
    (r"a*?b+?c??", "a*?b+?c??"),
]


@pytest.mark.parametrize("python, javascript", TRANSLATED)
def test_translation(python, javascript):
    assert compare.javascript_regex(python) == javascript


@pytest.mark.parametrize("python, reason", [
    (r"a*+", "a possessive quantifier (the + at offset 2)"),
    (r"(?:ab)++", "a possessive quantifier (the + at offset 7)"),
    (r"(?>ab)c", "an atomic group (?>...)"),
    (r"(?-i:By) my", "inline flags (?-i:"),
    (r"(?x) a b", "inline flags (?x)"),
    (r"[\W_]", r"\W inside a character class"),
    (r"\Gword", r"the escape \G"),
    (r"(?|a|b)", "the group (?|..."),
    (r"[[:alpha:]]", "a POSIX class [:name:]"),
])
def test_untranslatable(python, reason):
    with pytest.raises(compare.Untranslatable) as caught:
        compare.javascript_regex(python)
    assert str(caught.value) == reason


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_translations_compile_and_match_in_node():
    """What prh does with each: ``new RegExp(source, "gimu")``, then a search."""
    samples = ["#1 clinic", "Cure", "x cures", "caf\u00e9\u2019s", "word heals word", "a\nb", "99%"]
    batch = [[compare.javascript_regex(python), samples] for python, _ in TRANSLATED]
    node = subprocess.run(["node", "-e", compare.NODE_CHECK], input=json.dumps(batch), capture_output=True,
                          text=True, check=True)
    import regex

    for (python, _), verdict in zip(TRANSLATED, json.loads(node.stdout)):
        assert "error" not in verdict, (python, verdict)
        expected = [bool(regex.compile(python, regex.IGNORECASE | regex.VERSION0).search(s)) for s in samples]
        assert verdict["matches"] == expected, python


def test_trigger_patterns_are_every_rules_compiled_patterns(rules):
    patterns = compare.trigger_patterns(rules)
    assert [p.source for p in patterns] == [phrase.regex.pattern for rule in rules.rules
                                           for phrase in rule.matcher.patterns]
    assert {rules.get(p.rule).kind for p in patterns} >= {"phrase", "claim", "document"}


def test_prh_dictionary_holds_only_the_translated_patterns():
    kept = compare.TriggerPattern("hype.miracle", 'a "newer" option', r"\#1", ())
    left = compare.TriggerPattern("testimonial.story", "x", r"(?-i:By)", ())
    text = compare.prh_dictionary([compare.Translation(kept, "#1"),
                                   compare.Translation(left, None, "inline flags (?-i:")])
    assert text == ('version: 1\nrules:\n  - expected: "a \\"newer\\" option"\n    pattern: "/#1/i"\n'
                    '    prh: "hype.miracle"\n')


def fake(name: str, code: str, count=compare.textlint_findings, finds_in_copy: bool = True) -> compare.Peer:
    return compare.Peer(name, (sys.executable, "-c", code), frozenset({0, 1}), count, finds_in_copy)


def failed(peer: compare.Peer, arguments=()) -> str:
    with pytest.raises(compare.PeerFailed) as caught:
        compare.measure(peer, list(arguments))
    return str(caught.value)


def test_a_peer_exiting_with_another_status_stops_the_benchmark():
    code = "import sys; sys.stderr.write('Error while loading rule prh\\nat page.txt\\n'); sys.exit(2)"
    assert failed(fake("textlint", code)) == (
        "textlint did not lint: it exited with status 2\n"
        f"  command: {shlex.join([sys.executable, '-c', code])}\n"
        "  exit status: 2\n"
        "  stderr:\n"
        "    Error while loading rule prh\n"
        "    at page.txt"
    )


def test_exit_1_without_a_report_is_a_crash_not_findings():
    """textlint exits 1 with findings and also when prh cannot compile a pattern."""
    code = "import sys; print('SyntaxError: Invalid regular expression: /\\\\#1/gimu'); sys.exit(1)"
    assert failed(fake("textlint", code)) == (
        "textlint did not lint: its output is not a report (not textlint's JSON report: "
        "Expecting value: line 1 column 1 (char 0))\n"
        f"  command: {shlex.join([sys.executable, '-c', code])}\n"
        "  exit status: 1\n"
        "  stderr:\n"
        "    (empty)"
    )


def test_a_report_without_findings_on_copy_full_of_claims_stops_the_benchmark():
    code = "print('[{\"messages\": [], \"filePath\": \"page.txt\"}]')"
    assert failed(fake("textlint", code)).startswith(
        "textlint did not lint: it reported no findings on copy that has some\n")


def test_a_run_that_linted_counts_its_findings():
    code = "import sys; print('[{\"messages\": [1, 2], \"filePath\": \"a\"}, {\"messages\": [3]}]'); sys.exit(1)"
    run = compare.measure(fake("textlint", code), [])
    assert run["findings"] == 3 and run["exit"] == 1 and run["seconds"] > 0


def test_proselint_may_find_nothing_but_must_check_every_file():
    clean = "print('{\"result\": {\"file:///a.txt\": {\"diagnostics\": []}}}')"
    assert compare.measure(fake("proselint", clean, compare.proselint_findings, False), [])["findings"] == 0
    unread = "print('{\"result\": {\"file:///a.txt\": {\"error\": {\"message\": \"No such file\"}}}}')"
    assert failed(fake("proselint", unread, compare.proselint_findings, False)).startswith(
        "proselint did not lint: its output is not a report (1 files not checked, first file:///a.txt: "
        "{'message': 'No such file'})\n")


def test_a_command_that_cannot_start_is_a_failure():
    peer = compare.Peer("textlint", ("/nonexistent/textlint",), frozenset({0, 1}), compare.textlint_findings)
    assert failed(peer, ["page.txt"]) == (
        "textlint did not lint: it exited with status 127\n"
        "  command: /nonexistent/textlint page.txt\n"
        "  exit status: 127\n"
        "  stderr:\n"
        "    cannot run /nonexistent/textlint: No such file or directory"
    )


def test_concise_findings_counts_finding_lines_only():
    assert compare.concise_findings("a.txt:1:2: error [x] m\nb c:10:1: warning [y] n\nFound 2 claims\n") == 2


def test_a_long_command_is_cut_short():
    assert compare.shown(["textlint", *[f"p{n}.txt" for n in range(12)]]) == (
        "textlint p0.txt p1.txt p2.txt p3.txt p4.txt p5.txt p6.txt ... (5 more arguments)")


def test_a_failed_run_exits_1_and_writes_nothing(monkeypatch, capsys, tmp_path):
    def run(args):
        raise compare.PeerFailed("textlint did not lint: it exited with status 2")

    monkeypatch.setattr(compare, "run", run)
    monkeypatch.setattr(sys, "argv", ["compare.py", "--pages", "1"])
    with pytest.raises(SystemExit) as caught:
        compare.main()
    assert caught.value.code == 1
    assert capsys.readouterr().err == (
        "compare.py: textlint did not lint: it exited with status 2\n"
        "Nothing was written: a figure from a run that did not lint would be a lie.\n"
    )
