"""Speed and memory of claimlint, measured against its peers in one run.

    python bench/compare.py               # installs the peers into bench/peers/ on first use
    python bench/compare.py --no-peers    # claimlint only
    python bench/compare.py --pages 400   # a smaller site (default 2,000 pages, about 10 MB)
    python bench/compare.py --peer-pages 5   # the pages textlint and proselint lint (default 20:
                                             # textlint pays seconds per file to compile its patterns)

Peers, installed into the ignored folder bench/peers/ (npm and pip, from their
registries): textlint 15 with textlint-rule-prh, given a prh dictionary of
every trigger pattern claimlint scans for (each rule's compiled patterns,
translated to JavaScript); proselint with its default checks; and the hyperscan
wheel, which scans the same bytes with the same patterns compiled into one
database, as the ceiling no Python pipeline beats.

Every run is checked: a peer (or claimlint) that exits with a status other than
its linting ones, or reports no finding on copy full of claims, stops the whole
benchmark with its command, exit status and standard error, and nothing is
written. Prints the machine and a table, and writes it to bench/RESULTS.md. Run
by hand: the figures depend on the machine, so the table compares only figures
measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Callable, NamedTuple

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEERS = BENCH / "peers"
WORK = BENCH / ".generated" / "compare"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

#: The installed command, as users run it (``python -m`` adds runpy to every start).
SCRIPT = Path(sys.executable).with_name("claimlint.exe" if os.name == "nt" else "claimlint")
CLAIMLINT = [str(SCRIPT) if SCRIPT.exists() else sys.executable, *([] if SCRIPT.exists() else ["-m", "linter"])]
CLAIMLINT += ["check", "--no-config", "--format", "concise", "--exit-zero"]


class PeerFailed(RuntimeError):
    """A run that did not lint: no figure may come from it, and the benchmark stops."""


class Peer(NamedTuple):
    """A linter being timed, and how to tell that a run of it linted."""

    name: str
    command: tuple[str, ...]
    exits: frozenset  # the exit statuses of a run that linted (with findings or without)
    findings: Callable[[str], int]  # findings in its standard output; ValueError: not a report
    #: Whether the benchmark's copy holds something its checks flag. proselint's style checks
    #: flag nothing in it, so its runs must only report; a canary page proves that it finds.
    finds_in_copy: bool = True


def concise_findings(stdout: str) -> int:
    """claimlint's ``--format concise``: one ``path:line:col: ...`` line per finding."""
    return len(re.findall(r"^.+:\d+:\d+: ", stdout, re.MULTILINE))


CLAIMLINT_PEER = Peer("claimlint", tuple(CLAIMLINT), frozenset({0}), concise_findings)


def textlint_findings(stdout: str) -> int:
    """textlint's ``--format json``: a list of files, each with its ``messages``."""
    try:
        files = json.loads(stdout)
        return sum(len(entry["messages"]) for entry in files)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"not textlint's JSON report: {error}") from None


def proselint_findings(stdout: str) -> int:
    """proselint's ``-o json``: ``result`` maps each file to its ``diagnostics``, or to an
    ``error`` when it could not check it (a run that still exits 0)."""
    try:
        files = json.loads(stdout)["result"]
        failed = [name for name, entry in files.items() if "error" in entry]
        if failed:
            first = failed[0]
            raise ValueError(f"{len(failed)} files not checked, first {first}: {files[first]['error']}")
        return sum(len(entry["diagnostics"]) for entry in files.values())
    except (TypeError, KeyError, AttributeError) as error:
        raise ValueError(f"not proselint's JSON report: {error!r}") from None


def hyperscan_findings(stdout: str) -> int:
    """bench/hyperscan_scan.py's JSON line: its ``matches``."""
    try:
        return int(json.loads(stdout)["matches"])
    except (TypeError, KeyError) as error:
        raise ValueError(f"not hyperscan_scan.py's JSON: {error!r}") from None


def shown(command) -> str:
    """A command as a shell would take it, a long list of files cut short."""
    command = [str(part) for part in command]
    if len(command) > 10:
        return shlex.join(command[:8]) + f" ... ({len(command) - 8} more arguments)"
    return shlex.join(command)


#: The lines of a failed run's standard error that its error quotes.
STDERR_LINES = 5


