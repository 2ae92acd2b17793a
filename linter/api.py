"""The Python API: the same core the command line, the hook and the editor use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .document import Document
from .engine import lint_document
from .findings import Finding
from .loader import load_rules
from .rules import Ruleset
from .selection import Selection, build_selection
from .sources import DecodeError, InputError, discover, read

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


def lint_paths(
    paths: Iterable[str | Path],
    rules: Ruleset | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    selection: Selection | None = None,
) -> LintResult:
    """Lint files and folders (recursively); unreadable paths are reported, not raised."""
    ruleset = rules or default_rules()
    chosen = selection or build_selection(list(select), list(ignore), ruleset)
    result = LintResult()
    for item in discover([str(path) for path in paths]):
        if isinstance(item, InputError):
            result.errors.append(item)
            continue
        try:
            text = read(item)
        except DecodeError as error:
            result.errors.append(InputError(item, str(error)))
            continue
        except OSError as error:
            result.errors.append(InputError(item, f"cannot read: {error.strerror or error}"))
            continue
        result.files += 1
        result.findings.extend(lint_document(Document(text, item), ruleset, chosen))
    return result
