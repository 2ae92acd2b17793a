"""``claimlint test-rules``: every rule of a pack against its own examples.

A rule pack carries its tests: ``examples.flag`` (sentences the rule must flag),
``examples.pass`` (sentences it must leave alone) and ``examples.fixed`` (what its fix
must make of a sentence). The bundled pack's are run by the test suite; a clinic's pack
has no test suite, so this runs the same checks, with the same functions (``lint_text``
with only the rule selected, ``fix_text`` with unsafe fixes), and names the line of each
example that fails, so a pack's author can fix it without reading Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from .api import lint_text
from .fixer import fix_text
from .loader import default_pack_path, example_lines
from .rules import Rule, Ruleset


class Failure(NamedTuple):
    """One example its rule gets wrong, located like a loader error."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


@dataclass
class Outcome:
    """What a run found: how many rules and examples were checked, and what failed."""

    rules: int = 0
    examples: int = 0
    failures: list[Failure] = field(default_factory=list)


class Plan(NamedTuple):
    """The packs to load (``paths``, after the bundled one when ``default``) and the
    sources whose rules are tested (``Rule.source`` spells them so)."""

    paths: tuple[str, ...]
    default: bool
    targets: tuple[str, ...]


def plan(packs: Iterable[str], use_default: bool) -> Plan:
    """What to load for ``test-rules PACK...``: no PACK tests the bundled pack. Packs may
    use the bundled vocabularies, so it loads first; naming it as a PACK too would load it
    twice (every id a duplicate), so it is then loaded once, as the bundled pack."""
    bundled = default_pack_path()
    packs = [str(Path(pack)) for pack in packs]
    if not packs:
        return Plan((), True, (str(bundled),))
    named_bundled = [pack for pack in packs if _same_file(pack, bundled)]
    if named_bundled and use_default:
        others = tuple(pack for pack in packs if pack not in named_bundled)
        return Plan(others, True, (str(bundled), *others))
    return Plan(tuple(packs), use_default, tuple(packs))


def _same_file(path: str, other: Path) -> bool:
    try:
        return Path(path).resolve() == other.resolve()
    except OSError:
        return False


def check_flag(rule: Rule, ruleset: Ruleset, text: str) -> str | None:
    """Why ``text`` fails as a flag example of ``rule`` (None: the rule flags it). The rule
    runs alone, so another rule of its category cannot hide it (findings are de-duplicated
    per category)."""
    if lint_text(text, rules=ruleset, select=[rule.id]):
        return None
    return f"flag example not flagged: {text!r}"


def check_pass(rule: Rule, ruleset: Ruleset, text: str) -> str | None:
    """Why ``text`` fails as a pass example of ``rule`` (None: the rule leaves it alone)."""
    findings = lint_text(text, rules=ruleset, select=[rule.id])
    if not findings:
        return None
    return f"pass example flagged at {findings[0].text!r}: {text!r}"


def check_fixed(rule: Rule, ruleset: Ruleset, source: str, target: str) -> str | None:
    """Why the fixed example (``source`` fixed must give ``target``) fails, or None. Fixing
    ``target`` again must change nothing, or ``--fix`` would never settle."""

    def lint(text: str) -> list:
        return lint_text(text, rules=ruleset, select=[rule.id])

    got = fix_text(source, lint, unsafe=True).text
    if got != target:
        return f"fixed example gives {got!r}, expected {target!r}"
    again = fix_text(target, lint, unsafe=True).text
    if again != target:
        return f"fixed example changes again when fixed: {target!r} gives {again!r}"
    return None


def check_rule(
    rule: Rule, ruleset: Ruleset, lines: dict[str, list[int]]
) -> tuple[int, list[Failure]]:
    """How many examples ``rule`` has, and those it fails; ``lines`` are the examples' lines
    (see ``loader.example_lines``): an example whose line is unknown is named by its rule's."""

    def line_of(kind: str, position: int) -> int:
        found = lines.get(kind, [])
        return found[position] if position < len(found) else rule.line

    checks = [("flag", i, lambda text=text: check_flag(rule, ruleset, text))
              for i, text in enumerate(rule.examples.flag)]
    checks += [("pass", i, lambda text=text: check_pass(rule, ruleset, text))
               for i, text in enumerate(rule.examples.passing)]
    checks += [("fixed", i, lambda pair=pair: check_fixed(rule, ruleset, *pair))
               for i, pair in enumerate(rule.examples.fixed)]
    failures = []
    for kind, position, check in checks:
        problem = check()
        if problem:
            failures.append(Failure(rule.source, line_of(kind, position), rule.id, problem))
    return len(checks), failures


def check_packs(ruleset: Ruleset, targets: Iterable[str], read: Callable[[str], str]) -> Outcome:
    """Every rule of the ``targets`` packs against its examples; ``read`` gives a pack's text
    (for the examples' lines)."""
    targets = set(targets)
    outcome = Outcome()
    texts: dict[str, str] = {}
    for rule in ruleset.rules:
        if rule.source not in targets:
            continue
        if rule.source not in texts:
            texts[rule.source] = read(rule.source)
        count, failures = check_rule(rule, ruleset, example_lines(texts[rule.source], rule.line))
        outcome.rules += 1
        outcome.examples += count
        outcome.failures += failures
    _check_profiles(ruleset, targets, read, outcome)
    return outcome


def _check_profiles(
    ruleset: Ruleset, targets: set[str], read: Callable[[str], str], outcome: Outcome
) -> None:
    """The examples that belong to a profile, each linted with that profile's rules: a rule of
    some profiles only counts as a rule, an override's examples as examples of its rule, tested
    with the pack that wrote them (whoever wrote the rule). A failure names the profile; an
    override's examples are located at the line of their ``examples`` key."""
    from .profiles import examples_to_run

    own = {id(rule) for rule in ruleset.profile_rules}
    for name, rule in examples_to_run(ruleset):
        if id(rule) in own:
            source, line = rule.source, rule.line
        else:
            source, line = ruleset.profiles[name].examples_from[rule.id]
        if source not in targets:
            continue
        lines = example_lines(read(source), rule.line) if id(rule) in own else {}
        count, failures = check_rule(rule, ruleset.under(name), lines)
        outcome.rules += id(rule) in own
        outcome.examples += count
        outcome.failures += [
            failure._replace(path=source, line=failure.line if id(rule) in own else line,
                             rule=f"{failure.rule} [profile {name}]")
            for failure in failures
        ]


def read_pack(path: str) -> str:
    """A pack's text as the loader read it (a byte-order mark is not a line)."""
    return Path(path).read_bytes().decode("utf-8-sig")


def summary(outcome: Outcome) -> str:
    """The last line of a run: ``claimlint test-rules: 2 rules, 6 examples: all pass``."""
    rules = f"{outcome.rules} rule{'' if outcome.rules == 1 else 's'}"
    examples = f"{outcome.examples} example{'' if outcome.examples == 1 else 's'}"
    result = f"{len(outcome.failures)} failed" if outcome.failures else "all pass"
    return f"claimlint test-rules: {rules}, {examples}: {result}"
