"""Project configuration: found from each file's folder upward, strict like the rule loader.

A configuration is ``.claimlint.toml`` or ``claimlint.toml`` (top-level keys),
or the ``[tool.claimlint]`` table of ``pyproject.toml``. For each file the
closest one wins, in that order within a folder; files are not merged unless
one says ``extend = "../path"`` (as in ruff). ``--config PATH`` names one for
every file and ``--no-config`` uses none.

Keys::

    select, ignore, extend-select     rule ids or categories
    fail-on                           error | warning | info
    rules                             extra rule packs, relative to this file
    severity                          { "rule-or-category" = "error|warning|info" }
    exclude, extend-exclude           globs (exclude replaces the defaults)
    per-file-ignores                  { "glob" = ["rule-or-category", ...] }
    vocabulary                        { name = ["phrase", ...] } added to the packs' lists
    report-unused-directives          true | false
    profile                           "uk", or "us,uk": the jurisdiction profiles to judge by
    per-file-profile                  { "glob" = "profile[,profile]" }
    [[shared-text]]                   files = ["glob"], and path = "footer.html" or text = "..."

Globs are relative to the configuration's folder; one without a ``/``
matches a file or folder name at any depth, ``**`` crosses folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from .findings import SEVERITIES
from .read_errors import not_a_settings_file, reason
from .toml_reader import ShapeError, loads, toml

CONFIG_NAMES = (".claimlint.toml", "claimlint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", "build", "dist", "_site", ".next")
KEYS: dict[str, str] = {
    "extend": "str",
    "select": "list",
    "ignore": "list",
    "extend-select": "list",
    "fail-on": "str",
    "rules": "list",
    "severity": "table",
    "exclude": "list",
    "extend-exclude": "list",
    "per-file-ignores": "table",
    "vocabulary": "table",
    "report-unused-directives": "bool",
    "shared-text": "array",
    "profile": "str",
    "per-file-profile": "table",
}
SHARED_TEXT_KEYS = {"files": "list", "path": "str", "text": "str"}


class ConfigError(Exception):
    """A problem in a configuration file, located by file and line; ``errors`` holds every
    problem found at once (itself, when there is one)."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message
        self.errors: list[ConfigError] = [self]

    @classmethod
    def every(cls, problems: list["ConfigError"]) -> "ConfigError":
        first = problems[0]
        error = cls(first.path, first.line, first.message)
        error.errors = list(problems)
        error.args = ("\n".join(str(problem) for problem in problems),)
        return error


class NamedRule(NamedTuple):
    """A rule id or category written in a configuration file, and where."""

    name: str
    path: str
    line: int
    key: str


@dataclass(frozen=True)
class Glob:
    pattern: str
    base: Path
    compiled: Any = field(compare=False, repr=False)

    def matches(self, absolute: Path) -> bool:
        """``absolute``: a path made absolute with ``_absolute`` (once per path, not per glob:
        resolving is a system call per folder of the path)."""
        try:
            relative = absolute.relative_to(self.base).as_posix()
        except ValueError:
            return False
        if "/" not in self.pattern.rstrip("/"):
            return any(self.compiled.fullmatch(part) for part in relative.split("/"))
        return bool(self.compiled.fullmatch(relative))


