"""The Python API: the same core the command line, the hook and the editor use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import sys
from typing import Iterable, Iterator

from .document import Document
from .engine import lint_document
from .findings import Finding
from .loader import load_rules
from .rules import Ruleset
from .selection import Selection, build_selection
from .sources import DecodeError, InputError, decode, discover, read

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


def lint_text(
    text: str,
    path: str = "-",
    rules: Ruleset | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fmt: str | None = None,
) -> list[Finding]:
    """Findings for ``text``; ``path`` names it in findings and picks its format."""
    ruleset = rules or default_rules()
    selection = build_selection(list(select), list(ignore), ruleset)
    return lint_document(Document(text, path), ruleset, selection, fmt)


def iter_lint(
    paths: Iterable[str | Path], ruleset: Ruleset, selection: Selection, stdin_filename: str | None = None
) -> Iterator[tuple[Document, list[Finding]] | InputError]:
    """Lint each file as it is found: a (document, findings) pair, or the ``InputError``
    of a path that could not be read. ``-`` reads standard input."""
    for item in discover([str(path) for path in paths]):
        if isinstance(item, InputError):
            yield item
            continue
        name = (stdin_filename or "-") if item == "-" else item
        try:
            text = decode(sys.stdin.buffer.read()) if item == "-" else read(item)
        except DecodeError as error:
            yield InputError(name, str(error))
            continue
        except OSError as error:
            yield InputError(name, f"cannot read: {error.strerror or error}")
            continue
        document = Document(text, name)
        yield document, lint_document(document, ruleset, selection)


def lint_paths(
    paths: Iterable[str | Path],
    rules: Ruleset | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> LintResult:
    """Lint files and folders (recursively); unreadable paths are reported, not raised."""
    ruleset = rules or default_rules()
    selection = build_selection(list(select), list(ignore), ruleset)
    result = LintResult()
    for item in iter_lint(paths, ruleset, selection):
        if isinstance(item, InputError):
            result.errors.append(item)
        else:
            result.files += 1
            result.findings.extend(item[1])
    return result