def failure(name: str, command, status: int, reason: str, stderr: str) -> PeerFailed:
    """The error for a run that did not lint: what, the command, its status and stderr's start."""
    lines = stderr.strip().splitlines()[:STDERR_LINES]
    told = "\n".join("    " + line for line in lines) if lines else "    (empty)"
    return PeerFailed(f"{name} did not lint: {reason}\n  command: {shown(command)}\n  exit status: {status}\n"
                      f"  stderr:\n{told}")


def checked_findings(peer: Peer, command, status: int, stdout: str, stderr: str) -> int:
    """The findings of a run that linted; raises ``PeerFailed`` for any other run: an exit
    status the peer never gives after linting, output that is not its report (textlint
    exits 1 both with findings and when a rule fails to load), or no finding at all on
    copy written to hold claims."""
    if status not in peer.exits:
        raise failure(peer.name, command, status, f"it exited with status {status}", stderr)
    try:
        count = peer.findings(stdout)
    except ValueError as error:
        raise failure(peer.name, command, status, f"its output is not a report ({error})", stderr) from None
    if count == 0 and peer.finds_in_copy:
        raise failure(peer.name, command, status, "it reported no findings on copy that has some", stderr)
    return count


def measure(peer: Peer, arguments: list[str], environment: dict | None = None) -> dict:
    """Wall time, peak memory and findings of one checked run of ``peer`` on ``arguments``."""
    command = [*peer.command, *map(str, arguments)]
    with tempfile.TemporaryDirectory(prefix="claimlint-compare-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        wrapper = subprocess.run(
            [sys.executable, str(BENCH / "measure.py"), "--stdout", str(out), "--stderr", str(err), *command],
            capture_output=True, text=True, cwd=ROOT, env=environment,
        )
        if wrapper.returncode != 0:
            raise failure(peer.name, command, wrapper.returncode, "bench/measure.py failed", wrapper.stderr)
        run = json.loads(wrapper.stdout)
        stdout = out.read_text(encoding="utf-8", errors="replace")
        stderr = err.read_text(encoding="utf-8", errors="replace")
    return {**run, "findings": checked_findings(peer, command, run["exit"], stdout, stderr)}


def median_time(peer: Peer, arguments: list[str], runs: int) -> float:
    return statistics.median(measure(peer, arguments)["seconds"] for _ in range(runs))


def size_mb(paths) -> float:
    return sum(Path(p).stat().st_size for p in paths) / 1e6


def inputs(pages: int, growth_base: int) -> dict:
    """Small page, large page and site, per format; the growth sites (plain text)."""
    if WORK.exists():
        shutil.rmtree(WORK)
    made: dict = {}
    for fmt in generate.FORMATS:
        made[("small", fmt)] = generate.site(WORK / f"small-{fmt}", 1, 2, seed=1, fmt=fmt)
        made[("large", fmt)] = generate.site(WORK / f"large-{fmt}", 1, 200, seed=2, fmt=fmt)
        made[("site", fmt)] = generate.site(WORK / f"site-{fmt}", pages, 5, seed=3, fmt=fmt)
    for factor in (1, 4, 16):
        made[("growth", factor)] = generate.site(WORK / f"growth-{factor}", growth_base * factor, 5, seed=4)
    return made


def claimlint_figures(made: dict, startup_runs: int) -> dict:
    figures: dict = {}
    # Byte-compile the package, as pip does when it installs a wheel: a checkout run with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter")], check=True)
    measure(CLAIMLINT_PEER, [made[("small", "txt")][0]])  # fill the pack cache
    figures["startup"] = median_time(CLAIMLINT_PEER, [made[("small", "txt")][0]], startup_runs)
    for fmt in generate.FORMATS:
        folder = made[("site", fmt)][0].parent
        mb = size_mb(made[("site", fmt)])
        single = measure(CLAIMLINT_PEER, ["--jobs", "1", folder])
        double = measure(CLAIMLINT_PEER, ["--jobs", "2", folder])
        figures[("throughput", fmt)] = mb / single["seconds"]
        figures[("throughput2", fmt)] = mb / double["seconds"]
        if fmt == "txt":
            figures["peak_mb"] = single["peak_mb"]
            figures["site_mb"] = mb
            figures["findings"] = single["findings"]
    for factor in (1, 4, 16):
        paths = made[("growth", factor)]
        run = measure(CLAIMLINT_PEER, ["--jobs", "1", paths[0].parent])
        figures[("growth", factor)] = (size_mb(paths), run["seconds"])
    for key, pause in (("lsp", "0.3"), ("lsp-burst", "0")):
        lsp = subprocess.run(
            [sys.executable, str(BENCH / "lsp_latency.py"), str(made[("large", "md")][0]), "--runs", "9", "--pause", pause],
            capture_output=True, text=True, cwd=ROOT,
        )
        figures[key] = json.loads(lsp.stdout)["median_seconds"] if lsp.returncode == 0 else None
    figures["big_pack"] = big_pack(made[("large", "txt")][0])
    return figures


