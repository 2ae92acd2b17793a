"""Loading rule packs: TOML in, a compiled ``Ruleset`` out, or errors that say where.

A rule pack is the project's most edited file, and a silently ignored typo
("sugestions") is a rule that quietly stops doing its job. So loading is
strict: every unknown key, wrong type, duplicate id, unknown category or kind,
undefined vocabulary and invalid pattern is reported with the file, the line
and the rule, all at once, before anything is linted.

A pack is::

    [pack]                      # optional: name, description
    [vocabulary]                # name = [phrases]  (new word lists)
    [extend-vocabulary]         # name = [phrases]  (added to another pack's list)
    [profile.NAME]              # a jurisdiction profile (see profiles.py)
    [[rule]]                    # one table per rule; keys in docs/ and README
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

import re as regex  # stdlib re for the loader's own helpers; rule patterns use the regex module (patterns.py)

from . import patterns
from .findings import SEVERITIES
from .read_errors import not_a_settings_file, reason
from .kinds import KINDS
from .rules import CATEGORIES, Examples, FixOption, KeySpec, Rule, Ruleset
from .toml_reader import ShapeError, loads, toml


DEFAULT_PACK = "rules.toml"

COMMON_KEYS = {
    "id": KeySpec("str", required=True),
    "kind": KeySpec("str", required=True),
    "severity": KeySpec("str", required=True),
    "message": KeySpec("str", required=True),
    "description": KeySpec("str"),
    "suggestions": KeySpec("list", required=True),
    "suggestions-for": KeySpec("table"),
    "message-for": KeySpec("table"),
    "fix": KeySpec("fixes"),
    "why": KeySpec("str", required=True),
    "references": KeySpec("list", required=True),
    "examples": KeySpec("table", required=True),
    "profiles": KeySpec("list"),
}
FIX_KEYS = {"replacement": KeySpec("str", required=True), "applicability": KeySpec("str", required=True), "when": KeySpec("list")}
EXAMPLE_KEYS = {"flag": KeySpec("list", required=True), "pass": KeySpec("list"), "fixed": KeySpec("pairs")}
TOP_LEVEL_KEYS = {"pack", "vocabulary", "extend-vocabulary", "rule", "profile"}
PACK_KEYS = {"name", "description"}
APPLICABILITIES = ("safe", "unsafe")
_ID = regex.compile(r"[a-z][a-z0-9]*\.[a-z0-9][a-z0-9-]*")


class LoadError(NamedTuple):
    """One problem in one pack, located as precisely as the TOML allows."""

    path: str
    line: int
    message: str
    rule: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: rule '{self.rule}': {self.message}" if self.rule else f"{where}: {self.message}"


class RulesError(Exception):
    """Raised with every ``LoadError`` found; the CLI prints them and exits 2."""

    def __init__(self, errors: list[LoadError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class _Pack:
    path: str
    data: dict
    lines: "_LineFinder"


class _LineFinder:
    """Finds the line of a rule or a key in the TOML text, which tomllib does not keep."""

    _HEADER = regex.compile(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", regex.MULTILINE)

    def __init__(self, text: str):
        self.text = text
        self.headers = [text.count("\n", 0, m.start()) + 1 for m in self._HEADER.finditer(text)]
        self.lines = text.split("\n")

    def rule(self, index: int) -> int:
        return self.headers[index] if index < len(self.headers) else 0

    def key(self, index: int, key: str) -> int:
        """Line of ``key`` inside rule ``index`` (or of the rule when not found)."""
        start = self.rule(index)
        end = self.rule(index + 1) or len(self.lines) + 1
        bare = regex.escape(key.split(".")[-1])
        probe = regex.compile(rf'(?:^|[{{,\s])(?:"{bare}"|{bare})[ \t]*=|^[ \t]*\[rule\.{bare}\]')
        for number in range(start, end):
            if number >= 1 and probe.search(self.lines[number - 1]):
                return number
        return start

    def occurrences(self, index: int, key: str) -> list[int]:
        """Every line of rule ``index`` that sets ``key`` (a ``when`` in each of several fixes)."""
        start = self.rule(index)
        end = self.rule(index + 1) or len(self.lines) + 1
        probe = regex.compile(rf'(?:^|[{{,\s])(?:"{regex.escape(key)}"|{regex.escape(key)})[ \t]*=')
        return [line for line in range(max(start, 1), end) if probe.search(self.lines[line - 1])]

    def items(self, line: int, key: str) -> list[int]:
        """The line of each element of the array ``key = [...]`` that opens on ``line``, in order.

        Phrases and examples are listed many to a line or one per line, so a message about
        one of them should name its own line, not its key's; empty when no array opens there.
        """
        if not 1 <= line <= len(self.lines):
            return []
        bare = regex.escape(key.split(".")[-1])
        opening = rf'(?:^|[{{,\s])(?:"{bare}"|{bare})[ \t]*=[ \t]*\['
        found = regex.search(opening, self.lines[line - 1])
        if not found:
            return []
        start = sum(len(text) + 1 for text in self.lines[:line - 1]) + found.end()
        return [self.text.count("\n", 0, offset) + 1 for offset in _array_items(self.text, start)]

    def anywhere(self, key: str) -> int:
        probe = regex.compile(rf'^[ \t]*(?:"{regex.escape(key)}"|{regex.escape(key)})[ \t]*=')
        for number, line in enumerate(self.lines, 1):
            if probe.match(line):
                return number
        return 0


def _array_items(text: str, start: int) -> list[int]:
    """Offsets where each element of the TOML array whose ``[`` ends just before ``start``
    begins; a small scanner, because strings may hold brackets, commas and ``#``."""
    offsets: list[int] = []
    depth, i, expecting = 1, start, True
    while i < len(text) and depth:
        char = text[i]
        if char == "#":
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
            continue
        if char in " \t\r\n":
            i += 1
            continue
        if depth == 1 and expecting and char not in ",]":
            offsets.append(i)
            expecting = False
        if char == "," and depth == 1:
            expecting = True
        if text.startswith(('"""', "'''"), i):
            end = text.find(text[i:i + 3], i + 3)
            i = len(text) if end < 0 else end + 3
            while i < len(text) and text[i] == text[i - 1]:  # a closing quote inside """...""""
                i += 1
            continue
        if char in "\"'":
            i += 1
            while i < len(text) and text[i] not in (char, "\n"):
                i += 2 if char == '"' and text[i] == "\\" else 1
            i += 1
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        i += 1
    return offsets


def example_lines(text: str, rule_line: int) -> dict[str, list[int]]:
    """The line of each ``flag``, ``pass`` and ``fixed`` example of the rule whose ``[[rule]]``
    header is on ``rule_line`` of a pack's ``text`` (``claimlint test-rules`` names them).

    A list it cannot read element by element is left out: the caller falls back to the rule.
    """
    finder = _LineFinder(text)
    if rule_line not in finder.headers:
        return {}
    index = finder.headers.index(rule_line)
    found = {}
    for kind in ("flag", "pass", "fixed"):
        items = finder.items(finder.key(index, f"examples.{kind}"), kind)
        if items:
            found[kind] = items
    return found


def default_pack_path() -> Path:
    """The bundled pack: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / DEFAULT_PACK
    return bundled if bundled.is_file() else here.parent / DEFAULT_PACK


def load_rules(
    paths: Iterable[str | Path] = (),
    default: bool = True,
    vocabulary: Iterable[tuple[str, Iterable[str]]] = (),
    vocabulary_source: str = "configuration",
) -> Ruleset:
    """Load the default pack (unless ``default`` is false) and ``paths``, in order.

    Later packs may add rules and extend earlier vocabularies; they may not
    reuse an id. ``vocabulary`` adds entries to existing word lists (a clinic's
    product names from its configuration). Raises ``RulesError`` listing every
    problem found. Compiled packs are cached (see ``cache.py``).
    """
    from . import cache

    sources = _distinct(([default_pack_path()] if default else []) + [Path(path) for path in paths])
    vocabulary = tuple((name, tuple(entries)) for name, entries in vocabulary)
    cache_key = cache.key(sources, (vocabulary, vocabulary_source))
    def build() -> Ruleset:
        ruleset = _load(sources, vocabulary, vocabulary_source)
        ruleset.scanner  # built now, so the cache holds it too
        ruleset.products
        return ruleset

    return cache.cached(cache_key, build)


def _distinct(sources: list[Path]) -> list[Path]:
    """The packs in order, each file once: a pack named by the configuration and again with
    `--rules` is the same pack, not a second one whose every rule is a duplicate."""
    seen: set[Path] = set()
    kept = []
    for source in sources:
        try:
            identity = source.resolve()
        except (OSError, RuntimeError):
            identity = source.absolute()
        if identity not in seen:
            seen.add(identity)
            kept.append(source)
    return kept


def _load(sources: list[Path], vocabulary, vocabulary_source: str) -> Ruleset:
    errors: list[LoadError] = []
    packs = [pack for pack in (_read(source, errors) for source in sources) if pack is not None]
    vocabulary_lists = _vocabularies(packs, errors)
    for name, entries in vocabulary:
        if name not in vocabulary_lists:
            errors.append(LoadError(vocabulary_source, 0, _unknown("vocabulary", name, vocabulary_lists)))
        else:
            vocabulary_lists[name] = vocabulary_lists[name] + list(entries)
    vocabulary = vocabulary_lists
    compiled_vocabulary = _compile_vocabularies(vocabulary, packs, errors)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for pack in packs:
        for index, table in enumerate(pack.data.get("rule", [])):
            rule = _rule(pack, index, table, compiled_vocabulary, errors)
            if rule is None:
                continue
            if rule.id in seen:
                errors.append(LoadError(pack.path, rule.line, f"duplicate id: first defined at {seen[rule.id]}", rule.id))
                continue
            seen[rule.id] = f"{pack.path}:{rule.line}"
            rules.append(rule)
    profiles = _profiles(packs, rules, errors)
    if errors:
        raise RulesError(errors)
    warnings = [warning for pack in packs for warning in _phrase_warnings(pack)]
    return Ruleset([rule for rule in rules if not rule.profiles], vocabulary, [pack.path for pack in packs],
                   warnings, profiles=profiles, profile_rules=[rule for rule in rules if rule.profiles])


_PROFILE_NAME = regex.compile(r"[a-z][a-z0-9-]*")
_PROFILE_TYPES = {"name": "str", "description": "str", "extends": "str", "disable": "list",
                  "enable": "list", "rule": "table"}


class _ProfileLines:
    """Lines of ``[profile.NAME]`` and ``[profile.NAME.rule."ID"]`` tables and of their keys."""

    _HEADER = regex.compile(r'^[ \t]*\[[ \t]*profile\.("?)([^".\]]+)\1(?:\.rule\.("?)([^"\]]+)\3)?[ \t]*\]',
                            regex.MULTILINE)
    _ANY_HEADER = regex.compile(r"^[ \t]*\[", regex.MULTILINE)

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.headers = {(m.group(2), m.group(4) or ""): text.count("\n", 0, m.start()) + 1
                        for m in self._HEADER.finditer(text)}
        self.tables = [text.count("\n", 0, m.start()) + 1 for m in self._ANY_HEADER.finditer(text)]

    def of(self, name: str, rule: str = "", key: str = "") -> int:
        """The line of ``key`` in that table (or of the table; 0 when it has no header of its
        own, as in an inline table: the caller falls back to the profile's line)."""
        start = self.headers.get((name, rule), 0)
        if not key or not start:
            return start
        end = next((line for line in self.tables if line > start), len(self.lines) + 1)
        probe = regex.compile(rf'^[ \t]*(?:"{regex.escape(key)}"|{regex.escape(key)})[ \t]*=')
        return next((n for n in range(start + 1, end) if probe.match(self.lines[n - 1])), start)


class _Deferred(NamedTuple):
    """A name in a profile table that can be checked only once every pack is read."""

    path: str
    line: int
    check: Callable[..., "str | None"]
    value: object


def _profiles(packs: list[_Pack], rules: list[Rule], errors: list[LoadError]) -> dict:
    """Every pack's ``[profile.*]`` tables, merged in load order and checked against the rules:
    an override or a ``disable`` naming no rule, an ``extends`` naming no profile, a cycle of
    them, or a rule's ``profiles`` naming one no pack defines, is an error with its line."""
    from .profiles import Profile, unknown

    profiles: dict[str, Profile] = {}
    deferred: list[_Deferred] = []
    for pack in packs:
        tables = pack.data.get("profile", {})
        lines = _ProfileLines(pack.lines.text)
        if not isinstance(tables, dict):
            line = _table_line(pack.lines.text, "profile")
            errors.append(LoadError(pack.path, line, "'profile' must be a table: write [profile.NAME]"))
            continue
        for name, table in tables.items():
            line = lines.of(name) or pack.lines.anywhere(name)
            if not _PROFILE_NAME.fullmatch(name):
                errors.append(LoadError(pack.path, line, f"profile name '{name}' must be lower case letters, "
                                        "digits and '-', starting with a letter"))
            elif not isinstance(table, dict):
                errors.append(LoadError(pack.path, line, f"profile '{name}' must be a table: write [profile.{name}]"))
            else:
                profile = profiles.setdefault(name, Profile(name, source=pack.path, line=line))
                deferred += _profile(pack, lines, profile, table, errors)
    for item in deferred:
        problem = item.check(item.value, profiles, rules)
        if problem:
            errors.append(LoadError(item.path, item.line, problem))
    errors += [LoadError(rule.source, rule.line, f"in profiles: {unknown(name, profiles)}", rule.id)
               for rule in rules for name in rule.profiles if name not in profiles]
    return profiles


def _profile(pack: _Pack, lines: _ProfileLines, profile, table: dict, errors: list[LoadError]) -> list[_Deferred]:
    """Read one pack's ``[profile.NAME]`` table into ``profile`` (adding to what earlier packs
    set); returns the names it holds, to check once every pack is read."""
    name = profile.name
    deferred: list[_Deferred] = []
    for key, value in table.items():
        line = lines.of(name, "", key) or lines.of(name)
        kind = _PROFILE_TYPES.get(key)
        if kind is None:
            errors.append(LoadError(pack.path, line, f"in [profile.{name}]: {_unknown('key', key, _PROFILE_TYPES)}"))
        elif not _is_type(kind, value):
            errors.append(LoadError(pack.path, line, f"[profile.{name}] '{key}' must be {_describe(kind)}, "
                                    f"not {_toml_type(value)}"))
        elif key in ("name", "description", "extends"):
            setattr(profile, "title" if key == "name" else key, value)
            if key == "extends":
                deferred.append(_Deferred(pack.path, line, _check_extends, name))
        elif key in ("disable", "enable"):
            setattr(profile, key, getattr(profile, key) + tuple(value))
            deferred += [_Deferred(pack.path, line, _check_rule_name, (f"[profile.{name}] {key}", item, True))
                         for item in value]
    overrides = table.get("rule")
    for rule_id, changes in overrides.items() if isinstance(overrides, dict) else ():
        line = lines.of(name, rule_id) or lines.of(name)
        deferred.append(_Deferred(pack.path, line, _check_rule_name, (f"[profile.{name}.rule]", rule_id, False)))
        _override(pack.path, lambda key: lines.of(name, rule_id, key) or line, profile, rule_id, changes, errors)
    return deferred


def _override(path: str, line_of, profile, rule_id: str, changes: object, errors: list[LoadError]) -> None:
    """Check one ``[profile.NAME.rule."ID"]`` table and keep it in ``profile.overrides``: the same
    keys, types and template slots as a rule's, and only those that change what a rule says."""
    from .profiles import OVERRIDE_KEYS, rule_fields

    before = len(errors)
    where = f'in [profile.{profile.name}.rule."{rule_id}"]'

    def fail(key: str, message: str) -> None:
        errors.append(LoadError(path, line_of(key.split(".")[0]), f"{where}: {message}"))

    if not isinstance(changes, dict):
        fail("", "an override must be a table of the keys it changes")
        return
    _check_table(changes, {key: KeySpec(COMMON_KEYS[key].type) for key in OVERRIDE_KEYS}, "", fail)
    if isinstance(changes.get("severity"), str) and changes["severity"] not in SEVERITIES:
        fail("severity", _unknown("severity", changes["severity"], SEVERITIES))
    if isinstance(changes.get("suggestions"), list) and not changes["suggestions"]:
        fail("suggestions", "'suggestions' needs at least one compliant rewrite")
    _check_templates(changes, fail)
    if isinstance(changes.get("examples"), dict):
        example_keys = {key: KeySpec(spec.type) for key, spec in EXAMPLE_KEYS.items()}
        _check_table(changes["examples"], example_keys, "examples.", fail)
    if len(errors) == before:
        fields = dict(rule_fields(key, value) for key, value in changes.items())
        profile.overrides[rule_id] = {**profile.overrides.get(rule_id, {}), **fields}
        if "examples" in changes:
            profile.examples_from[rule_id] = (path, line_of("examples"))


def _check_extends(name: str, profiles: dict, rules: list[Rule]) -> str | None:
    """Why ``name``'s ``extends`` chain is broken (a profile no pack defines, a cycle), or None."""
    from .profiles import unknown

    chain = [name]
    while profiles[chain[-1]].extends:
        parent = profiles[chain[-1]].extends
        if parent not in profiles:
            return f"[profile.{chain[-1]}] extends: {unknown(parent, profiles)}"
        if parent in chain:
            return f"[profile.{name}] extends forms a cycle: {' -> '.join(chain + [parent])}"
        chain.append(parent)
    return None


def _check_rule_name(value: tuple, profiles: dict, rules: list[Rule]) -> str | None:
    """Why a profile's rule name (``disable``, ``enable``: a category too) names nothing, or None."""
    where, name, categories = value
    known = {rule.id for rule in rules} | (set(CATEGORIES) if categories else set())
    if name in known:
        return None
    return f"{where}: {_unknown('rule or category' if categories else 'rule', name, known)}"


def _is_type(kind: str, value: object) -> bool:
    expected = {"str": str, "list": list, "table": dict}[kind]
    return isinstance(value, expected) and (kind != "list" or _is_string_list(value))


_NESTED_QUANTIFIER = regex.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\})")
_RULE_PHRASE_KEYS = ("patterns", "exclude", "with", "unless", "hedge", "unless-before",
                     "unless-page", "weaken", "expect", "with-page", "uses")


