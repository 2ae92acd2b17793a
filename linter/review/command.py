"""The ``report`` command's work: lint as ``check`` does, then write one HTML file."""

from __future__ import annotations

import os
import sys
import time

import click

from ..api import Linter, LintFailure
from ..config import ConfigError
from ..extract import format_for
from ..loader import RulesError
from ..selection import SelectorError
from ..sources import InputError
from ..writing import cannot_write, write_reason, write_text
from .report import build_report
from .view import review

EXIT_CLEAN, EXIT_ERROR = 0, 2


def _problem(error: Exception) -> list[str]:
    return [str(problem) for problem in error.errors] if isinstance(error, (RulesError, ConfigError)) else [str(error)]


def stamp_now() -> str:
    """UTC now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = int(epoch) if epoch and epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(moment))


def run_report(linter: Linter, paths: list[str], output: str, stamp: bool, fail_on: str | None, default_fail_on: str,
               stdin_filename: str | None = None) -> None:
    """Lint ``paths`` and write the report to ``output`` (``-``: standard output).
    Unreadable files are listed in the report and on standard error (exit 2);
    a configuration or rule-pack error writes nothing (exit 2)."""
    problem = cannot_write(output) if output != "-" else None
    if problem:
        raise _fail(problem)
    pages, errors, reported = [], [], []
    results = linter.run(paths, stdin_filename)
    while True:
        try:
            item = next(results)
        except StopIteration:
            break
        except (ConfigError, RulesError, SelectorError, LintFailure) as error:
            for line in _problem(error):
                click.echo(f"claimlint: error: {line}", err=True)
            click.echo("claimlint: no report written: fix the problem above and run again.", err=True)
            raise click.exceptions.Exit(EXIT_ERROR)
        if isinstance(item, InputError):
            errors.append(str(item))
            continue
        document, report = item.document, item.report
        for problem in report.errors:
            if problem not in reported:
                reported.append(problem)
        settings = linter.settings_for(document.path)
        ruleset = linter.ruleset_for(settings)
        profiles = linter.profiles_for(settings, document.path, ruleset)
        ruleset = ruleset.under(profiles[0]) if len(profiles) == 1 else ruleset  # its "why" is the profile's
        pages.append(review(document, report.findings, format_for(document.path), ruleset,
                            fail_on or settings.fail_on or default_fail_on, report.suppressed))
    html = build_report(pages, linter.rulesets, errors + reported, stamp_now() if stamp else None)
    if output == "-":
        sys.stdout.write(html)
    else:
        try:
            write_text(output, html)
        except OSError as error:
            raise _fail(f"{output}: cannot write the report: "
                        f"{write_reason(error, os.path.dirname(os.path.abspath(output)))}")
    for problem in errors + reported:
        click.echo(f"claimlint: error: {problem}", err=True)
    findings = sum(len(page.findings) for page in pages)
    failing = sum(1 for page in pages if not page.passes)
    where = "standard output" if output == "-" else output
    click.echo(f"Wrote {where}: {len(pages)} page{'s' if len(pages) != 1 else ''}, {findings} finding{'s' if findings != 1 else ''}, "
               f"{failing} failing.", err=True)
    if errors or reported:
        raise click.exceptions.Exit(EXIT_ERROR)


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"claimlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)