def big_pack(page: Path) -> tuple[float, float, float]:
    """A generated pack of 5,000 phrase rules: seconds to compile it, to load it from the
    cache, and to lint the 200 KB page with it on top of the bundled pack."""
    rules = []
    for number in range(5000):
        rules.append(
            f'[[rule]]\nid = "hype.generated{number}"\nkind = "phrase"\nseverity = "warning"\nmessage = "m"\n'
            f'suggestions = ["s"]\nwhy = "w"\nreferences = []\npatterns = ["generatedword{number}~"]\n'
            f'[rule.examples]\nflag = ["generatedword{number}"]\n'
        )
    pack = WORK / "big-pack.toml"
    pack.write_text("".join(rules), encoding="utf-8")
    cache = WORK / "big-pack-cache"
    environment = {**os.environ, "CLAIMLINT_CACHE_DIR": str(cache)}
    timings = [  # compile (cold cache), then load from the cache twice
        measure(CLAIMLINT_PEER, ["--rules", pack, page], environment)["seconds"] for _ in range(3)
    ]
    return timings[0], min(timings[1:]), min(timings[1:])


# ---------------------------------------------------------------- peers
def installed(command: list[str], what: str) -> None:
    """Run an install step; a failed one stops the benchmark, naming the command."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise failure(what, command, done.returncode, "its installation failed", done.stderr)


def install_peers(patterns: list["TriggerPattern"]) -> tuple[dict, dict]:
    """Install the peers once; returns them by name, and what the prh dictionary holds."""
    for tool in ("npm", "node"):
        if not shutil.which(tool):
            raise PeerFailed(f"textlint cannot be installed: `{tool}` is not on PATH (install Node.js, "
                             "or run with --no-peers)")
    PEERS.mkdir(parents=True, exist_ok=True)
    node = PEERS / "node"
    textlint = node / "node_modules" / ".bin" / "textlint"
    if not textlint.exists():
        node.mkdir(exist_ok=True)
        installed(["npm", "install", "--prefix", str(node), "--no-audit", "--no-fund", "--silent",
                   "textlint@15", "textlint-rule-prh@6"], "textlint")
    venv = PEERS / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        installed([sys.executable, "-m", "venv", str(venv)], "the peers' venv")
    probe = subprocess.run([str(python), "-c", "import proselint, hyperscan"], capture_output=True)
    if probe.returncode != 0:
        installed([str(python), "-m", "pip", "install", "--quiet", "proselint", "hyperscan"],
                  "proselint and hyperscan")
    dictionary = write_prh_dictionary(node, patterns)
    return {
        "textlint": Peer("textlint", (str(textlint), "--config", str(node / "textlintrc.json"),
                                      "--format", "json"), frozenset({0, 1}), textlint_findings),
        "proselint": Peer("proselint", (str(venv / "bin" / "proselint"), "check", "-o", "json"),
                          frozenset({0, 1}), proselint_findings, finds_in_copy=False),
        "hyperscan": Peer("hyperscan", (str(python), str(BENCH / "hyperscan_scan.py")), frozenset({0}),
                          hyperscan_findings),
    }, dictionary


class TriggerPattern(NamedTuple):
    """One pattern claimlint's trigger scan searches for, with its rule's examples (on which a
    translation must match exactly where the original does)."""

    rule: str
    expected: str  # what prh offers instead: the rule's first rewrite
    source: str  # the compiled ``regex`` pattern, matched case-insensitively
    samples: tuple[str, ...]


def trigger_patterns(ruleset) -> list[TriggerPattern]:
    """Every compiled pattern of every rule, in pack order: what the pack's scanner
    (``Ruleset.scanner``) takes its anchors from and the rules then search, phrase rules'
    patterns and the claim and document rules' triggers alike. The one list feeds both the
    prh dictionary and the Hyperscan database."""
    return [
        TriggerPattern(rule.id, (rule.suggestions or (rule.id,))[0], phrase.regex.pattern,
                       (*rule.examples.flag, *rule.examples.passing))
        for rule in ruleset.rules
        for phrase in rule.matcher.patterns
    ]


class Translation(NamedTuple):
    pattern: TriggerPattern
    javascript: str | None  # None: skipped, for ``reason``
    reason: str = ""


#: Compiles each pattern as prh does (flags ``gimu``) and tests it on its samples: one node
#: process for the whole batch, which reads a JSON list and prints one.
NODE_CHECK = """
const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(items.map(([pattern, samples]) => {
  let compiled;
  try { compiled = new RegExp(pattern, "gimu"); } catch (error) { return {error: error.message}; }
  return {matches: samples.map((sample) => { compiled.lastIndex = 0; return compiled.test(sample); })};
})));
"""


def translate_all(patterns: list[TriggerPattern]) -> list[Translation]:
    """Each pattern in JavaScript, compiled by node under prh's flags and checked to match
    its rule's examples exactly where Python's ``regex`` does; what fails is skipped, with why."""
    import regex

    translations, batch = [], []
    for pattern in patterns:
        try:
            translations.append(Translation(pattern, javascript_regex(pattern.source)))
            batch.append([translations[-1].javascript, list(pattern.samples)])
        except Untranslatable as error:
            translations.append(Translation(pattern, None, str(error)))
    command = ["node", "-e", NODE_CHECK]
    checked = subprocess.run(command, input=json.dumps(batch), capture_output=True, text=True)
    if checked.returncode != 0:
        raise failure("node (checking the prh patterns)", command, checked.returncode, "it failed",
                      checked.stderr)
    verdicts = iter(json.loads(checked.stdout))
    result = []
    for translation in translations:
        if translation.javascript is None:
            result.append(translation)
            continue
        verdict = next(verdicts)
        if "error" in verdict:
            reason = f"node rejects it: {verdict['error'][:120]}"
            result.append(translation._replace(javascript=None, reason=reason))
            continue
        python = regex.compile(translation.pattern.source, regex.IGNORECASE | regex.VERSION0)
        wrong = [sample for sample, found in zip(translation.pattern.samples, verdict["matches"])
                 if found != bool(python.search(sample))]
        result.append(translation._replace(javascript=None, reason=f"matches differently on {wrong[0]!r}")
                      if wrong else translation)
    return result


def prh_dictionary(translations: list[Translation]) -> str:
    """prh.yml: one rule per translated pattern, its expected text the rule's first rewrite."""
    lines = ["version: 1", "rules:"]
    for translation in translations:
        if translation.javascript is not None:
            lines += [f"  - expected: {json.dumps(translation.pattern.expected)}",
                      f"    pattern: {json.dumps('/' + translation.javascript + '/i')}",
                      f"    prh: {json.dumps(translation.pattern.rule)}"]
    return "\n".join(lines) + "\n"