class _Written(NamedTuple):
    """One phrase as a pack writes it, located on its own line, for a warning about it."""

    line: int
    rule: str
    where: str  # "patterns", "fix.when", "vocabulary 'treatment', entry"
    source: str


def _phrase_warnings(pack: "_Pack") -> list[LoadError]:
    """What is worth saying about a pack that still loads: raw patterns with a repeated group
    that itself repeats ((a+)+, (\\w+\\s?)*), which can take exponential time (the time budget
    stops them), and plain phrases written like regexes ('\\d+ times', 'optimi[sz]e'), which
    compile and then match text nobody writes: either way the rule quietly does less."""
    warnings = []
    for phrase in _phrases(pack):
        if phrase.source.startswith(patterns.RAW_PREFIX):
            if not _NESTED_QUANTIFIER.search(phrase.source):
                continue
            problem = ("a nested quantifier can take exponential time; "
                       "claimlint stops it after its time budget")
        else:
            habits = patterns.regex_habits(phrase.source)
            if not habits:
                continue
            problem = (f"reads like a regular expression, but is a phrase: {'; '.join(habits)} "
                       "(start it with 're:' to make it a regular expression)")
        message = f"in {phrase.where} {phrase.source!r}: {problem}"
        warnings.append(LoadError(pack.path, phrase.line, message, phrase.rule))
    return warnings


