"""claimlint: a compliance linter for health marketing copy.

Pipeline, one module per stage::

    sources (files, decoding) -> document (offsets <-> positions)
    -> extract/ (prose segments with exact offsets) -> sentences
    -> kinds/ via engine (rule matching) -> selection (select/ignore)
    -> findings -> reporters/
"""

from .api import Linter, LintResult, default_rules, lint_paths, lint_text
from .config import ConfigError
from .findings import Finding, Fix
from .loader import LoadError, RulesError, load_rules

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Finding",
    "Linter",
    "Fix",
    "LintResult",
    "LoadError",
    "RulesError",
    "default_rules",
    "lint_paths",
    "lint_text",
    "load_rules",
    "__version__",
]