def write_prh_dictionary(node: Path, patterns: list[TriggerPattern]) -> dict:
    """prh.yml and the textlint configuration that loads it; returns how many patterns it
    holds and why the others were left out."""
    translations = translate_all(patterns)
    node.mkdir(parents=True, exist_ok=True)
    (node / "prh.yml").write_text(prh_dictionary(translations), encoding="utf-8")
    textlintrc = {"rules": {"prh": {"rulePaths": [str(node / "prh.yml")]}}}
    (node / "textlintrc.json").write_text(json.dumps(textlintrc), encoding="utf-8")
    skipped = [translation for translation in translations if translation.javascript is None]
    for translation in skipped:
        print(f"prh: skipped a pattern of {translation.pattern.rule}: {translation.reason}", file=sys.stderr)
    return {"patterns": len(translations) - len(skipped), "skipped": len(skipped), "of": len(translations)}


#: A page proselint flags ("very unique" is one of its uncomparables), for a peer whose
#: checks find nothing in the benchmark's copy: its runs count only if it finds this.
CANARY = "Our clinic takes a very unique approach to aftercare.\n"


def peer_figures(peers: dict, made: dict, startup_runs: int, patterns: list[TriggerPattern],
                 peer_pages: int) -> dict:
    """The peers' figures, and claimlint's on the same files where those differ from its own
    rows: textlint pays seconds per file, so the peers lint only the site's first pages."""
    figures: dict = {}
    small = made[("small", "txt")][0]
    pages = made[("site", "txt")][:peer_pages]
    figures["peer_mb"], figures["peer_pages"] = size_mb(pages), len(pages)
    canary = WORK / "canary.txt"
    canary.write_text(CANARY, encoding="utf-8")
    mine = measure(CLAIMLINT_PEER, ["--jobs", "1", *pages])
    figures[("claimlint", "throughput")] = figures["peer_mb"] / mine["seconds"]
    figures[("claimlint", "findings")] = mine["findings"]
    for name in ("textlint", "proselint"):
        peer = peers[name]
        if not peer.finds_in_copy:
            measure(peer._replace(finds_in_copy=True), [canary])
        figures[(name, "startup")] = median_time(peer, [small], max(startup_runs // 3, 3))
        run = measure(peer, pages)
        figures[(name, "throughput")] = figures["peer_mb"] / run["seconds"]
        figures[(name, "findings")] = run["findings"]
    site = made[("site", "txt")]
    sources = [pattern.source for pattern in patterns]
    (WORK / "patterns.json").write_text(json.dumps(sources), encoding="utf-8")
    command = [*peers["hyperscan"].command, str(WORK / "patterns.json"), *map(str, site)]
    scan = subprocess.run(command, capture_output=True, text=True)
    checked_findings(peers["hyperscan"], command, scan.returncode, scan.stdout, scan.stderr)
    result = json.loads(scan.stdout)
    figures[("hyperscan", "throughput")] = result["mb"] / result["seconds"]
    figures[("hyperscan", "detail")] = (f"{result['patterns']} of {len(patterns)} patterns, "
                                        f"{result['skipped']} not expressible")
    return figures


# ---------------------------------------------------------------- Python regex -> JavaScript
class Untranslatable(ValueError):
    """A construct of Python's ``regex`` that no JavaScript regex under prh's ``u`` flag says
    the same way: the pattern is left out of the prh dictionary and counted as skipped."""


#: What ``regex``'s ``\w`` matches (its documented definition); JavaScript's ``\w`` is ASCII
#: only, even with ``u``, so "café" would end a word at "é". Without the brackets, to sit
#: inside a character class too.
WORD = r"\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}"
#: Python's ``\b`` and ``\B`` on that definition of a word character.
BOUNDARY = rf"(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"
NOT_BOUNDARY = rf"(?:(?<=[{WORD}])(?=[{WORD}])|(?<![{WORD}])(?![{WORD}]))"
#: Start and end of the text: prh adds the ``m`` flag, under which ``^`` and ``$`` match at
#: every line, while Python's (without MULTILINE) match only at the text's ends.
START, END = r"(?<![\s\S])", r"(?![\s\S])"
#: Characters a JavaScript ``u`` regex lets (and makes) a backslash escape; any other
#: escaped punctuation is an identity escape, which ``u`` rejects (``\#``, ``\&``, ``\ ``).
SYNTAX = set("^$\\.*+?()[]{}|/")
_CLASS_ESCAPES = {"d": r"\p{Nd}", "D": r"\P{Nd}", "w": WORD, "s": r"\s", "S": r"\S", "b": r"\x08"}
_ESCAPES = {
    "d": r"\p{Nd}", "D": r"\P{Nd}", "w": f"[{WORD}]", "W": f"[^{WORD}]", "s": r"\s", "S": r"\S",
    "b": BOUNDARY, "B": NOT_BOUNDARY, "A": START, "Z": END,
}
_CONTROL = {"n": r"\n", "t": r"\t", "r": r"\r", "f": r"\f", "v": r"\v", "a": r"\x07"}
_QUANTIFIER = re.compile(r"\{(\d*),(\d*)\}|\{(\d+)\}")
_INLINE_FLAGS = re.compile(r"\(\?([aiLmsux]*)(?:-([imsx]*))?([:)])")
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")


def javascript_regex(source: str) -> str:
    """``source`` (a pattern of Python's ``regex``, matched case-insensitively) as a JavaScript
    regex matching the same text under prh's flags (``gimu``); raises ``Untranslatable``."""
    out, at = [], 0
    while at < len(source):
        text, at = _atom(source, at)
        out.append(text)
        if at < len(source) and _is_quantifier(out[-1]):
            if source[at] == "+":
                raise Untranslatable(f"a possessive quantifier (the + at offset {at})")
    return "".join(out)


def _is_quantifier(text: str) -> bool:
    """Whether ``text``, just emitted, is a quantifier (so a ``+`` after it is possessive)."""
    return text in ("*", "+", "?") or bool(_QUANTIFIER.fullmatch(text))


def _atom(source: str, at: int) -> tuple[str, int]:
    """The translation of the token at ``at`` and where the next one starts."""
    char = source[at]
    if char == "\\":
        return _escape(source, at, in_class=False)
    if char == "[":
        return _class(source, at)
    if char == "(":
        return _group(source, at)
    if char == "{":
        quantifier = _QUANTIFIER.match(source, at)
        if not quantifier:
            return r"\{", at + 1
        low, high, exact = quantifier.groups()
        text = f"{{{exact}}}" if exact is not None else f"{{{low or 0},{high}}}"
        return text, quantifier.end()
    if char in "*+?":
        lazy = source[at + 1:at + 2] == "?"
        return char + ("?" if lazy else ""), at + 1 + lazy
    if char in ")|":
        return char, at + 1
    if char in "}]":  # literal in Python, alone; an error in a JavaScript ``u`` regex
        return "\\" + char, at + 1
    if char == ".":
        return r"[^\n]", at + 1
    if char == "^":
        return START, at + 1
    if char == "$":
        return rf"(?=\n?{END})", at + 1
    return _literal(char), at + 1


def _literal(char: str) -> str:
    """One literal character, in ASCII: prh.yml then holds no character YAML could change."""
    if char in SYNTAX:
        return "\\" + char
    if 0x20 <= ord(char) < 0x7F:
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\u{{{ord(char):x}}}"


def _escape(source: str, at: int, in_class: bool) -> tuple[str, int]:
    """A backslash escape at ``at``, inside a character class or not."""
    if at + 1 >= len(source):
        raise Untranslatable("a trailing backslash")
    char, after = source[at + 1], at + 2
    table = _CLASS_ESCAPES if in_class else _ESCAPES
    if char in table:
        return table[char], after
    if char in _CONTROL:
        return _CONTROL[char], after
    if char == "x":
        braced = re.compile(r"\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2})").match(source, after)
        if braced:
            return _literal(chr(int(braced.group(1) or braced.group(2), 16))), braced.end()
    if char in "uU":
        width = 4 if char == "u" else 8
        digits = source[after:after + width]
        if re.fullmatch(f"[0-9a-fA-F]{{{width}}}", digits):
            return _literal(chr(int(digits, 16))), after + width
    if char == "N":
        named = re.compile(r"\{([^}]+)\}").match(source, after)
        if named:
            try:
                return _literal(unicodedata.lookup(named.group(1))), named.end()
            except KeyError:
                raise Untranslatable(f"unknown character name \\N{{{named.group(1)}}}") from None
    if char.isdigit():
        octal = re.compile(r"0[0-7]{0,2}|[0-7]{3}").match(source, at + 1)
        if octal:
            return _literal(chr(int(octal.group(), 8))), octal.end()
        if not in_class:
            number = re.compile(r"[1-9]\d?").match(source, at + 1)
            return "\\" + number.group(), number.end()
    if char in "pP":
        return source[at:after], after  # a property: node checks that JavaScript knows its name
    if char == "W" and in_class:
        raise Untranslatable(r"\W inside a character class")
    if char.isalnum() or char == "_":
        raise Untranslatable(f"the escape \\{char}")
    if in_class and char == "-":
        return r"\-", after
    return _literal(char), after


def _class(source: str, at: int) -> tuple[str, int]:
    """A character class from its ``[`` to its ``]``."""
    out, at = ["["], at + 1
    if source[at:at + 1] == "^":
        out.append("^")
        at += 1
    if source[at:at + 1] == "]":  # first in a Python class, ']' is literal
        out.append(r"\]")
        at += 1
    while at < len(source) and source[at] != "]":
        char = source[at]
        if char == "\\":
            text, at = _escape(source, at, in_class=True)
            out.append(text)
            continue
        if char == "[":
            if re.compile(r"\[:\^?[a-z]+:\]").match(source, at):
                raise Untranslatable("a POSIX class [:name:]")
            out.append(r"\[")
        elif char == "-":
            out.append("-")
        else:
            out.append(_literal(char) if char not in "^$.*+?(){}|/" else char)
        at += 1
    if at >= len(source):
        raise Untranslatable("an unterminated character class")
    return "".join(out) + "]", at + 1


def _group(source: str, at: int) -> tuple[str, int]:
    """The opening of a group, translated (its body is translated token by token)."""
    opening = next((text for text in _GROUP_OPENINGS if source.startswith(text, at)), None)
    if opening:
        return opening, at + len(opening)
    if not source.startswith("(?", at):
        return "(", at + 1
    named = re.compile(r"\(\?P?<([A-Za-z_]\w*)>").match(source, at)
    if named:
        return f"(?<{named.group(1)}>", named.end()
    reference = re.compile(r"\(\?P=([A-Za-z_]\w*)\)").match(source, at)
    if reference:
        return rf"\k<{reference.group(1)}>", reference.end()
    if source.startswith("(?#", at):
        end = source.find(")", at)
        if end < 0:
            raise Untranslatable("an unterminated comment (?#")
        return "", end + 1
    flags = _INLINE_FLAGS.match(source, at)
    if flags and not flags.group(2) and set(flags.group(1)) <= set("iu"):
        # The whole pattern is matched case-insensitively already, and Unicode is the default.
        return ("(?:" if flags.group(3) == ":" else ""), flags.end()
    if flags:
        raise Untranslatable(f"inline flags {flags.group()}")
    if source.startswith("(?>", at):
        raise Untranslatable("an atomic group (?>...)")
    raise Untranslatable(f"the group {source[at:at + 3]}...")


# ---------------------------------------------------------------- report
#: What the table's header promises, written above it.
SAME_RUN = (
    "Every ratio divides two figures measured in this one run, on this machine: claimlint against each "
    "peer, claimlint against the Hyperscan ceiling, one process against two. The absolute figures are "
    "this run's and move with the machine's load; quote the ratios, each with the run it came from."
)


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"


def faster(theirs: float, mine: float) -> str:
    """claimlint's time against a peer's, said the way round that reads as a number above 1."""
    return f"{theirs / mine:.2f}x faster" if theirs >= mine else f"{mine / theirs:.2f}x slower"


def table(mine: dict, theirs: dict, pages: int) -> str:
    rows = [
        "| measure | claimlint, this run | peer, same run | ratio, same run | target |",
        "|---|---|---|---|---|",
        f"| start-up, 2 KB page (median) | {mine['startup'] * 1000:.0f} ms | | | <= 150 ms |",
    ]
    prh = theirs.get("prh")
    textlint = f"textlint 15 + prh, {prh['patterns']} of {prh['of']} patterns" if prh else "textlint"
    peers = (("textlint", textlint, ">= 3x faster", ">= 10x"), ("proselint", "proselint", "", ""))
    for name, label, target, _ in peers:
        if (name, "startup") in theirs:
            peer = theirs[(name, "startup")]
            rows.append(f"| start-up vs {label} | {mine['startup'] * 1000:.0f} ms | {peer * 1000:.0f} ms | "
                        f"{faster(peer, mine['startup'])} | {target} |")
    for fmt in generate.FORMATS:
        rows.append(f"| throughput, {fmt} site, 1 process | {mine[('throughput', fmt)]:.2f} MB/s | | | >= 20 MB/s (txt) |")
        rows.append(f"| throughput, {fmt} site, --jobs 2 | {mine[('throughput2', fmt)]:.2f} MB/s | | "
                    f"{ratio(mine[('throughput2', fmt)], mine[('throughput', fmt)])} of 1 process | >= 1.7x |")
    for name, label, _, target in peers:
        if (name, "throughput") in theirs:
            rows.append(peer_throughput_row(theirs, name, label, target))
    if ("hyperscan", "throughput") in theirs:
        ceiling, own = theirs[("hyperscan", "throughput")], mine[("throughput", "txt")]
        rows.append(f"| raw scan ceiling (Hyperscan, {theirs[('hyperscan', 'detail')]}; its scan alone, "
                    f"in process) | {own:.2f} MB/s | {ceiling:.0f} MB/s | {own / ceiling:.4f} of it "
                    f"({ratio(ceiling, own)} slower) | within 20x |")
    base_mb, base_s = mine[("growth", 1)]
    for factor in (1, 4, 16):
        mb, seconds = mine[("growth", factor)]
        rows.append(f"| growth {factor}x ({mb:.1f} MB) | {seconds:.1f} s | | {seconds / base_s:.1f}x the time for {mb / base_mb:.0f}x the text | linear |")
    rows.append(f"| peak memory, {mine['site_mb']:.1f} MB site ({pages} pages) | {mine['peak_mb']:.0f} MB | | | < 150 MB |")
    lsp = f"{mine['lsp'] * 1000:.0f} ms" if mine.get("lsp") else "failed"
    rows.append(f"| language server, didChange -> diagnostics, 200 KB page, an edit after a pause in typing | {lsp} | | | <= 50 ms |")
    lsp = f"{mine['lsp-burst'] * 1000:.0f} ms" if mine.get("lsp-burst") else "failed"
    rows.append(f"| language server, the same with edits back to back (waits out the 50 ms window) | {lsp} | | | |")
    cold, warm, _ = mine["big_pack"]
    rows.append(f"| 5,000 extra rules: first run (compiles) / later runs (cached), 200 KB page | {cold:.1f} s / {warm:.1f} s | | | runs |")
    return "\n".join(rows)


def peer_throughput_row(theirs: dict, name: str, label: str, target: str) -> str:
    """claimlint against a peer on the same first pages of the site, with both one's findings."""
    mine, peer = theirs[("claimlint", "throughput")], theirs[(name, "throughput")]
    files = (f"the txt site's first {theirs['peer_pages']} pages, {theirs['peer_mb']:.2f} MB, 1 process; "
             f"findings: claimlint {theirs[('claimlint', 'findings')]:,}, {name} {theirs[(name, 'findings')]:,}")
    return f"| throughput vs {label} ({files}) | {mine:.2f} MB/s | {peer:.3g} MB/s | {ratio(mine, peer)} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--growth-base", type=int, default=125, help="pages of the 1x growth site")
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--peer-pages", type=int, default=20,
                        help="pages of the txt site the peers (and claimlint, for their ratio) lint")
    args = parser.parse_args()
    try:
        run(args)
    except PeerFailed as error:
        print(f"compare.py: {error}\nNothing was written: a figure from a run that did not lint would be a lie.",
              file=sys.stderr)
        sys.exit(1)


