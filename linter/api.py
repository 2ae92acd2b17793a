"""The Python API: the same core the command line, the hook and the editor use."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Iterator, NamedTuple

from .config import ConfigError, Resolver, Settings, unknown_profiles, unknown_rule_names
from .read_errors import reason
from .document import Document
from .engine import Report, check_document
from .findings import Finding
from .loader import RulesError, load_rules
from .rules import Ruleset
from .selection import Selection, SelectorError, build_selection, known_names, parse_selectors
from .sentences import SegmentMemo
from .sources import MAX_FILE_SIZE, DecodeError, InputError, Source, discover, read_source

_default_rules: Ruleset | None = None


def default_rules() -> Ruleset:
    """The bundled pack, compiled once per process."""
    global _default_rules
    if _default_rules is None:
        _default_rules = load_rules()
    return _default_rules


@dataclass
class LintResult:
    """Findings of every file that could be read, and the paths that could not."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    files: int = 0
    suppressed: int = 0


class Checked(NamedTuple):
    """One linted file: its document and report (after fixing, when fixing), the
    source as read (for writing back) and what fixing did."""

    document: Document
    report: Report
    source: Source
    fixed: "FixResult | None" = None


class Linter:
    """Lints files with the settings of each file's configuration.

    Options given here (as on the command line) take precedence: ``select``
    replaces the configuration's, ``extend_select``, ``ignore`` and ``rules``
    add to it. Rule packs are compiled once per distinct set of packs and
    vocabulary additions.
    """

    def __init__(
        self,
        rules: Iterable[str] = (),
        default_rules: bool = True,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        extend_select: Iterable[str] = (),
        config: str | None = None,
        use_config: bool = True,
        report_unused_directives: bool = False,
        force_exclude: bool = False,
        ruleset: Ruleset | None = None,
        max_file_size: int | None = MAX_FILE_SIZE,
        profiles: Iterable[str] = (),
    ):
        self.rules = tuple(str(rule) for rule in rules)
        self.default_rules = default_rules
        self.select = tuple(select)
        self.ignore = tuple(ignore)
        self.extend_select = tuple(extend_select)
        self.report_unused = report_unused_directives
        self.force_exclude = force_exclude
        self.max_file_size = max_file_size
        #: the jurisdiction profiles to judge every file by (``--profile``); empty: each file's
        #: configuration decides, and without one the default profile
        self.profiles = tuple(profiles)
        self.resolver = Resolver(config, use_config)
        self._given_ruleset = ruleset
        self._rulesets: dict[tuple, Ruleset] = {}
        self._names_checked: set[tuple] = set()  # (settings, ruleset) whose rule names are known good

    @property
    def rulesets(self) -> list[Ruleset]:
        """The rule packs compiled so far (one per distinct configuration)."""
        return [self._given_ruleset] if self._given_ruleset is not None else list(self._rulesets.values())

    def settings_for(self, path: str | Path) -> Settings:
        return self.resolver.for_path(path)

    def ruleset_for(self, settings: Settings) -> Ruleset:
        if self._given_ruleset is not None:
            return self._given_ruleset
        packs = settings.rules + self.rules
        key = (packs, settings.vocabulary, self.default_rules)
        if key not in self._rulesets:
            if not packs and not settings.vocabulary and self.default_rules:
                self._rulesets[key] = default_rules()
            else:
                self._rulesets[key] = load_rules(
                    packs, default=self.default_rules, vocabulary=settings.vocabulary, vocabulary_source=settings.source or "configuration"
                )
        return self._rulesets[key]

    def selection_for(self, settings: Settings, path: str | Path, ruleset: Ruleset) -> Selection:
        parse_selectors(self.select + self.ignore + self.extend_select, ruleset)  # a typo here is a usage error
        if (settings, id(ruleset)) not in self._names_checked:
            problems = unknown_rule_names(settings, known_names(ruleset))
            if problems:
                raise ConfigError.every(problems)
            self._names_checked.add((settings, id(ruleset)))
        base = self.select or settings.select or ()
        select = tuple(base) + settings.extend_select + self.extend_select if base else ()
        return build_selection(select, settings.ignores_for(Path(path)) + self.ignore, ruleset)  # every name checked above

    def profiles_for(self, settings: Settings, path: str | Path, ruleset: Ruleset) -> tuple[str, ...]:
        """The profiles ``path`` is judged by (empty: the default), each checked against the packs:
        a name no pack defines is an error naming where it was written."""
        if (settings, id(ruleset), "profiles") not in self._names_checked:
            problems = unknown_profiles(settings, ruleset.profiles)
            if problems:
                raise ConfigError.every(problems)
            self._names_checked.add((settings, id(ruleset), "profiles"))
        return self.profiles or settings.profiles_for(Path(path))

    def check(
        self, document: Document, settings: Settings | None = None, memo: SegmentMemo | None = None,
        skip: Collection[str] = (),
    ) -> Report:
        """Lint one document held in memory. ``memo``: keep one per document to lint it
        again and again (as the language server does); see ``SegmentMemo``. ``skip``:
        rules not to run. A rule that runs out of time here is retried on the next call.
        Under several profiles the document is linted once per profile, and each finding
        names the profiles that raised it (``profiles.merge``)."""
        settings = settings or self.settings_for(document.path)
        ruleset = self.ruleset_for(settings)
        selection = self.selection_for(settings, document.path, ruleset)
        names = self.profiles_for(settings, document.path, ruleset)

        def lint(view: Ruleset, memo: SegmentMemo | None) -> Report:
            return check_document(
                document,
                view,
                selection,
                severity=dict(settings.severity),
                shared_text=settings.shared_text_for(Path(document.path)),
                report_unused_directives=self.report_unused or settings.report_unused_directives,
                memo=memo,
                skip=skip,
            )

        if len(names) <= 1:
            return lint(ruleset.under(names[0] if names else None), memo)
        from .profiles import merge  # only when several profiles are asked for

        # the memo holds one lint's hits: each profile's rules differ, so only the first keeps it
        return merge([(name, lint(ruleset.under(name), memo if i == 0 else None))
                      for i, name in enumerate(names)])

    def run(
        self, paths: Iterable[str | Path], stdin_filename: str | None = None, fix: str | None = None, jobs: int = 1
    ) -> Iterator[Checked | InputError]:
        """Lint each file as it is found, or yield the ``InputError`` of a path that could
        not be read. ``-`` reads standard input. ``fix`` ("safe" or "unsafe") applies
        fixes to the text; writing the result is the caller's choice. ``jobs`` > 1 lints
        files in that many processes, yielding results in the same order as one would."""
        excluded = lambda path: self.settings_for(path).excludes(path)  # noqa: E731
        items = discover([str(path) for path in paths], excluded, self.force_exclude)
        if jobs > 1:
            items = list(items)
            if sum(1 for item in items if isinstance(item, str) and item != "-") >= MIN_FILES_FOR_JOBS and _can_fork():
                # workers each keep their own record of rules that ran out of time
                yield from self._run_parallel(items, stdin_filename, fix, jobs)
                return
        for item in items:
            yield self._check_item(item, stdin_filename, fix)

    def _check_item(self, item: str | InputError, stdin_filename: str | None, fix: str | None) -> Checked | InputError:
        if isinstance(item, InputError):
            return item
        name = (stdin_filename or "-") if item == "-" else item
        try:
            source = read_source(name, sys.stdin.buffer.read()) if item == "-" else read_source(item, max_size=self.max_file_size)
        except DecodeError as error:
            return InputError(name, str(error))
        except OSError as error:
            return InputError(name, f"cannot read: {reason(error)}")
        settings = self.settings_for(name)
        # A rule that ran out of time on one file is skipped on the rest of the run, which
        # stays bounded however many files there are; the editor retries it instead.
        skipped = self.ruleset_for(settings).timed_out
        if fix is None:
            document = Document(source.text, name)
            report = self.check(document, settings, skip=skipped)
            skipped.update(report.timed_out)
            return Checked(document, report, source)
        from .fixer import fix_text

        earlier: list[str] = []  # time-outs of the fixing passes, reported with the final lint's

        def lint(text: str) -> list[Finding]:
            report = self.check(Document(text, name), settings, skip=skipped)
            skipped.update(report.timed_out)
            earlier.extend(error for error in report.errors if error not in earlier)
            return report.findings

        result = fix_text(source.text, lint, unsafe=fix == "unsafe")
        document = Document(result.text, name)
        report = self.check(document, settings, skip=skipped)
        report.errors[:0] = [error for error in earlier if error not in report.errors]
        return Checked(document, report, source, result)

    def _run_parallel(self, items: list, stdin_filename: str | None, fix: str | None, jobs: int) -> Iterator[Checked | InputError]:
        import multiprocessing

        global _WORKER
        _WORKER = (self, stdin_filename, fix)
        context = multiprocessing.get_context("fork")
        # No more processes than files; Ctrl-C is the parent's to handle (workers that
        # caught it too would each print a traceback).
        with context.Pool(min(jobs, len(items)), initializer=_ignore_interrupts) as pool:
            for result in pool.imap(_check_in_worker, items, chunksize=4):
                if isinstance(result, LintFailure):
                    raise result
                yield result


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LintFailure(Exception):
    """A configuration or rule-pack problem met while linting a file in another process."""