def _absolute(path: Path) -> Path:
    """The path made absolute and normalised, without following a symbolic link that loops."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


@dataclass(frozen=True)
class SharedText:
    files: tuple[Glob, ...]
    text: str


@dataclass(frozen=True)
class Settings:
    """Everything configuration decides for one file, resolved."""

    source: str | None = None  # the configuration file, or None for defaults
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str | None = None
    rules: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    exclude: tuple[Glob, ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()
    report_unused_directives: bool = False
    shared_text: tuple[SharedText, ...] = ()
    names: tuple[NamedRule, ...] = ()  # every rule id or category written, to check once rules are loaded
    profile: tuple[str, ...] = ()  # empty: the default profile
    per_file_profile: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    profile_names: tuple[NamedRule, ...] = ()  # every profile written, to check once rules are loaded

    def profiles_for(self, path: Path) -> tuple[str, ...]:
        """The profiles a file is judged by: the last ``per-file-profile`` glob it matches, else
        ``profile`` (empty: the default)."""
        if not self.per_file_profile:
            return self.profile
        absolute = _absolute(path)
        matched = [names for glob, names in self.per_file_profile if glob.matches(absolute)]
        return matched[-1] if matched else self.profile

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return self.ignore
        absolute = _absolute(path)
        return self.ignore + tuple(name for glob, names in self.per_file_ignores if glob.matches(absolute) for name in names)

    def shared_text_for(self, path: Path) -> str:
        if not self.shared_text:
            return ""
        absolute = _absolute(path)
        return "\n\n".join(item.text for item in self.shared_text if any(glob.matches(absolute) for glob in item.files))

    def excludes(self, path: Path) -> bool:
        absolute = _absolute(path)
        return any(glob.matches(absolute) for glob in self.exclude)

    def describe(self) -> str:
        """The resolved settings, for ``claimlint config``."""
        lines = [f"configuration: {self.source or '(none: defaults)'}"]
        lines.append(f"select: {', '.join(self.select) if self.select is not None else 'ALL'}")
        for label, values in (("extend-select", self.extend_select), ("ignore", self.ignore), ("rules", self.rules)):
            lines.append(f"{label}: {', '.join(values) if values else '(none)'}")
        lines.append(f"fail-on: {self.fail_on or 'warning (default)'}")
        lines.append("severity: " + (", ".join(f"{k} = {v}" for k, v in self.severity) or "(none)"))
        lines.append("exclude: " + ", ".join(g.pattern for g in self.exclude))
        lines.append("per-file-ignores: " + ("; ".join(f"{g.pattern} = {', '.join(n)}" for g, n in self.per_file_ignores) or "(none)"))
        lines.append("vocabulary: " + ("; ".join(f"{k} += {', '.join(v)}" for k, v in self.vocabulary) or "(none)"))
        lines.append(f"report-unused-directives: {str(self.report_unused_directives).lower()}")
        lines.append("shared-text: " + ("; ".join(", ".join(g.pattern for g in s.files) for s in self.shared_text) or "(none)"))
        lines.append(f"profile: {','.join(self.profile) or 'us (default)'}")
        per_file = "; ".join(f"{g.pattern} = {','.join(n)}" for g, n in self.per_file_profile)
        lines.append(f"per-file-profile: {per_file or '(none)'}")
        return "\n".join(lines)


def compile_glob(pattern: str, base: Path, where: tuple[str, int]) -> Glob:
    """A glob as a regex: ``**`` crosses folders, ``*`` and ``?`` do not, ``[...]`` is a class."""
    out, i = [], 0
    body = pattern.rstrip("/")
    while i < len(body):
        char = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = body.find("]", i + 2 if body[i + 1:i + 2] in ("!", "]") else i + 1)
            if close < 0:
                raise ConfigError(where[0], where[1], f"bad glob {pattern!r}: a '[' is not closed")
            inner = body[i + 1:close]
            out.append("[" + ("^" + regex.escape(inner[1:]) if inner.startswith("!") else regex.escape(inner)) + "]")
            i = close + 1
            continue
        else:
            out.append(regex.escape(char))
        i += 1
    if not body:
        raise ConfigError(where[0], where[1], f"bad glob {pattern!r}: it is empty")
    return Glob(pattern, base.resolve(), regex.compile("".join(out)))


def _default_settings() -> Settings:
    root = Path("/")
    return Settings(exclude=tuple(compile_glob(name, root, ("", 0)) for name in DEFAULT_EXCLUDE))


DEFAULTS = _default_settings()


class Resolver:
    """Finds and loads the configuration of each file, caching by folder."""

    def __init__(self, config: str | None = None, use_config: bool = True):
        self.forced = Path(config) if config else None
        self.use_config = use_config
        self._by_folder: dict[Path, Settings] = {}
        self._by_file: dict[Path, Settings] = {}
        if self.forced is not None and not self.forced.is_file():
            raise ConfigError(str(self.forced), 0, "configuration file not found")

    def for_path(self, path: str | Path) -> Settings:
        """Settings for a file or folder (standard input is resolved from the current folder)."""
        if not self.use_config:
            return DEFAULTS
        if self.forced is not None:
            return self._load(self.forced.resolve())
        target = Path(path) if path not in ("-", "") else Path.cwd() / "-"
        try:
            is_folder = target.is_dir()
        except OSError:  # a symbolic link that loops, a path too long...
            is_folder = False
        folder = _absolute(target if is_folder else target.parent)
        if folder not in self._by_folder:
            found = _find(folder)
            self._by_folder[folder] = self._load(found) if found else DEFAULTS
        return self._by_folder[folder]

    def _load(self, path: Path) -> Settings:
        if path not in self._by_file:
            self._by_file[path] = load(path)
        return self._by_file[path]


def _find(folder: Path) -> Path | None:
    """The closest configuration, looking no higher than the project's root (the folder
    holding `.git` or `.hg`), as black does: a file in a user's home or a parent checkout
    must not silently decide how another project's copy is linted."""
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if (directory / ".git").exists() or (directory / ".hg").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    if not_a_settings_file(path):
        return True  # never read: load() says why
    tomllib = toml()
    try:
        return "claimlint" in loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ShapeError):
        return True  # let load() report what is wrong with it


