"""The ``claimlint`` command: ``check``, ``rules``, ``explain``, ``test-rules`` and the rest.

Exit codes follow ruff and ESLint: 0 when no finding reaches ``--fail-on``,
1 when one does, 2 for a usage, rule-pack or input error -- reported after
everything that could be linted has been linted.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

import click

from . import __version__
from .api import Linter, LintFailure, default_rules
from .config import DEFAULTS as DEFAULT_SETTINGS
from .config import ConfigError
from .findings import SEVERITIES, severity_rank
from .loader import RulesError, load_rules
from .reporters import FORMATS, Summary, plural, reporter_module, statistics_reporter
from .reporters import reporter as reporter_for
from .rules import CATEGORIES, Rule, Ruleset
from .selection import Selection, SelectorError, parse_selectors
from .sources import InputError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_FAIL_ON = "warning"


def use_color(choice: str, stream: TextIO) -> bool:
    """``--color auto`` colours a terminal unless ``NO_COLOR`` is set (https://no-color.org)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _load(rules: tuple[str, ...], no_default_rules: bool) -> Ruleset:
    """The rule packs a command asked for; a broken pack ends the command with exit 2."""
    try:
        if not rules and not no_default_rules:
            return default_rules()
        return load_rules(rules, default=not no_default_rules)
    except RulesError as error:
        raise _rules_error(error) from None


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"claimlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _rules_error(error: RulesError) -> "click.exceptions.Exit":
    for problem in error.errors:
        click.echo(f"claimlint: error: {problem}", err=True)
    click.echo("claimlint: the rule packs above have errors; fix them and run again.", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


rules_options = [
    click.option("--rules", "rules", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                 help="Add a rule pack (TOML). Repeatable."),
    click.option("--no-default-rules", is_flag=True, help="Do not load the bundled rule pack."),
]


def with_rules_options(function):
    for option in reversed(rules_options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimlint")
def main() -> None:
    """claimlint: flags risky claims in health marketing copy and suggests compliant rewrites."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text format (auto: when writing to a terminal and NO_COLOR is unset).")
@click.option("--width", type=click.IntRange(min=40, clamp=True), default=None, metavar="N",
              help="Fit the text format in N columns (at least 40) "
                   "[default: COLUMNS, else the terminal's, else 140].")
@click.option("--select", multiple=True, metavar="RULE|CATEGORY", help="Run only these rules or categories (comma list, repeatable); replaces the configuration's.")
@click.option("--extend-select", multiple=True, metavar="RULE|CATEGORY", help="Add to the selected rules.")
@click.option("--ignore", multiple=True, metavar="RULE|CATEGORY", help="Skip these rules or categories (comma list, repeatable).")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None,
              help="Lowest severity that makes the exit code 1 [default: the configuration's, else warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (input errors still exit 2).")
@click.option("--min-severity", type=click.Choice(list(SEVERITIES)), default=None,
              help="Show only findings at or above this severity; the others are not shown and do not count "
                   "for the exit code (so they cannot fail --fail-on).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings: no summary line.")
@click.option("--output-file", "-o", "output_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the report to FILE (replaced whole, never half-written) instead of "
                   "standard output; errors still go to standard error.")
@with_rules_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH", help="Use this configuration file for every file.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--report-unused-directives", is_flag=True, help="Report claimlint-disable directives that suppressed nothing.")
@click.option("--statistics", is_flag=True, help="Print counts per rule (and of suppressed findings) instead of the findings.")
@click.option("--force-exclude", is_flag=True, help="Apply the configuration's excludes to files named on the command line too.")
@click.option("--show-settings", is_flag=True, help="Print the settings resolved for the first path, and lint nothing.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files (standard input: print the fixed text).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too (they change what the copy promises).")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change, and write nothing.")
@click.option("--show-fixes", is_flag=True, help="With --fix, list what was fixed.")
@click.option("--fix-through-symlinks", is_flag=True,
              help="With --fix, also write files that a symbolic link leads to outside the files and "
                   "folders being linted (links inside them are always followed).")
@click.option("--max-file-size", type=click.FloatRange(min=0), default=10, show_default=True, metavar="MB",
              help="Skip (and report) files larger than this.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Lint files in N processes [default: the number of cores, for more than a few files].")
@click.option("--docs-url", metavar="URL", help="SARIF: link each rule to URL + rule id (where you publish `claimlint explain`).")
@click.option("--stdin-filename", metavar="PATH", help="Name standard input ('-') in messages, and choose its format and configuration by it.")
@click.option("--profile", "profile", multiple=True, metavar="NAME[,NAME]",
              help="Judge by these jurisdiction profiles (us, uk, ca, au, or a pack's own); several lint each "
                   "file once per profile and tag each finding [default: the configuration's, else us].")
def check(paths, output_format, color, width, select, extend_select, ignore, fail_on, exit_zero, min_severity, quiet,
          output_file, rules, no_default_rules, config_path,
          no_config, report_unused_directives, statistics, force_exclude, show_settings, fix, unsafe_fixes, diff, show_fixes,
          fix_through_symlinks, max_file_size, jobs, docs_url, stdin_filename, profile):
    """Lint PATHS (files, folders, or - for standard input; default: the current folder)."""
    paths = list(paths) or ["."]
    linter = _linter(rules, no_default_rules, select, ignore, extend_select, config_path, no_config,
                     report_unused_directives, force_exclude, profile)
    linter.max_file_size = int(max_file_size * 1_000_000)
    if show_settings:
        _print_settings(linter, stdin_filename if paths[0] == "-" and stdin_filename else paths[0])
        return
    fix_mode = ("unsafe" if unsafe_fixes else "safe") if (fix or diff) else None
    if output_file and output_file != "-":
        _check_writable(output_file)
    # With --fix, standard input's fixed text goes to standard output, so the report goes to standard error.
    out = sys.stderr if (fix and not diff and "-" in paths) else sys.stdout
    if output_file and output_file != "-":
        out = io.StringIO()
    colour = color == "always" if isinstance(out, io.StringIO) else use_color(color, out)
    reporter = (statistics_reporter() if statistics else reporter_for(output_format))(out, colour)
    reporter.quiet = quiet
    if statistics:
        reporter.json = output_format == "json"
    elif output_format == "text":
        reporter.width = reporter_module("text").output_width(width, out)
    if output_format == "sarif":
        sarif = reporter_module("sarif")
        # rules are described as the first profile asked for reads them
        sarif.DOCS_URL, sarif.RULESETS = docs_url, lambda: [
            *(ruleset.under(name) for name in linter.profiles[:1] for ruleset in linter.rulesets), *linter.rulesets]
    summary = Summary()
    failing = False
    changed = False
    fixed: list = []
    problems: list[str] = []  # printed after the report, so findings are not lost among them
    writer = _FixWriter(paths, fix_through_symlinks) if fix and not diff else None
    results = linter.run(paths, stdin_filename, fix=fix_mode, jobs=jobs or os.cpu_count() or 1)
    while True:
        try:
            item = next(results)
        except StopIteration:
            break
        except (ConfigError, RulesError, SelectorError, LintFailure) as error:
            summary.errors += 1
            _note(problems, _problem_lines(error))
            if isinstance(error, (LintFailure, SelectorError)):  # nothing more can be linted
                _print_problems(problems)
                raise click.exceptions.Exit(EXIT_ERROR)
            continue
        if isinstance(item, InputError):
            summary.errors += 1
            _note(problems, [str(item)])
            continue
        document, report = item.document, item.report
        for problem in report.errors:
            summary.errors += 1
            _note(problems, [str(problem)])
        if item.fixed is not None:
            applied = item.fixed.applied
            if diff:
                changed = _print_diff(item) or changed
                summary.fixed += len(applied)
                continue
            if item.source.path == (stdin_filename or "-") and "-" in paths:
                sys.stdout.write(document.text)
            else:
                problem = writer.write(item.source, document.text if applied else None)
                if problem:
                    summary.errors += 1
                    _note(problems, [problem])
                    continue
            summary.fixed += len(applied)
            fixed += applied
        threshold = severity_rank(fail_on or linter.settings_for(document.path).fail_on or DEFAULT_FAIL_ON)
        summary.files += 1
        summary.suppressed += report.suppressed
        shown = _at_least(report.findings, min_severity)
        summary.hidden += len(report.findings) - len(shown)
        for finding in shown:
            summary.counts[finding.severity] += 1
            if finding.fix is not None:
                summary.fixable[finding.fix.applicability] += 1
            failing = failing or severity_rank(finding.severity) >= threshold
        reporter.file(document, shown)
    if diff:
        if not quiet:
            would = f"Would fix {plural(summary.fixed, 'finding')}." if changed else "No fixes to apply."
            click.echo(would, err=True)
        _print_problems(problems)
        raise click.exceptions.Exit(EXIT_ERROR if summary.errors else EXIT_FINDINGS if changed else EXIT_CLEAN)
    reporter.finish(summary)
    if show_fixes and fixed:
        _print_fixes(fixed, out)
    if isinstance(out, io.StringIO):
        _write_report(output_file, out.getvalue())
    _print_problems(problems)
    if summary.files == 0 and not quiet:
        click.echo(f"claimlint: {'error' if summary.errors else 'warning'}: no file was linted: "
                   f"{_why_nothing(linter, paths, summary.errors)}", err=True)
    if summary.errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    raise click.exceptions.Exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _at_least(findings: list, min_severity: str | None) -> list:
    """The findings ``--min-severity`` lets through (all of them without it)."""
    if min_severity is None:
        return findings
    return [finding for finding in findings if severity_rank(finding.severity) >= severity_rank(min_severity)]


class _FixWriter:
    """Writes fixed files for ``--fix``: within the paths named (see writing.Tree), after
    sweeping each folder once of the temporary files a killed run left there."""

    def __init__(self, paths: list[str], through_symlinks: bool):
        from .writing import Sweeper, Tree

        self.tree = Tree.of(paths, through_symlinks)
        self.sweeper = Sweeper(self.tree)

    def write(self, source, text: str | None) -> str | None:
        """Write ``text`` (None: nothing to write) over ``source``; why not, or None."""
        from .writing import NotFixed, write_fixed

        self.sweeper.sweep_beside(source.path)
        if text is None:
            return None
        try:
            write_fixed(source, text, self.tree)
        except NotFixed as error:
            return str(error)
        return None


def _check_writable(path: str) -> None:
    from .writing import cannot_write

    problem = cannot_write(path)
    if problem:
        raise _fail(problem)


def _write_report(path: str, text: str) -> None:
    from .writing import write_reason, write_text

    try:
        write_text(path, text)
    except OSError as error:
        raise _fail(f"{path}: cannot write the report: "
                    f"{write_reason(error, os.path.dirname(os.path.abspath(path)))}")


def _print_diff(item) -> bool:
    """A unified diff of the fixes to one file; whether there was any."""
    import difflib

    before, after = item.source.text, item.document.text
    if before == after:
        return False
    lines = difflib.unified_diff(
        _lines(before), _lines(after), f"a/{item.source.path.lstrip('/')}", f"b/{item.source.path.lstrip('/')}"
    )
    for line in lines:
        sys.stdout.write(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return True


def _lines(text: str) -> list[str]:
    """Lines with their endings, broken only where an editor breaks them (not at U+2028)."""
    import re

    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _print_fixes(fixed: list, out: TextIO) -> None:
    out.write(f"Fixed {plural(len(fixed), 'finding')}:\n")
    for finding in fixed:
        replacement = f"“{finding.fix.replacement}”" if finding.fix.replacement else "removed"
        out.write(f"  {finding.path}:{finding.line}:{finding.column} [{finding.rule}] “{' '.join(finding.text.split())}” -> {replacement}\n")


def _linter(rules, no_default_rules, select=(), ignore=(), extend_select=(), config_path=None, no_config=False,
            report_unused=False, force_exclude=False, profile=()) -> Linter:
    try:
        linter = Linter(rules, not no_default_rules, _selectors(select), _names(ignore), _names(extend_select), config_path,
                        not no_config, report_unused, force_exclude, profiles=_profile_names(profile))
        ruleset = linter.ruleset_for(DEFAULT_SETTINGS)
        parse_selectors(linter.select + linter.ignore + linter.extend_select, ruleset)  # usage errors first
        _check_profiles(linter.profiles, ruleset)
        for warning in ruleset.warnings:
            click.echo(f"claimlint: warning: {warning}", err=True)
        return linter
    except ConfigError as error:
        raise _fail(str(error))
    except RulesError as error:
        raise _rules_error(error)
    except SelectorError as error:
        raise _fail(str(error))


def _profile_names(values) -> tuple[str, ...]:
    """``--profile``'s names (comma lists, repeatable); an empty one is a usage error, as an
    empty ``--select`` is."""
    from .profiles import parse

    for value in values:
        if not parse(value):
            raise _fail(f"--profile {value!r} names no profile (leave it out for the default, us)")
    return parse(list(values))


def _check_profiles(names: tuple[str, ...], ruleset: Ruleset) -> None:
    """A profile no loaded pack defines is a usage error (exit 2), with the ones there are."""
    from .profiles import unknown

    for name in names:
        if name not in ruleset.profiles:
            raise _fail(f"--profile: {unknown(name, ruleset.profiles)}")


def _one_profile(values, ruleset: Ruleset) -> tuple[Ruleset, object]:
    """The ruleset as the one profile ``rules`` and ``explain`` were given sees it (or as loaded),
    and that ``profiles.Profile`` (None when none was given)."""
    names = _profile_names(values)
    if len(names) > 1:
        raise _fail(f"--profile names one profile here, not {len(names)} ({', '.join(names)})")
    _check_profiles(names, ruleset)
    return (ruleset.under(names[0]), ruleset.profiles[names[0]]) if names else (ruleset, None)


def _names(values) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def _selectors(values) -> tuple[str, ...]:
    """``--select``'s names; an empty value is a usage error, not "every rule": a script
    that passes ``--select "$RULES"`` with nothing in it must not quietly run them all."""
    for value in values:
        if not _names([value]):
            raise _fail(f"--select {value!r} names no rule or category "
                        "(to run every rule, leave --select out or use --select ALL)")
    return _names(values)


def _problem_lines(error: Exception) -> list[str]:
    return [str(problem) for problem in error.errors] if isinstance(error, (RulesError, ConfigError)) else [str(error)]


def _note(problems: list[str], lines: list[str]) -> None:
    """Keep each problem once: one broken configuration is met by every file under it."""
    problems.extend(line for line in lines if line not in problems)


def _print_problems(problems: list[str]) -> None:
    """The problems, after everything already written to standard output has reached it
    (a pipe buffers standard output, not standard error)."""
    sys.stdout.flush()
    for line in problems:
        click.echo(f"claimlint: error: {line}", err=True)


def _why_nothing(linter: Linter, paths: list[str], errors: int) -> str:
    """Why no file was linted, in the user's terms, rather than "0 files" and a clean bill."""
    from .sources import unlinted_reason

    def excluded(path) -> bool:
        try:
            return linter.settings_for(path).excludes(path)
        except ConfigError:
            return False

    reasons = [reason for reason in (unlinted_reason(path, excluded) for path in paths) if reason]
    if errors:
        reasons.append("the other paths had errors (above)" if reasons else "every path had an error (above)")
    return "; ".join(reasons) or "no file matched"


def _print_settings(linter: Linter, path: str) -> None:
    try:
        settings = linter.settings_for(path)
    except ConfigError as error:
        raise _fail(str(error))
    click.echo(f"settings for: {path}")
    click.echo(settings.describe())


@main.command(name="config")
@click.argument("path", default=".", type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH", help="Use this configuration file.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
def show_config(path, config_path, no_config):
    """Print the settings resolved for PATH: which configuration applies, and what it sets."""
    try:
        linter = Linter(config=config_path, use_config=not no_config)
    except ConfigError as error:
        raise _fail(str(error))
    _print_settings(linter, path)


@main.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, metavar="RULE|CATEGORY",
              help="List only these rules or categories (comma list, repeatable; as check's --select).")
@click.option("--profile", "profile", multiple=True, metavar="NAME",
              help="List the rules as this jurisdiction profile applies them.")
@with_rules_options
def list_rules(output_format, select, profile, rules, no_default_rules):
    """List the loaded rules: id, category, severity and summary."""
    ruleset, _ = _one_profile(profile, _load(rules, no_default_rules))
    listed = ruleset.rules
    if select:
        try:
            chosen = Selection(parse_selectors(_selectors(select), ruleset))
        except SelectorError as error:
            raise _fail(str(error))
        listed = [rule for rule in ruleset.rules if chosen.allows(rule)]
    if output_format == "json":
        import json

        click.echo(json.dumps([_rule_json(rule) for rule in listed], ensure_ascii=False, indent=2))
        return
    for line in _rule_lines(listed):
        click.echo(line)


def _rule_lines(rules: list[Rule]) -> list[str]:
    """One aligned line per rule: id, category, severity, summary."""
    width = max((len(rule.id) for rule in rules), default=0)
    return [f"{rule.id:<{width}}  {rule.category:<11}  {rule.severity:<7}  {rule.description}"
            for rule in rules]


def _rule_json(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "category": rule.category,
        "kind": rule.kind,
        "severity": rule.severity,
        "message": rule.message,
        "description": rule.description,
        "suggestions": list(rule.suggestions),
        "fix": rule.fix.to_json() if rule.fix else None,
        "why": rule.why,
        "references": list(rule.references),
        "source": rule.source,
    }


@main.command()
@click.argument("name", metavar="RULE-ID|CATEGORY")
@click.option("--profile", "profile", multiple=True, metavar="NAME",
              help="Explain the rule as this jurisdiction profile sees it.")
@with_rules_options
def explain(name, profile, rules, no_default_rules):
    """Explain a rule: what it flags, why, an example and the rewrite; or list a category's rules."""
    loaded = _load(rules, no_default_rules)
    ruleset, chosen = _one_profile(profile, loaded)
    rule = ruleset.get(name)
    if rule is not None:
        click.echo(explanation(rule, chosen))
        return
    elsewhere = next((rule for rule in loaded.profile_rules if rule.id == name), None)
    if elsewhere is not None:  # a rule of other profiles: say which, then document it
        where = ", ".join(elsewhere.profiles)
        seen = f"the profile {chosen.name}" if chosen else "the default profile (us)"
        click.echo(f"{explanation(elsewhere)}\n\nNot applied under {seen}: it applies under the profiles "
                   f"{where} (claimlint explain {name} --profile {elsewhere.profiles[0]}).")
        return
    if name in CATEGORIES:
        click.echo(category_listing(name, [rule for rule in ruleset.rules if rule.category == name]))
        return
    import difflib

    close = difflib.get_close_matches(name, [r.id for r in ruleset.rules] + list(CATEGORIES), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else " Run 'claimlint rules' to list them."
    raise _fail(f"no rule or category '{name}'.{hint}")


def category_listing(category: str, rules: list[Rule]) -> str:
    """A category's rules with their summaries, and where to read more about one."""
    if not rules:
        return f"# {category}\n\nNo loaded rule is in this category."
    lines = [f"# {category}: {plural(len(rules), 'rule')}", "", *_rule_lines(rules), ""]
    return "\n".join(lines + [f"For one rule's documentation: claimlint explain {rules[0].id}"])


def explanation(rule: Rule, profile=None) -> str:
    """A rule's documentation in a fixed shape (what, why, example, rewrite); ``profile`` (a
    ``profiles.Profile``) says which jurisdiction's reading it is, when one was asked for."""
    lines = [
        f"# {rule.id}",
        "",
        f"Category: {rule.category}    Severity: {rule.severity}    Kind: {rule.kind}",
        *([f"Profile: {profile.label}"] if profile is not None else []),
        *([f"Applies only under the profiles: {', '.join(rule.profiles)}"] if rule.profiles else []),
        "",
        "## What it flags",
        rule.description,
        "",
        "## Why",
        rule.why,
        "",
        "References:",
        *[f"- {reference}" for reference in rule.references],
        "",
        "## Example",
        *[f"    {line}" for line in rule.examples.flag[0].splitlines()],
        "",
        *_rewrites(rule),
    ]
    if rule.examples.passing:
        lines += ["", "## Not flagged", *[f"- {example}" for example in rule.examples.passing]]
    for option in rule.fixes:
        action = f"replace the match with “{option.replacement}”" if option.replacement else "remove the word"
        lines += ["", f"Fix ({option.applicability}, where it fits): {action}."]
    if rule.examples.fixed:
        lines += ["", "## Fixed", *[f"- {before} → {after}" for before, after in rule.examples.fixed if before != after]]
    return "\n".join(lines)


def _rewrites(rule: Rule) -> list[str]:
    """The "Use instead" section: the rule's rewrite templates, then each variant with the kind
    of product it is for, so a pack author sees what a page of each kind is told."""
    from .product import KIND_LABELS
    from .templates import slots_of

    texts = [rule.message, *rule.suggestions, *rule.message_for.values()]
    texts += [text for variant in rule.suggestions_for.values() for text in variant]
    slotted = {name for text in texts for name in slots_of(text)}
    lines = ["## Use instead"]
    if slotted & {"product", "Product", "condition"}:
        lines.append("Rewrites are templates: {product} is the product as the page writes it, {condition} the "
                     "condition the sentence names.")
    lines += [f"- {suggestion}" for suggestion in rule.suggestions]
    for kind, variant in rule.suggestions_for.items():
        lines += ["", f"For {KIND_LABELS.get(kind, kind)} ({kind}):", *[f"- {text}" for text in variant]]
    for kind, message in rule.message_for.items():
        lines += ["", f"Message for {KIND_LABELS.get(kind, kind)} ({kind}): {message}"]
    return lines


@main.command(name="test-rules")
@click.argument("packs", nargs=-1, type=click.Path(dir_okay=False), metavar="PACK...")
@click.option("--no-default-rules", is_flag=True,
              help="Do not load the bundled pack first (a pack using its vocabularies then fails).")
def test_rules(packs, no_default_rules):
    """Check every rule of PACKs (default: the bundled pack) against its own examples."""
    from . import packtest

    if not packs and no_default_rules:
        raise _fail("name a rule pack to test: --no-default-rules leaves nothing to test")
    plan = packtest.plan(packs, not no_default_rules)
    try:
        ruleset = load_rules(plan.paths, default=plan.default)
    except RulesError as error:
        raise _rules_error(error) from None
    for warning in ruleset.warnings:
        click.echo(f"claimlint: warning: {warning}", err=True)
    outcome = packtest.check_packs(ruleset, plan.targets, packtest.read_pack)
    for failure in outcome.failures:
        click.echo(str(failure))
    click.echo(packtest.summary(outcome))
    raise click.exceptions.Exit(EXIT_FINDINGS if outcome.failures else EXIT_CLEAN)


@main.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output: the only transport, "
              "and the default; accepted because editors' clients add it.")
@click.option("--max-file-size", type=click.FloatRange(min=0), default=10, show_default=True,
              metavar="MB", help="Do not lint documents larger than this (each says so, once).")
def lsp(stdio, max_file_size):
    """Run the language server over standard input and output (for editors)."""
    from .lsp_io import main as serve  # pygls loads only for the editor, after `initialize`

    serve(int(max_file_size * 1_000_000))


selection_options = [
    click.option("--select", multiple=True, metavar="RULE|CATEGORY", help="Run only these rules or categories."),
    click.option("--extend-select", multiple=True, metavar="RULE|CATEGORY", help="Add to the selected rules."),
    click.option("--ignore", multiple=True, metavar="RULE|CATEGORY", help="Skip these rules or categories."),
    click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH", help="Use this configuration file for every file."),
    click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    click.option("--profile", "profile", multiple=True, metavar="NAME[,NAME]",
                 help="Judge by these jurisdiction profiles [default: the configuration's, else us]."),
]


def with_selection_options(function):
    for option in reversed(selection_options + rules_options):
        function = option(function)
    return function


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", required=True, metavar="FILE", help="The HTML file to write (- for standard output).")
@click.option("--stamp", is_flag=True, help="Write the date and time into the report (otherwise it is identical for identical input).")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None, help="Lowest severity that fails a page [default: the configuration's, else warning].")
@click.option("--stdin-filename", metavar="PATH", help="Name standard input ('-'), choosing its format and configuration.")
@with_selection_options
def report(paths, output, stamp, fail_on, stdin_filename, select, extend_select, ignore, config_path, no_config,
           profile, rules, no_default_rules):
    """Write a self-contained HTML review of PATHS: every finding highlighted in the page's prose."""
    from .review.command import run_report

    linter = _linter(rules, no_default_rules, select, ignore, extend_select, config_path, no_config,
                     profile=profile)
    run_report(linter, list(paths) or ["."], output, stamp, fail_on, DEFAULT_FAIL_ON, stdin_filename)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free port).")
@click.option("--allow-remote", is_flag=True, help="Allow an address other than loopback (anyone who reaches it can use the page).")
@click.option("--max-request-size", type=click.FloatRange(min=0.001), default=2, show_default=True, metavar="MB", help="Refuse larger requests.")
@with_selection_options
def serve(host, port, allow_remote, max_request_size, select, extend_select, ignore, config_path, no_config,
          profile, rules, no_default_rules):
    """Serve a local page to paste copy into and see its findings as you type."""
    from .serve import run_server

    linter = _linter(rules, no_default_rules, select, ignore, extend_select, config_path, no_config,
                     profile=profile)
    run_server(linter, host, port, allow_remote, int(max_request_size * 1_000_000), DEFAULT_FAIL_ON)


def run() -> None:
    """Entry point that keeps a closed pipe or Ctrl-C from becoming a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # A terminal that cannot show “curly quotes” must not turn a finding into a crash.
            stream.reconfigure(errors="backslashreplace")
    try:
        # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit 1, the
        # findings code, which a script would read as "risky claims found".
        code = main.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        sys.stderr.write("\n")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other CLI tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    sys.exit(code if isinstance(code, int) else 0)