def run(args: argparse.Namespace) -> None:
    import regex
    from linter import default_rules

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, regex {regex.__version__}"
    print(f"machine: {machine}")
    load_before = os.getloadavg()[0]
    patterns = trigger_patterns(default_rules())
    print(f"{len(patterns)} trigger patterns; measuring (several minutes)...", file=sys.stderr)
    theirs: dict = {}
    if not args.no_peers:
        peers, theirs["prh"] = install_peers(patterns)  # first: a broken peer stops the run early
    made = inputs(args.pages, args.growth_base)
    mine = claimlint_figures(made, args.startup_runs)
    if not args.no_peers:
        theirs.update(peer_figures(peers, made, args.startup_runs, patterns, args.peer_pages))
    result = table(mine, theirs, args.pages)
    print(result)
    stamp = time.strftime("%Y-%m-%d")
    load = f"load average (1 min) {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    results = BENCH / "RESULTS.md"
    results.write_text(
        f"# Benchmark results\n\nMeasured {stamp} with `python bench/compare.py --pages {args.pages}` on {machine}, {load}. "
        f"{SAME_RUN}\n\n{result}\n" + later_sections(results),
        encoding="utf-8",
    )


def later_sections(results: Path) -> str:
    """The sections after the table (from its first `## ` heading on), which other
    benchmarks' runs wrote: this run replaces only the table."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    at = old.find("\n## ")
    return old[at:] if at >= 0 else ""


if __name__ == "__main__":
    main()