#: Configurations one ``extend`` chain may hold (each is read, and loading recurses on them).
MAX_EXTENDS = 16


def load(path: Path, seen: tuple[Path, ...] = ()) -> Settings:
    """Load one configuration file (following ``extend``); raises ``ConfigError``."""
    name = str(path)
    if path in seen:
        raise ConfigError(name, 0, "extend forms a cycle: " + " -> ".join(str(p) for p in (*seen, path)))
    if len(seen) >= MAX_EXTENDS:
        raise ConfigError(str(seen[-1]), 0, f"extend chains more than {MAX_EXTENDS} configurations: "
                          "extend a shared one directly instead of through a chain")
    refused = not_a_settings_file(path)
    if refused:
        raise ConfigError(name, 0, f"cannot read configuration: {refused}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(name, 0, f"cannot read configuration: {reason(error)}") from None
    tomllib = toml()
    try:
        data = loads(text)
    except (tomllib.TOMLDecodeError, ShapeError) as error:
        line = getattr(error, "lineno", 0) or int((regex.search(r"line (\d+)", str(error)) or [0, 0])[1])
        if not line and "end of document" in str(error):
            line = text.count("\n") + 1
        raise ConfigError(name, line, f"invalid TOML: {error}") from None
    section = "tool.claimlint" if path.name == "pyproject.toml" else ""
    table = data.get("tool", {}).get("claimlint", {}) if section else data
    lines = _Lines(text, section)
    _validate(table, name, lines)
    base = path.parent.resolve()
    named = {"extend": [table["extend"]] if "extend" in table else [], "rules": table.get("rules", [])}
    for key, values in named.items():
        _refuse_special_files(key, values, base, (name, lines.of(key)))
    parent = load((base / table["extend"]).resolve(), (*seen, path)) if "extend" in table else DEFAULTS
    where = lambda key: (name, lines.of(key))  # noqa: E731
    exclude = parent.exclude
    if "exclude" in table:
        exclude = tuple(compile_glob(g, base, where("exclude")) for g in table["exclude"])
    exclude += tuple(compile_glob(g, base, where("extend-exclude")) for g in table.get("extend-exclude", []))
    per_file = parent.per_file_ignores + tuple(
        (compile_glob(glob, base, where(glob)), tuple(names)) for glob, names in table.get("per-file-ignores", {}).items()
    )
    vocabulary = dict(parent.vocabulary)
    for word_list, entries in table.get("vocabulary", {}).items():
        vocabulary[word_list] = tuple(vocabulary.get(word_list, ())) + tuple(entries)
    return Settings(
        source=name,
        select=tuple(table["select"]) if "select" in table else parent.select,
        ignore=tuple(table["ignore"]) if "ignore" in table else parent.ignore,
        extend_select=parent.extend_select + tuple(table.get("extend-select", [])),
        fail_on=table.get("fail-on", parent.fail_on),
        rules=parent.rules + tuple(str((base / rule).resolve()) for rule in table.get("rules", [])),
        severity=tuple({**dict(parent.severity), **table.get("severity", {})}.items()),
        exclude=exclude,
        per_file_ignores=per_file,
        vocabulary=tuple(vocabulary.items()),
        report_unused_directives=table.get("report-unused-directives", parent.report_unused_directives),
        shared_text=parent.shared_text + tuple(_shared_text(item, base, name, lines) for item in table.get("shared-text", [])),
        names=parent.names + _rule_names(table, name, lines),
        profile=_profile_list(table["profile"]) if "profile" in table else parent.profile,
        per_file_profile=parent.per_file_profile + tuple(
            (compile_glob(glob, base, where(glob)), _profile_list(names))
            for glob, names in table.get("per-file-profile", {}).items()),
        profile_names=parent.profile_names + _profile_names(table, name, lines),
    )


def _profile_list(value: str) -> tuple[str, ...]:
    from .profiles import parse

    return parse(value)


def _profile_names(table: dict, name: str, lines: "_Lines") -> tuple[NamedRule, ...]:
    """Every profile the file names, with its line, checked once the packs are loaded."""
    found = [NamedRule(profile, name, lines.of("profile"), "profile")
             for profile in _profile_list(table.get("profile", ""))]
    found += [NamedRule(profile, name, lines.of(glob), f"per-file-profile '{glob}'")
              for glob, value in table.get("per-file-profile", {}).items()
              for profile in _profile_list(value)]
    return tuple(found)


def unknown_profiles(settings: Settings, profiles: dict) -> list[ConfigError]:
    """The configuration's profile names that no loaded pack defines."""
    from .profiles import unknown

    return [ConfigError(named.path, named.line, f"{named.key}: {unknown(named.name, profiles)}")
            for named in settings.profile_names if named.name not in profiles]


def _refuse_special_files(key: str, named: list[str], base: Path, where: tuple[str, int]) -> None:
    """Check the files ``key`` names before their paths are resolved: resolving
    ``/dev/stdin`` yields a name like ``/proc/1/fd/pipe:[7]`` that says nothing."""
    for value in named:
        refused = not_a_settings_file(base / value)
        if refused:
            raise ConfigError(*where, f"{key} {value!r}: {refused}")


def _shared_text(item: dict, base: Path, name: str, lines: "_Lines") -> SharedText:
    line = lines.of("shared-text")
    files = tuple(compile_glob(glob, base, (name, line)) for glob in item["files"])
    if "text" in item:
        return SharedText(files, item["text"])
    source = base / item["path"]
    refused = not_a_settings_file(source)
    if refused:
        raise ConfigError(name, line, f"shared-text path {item['path']!r}: {refused}")
    try:
        raw = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(name, line, f"shared-text path {item['path']!r}: {reason(error)}") from None
    from .extract import extract, format_for

    prose = extract(raw, format_for(str(source)))
    return SharedText(files, "\n\n".join(segment.text for segment in prose.segments))


class _Lines:
    """Line numbers of keys, which tomllib does not keep."""

    def __init__(self, text: str, section: str):
        self.lines = text.split("\n")
        self.start = 0
        if section:
            header = regex.compile(rf"^\s*\[\s*{regex.escape(section)}(?:\.|\s*\])")
            self.start = next((i for i, line in enumerate(self.lines) if header.match(line)), 0)

    def of(self, key: str) -> int:
        probe = regex.compile(
            rf'(?:^|[{{,])\s*(?:"{regex.escape(key)}"|{regex.escape(key)})\s*=|^\s*\[+\s*(?:tool\.claimlint\.)?{regex.escape(key)}\s*\]'
        )
        for number in range(self.start, len(self.lines)):
            if probe.search(self.lines[number]):
                return number + 1
        return self.start + 1 if self.start else 0


def _validate(table: dict, name: str, lines: _Lines) -> None:
    """Every problem of the file at once (one run to fix them all), as the rule loader does."""
    problems = []

    def fail(key: str, message: str) -> None:
        problems.append(ConfigError(name, lines.of(key), message))

    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            import difflib  # only when a name is wrong

            close = difflib.get_close_matches(key, sorted(KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(KEYS))})"
            fail(key, f"unknown key '{key}'{hint}")
        elif not _is(kind, value):
            fail(key, f"'{key}' must be {_describe(kind)}")
    valid = {key: value for key, value in table.items() if key in KEYS and _is(KEYS[key], value)}
    if "fail-on" in valid and valid["fail-on"] not in SEVERITIES:
        fail("fail-on", f"'fail-on' must be one of {', '.join(SEVERITIES)}, not {valid['fail-on']!r}")
    for rule, severity in valid.get("severity", {}).items():
        if severity not in SEVERITIES:
            fail(rule, f"severity of '{rule}' must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    for glob, names in valid.get("per-file-ignores", {}).items():
        if not _is("list", names):
            fail(glob, f"per-file-ignores '{glob}' must be a list of rule ids or categories")
    for glob, value in valid.get("per-file-profile", {}).items():
        if not isinstance(value, str):
            fail(glob, f"per-file-profile '{glob}' must be a string: a profile name, "
                       "or a comma list such as \"us,uk\"")
    for word_list, entries in valid.get("vocabulary", {}).items():
        if not _is("list", entries):
            fail(word_list, f"vocabulary '{word_list}' must be a list of strings")
    for item in valid.get("shared-text", []):
        for key, value in item.items():
            if key not in SHARED_TEXT_KEYS:
                fail("shared-text", f"unknown key '{key}' in [[shared-text]] (known: files, path, text)")
            elif not _is(SHARED_TEXT_KEYS[key], value):
                fail("shared-text", f"[[shared-text]] '{key}' must be {_describe(SHARED_TEXT_KEYS[key])}")
        if "files" not in item or ("path" in item) == ("text" in item):
            fail("shared-text", "[[shared-text]] needs 'files' and exactly one of 'path' or 'text'")
    if problems:
        raise ConfigError.every(sorted(problems, key=lambda problem: problem.line))


def _rule_names(table: dict, name: str, lines: _Lines) -> tuple[NamedRule, ...]:
    """Every rule id or category the file names, with its line: checked against the loaded
    packs once they are known (`unknown_rule_names`), so a typo is an error, not a rule
    silently left on or off."""
    found = [NamedRule(rule, name, lines.of(key), key) for key in ("select", "extend-select", "ignore")
             for rule in table.get(key, [])]
    found += [NamedRule(rule, name, lines.of(rule), "severity") for rule in table.get("severity", {})]
    found += [NamedRule(rule, name, lines.of(glob), f"per-file-ignores '{glob}'")
              for glob, rules in table.get("per-file-ignores", {}).items() for rule in rules]
    return tuple(found)


def unknown_rule_names(settings: Settings, known: set[str]) -> list[ConfigError]:
    """The configuration's names that no loaded rule or category answers to."""
    from .selection import unknown_name

    return [ConfigError(named.path, named.line, f"{named.key}: {unknown_name(part, known)}")
            for named in settings.names
            for part in (piece.strip() for piece in named.name.split(","))
            if part and part not in known]


def _is(kind: str, value: object) -> bool:
    if kind == "list":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind == "array":
        return isinstance(value, list) and all(isinstance(item, dict) for item in value)
    if kind == "table":
        return isinstance(value, dict)
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, str)


def _describe(kind: str) -> str:
    return {"list": "a list of strings", "array": "an array of tables ([[...]])", "table": "a table", "bool": "true or false", "str": "a string"}[kind]