def _phrases(pack: "_Pack") -> Iterator[_Written]:
    """Every phrase of a pack (vocabulary entries, each rule's phrase lists, its fixes'
    ``when`` and its approvals' products and uses), each with its own line."""
    lines = pack.lines
    for section in ("vocabulary", "extend-vocabulary"):
        table = pack.data.get(section)
        for name, entries in table.items() if isinstance(table, dict) else ():
            if _is_string_list(entries):
                line = lines.anywhere(name)
                where = f"vocabulary '{name}', entry"
                yield from _located(lines.items(line, name), line, "", where, entries)
    for index, table in enumerate(pack.data.get("rule", [])):
        if not isinstance(table, dict):
            continue
        rule_id = table["id"] if isinstance(table.get("id"), str) else f"#{index + 1}"
        approvals = table.get("approvals")
        nested = [("fix.when", "when", fix) for fix in _fix_tables(table)]
        nested += [(f"approvals.{name}.{key}", key, entry)
                   for name, entry in (approvals.items() if isinstance(approvals, dict) else ())
                   if isinstance(entry, dict) for key in ("products", "for")]
        lists = [(key, key, table[key], lines.key(index, key))
                 for key in _RULE_PHRASE_KEYS if key in table]
        seen: dict[str, int] = {}
        for where, key, owner in nested:
            if key in owner:
                occurrence = seen[key] = seen.get(key, -1) + 1
                found = lines.occurrences(index, key)
                line = found[occurrence] if occurrence < len(found) else lines.key(index, key)
                lists.append((where, key, owner[key], line))
        for where, key, entries, line in lists:
            if _is_string_list(entries):
                yield from _located(lines.items(line, key), line, rule_id, where, entries)


