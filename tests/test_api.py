"""The Python API serves the same core as the command line."""

from __future__ import annotations

import pytest

import linter
from linter.selection import SelectorError


def test_lint_text_returns_findings():
    (finding,) = linter.lint_text("A miracle.", path="ad.txt", select=["hype"])
    assert (finding.path, finding.rule, finding.line, finding.column, finding.text) == ("ad.txt", "hype.miracle", 1, 3, "miracle")


def test_lint_text_rejects_unknown_selectors():
    with pytest.raises(SelectorError):
        linter.lint_text("x", select=["nope"])


def test_lint_paths_collects_findings_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text("A miracle.")
    result = linter.lint_paths([tmp_path / "a.txt", tmp_path / "missing.txt"], select=["hype"])
    assert result.files == 1
    assert [f.rule for f in result.findings] == ["hype.miracle"]
    assert [(e.path, e.message) for e in result.errors] == [(str(tmp_path / "missing.txt"), "no such file or folder")]


def test_load_rules_and_lint_with_them(tmp_path):
    from .conftest import make_rule

    (tmp_path / "p.toml").write_text(make_rule(body='patterns = ["wellness hack~"]'))
    rules = linter.load_rules([tmp_path / "p.toml"], default=False)
    assert [f.text for f in linter.lint_text("Two wellness hacks.", rules=rules)] == ["wellness hacks"]


def test_finding_json_is_the_cli_contract():
    (finding,) = linter.lint_text("A game-changer.", select=["hype"])
    assert finding.to_json()["fix"] == {"replacement": "newer option", "applicability": "unsafe"}