MIN_FILES_FOR_JOBS = 8
_WORKER: tuple | None = None


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _check_in_worker(item):
    linter, stdin_filename, fix = _WORKER
    try:
        return linter._check_item(item, stdin_filename, fix)
    except (ConfigError, RulesError, SelectorError) as error:
        lines = [str(problem) for problem in error.errors] if isinstance(error, (RulesError, ConfigError)) else [str(error)]
        return LintFailure("\n".join(lines))


def lint_text(
    text: str,
    path: str = "-",
    rules: Ruleset | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fmt: str | None = None,
) -> list[Finding]:
    """Findings for ``text``; ``path`` names it in findings and picks its format.
    No configuration file is read: pass what you need."""
    ruleset = rules or default_rules()
    selection = build_selection(list(select), list(ignore), ruleset)
    return check_document(Document(text, path), ruleset, selection, fmt).findings


def lint_paths(
    paths: Iterable[str | Path],
    rules: Ruleset | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: str | None = None,
    use_config: bool = True,
) -> LintResult:
    """Lint files and folders (recursively) with their configuration files;
    unreadable paths are reported, not raised."""
    linter = Linter(select=select, ignore=ignore, config=config, use_config=use_config, ruleset=rules)
    result = LintResult()
    for item in linter.run(paths):
        if isinstance(item, InputError):
            result.errors.append(item)
        else:
            result.files += 1
            result.findings.extend(item.report.findings)
            result.suppressed += item.report.suppressed
    return result