def _located(
    item_lines: list[int], line: int, rule: str, where: str, entries: list[str]
) -> Iterator[_Written]:
    """``entries`` with their own lines when the array could be read, else the key's line."""
    if len(item_lines) != len(entries):
        item_lines = [line] * len(entries)
    for item_line, entry in zip(item_lines, entries):
        yield _Written(item_line, rule, where, entry)


def _read(source: Path, errors: list[LoadError]) -> _Pack | None:
    path = str(source)
    refused = not_a_settings_file(source)
    if refused:
        errors.append(LoadError(path, 0, f"cannot read rule pack: {refused}"))
        return None
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        errors.append(LoadError(path, 0, "rule pack not found"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        errors.append(LoadError(path, 0, f"cannot read rule pack: {reason(error)}"))
        return None
    tomllib = toml()
    try:
        data = loads(text)
    except (tomllib.TOMLDecodeError, ShapeError) as error:
        line = getattr(error, "lineno", 0) or _line_from_message(str(error))
        errors.append(LoadError(path, line, f"invalid TOML: {error}"))
        return None
    lines = _LineFinder(text)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(LoadError(path, lines.anywhere(key) or _table_line(text, key), _unknown("key", key, TOP_LEVEL_KEYS)))
    if not isinstance(data.get("rule", []), list):
        errors.append(LoadError(path, _table_line(text, "rule"), "'rule' must be an array of tables: write [[rule]]"))
        data["rule"] = []
    for key in data.get("pack", {}) if isinstance(data.get("pack"), dict) else ():
        if key not in PACK_KEYS:
            errors.append(LoadError(path, lines.anywhere(key), _unknown("key in [pack]", key, PACK_KEYS)))
    return _Pack(path, data, lines)


def _line_from_message(message: str) -> int:
    found = regex.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 0


def _table_line(text: str, key: str) -> int:
    found = regex.search(rf"^[ \t]*\[+[ \t]*{regex.escape(key)}[ \t]*\]", text, regex.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def _unknown(what: str, key: str, known: Iterable[str]) -> str:
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"
    return f"unknown {what} '{key}'{hint}"


def _vocabularies(packs: list[_Pack], errors: list[LoadError]) -> dict[str, list[str]]:
    vocabulary: dict[str, list[str]] = {}
    defined: dict[str, str] = {}
    for pack in packs:
        for section, extending in (("vocabulary", False), ("extend-vocabulary", True)):
            table = pack.data.get(section, {})
            if not isinstance(table, dict):
                errors.append(LoadError(pack.path, _table_line(pack.lines.text, section), f"[{section}] must be a table"))
                continue
            for name, entries in table.items():
                line = pack.lines.anywhere(name)
                if not _is_string_list(entries):
                    errors.append(LoadError(pack.path, line, f"vocabulary '{name}' must be a list of strings"))
                elif not regex.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
                    errors.append(LoadError(pack.path, line, f"vocabulary name '{name}' must start with a letter and hold only letters, digits, '-' and '_'"))
                elif extending and name not in vocabulary:
                    errors.append(LoadError(pack.path, line, _unknown("vocabulary to extend", name, vocabulary)))
                elif not extending and name in vocabulary:
                    errors.append(LoadError(pack.path, line, f"vocabulary '{name}' is already defined at {defined[name]}; "
                                            "to add words to it, list them under [extend-vocabulary] instead"))
                else:
                    defined.setdefault(name, f"{pack.path}:{line}")
                    vocabulary.setdefault(name, []).extend(entries)
    return vocabulary


def _compile_vocabularies(vocabulary: dict[str, list[str]], packs: list[_Pack], errors: list[LoadError]) -> dict[str, patterns.Compiled]:
    """Compile every vocabulary; a broken one is reported and matches nothing, so
    the rules that use it are still checked for their own errors."""
    remaining = dict(vocabulary)
    while True:
        try:
            return patterns.compile_vocabularies(remaining)
        except patterns.PatternError as error:
            name = getattr(error, "name", None)
            pack = next((pack for pack in reversed(packs) if name and pack.lines.anywhere(name)), packs[0] if packs else None)
            line = pack.lines.anywhere(name) if pack and name else 0
            errors.append(LoadError(pack.path if pack else "", line, str(error)))
            if name is None or name not in remaining or remaining[name] == ["re:(?!)"]:
                return {key: (r"(?!)", frozenset()) for key in vocabulary}
            remaining[name] = ["re:(?!)"]


def _rule(pack: _Pack, index: int, table: object, vocabulary: dict[str, str], errors: list[LoadError]) -> Rule | None:
    line = pack.lines.rule(index)
    if not isinstance(table, dict):
        errors.append(LoadError(pack.path, line, "a [[rule]] must be a table"))
        return None
    rule_id = table.get("id") if isinstance(table.get("id"), str) else f"#{index + 1}"
    before = len(errors)

    def fail(key: str, message: str) -> None:
        errors.append(LoadError(pack.path, pack.lines.key(index, key) if key else line, message, rule_id))

    kind_name = table.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if isinstance(kind_name, str) and kind is None:
        fail("kind", _unknown("kind", kind_name, KINDS))
    allowed = {**COMMON_KEYS, **(kind.KEYS if kind else {})}
    _check_table(table, allowed, "", fail, report_unknown=kind is not None)
    _check_values(table, rule_id, fail)
    if kind is not None and table.get("patterns") == []:
        fail("patterns", "'patterns' needs at least one phrase")
    if kind is not None and hasattr(kind, "check"):
        kind.check(table, fail)  # a kind's own nested tables (an approvals table)
    if len(errors) > before or kind is None:
        return None

    def compile_list(key: str, sources: list | None = None) -> list[patterns.Phrase]:
        """The phrases under ``key`` (or ``sources``, a nested list a kind reads, reported at ``key``)."""
        compiled = []
        for source in table.get(key, []) if sources is None else sources:
            try:
                text, anchors, groups = patterns.compile_phrase(source, vocabulary)
                pattern = patterns.compile_regex(text)
                if pattern.match("") is not None:
                    fail(key, f"in {key} {source!r}: the pattern can match empty text (a 'word?' makes that word optional; write 'word~' for its inflections)")
                    continue
                compiled.append(patterns.Phrase(pattern, anchors, source, groups))
            except patterns.PatternError as error:
                fail(key, f"in {key} {source!r}: {error}")
        return compiled

    matcher = kind.build(table, compile_list)
    fixes = []
    for option in _fix_tables(table):
        when = tuple(phrase.regex for phrase in _compile_when(option.get("when", []), vocabulary, fail))
        fixes.append(FixOption(option["replacement"], option["applicability"], when))
    if len(errors) > before:
        return None
    examples = table["examples"]
    variants = table.get("suggestions-for", {})
    return Rule(
        id=rule_id,
        kind=kind_name,
        severity=table["severity"],
        message=table["message"],
        description=table.get("description", table["message"]),
        suggestions=tuple(table["suggestions"]),
        fixes=tuple(fixes),
        why=table["why"],
        references=tuple(table["references"]),
        examples=Examples(
            tuple(examples["flag"]),
            tuple(examples.get("pass", ())),
            tuple((pair["from"], pair["to"]) for pair in examples.get("fixed", [])),
        ),
        matcher=matcher,
        source=pack.path,
        line=line,
        suggestions_for={kind: tuple(texts) for kind, texts in variants.items()},
        message_for=dict(table.get("message-for", {})),
        profiles=tuple(table.get("profiles", ())),
    )


def _check_table(table: dict, allowed: dict[str, KeySpec], prefix: str, fail, report_unknown: bool = True) -> None:
    for key, value in table.items():
        spec = allowed.get(key)
        if spec is None:
            if report_unknown:
                fail(prefix + key, _unknown("key", prefix + key, [prefix + name for name in allowed]))
            continue
        if spec.type == "fixes":
            if not (isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))):
                fail(prefix + key, f"'{prefix + key}' must be a table, or an array of tables ([[rule.fix]]), not {_toml_type(value)}")
            continue
        if spec.type == "pairs":
            if not (isinstance(value, list) and all(isinstance(v, dict) and set(v) == {"from", "to"} and all(isinstance(x, str) for x in v.values()) for v in value)):
                fail(prefix + key, f"'{prefix + key}' must be a list of {{ from = \"...\", to = \"...\" }} tables")
            continue
        expected = {"str": str, "int": int, "bool": bool, "list": list, "table": dict}[spec.type]
        if not isinstance(value, expected) or (spec.type == "int" and isinstance(value, bool)):
            fail(prefix + key, f"'{prefix + key}' must be {_describe(spec.type)}, not {_toml_type(value)}")
        elif spec.type == "list" and not _is_string_list(value):
            fail(prefix + key, f"'{prefix + key}' must be a list of strings")
    for key, spec in allowed.items():
        if spec.required and key not in table:
            fail("", f"missing required key '{prefix + key}'")


def _check_values(table: dict, rule_id: str, fail) -> None:
    if isinstance(table.get("id"), str):
        if not _ID.fullmatch(rule_id):
            fail("id", f"id '{rule_id}' must look like 'category.slug' (lower case, digits and '-')")
        elif rule_id.split(".")[0] not in CATEGORIES:
            fail("id", _unknown("category", rule_id.split(".")[0], CATEGORIES))
    if isinstance(table.get("severity"), str) and table["severity"] not in SEVERITIES:
        fail("severity", _unknown("severity", table["severity"], SEVERITIES))
    if isinstance(table.get("suggestions"), list) and not table["suggestions"]:
        fail("suggestions", "'suggestions' needs at least one compliant rewrite")
    if isinstance(table.get("window"), int) and not 0 <= table["window"] <= 50:
        fail("window", "'window' must be between 0 and 50 words")
    _check_templates(table, fail)
    for fix in _fix_tables(table):
        _check_table(fix, FIX_KEYS, "fix.", fail)
        if isinstance(fix.get("applicability"), str) and fix["applicability"] not in APPLICABILITIES:
            fail("fix.applicability", _unknown("applicability", fix["applicability"], APPLICABILITIES))
    examples = table.get("examples")
    if isinstance(examples, dict):
        _check_table(examples, EXAMPLE_KEYS, "examples.", fail)
        if isinstance(examples.get("flag"), list) and not examples["flag"]:
            fail("examples.flag", "'examples.flag' needs at least one sentence the rule must flag")
        if table.get("fix") and not examples.get("fixed"):
            fail("examples", "a rule with a 'fix' needs 'examples.fixed': sentences and what the fix must make of them")


def _check_templates(table: dict, fail) -> None:
    """Slots and kinds of the rule's message and rewrites: a misspelt ``{prodcut}`` would be
    shown to users as written, and a misspelt kind would quietly never be chosen."""
    from .product import KINDS
    from .templates import SLOTS, unknown_slots

    def check(key: str, text: object) -> None:
        for name in unknown_slots(text) if isinstance(text, str) else ():
            fail(key, f"in {key}: {_unknown('slot', '{' + name + '}', ['{' + slot + '}' for slot in SLOTS])}")

    check("message", table.get("message"))
    for text in table.get("suggestions", []) if isinstance(table.get("suggestions"), list) else ():
        check("suggestions", text)
    for key, wanted in (("suggestions-for", "list"), ("message-for", "str")):
        variants = table.get(key)
        if not isinstance(variants, dict):
            continue
        for kind, value in variants.items():
            where = f"{key}.{kind}"
            if kind not in KINDS:
                fail(where, f"in [rule.{key}]: {_unknown('kind of product', kind, KINDS)}")
            elif wanted == "list" and not (_is_string_list(value) and value):
                fail(where, f"'{where}' must be a non-empty list of strings")
            elif wanted == "str" and not isinstance(value, str):
                fail(where, f"'{where}' must be a string, not {_toml_type(value)}")
            for text in value if isinstance(value, list) else [value]:
                check(where, text)


def _fix_tables(table: dict) -> list[dict]:
    """``fix`` is one table, or an array of tables tried in order."""
    fix = table.get("fix")
    if isinstance(fix, dict):
        return [fix]
    if isinstance(fix, list):
        return [item for item in fix if isinstance(item, dict)]
    return []


def _compile_when(sources: list, vocabulary: dict, fail) -> list[patterns.Phrase]:
    compiled = []
    for source in sources:
        try:
            text, anchors, groups = patterns.compile_phrase(source, vocabulary)
            compiled.append(patterns.Phrase(patterns.compile_regex(text), anchors, source, groups))
        except patterns.PatternError as error:
            fail("fix.when", f"in fix.when {source!r}: {error}")
    return compiled


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _describe(type_name: str) -> str:
    return {"str": "a string", "int": "an integer", "bool": "true or false", "list": "a list of strings", "table": "a table"}[type_name]


def _toml_type(value: object) -> str:
    for python_type, name in ((bool, "a boolean"), (int, "an integer"), (float, "a number"), (str, "a string"), (list, "an array"), (dict, "a table")):
        if isinstance(value, python_type):
            return name
    return "a date or time"
