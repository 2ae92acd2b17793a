"""Shared helpers: the default rules, a CLI runner, and a way to build small packs."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import default_rules, load_rules
from linter.cli import main

ROOT = Path(__file__).resolve().parent.parent
# Compiled packs are cached per user; the tests keep theirs apart.
os.environ.setdefault("CLAIMLINT_CACHE_DIR", tempfile.mkdtemp(prefix="claimlint-test-cache-"))


@pytest.fixture(scope="session")
def rules():
    return default_rules()


@pytest.fixture
def cli():
    """Invoke ``claimlint`` in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, env: dict | None = None):
        return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


RULE_HEADER = """
[[rule]]
id = "{id}"
kind = "{kind}"
severity = "{severity}"
message = "{message}"
suggestions = ["a compliant rewrite"]
why = "because"
references = []
"""


def make_rule(id="hype.test", kind="phrase", severity="warning", message="flagged {match}", body="", examples='flag = ["x"]'):
    """TOML for one rule; ``body`` holds the kind's keys, ``examples`` the [rule.examples] table body."""
    return RULE_HEADER.format(id=id, kind=kind, severity=severity, message=message) + textwrap.dedent(body) + "\n[rule.examples]\n" + examples + "\n"


@pytest.fixture
def pack(tmp_path):
    """Write a rule pack and load it alone (no default rules)."""

    def build(text: str, name: str = "pack.toml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_rules([path], default=False)

    return build
